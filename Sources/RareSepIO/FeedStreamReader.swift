import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade
import RareSepFlowsheet

/// Reads the stream of a flowsheet `feed` unit: a flow with a composition, or an
/// annual tonnage of scrap (mass fractions of each element, leached into a stated
/// volume of liquor per tonne) or of leach liquor (with its density).
enum FeedStreamReader {
    static func read(_ un: ConfigNode, species: SpeciesSet, elements: ElementTable, operatingHours: Double) throws -> ProcessStream {
        try un.checkKeys(["name", "type", "phase", "flow", "composition", "balance_with", "tonnage", "description"])
        let phaseNode = try un.optional("phase")
        let phase = try phaseNode.map { n -> Phase in
            guard let p = Phase(rawValue: try n.string()) else { throw n.error("'aqueous' or 'organic'") }
            return p
        } ?? .aqueous
        var (c, _) = try CascadeCase.compositionWithMask(try un.optional("composition"), species: species, elements: elements)
        var flow: Double
        if let t = try un.optional("tonnage") {
            if try un.optional("flow") != nil { throw try un.require("flow").error("either 'flow' or 'tonnage', not both") }
            try t.checkKeys(["rate", "of", "mass_fractions", "leach_yield", "liquor_per_tonne", "liquor", "density"])
            let rate = try massRate(try t.require("rate"), operatingHours: operatingHours)  // kg/s
            let ofNode = try t.require("of")
            switch try ofNode.string() {
            case "scrap":
                let perTonne = try t.require("liquor_per_tonne")
                let cubicMetresPerTonne = try perTonne.positiveQuantity(.volume, defaultUnit: nil)  // liquor volume per tonne of scrap, e.g. "8 m3"
                flow = rate / 1000 * cubicMetresPerTonne
                let yieldFraction = try t.optional("leach_yield")?.fraction() ?? 1
                let (background, _) = try CascadeCase.compositionWithMask(try t.optional("liquor"), species: species, elements: elements)
                c = background
                var total = 0.0
                for (k, v) in try t.require("mass_fractions").entries() {
                    let f = try v.fraction()
                    total += f
                    guard let j = species.index(of: k), let e = elements[k] else { throw v.error("a species of this flowsheet", value: k) }
                    c[j] += rate * f * yieldFraction / e.molarMass / flow
                }
                if total > 1 + 1e-9 { throw try t.require("mass_fractions").error("mass fractions adding up to at most 100 %", value: "\(total * 100) %") }
            case "liquor":
                // composition as given at the top level; flow from the liquor's mass rate and density
                flow = rate / (try density(try t.require("density")))
                        default:
                throw ofNode.error("'scrap' or 'liquor'")
            }
        } else {
            flow = try un.require("flow").positiveQuantity(.flow)
        }
        if let b = try un.optional("balance_with") {
            try CascadeCase.electroneutralize(&c, with: try b.string(), species: species, elements: elements, at: b)
        }
        return ProcessStream(phase: phase, flow: flow, concentrations: c)
    }

    /// A density such as "1.15 kg/L", kg/m³.
    static func density(_ node: ConfigNode) throws -> Double {
        let units: [(String, Double)] = [("kg/L", 1000), ("g/mL", 1000), ("g/cm3", 1000), ("kg/m3", 1), ("t/m3", 1000)]
        let parts = try node.string().trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let v = Double(parts[0]), let f = units.first(where: { $0.0 == parts[1] })?.1,
              v * f >= 500, v * f <= 3000 else {
            throw node.error("a liquid density between 0.5 and 3 kg/L with a unit, one of \(units.map(\.0).joined(separator: ", "))")
        }
        return v * f
    }

    /// A mass flow such as "120 t/yr" (per operating year), "15 kg/h", "2 t/d", kg/s.
    static func massRate(_ node: ConfigNode, operatingHours: Double) throws -> Double {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("t/yr", 1000 / operatingHours), ("t/a", 1000 / operatingHours),
                                         ("kg/yr", 1 / operatingHours), ("t/d", 1000 / 86400), ("kg/d", 1 / 86400),
                                         ("t/h", 1000 / 3600), ("kg/h", 1 / 3600), ("kg/s", 1)]
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let v = Double(parts[0]), v.isFinite, v > 0,
              let factor = units.first(where: { $0.0 == parts[1].trimmingCharacters(in: .whitespaces) })?.1 else {
            throw node.error("a positive mass flow with a unit, one of \(units.map(\.0).joined(separator: ", ")) (t/yr per operating year)")
        }
        let r = v * factor
        if !(r.isFinite && r < 1e6) { throw node.error("a mass flow below 1000 t/s") }
        return r
    }
}

/// A precipitation model file (Models/precipitation/): the yield of each element and
/// the reagent use, with its source.
enum PrecipitationModelFile {
    /// Yields per plant species and oxalic acid fed per mole of metal precipitated.
    static func load(_ path: String, species: SpeciesSet, elements: ElementTable, at node: ConfigNode) throws
        -> (yields: [Double], oxalicAcidPerMetal: Double) {
        let doc = try InputFileCheck.loadReferenced(path, kind: "precipitation model file", referencedBy: node)
        try doc.checkKeys(["description", "source", "model", "units", "parameters", "valid_range", "notes", "illustrative"])
        _ = try doc.require("source")
        let model = try doc.require("model")
        let id = try model.string()
        if id != "oxalate-precipitation" {
            throw node.error("a precipitation model file (model: oxalate-precipitation); \(path) holds a '\(id)' model")
        }
        let p = try doc.require("parameters")
        try p.checkKeys(["rare_earth_yield", "yield", "oxalic_acid_per_metal"])
        let ree = try p.optional("rare_earth_yield")?.fraction() ?? 0
        var y = species.symbols.map { elements[$0]?.isRareEarth == true ? ree : 0 }
        if let table = try p.optional("yield") {
            for (k, v) in try table.entries() {
                if let j = species.index(of: k) { y[j] = try v.fraction() }
            }
        }
        let ratioNode = try p.require("oxalic_acid_per_metal")
        let ratio = try ratioNode.double()
        if !(ratio >= 1.5 && ratio < 100) { throw ratioNode.error("at least the stoichiometric 1.5 mol oxalic acid per mol Ln") }
        return (y, ratio)
    }
}
