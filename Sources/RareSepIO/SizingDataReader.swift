import Foundation
import RareSepChemistry
import RareSepContactor
import RareSepCore
import RareSepSizing

/// Reads the sizing data of Models/equipment/ (mixer-settler.yaml, emulsion-flow-contactor.yaml's
/// `sizing:` block and geometry, adsorption-column.yaml, tanks.yaml, reagents.yaml,
/// unit-costs.yaml) into `EquipmentData`, with a case's or spec's `sizing:` block overriding any
/// value (`sizing: {mixer_settler: {mixer_residence_time: 2 min}, files: {costs: my-costs.yaml}}`).
/// Every bad value is an error at the line that gave it (the file's, or the override's).
public enum SizingDataReader {
    /// Blocks of a `sizing:` node.
    public static let blocks = ["mixer_settler", "emulsion_flow", "adsorption_column", "tanks", "reagents", "costs"]
    /// Default file of each block, relative to Models/, and the `model` id it must carry.
    static let defaults: [String: (file: String, model: String)] = [
        "mixer_settler": ("equipment/mixer-settler.yaml", "mixer-settler-sizing"),
        "emulsion_flow": ("equipment/emulsion-flow-contactor.yaml", "emulsion-flow-contactor"),
        "adsorption_column": ("equipment/adsorption-column.yaml", "adsorption-column-sizing"),
        "tanks": ("equipment/tanks.yaml", "tank-sizing"),
        "reagents": ("equipment/reagents.yaml", "reagent-stoichiometry"),
        "costs": ("equipment/unit-costs.yaml", "unit-costs"),
    ]

