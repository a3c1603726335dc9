import Foundation
import RareSepCore
import RareSepSizing

/// The `sizing:` block of a cascade or flowsheet run: sizing.json and the console table.
public enum SizingOutput {
    /// The equipment data of a case's `sizing:` node (nil when the case has none), read
    /// before solving so that bad data stop the run early.
    public static func data(_ root: ConfigNode, path: String, library: ModelLibrary, elements: ElementTable) throws -> (EquipmentData, ConfigNode)? {
        guard let node = try root.optional("sizing") else { return nil }
        return (try SizingDataReader.load(library: library, sizing: node, casePath: path, elements: elements), node)
    }

    /// Size `duty`, write sizing.json into `dir`, return the table; a duty the data cannot
    /// size is an error at the `sizing` node.
    public static func write(_ duty: PlantDuty, data: EquipmentData, at node: ConfigNode, into dir: OutputDirectory) throws -> String {
        let report: SizingReport
        do {
            report = try PlantSizing.size(duty, data: data)
        } catch let e as SizingError {
            throw node.error("a duty the equipment data can size: \(e.message)")
        } catch let e as InputError {
            throw node.error("a duty the equipment data can size: \(e.key) = \(e.value ?? "?"): \(e.problem ?? "") (expected \(e.expected))")
        }
        try dir.write(try OutputDirectory.json(report), "sizing.json")
        return table(report)
    }

    static func f(_ x: Double) -> String { String(format: "%.3g", x) }

    /// The readable sizing table of `raresep run` (units in every header).
    public static func table(_ r: SizingReport) -> String {
        var lines = ["Sizing (\(r.technology)): \(r.stages_or_units) stages/units, solvent \(f(r.solvent_inventory.total_m3)) m³ "
                     + "(units \(f(r.solvent_inventory.units_m3)), tanks \(f(r.solvent_inventory.tanks_m3))), footprint \(f(r.footprint.total_m2)) m²"]
        if !r.mixer_settlers.isEmpty {
            lines.append("  mixer-settlers                stages  flow m³/h  mixer m³  settler m²  installed m²  solvent m³  footprint m²")
            for s in r.mixer_settlers {
                lines.append("  " + s.name.prefix(28).padding(toLength: 30, withPad: " ", startingAt: 0)
                             + [String(s.stages), f(s.total_flow_m3_per_h), f(s.mixer_volume_m3), f(s.settler_area_m2),
                                f(s.installed_settler_area_m2),
                                f(s.solvent_m3), f(s.footprint_m2)].map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
            }
        }
        for c in r.contactors {
            lines.append("  emulsion flow \(c.name): D \(f(c.diameter_m)) m (\(c.diameter_set_by)\(c.approach_to_flooding.map { ", \(f(100 * $0)) % of flooding" } ?? "")), "
                         + "NTU \(f(c.transfer_units)) × HTU \(f(c.transfer_unit_height_m)) m = \(f(c.mixing_height_m)) m in \(c.units) unit(s), solvent \(f(c.solvent_m3)) m³")
        }
        for c in r.columns {
            lines.append("  columns \(c.name): \(c.columns) × \(f(c.bed_volume_per_column_m3)) m³ bed (D \(f(c.bed_diameter_m)) m, H \(f(c.bed_height_m)) m, \(c.diameter_set_by))")
        }
        lines.append("  reagents: " + r.reagents.filter(\.costed).map { "\($0.reagent) \(f($0.kg_per_h)) kg/h" + ($0.kg_per_kg_oxide.map { " (\(f($0)) kg/kg oxide)" } ?? "") }
            .joined(separator: ", "))
        lines.append("  cost proxies\(r.costs.illustrative ? " (ILLUSTRATIVE unit costs)" : ""): capital \(f(r.costs.capital_total)) \(r.costs.currency), "
                     + "operating \(f(r.costs.operating_total_per_yr)) \(r.costs.currency)/yr")
        return lines.joined(separator: "\n")
    }

    /// The side-by-side technology table.
    public static func table(_ c: TechnologyComparison) -> String {
        var lines = ["technology          stages/units  solvent m³  adsorbent m³  footprint m²  capital      operating/yr"]
        for r in c.rows {
            if let why = r.not_sized { lines.append(r.technology.padding(toLength: 20, withPad: " ", startingAt: 0) + "not sized: \(why)"); continue }
            lines.append(r.technology.padding(toLength: 20, withPad: " ", startingAt: 0)
                         + [String(r.stages_or_units), f(r.solvent_inventory_m3), f(r.adsorbent_m3), f(r.footprint_m2),
                            "\(f(r.capital)) \(r.currency)", "\(f(r.operating_per_yr)) \(r.currency)"]
                            .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
