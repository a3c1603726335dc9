/// Reagent use of a sized plant, per hour and per kg of oxide product.
public struct ReagentUse: Codable, Sendable, Equatable {
    /// "acid (HCl)", "base (NaOH)" or "oxalic acid (H2C2O4·2H2O)".
    public var reagent: String
    /// How it was found: "stoichiometric × excess ..." or "model: unit NAME".
    public var basis: String
    public var mol_per_h: Double
    public var kg_per_h: Double
    /// kg of reagent per kg of oxide product (nil: no oxide product).
    public var kg_per_kg_oxide: Double?
    /// True when this row enters the operating cost (model rows replace the stoichiometric row of their reagent).
    public var costed: Bool
}

/// Tanks of a sized plant.
public struct TankSize: Codable, Sendable, Equatable {
    /// Organic (solvent) tank volume = organic hold-up time × circulating organic flow, m³.
    public var organic_m3: Double
    /// Aqueous feed/product tank volume = aqueous hold-up time × aqueous throughput, m³.
    public var aqueous_m3: Double
    /// Floor area, layout factor included, m².
    public var footprint_m2: Double
}

/// Solvent inventory: in the contactors and in the tanks, m³.
public struct SolventInventory: Codable, Sendable, Equatable {
    public var units_m3: Double
    public var tanks_m3: Double
    public var total_m3: Double
}

/// Floor area of a sized plant, m², with the layout factors used.
public struct Footprint: Codable, Sendable, Equatable {
    public var units_m2: Double
    public var tanks_m2: Double
    public var total_m2: Double
    /// Floor area per m² of equipment plan area, per technology and for tanks.
    public var layout_factors: [String: Double]
}

/// Capital and operating cost proxies (ILLUSTRATIVE unit costs unless replaced).
public struct CostProxies: Codable, Sendable, Equatable {
    /// Cost unit label.
    public var currency: String
    /// True when the unit-cost file says its values are illustrative (the bundled one does).
    public var illustrative: Bool
    public var capital: [String: Double]
    public var capital_total: Double
    public var operating_per_yr: [String: Double]
    public var operating_total_per_yr: Double
    /// Operating cost per kg of oxide (nil: no oxide product).
    public var operating_per_kg_oxide: Double?
}

/// What the sizing is based on.
public struct SizingBasis: Codable, Sendable, Equatable {
    /// Oxide product, kg/h.
    public var oxide_kg_per_h: Double
    /// Rare earth extracted and stripped (each solvent loop counted), mol/h.
    public var metal_extracted_mol_per_h: Double
    /// Rare earth precipitated, mol/h.
    public var metal_precipitated_mol_per_h: Double
    /// Operating hours per year, h.
    public var operating_hours_per_yr: Double
    /// Circulating organic flow (tanks), m³/h, and aqueous throughput (tanks), m³/h.
    public var organic_circulation_m3_per_h: Double
    public var aqueous_throughput_m3_per_h: Double
}

/// The sizing of a plant or of one technology for a duty: every field carries its unit in
/// its name; JSON-encodable (sizing.json, schema raresep.sizing/1, docs/sizing.md).
public struct SizingReport: Codable, Sendable, Equatable {
    public var schema = "raresep.sizing/1"
    /// What was sized ("plant", "mixer-settler", "emulsion-flow", "adsorption-column").
    public var technology: String
    public var basis: SizingBasis
    public var mixer_settlers: [MixerSettlerSection]
    public var contactors: [ContactorSize]
    public var columns: [ColumnSize]
    public var tanks: TankSize
    /// Mixer-settler stages + contactor units + columns.
    public var stages_or_units: Int
    public var solvent_inventory: SolventInventory
    public var reagents: [ReagentUse]
    public var footprint: Footprint
    public var costs: CostProxies
    /// What the numbers leave out or assume.
    public var notes: [String]
    /// Data file → its source.
    public var data_sources: [String: String]
}