    /// The data, from the default files (or those `sizing.files` names, relative to `casePath`,
    /// then Models/) with the overrides of `sizing` (nil: none).
    public static func load(library: ModelLibrary, sizing: ConfigNode?, casePath: String, elements: ElementTable) throws -> EquipmentData {
        try sizing?.checkKeys(blocks + ["files"])
        let files = try sizing?.optional("files")
        try files?.checkKeys(blocks)
        var sources: [String: String] = [:]
        func block(_ name: String) throws -> Parameters {
            let (defaultFile, model) = defaults[name]!
            let fileNode = try files?.optional(name)
            let path: String
            if let fileNode {
                path = try library.existingFile(fileNode, relativeTo: casePath, kind: "equipment file")
            } else {
                path = library.resolve(defaultFile, relativeTo: library.root + "/")
                library.filesRead.record(path)
            }
            let (doc, modelNode) = try ModelFileLoader.readDocument(path, kind: "equipment file", referencedBy: fileNode, library: library)
            let id = try modelNode.string()
            if id != model { throw (fileNode ?? modelNode).error("an equipment file with model '\(model)' for '\(name)'; \(path) holds '\(id)'", value: fileNode?.scalarText ?? id) }
            sources[path] = try doc.require("source").string()
            let over = try sizing?.optional(name)
            if over != nil { sources["\(casePath): sizing.\(name)"] = "case override" }
            return Parameters(file: try doc.require("parameters"), override: over, path: path,
                              illustrative: try doc.optional("illustrative") != nil)
        }
        let ms = try block("mixer_settler")
        try ms.checkOverride(["mixer_residence_time", "settler_specific_flow", "settler_depth", "settler_organic_fraction", "mixer_depth",
                              "layout_factor", "standard_settler_areas"])
        var areas: [Double] = []
        let areasNode = try ms.node("standard_settler_areas")
        for item in try areasNode.items() {
            let a = try item.double()
            if !(a > 0 && a <= 1e4) || (areas.last.map { a <= $0 } ?? false) {
                throw item.error("settler areas in m², each positive, at most 10000 and larger than the one before")
            }
            areas.append(a)
        }
        let mixerSettler = MixerSettlerData(
            mixerResidenceTime: try ms.quantity("mixer_residence_time", .time, max: 36000, unit: "10 h"),
            settlerSpecificFlow: try ms.quantity("settler_specific_flow", .velocity, max: 100.0 / 3600, unit: "100 m/h"),
            settlerDepth: try ms.quantity("settler_depth", .length, max: 10, unit: "10 m"),
            settlerOrganicFraction: try ms.number("settler_organic_fraction", above: 0, atMost: 1, what: "a fraction above 0 and at most 1"),
            mixerDepth: try ms.quantity("mixer_depth", .length, max: 10, unit: "10 m"),
            layoutFactor: try ms.layout("layout_factor"), standardSettlerAreas: areas)

        let ef = try block("emulsion_flow")
        let sizingKeys = ["flooding_margin", "maximum_specific_throughput", "maximum_mixing_height", "separation_zone_organic_fraction", "layout_factor"]
        try ef.checkOverride(sizingKeys)
        let geometry = try ef.file.require("geometry")
        let efs = Parameters(file: try ef.file.require("sizing"), override: ef.override, path: ef.path, illustrative: ef.illustrative)
        let columnDiameter = try geometry.require("column_diameter").double()
        let sepDiameter = try geometry.require("separation_zone_diameter").double()
        let sepHeight = try geometry.require("top_separation_zone_height").double() + geometry.require("bottom_separation_zone_height").double()
        guard columnDiameter > 0, sepDiameter >= columnDiameter, sepHeight >= 0 else {
            throw try geometry.require("separation_zone_diameter").error("a separation-zone diameter at least the column diameter, and non-negative zone heights (m)")
        }
        let dispersedNode = try ef.file.require("dispersed_phase")
        guard let dispersed = ContactorProblem.DispersedPhase(rawValue: try dispersedNode.string()) else { throw dispersedNode.error("'organic' or 'aqueous'") }
        let swarm = try EquipmentFileReader.swarm(ef.path, dispersed: dispersed, sauterDiameter: nil, columnDiameter: columnDiameter, at: dispersedNode)
        let emulsionFlow = EmulsionFlowSizingData(
            swarm: swarm,
            floodingMargin: try efs.number("flooding_margin", above: -1e-300, atMost: 0.95, what: "a margin to flooding from 0 to 0.95"),
            maximumSpecificThroughput: try efs.quantity("maximum_specific_throughput", .velocity, max: 1000.0 / 3600, unit: "1000 m/h"),
            maximumMixingHeight: try efs.quantity("maximum_mixing_height", .length, max: 100, unit: "100 m"),
            separationDiameterRatio: sepDiameter / columnDiameter, separationHeightRatio: sepHeight / columnDiameter,
            separationOrganicFraction: try efs.number("separation_zone_organic_fraction", above: -1e-300, atMost: 1, what: "a fraction from 0 to 1"),
            layoutFactor: try efs.layout("layout_factor"))

        let ac = try block("adsorption_column")
        try ac.checkOverride(["dynamic_binding_capacity", "capacity_utilisation", "cycle_time", "load_fraction", "bed_aspect_ratio",
                              "maximum_superficial_velocity", "footprint_per_column", "layout_factor"])
        let column = AdsorptionColumnData(
            dynamicBindingCapacity: try ac.quantity("dynamic_binding_capacity", .concentration, max: 1e5, unit: "100 mol/L"),
            capacityUtilisation: try ac.number("capacity_utilisation", above: 0, atMost: 1, what: "a fraction above 0 and at most 1"),
            cycleTime: try ac.quantity("cycle_time", .time, max: 30 * 86400, unit: "30 d"),
            loadFraction: try ac.number("load_fraction", above: 0, atMost: 1, what: "a fraction above 0 and at most 1"),
            bedAspectRatio: try ac.number("bed_aspect_ratio", above: 0, atMost: 100, what: "a bed height/diameter above 0 and at most 100"),
            maximumSuperficialVelocity: try ac.quantity("maximum_superficial_velocity", .velocity, max: 1, unit: "1 m/s"),
            footprintPerColumn: try ac.number("footprint_per_column", above: 0, atMost: 1e4, what: "a floor area per column in m², above 0 and at most 10000"),
            layoutFactor: try ac.layout("layout_factor"))

        let tk = try block("tanks")
        try tk.checkOverride(["organic_hold_up_time", "aqueous_hold_up_time", "liquid_height", "layout_factor"])
        let tanks = TankData(organicHoldUpTime: try tk.quantity("organic_hold_up_time", .time, max: 30 * 86400, unit: "30 d", allowZero: true),
                             aqueousHoldUpTime: try tk.quantity("aqueous_hold_up_time", .time, max: 30 * 86400, unit: "30 d", allowZero: true),
                             liquidHeight: try tk.quantity("liquid_height", .length, max: 50, unit: "50 m"),
                             layoutFactor: try tk.layout("layout_factor"))

        let rg = try block("reagents")
        try rg.checkOverride(["strip_acid_per_metal", "strip_acid_excess", "base_per_metal_extracted", "base_excess", "oxalic_acid_model",
                              "acid_molar_mass", "base_molar_mass", "oxalic_acid_molar_mass"])
        let oxNode = try rg.node("oxalic_acid_model")
        let oxPath = try library.existingFile(oxNode, relativeTo: rg.override?.optional("oxalic_acid_model") != nil ? casePath : library.root + "/",
                                              kind: "precipitation model file")
        let oxalic = try PrecipitationModelFile.load(oxPath, species: SpeciesSet([]), elements: elements, at: oxNode).oxalicAcidPerMetal
        let reagents = ReagentData(
            stripAcidPerMetal: try rg.number("strip_acid_per_metal", above: 0, atMost: 10, what: "mol acid per mol metal, above 0 and at most 10"),
            stripAcidExcess: try rg.number("strip_acid_excess", above: 1 - 1e-12, atMost: 10, what: "an excess factor from 1 to 10"),
            basePerMetalExtracted: try rg.number("base_per_metal_extracted", above: 0, atMost: 10, what: "mol base per mol metal, above 0 and at most 10"),
            baseExcess: try rg.number("base_excess", above: 1 - 1e-12, atMost: 10, what: "an excess factor from 1 to 10"),
            oxalicAcidPerMetal: oxalic,
            acidMolarMass: try rg.number("acid_molar_mass", above: 0, atMost: 1, what: "a molar mass in kg/mol, above 0 and at most 1"),
            baseMolarMass: try rg.number("base_molar_mass", above: 0, atMost: 1, what: "a molar mass in kg/mol, above 0 and at most 1"),
            oxalicAcidMolarMass: try rg.number("oxalic_acid_molar_mass", above: 0, atMost: 1, what: "a molar mass in kg/mol, above 0 and at most 1"))

        let cs = try block("costs")
        let costKeys = ["mixer_settler_per_settler_area", "contactor_per_volume", "contactor_per_unit", "column_per_bed_volume",
                        "adsorbent_per_bed_volume", "tank_per_volume", "solvent_per_volume", "floor_per_area_year", "acid_per_kg", "base_per_kg",
                        "oxalic_acid_per_kg", "solvent_replacement_per_year", "adsorbent_replacement_per_year"]
        try cs.checkOverride(["currency", "operating_hours_per_year"] + costKeys)
        var c: [String: Double] = [:]
        for k in costKeys { c[k] = try cs.number(k, above: -1e-300, atMost: 1e12, what: "a non-negative unit cost (at most 1e12)") }
        var costs = UnitCosts(currency: try cs.node("currency").string(), mixerSettlerPerSettlerArea: c["mixer_settler_per_settler_area"]!,
                              contactorPerVolume: c["contactor_per_volume"]!, contactorPerUnit: c["contactor_per_unit"]!,
                              columnPerBedVolume: c["column_per_bed_volume"]!, adsorbentPerBedVolume: c["adsorbent_per_bed_volume"]!,
                              tankPerVolume: c["tank_per_volume"]!, solventPerVolume: c["solvent_per_volume"]!,
                              floorPerAreaYear: c["floor_per_area_year"]!, acidPerKg: c["acid_per_kg"]!, basePerKg: c["base_per_kg"]!,
                              oxalicAcidPerKg: c["oxalic_acid_per_kg"]!, solventReplacementPerYear: c["solvent_replacement_per_year"]!,
                              adsorbentReplacementPerYear: c["adsorbent_replacement_per_year"]!,
                              operatingHoursPerYear: try cs.number("operating_hours_per_year", above: 0, atMost: 8784, what: "operating hours per year, above 0 and at most 8784"))
        costs.illustrative = cs.illustrative
        return EquipmentData(mixerSettler: mixerSettler, emulsionFlow: emulsionFlow, adsorptionColumn: column, tanks: tanks,
                             reagents: reagents, costs: costs, sources: sources)
    }

