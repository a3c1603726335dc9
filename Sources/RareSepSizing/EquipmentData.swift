import RareSepContactor

/// Mixer-settler sizing data (Models/equipment/mixer-settler.yaml), SI units.
public struct MixerSettlerData: Sendable {
    /// Mixer residence time of the total flow τ_mix, s.
    public var mixerResidenceTime: Double
    /// Specific settling rate: total flow per settler plan area, m³/(m²·s) (= m/s).
    public var settlerSpecificFlow: Double
    /// Settler liquid depth, m.
    public var settlerDepth: Double
    /// Share of the settler depth that is organic, dimensionless.
    public var settlerOrganicFraction: Double
    /// Mix-box liquid depth, m (mixer plan area = volume / depth).
    public var mixerDepth: Double
    /// Floor area per m² of mixer + settler plan area, dimensionless.
    public var layoutFactor: Double
    /// Settler plan areas of the standard units available, m², ascending (empty: any size).
    public var standardSettlerAreas: [Double]

    /// Memberwise.
    public init(mixerResidenceTime: Double, settlerSpecificFlow: Double, settlerDepth: Double, settlerOrganicFraction: Double,
                mixerDepth: Double, layoutFactor: Double, standardSettlerAreas: [Double]) {
        self.mixerResidenceTime = mixerResidenceTime
        self.settlerSpecificFlow = settlerSpecificFlow
        self.settlerDepth = settlerDepth
        self.settlerOrganicFraction = settlerOrganicFraction
        self.mixerDepth = mixerDepth
        self.layoutFactor = layoutFactor
        self.standardSettlerAreas = standardSettlerAreas
    }
}

/// Emulsion-flow contactor sizing data (the `sizing:` block and the geometry of
/// Models/equipment/emulsion-flow-contactor.yaml), SI units.
public struct EmulsionFlowSizingData: Sendable {
    /// The droplet swarm whose flooding limits the throughput (nil: flooding not checked).
    public var swarm: DropletSwarmSpec?
    /// Margin to flooding at the design point, 1 − (U_d+U_c)/(U_d+U_c)_flood, dimensionless.
    public var floodingMargin: Double
    /// Largest total throughput per cross-section (Q_a+Q_o)/A, m/s.
    public var maximumSpecificThroughput: Double
    /// Largest mixing-zone height of one unit, m.
    public var maximumMixingHeight: Double
    /// Separation-zone diameter over mixing-zone diameter, dimensionless.
    public var separationDiameterRatio: Double
    /// Height of both separation zones together over the mixing-zone diameter, dimensionless.
    public var separationHeightRatio: Double
    /// Share of the separation zones holding organic, dimensionless.
    public var separationOrganicFraction: Double
    /// Floor area per m² of the square around a separation zone, dimensionless.
    public var layoutFactor: Double

    /// Memberwise.
    public init(swarm: DropletSwarmSpec?, floodingMargin: Double, maximumSpecificThroughput: Double, maximumMixingHeight: Double,
                separationDiameterRatio: Double, separationHeightRatio: Double, separationOrganicFraction: Double, layoutFactor: Double) {
        self.swarm = swarm
        self.floodingMargin = floodingMargin
        self.maximumSpecificThroughput = maximumSpecificThroughput
        self.maximumMixingHeight = maximumMixingHeight
        self.separationDiameterRatio = separationDiameterRatio
        self.separationHeightRatio = separationHeightRatio
        self.separationOrganicFraction = separationOrganicFraction
        self.layoutFactor = layoutFactor
    }
}

/// Adsorption-column sizing data (Models/equipment/adsorption-column.yaml), SI units.
public struct AdsorptionColumnData: Sendable {
    /// Dynamic binding capacity q_dyn, mol rare earth per m³ of bed.
    public var dynamicBindingCapacity: Double
    /// Share of q_dyn loaded per cycle, dimensionless.
    public var capacityUtilisation: Double
    /// Cycle time T, s.
    public var cycleTime: Double
    /// Share of the cycle a column loads, t_load/T, dimensionless.
    public var loadFraction: Double
    /// Bed height over bed diameter, dimensionless.
    public var bedAspectRatio: Double
    /// Largest superficial loading velocity, m/s.
    public var maximumSuperficialVelocity: Double
    /// Floor area per column, m².
    public var footprintPerColumn: Double
    /// Floor area per m² of column skid, dimensionless.
    public var layoutFactor: Double

    /// Memberwise.
    public init(dynamicBindingCapacity: Double, capacityUtilisation: Double, cycleTime: Double, loadFraction: Double,
                bedAspectRatio: Double, maximumSuperficialVelocity: Double, footprintPerColumn: Double, layoutFactor: Double) {
        self.dynamicBindingCapacity = dynamicBindingCapacity
        self.capacityUtilisation = capacityUtilisation
        self.cycleTime = cycleTime
        self.loadFraction = loadFraction
        self.bedAspectRatio = bedAspectRatio
        self.maximumSuperficialVelocity = maximumSuperficialVelocity
        self.footprintPerColumn = footprintPerColumn
        self.layoutFactor = layoutFactor
    }
}

/// Tank sizing data (Models/equipment/tanks.yaml), SI units.
public struct TankData: Sendable {
    /// Organic (solvent) hold-up time of the circulating organic flow, s.
    public var organicHoldUpTime: Double
    /// Aqueous hold-up time of the aqueous feed and product flows, s.
    public var aqueousHoldUpTime: Double
    /// Tank liquid height, m.
    public var liquidHeight: Double
    /// Floor area per m² of tank plan area, dimensionless.
    public var layoutFactor: Double