    /// One block's parameters: the file's `parameters` node and the case's override node.
    struct Parameters {
        let file: ConfigNode
        let override: ConfigNode?
        /// The file's path, and whether it says its values are illustrative.
        let path: String
        let illustrative: Bool

        /// The value node: the override's when it gives the key, else the file's.
        func node(_ key: String) throws -> ConfigNode {
            if let o = try override?.optional(key) { return o }
            return try file.require(key)
        }

        func checkOverride(_ keys: [String]) throws { try override?.checkKeys(keys) }

        /// A quantity with a unit (a bare number is SI), positive (or ≥ 0) and at most `max` (SI).
        func quantity(_ key: String, _ dimension: RareSepCore.Dimension, max: Double, unit: String, allowZero: Bool = false) throws -> Double {
            let n = try node(key)
            let v = try n.quantity(dimension)
            guard allowZero ? v >= 0 : v > 0, v <= max else {
                throw n.error("a \(allowZero ? "non-negative" : "positive") \(dimension.rawValue) with a unit, at most \(unit)")
            }
            return v
        }

        /// A plain number in (above, atMost].
        func number(_ key: String, above: Double, atMost: Double, what: String) throws -> Double {
            let n = try node(key)
            let v = try n.double()
            guard v > above, v <= atMost else { throw n.error(what) }
            return v
        }

        /// A layout factor: floor area per m² of equipment plan area, from 1 to 100.
        func layout(_ key: String) throws -> Double {
            try number(key, above: 1 - 1e-12, atMost: 100, what: "a layout factor (floor area per m² of equipment plan area) from 1 to 100")
        }
    }
}