    /// Memberwise.
    public init(organicHoldUpTime: Double, aqueousHoldUpTime: Double, liquidHeight: Double, layoutFactor: Double) {
        self.organicHoldUpTime = organicHoldUpTime
        self.aqueousHoldUpTime = aqueousHoldUpTime
        self.liquidHeight = liquidHeight
        self.layoutFactor = layoutFactor
    }
}

/// Reagent stoichiometry (Models/equipment/reagents.yaml).
public struct ReagentData: Sendable {
    /// mol H⁺ per mol rare earth stripped (stoichiometric), and the excess factor on it.
    public var stripAcidPerMetal: Double, stripAcidExcess: Double
    /// mol NaOH per mol rare earth extracted (stoichiometric), and the excess factor on it.
    public var basePerMetalExtracted: Double, baseExcess: Double
    /// mol oxalic acid fed per mol rare earth precipitated (efficiency included).
    public var oxalicAcidPerMetal: Double
    /// Molar masses of acid, base and oxalic acid, kg/mol.
    public var acidMolarMass: Double, baseMolarMass: Double, oxalicAcidMolarMass: Double

    /// Memberwise.
    public init(stripAcidPerMetal: Double, stripAcidExcess: Double, basePerMetalExtracted: Double, baseExcess: Double,
                oxalicAcidPerMetal: Double, acidMolarMass: Double, baseMolarMass: Double, oxalicAcidMolarMass: Double) {
        self.stripAcidPerMetal = stripAcidPerMetal
        self.stripAcidExcess = stripAcidExcess
        self.basePerMetalExtracted = basePerMetalExtracted
        self.baseExcess = baseExcess
        self.oxalicAcidPerMetal = oxalicAcidPerMetal
        self.acidMolarMass = acidMolarMass
        self.baseMolarMass = baseMolarMass
        self.oxalicAcidMolarMass = oxalicAcidMolarMass
    }
}

/// Unit costs for the cost proxies (Models/equipment/unit-costs.yaml), in the cost unit
/// `currency`; ILLUSTRATIVE unless the user replaces them.
public struct UnitCosts: Sendable {
    /// Label of the cost unit.
    public var currency: String
    /// Per m² of installed settler area (mixer included).
    public var mixerSettlerPerSettlerArea: Double
    /// Per m³ of contactor volume and per contactor unit.
    public var contactorPerVolume: Double, contactorPerUnit: Double
    /// Per m³ of packed bed (vessel) and per m³ of adsorbent (first fill).
    public var columnPerBedVolume: Double, adsorbentPerBedVolume: Double
    /// Per m³ of tank.
    public var tankPerVolume: Double
    /// Per m³ of solvent (first fill).
    public var solventPerVolume: Double
    /// Per m² of floor per year.
    public var floorPerAreaYear: Double
    /// Per kg of acid, base and oxalic acid.
    public var acidPerKg: Double, basePerKg: Double, oxalicAcidPerKg: Double
    /// Fractions of the solvent inventory and of the adsorbent replaced per year.
    public var solventReplacementPerYear: Double, adsorbentReplacementPerYear: Double
    /// Operating hours per year, h (used when the run states none).
    public var operatingHoursPerYear: Double
    /// True when the cost file says its values are illustrative.
    public var illustrative = true

    /// Memberwise.
    public init(currency: String, mixerSettlerPerSettlerArea: Double, contactorPerVolume: Double, contactorPerUnit: Double,
                columnPerBedVolume: Double, adsorbentPerBedVolume: Double, tankPerVolume: Double, solventPerVolume: Double,
                floorPerAreaYear: Double, acidPerKg: Double, basePerKg: Double, oxalicAcidPerKg: Double,
                solventReplacementPerYear: Double, adsorbentReplacementPerYear: Double, operatingHoursPerYear: Double) {
        self.currency = currency
        self.mixerSettlerPerSettlerArea = mixerSettlerPerSettlerArea
        self.contactorPerVolume = contactorPerVolume
        self.contactorPerUnit = contactorPerUnit
        self.columnPerBedVolume = columnPerBedVolume
        self.adsorbentPerBedVolume = adsorbentPerBedVolume
        self.tankPerVolume = tankPerVolume
        self.solventPerVolume = solventPerVolume
        self.floorPerAreaYear = floorPerAreaYear
        self.acidPerKg = acidPerKg
        self.basePerKg = basePerKg
        self.oxalicAcidPerKg = oxalicAcidPerKg
        self.solventReplacementPerYear = solventReplacementPerYear
        self.adsorbentReplacementPerYear = adsorbentReplacementPerYear
        self.operatingHoursPerYear = operatingHoursPerYear
    }
}

/// All equipment data of a sizing, with the files (and sources) they came from.
public struct EquipmentData: Sendable {
    /// Per technology and for the whole plant.
    public var mixerSettler: MixerSettlerData
    public var emulsionFlow: EmulsionFlowSizingData
    public var adsorptionColumn: AdsorptionColumnData
    public var tanks: TankData
    public var reagents: ReagentData
    public var costs: UnitCosts
    /// Data file path → its `source` text (and "(case override)" entries), for the report.
    public var sources: [String: String]

    /// Memberwise.
    public init(mixerSettler: MixerSettlerData, emulsionFlow: EmulsionFlowSizingData, adsorptionColumn: AdsorptionColumnData,
                tanks: TankData, reagents: ReagentData, costs: UnitCosts, sources: [String: String]) {
        self.mixerSettler = mixerSettler
        self.emulsionFlow = emulsionFlow
        self.adsorptionColumn = adsorptionColumn
        self.tanks = tanks
        self.reagents = reagents
        self.costs = costs
        self.sources = sources
    }
}
