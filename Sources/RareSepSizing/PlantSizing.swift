import Foundation

/// What a plant (or one technology) must do, in the terms sizing needs: the units' duties,
/// the flows the tanks hold, the product and, from a solved flowsheet, the reagent use the
/// model itself found.
public struct PlantDuty: Sendable {
    /// Mixer-settler sections.
    public var mixerSettlers: [SectionDuty]
    /// Emulsion-flow contactors.
    public var contactors: [ContactorDuty]
    /// Adsorption column sets.
    public var columns: [ColumnDuty]
    /// Circulating organic flow (all solvent loops), m³/s.
    public var organicCirculation: Double
    /// Aqueous feed and reagent flow into the plant, m³/s.
    public var aqueousThroughput: Double
    /// Oxide product, kg/s.
    public var oxideMassFlow: Double
    /// Rare earth extracted (and stripped) per s, summed over solvent loops, mol/s.
    public var metalExtracted: Double
    /// Rare earth precipitated per s, mol/s (nil: taken equal to `metalExtracted`).
    public var metalPrecipitated: Double?
    /// Reagent use found by the model (mol/s) by reagent kind, with the units it came from.
    public var modelReagents: [ModelReagent]
    /// Operating hours per year, h (nil: the unit-cost file's).
    public var operatingHours: Double?
    /// Bed volumes of solved column models by column-set name, m³.
    public var modelBedVolumes: [String: Double]

    /// Memberwise (every list may be empty).
    public init(mixerSettlers: [SectionDuty] = [], contactors: [ContactorDuty] = [], columns: [ColumnDuty] = [],
                organicCirculation: Double, aqueousThroughput: Double, oxideMassFlow: Double, metalExtracted: Double,
                metalPrecipitated: Double? = nil, modelReagents: [ModelReagent] = [], operatingHours: Double? = nil,
                modelBedVolumes: [String: Double] = [:]) {
        self.mixerSettlers = mixerSettlers
        self.contactors = contactors
        self.columns = columns
        self.organicCirculation = organicCirculation
        self.aqueousThroughput = aqueousThroughput
        self.oxideMassFlow = oxideMassFlow
        self.metalExtracted = metalExtracted
        self.metalPrecipitated = metalPrecipitated
        self.modelReagents = modelReagents
        self.operatingHours = operatingHours
        self.modelBedVolumes = modelBedVolumes
    }
}

/// Kinds of reagent the sizing prices.
public enum ReagentKind: String, Sendable, CaseIterable {
    case acid = "acid (HCl)"
    case base = "base (NaOH)"
    case oxalicAcid = "oxalic acid (H2C2O4·2H2O)"
}

/// A reagent flow the model found (a saponification unit's base, an acid make-up's or an
/// acid inlet's acid, a precipitation unit's oxalic acid), mol/s.
public struct ModelReagent: Sendable, Equatable {
    public var kind: ReagentKind
    /// mol/s (H⁺ for acid, NaOH for base, oxalic acid).
    public var molarFlow: Double
    /// Units it came from.
    public var source: String

    /// Memberwise.
    public init(kind: ReagentKind, molarFlow: Double, source: String) {
        self.kind = kind
        self.molarFlow = molarFlow
        self.source = source
    }
}

/// Sizing of a whole plant from its duty (docs/sizing.md): units per technology, tanks,
/// solvent inventory, reagents, footprint and cost proxies.
public enum PlantSizing {
    /// The report for `duty` with `data`; `technology` labels it.
    public static func size(_ duty: PlantDuty, data: EquipmentData, technology: String = "plant") throws -> SizingReport {
        let ms = duty.mixerSettlers.map { MixerSettlerSizing.size($0, data: data.mixerSettler) }
        let cs = try duty.contactors.map { try EmulsionFlowSizing.size($0, data: data.emulsionFlow) }
        let cols = try duty.columns.map { d -> ColumnSize in
            var s = try ColumnSizing.size(d, data: data.adsorptionColumn)
            s.model_bed_volume_m3 = duty.modelBedVolumes[d.name]
            return s
        }
        let t = data.tanks
        let organicTank = t.organicHoldUpTime * duty.organicCirculation
        let aqueousTank = t.aqueousHoldUpTime * duty.aqueousThroughput
        let tanks = TankSize(organic_m3: organicTank, aqueous_m3: aqueousTank,
                             footprint_m2: t.layoutFactor * (organicTank + aqueousTank) / t.liquidHeight)
        let unitSolvent = ms.reduce(0) { $0 + $1.solvent_m3 } + cs.reduce(0) { $0 + $1.solvent_m3 }
        let inventory = SolventInventory(units_m3: unitSolvent, tanks_m3: organicTank, total_m3: unitSolvent + organicTank)
        let unitArea = ms.reduce(0) { $0 + $1.footprint_m2 } + cs.reduce(0) { $0 + $1.footprint_m2 } + cols.reduce(0) { $0 + $1.footprint_m2 }
        let footprint = Footprint(units_m2: unitArea, tanks_m2: tanks.footprint_m2, total_m2: unitArea + tanks.footprint_m2,
                                  layout_factors: ["mixer_settler": data.mixerSettler.layoutFactor, "emulsion_flow": data.emulsionFlow.layoutFactor,
                                                   "adsorption_column": data.adsorptionColumn.layoutFactor, "tanks": t.layoutFactor])
        let reagents = reagentUse(duty, data: data.reagents)
        let hours = duty.operatingHours ?? data.costs.operatingHoursPerYear
        let costs = costProxies(mixerSettlers: ms, contactors: cs, columns: cols, tanks: tanks, inventory: inventory,
                                footprint: footprint, reagents: reagents, oxideKgPerHour: duty.oxideMassFlow * 3600,
                                hours: hours, prices: data.costs)
        var notes: [String] = []
        if !ms.isEmpty { notes.append("mixer-settler stages of a section are sized alike for the section's largest aqueous and organic flows") }
        if cs.contains(where: { $0.approach_to_flooding == nil }) {
            notes.append("a contactor without a droplet swarm is sized from its given hold-up and K·a; flooding was not checked")
        }
        if !cols.isEmpty { notes.append("columns: one column always loading (⌈1/load fraction⌉ columns); eluent and regenerant volumes are not sized") }
        if duty.oxideMassFlow <= 0 { notes.append("no oxide product: reagent use and operating cost per kg of oxide are not given") }
        notes.append("cost proxies use the unit costs of the data (ILLUSTRATIVE unless replaced): they rank alternatives, they are not estimates")
        return SizingReport(technology: technology,
                            basis: SizingBasis(oxide_kg_per_h: duty.oxideMassFlow * 3600, metal_extracted_mol_per_h: duty.metalExtracted * 3600,
                                               metal_precipitated_mol_per_h: (duty.metalPrecipitated ?? duty.metalExtracted) * 3600,
                                               operating_hours_per_yr: hours, organic_circulation_m3_per_h: duty.organicCirculation * 3600,
                                               aqueous_throughput_m3_per_h: duty.aqueousThroughput * 3600),
                            mixer_settlers: ms, contactors: cs, columns: cols, tanks: tanks,
                            stages_or_units: ms.reduce(0) { $0 + $1.stages } + cs.reduce(0) { $0 + $1.units } + cols.reduce(0) { $0 + $1.columns },
                            solvent_inventory: inventory, reagents: reagents, footprint: footprint, costs: costs, notes: notes,
                            data_sources: data.sources)
    }

    /// Stoichiometric reagent rows (acid ν_H·x_H·ṅ_ext, base ν_OH·x_OH·ṅ_ext, oxalic acid
    /// ν_ox·ṅ_prec), then the model's rows, which replace the stoichiometric row of their kind
    /// in the cost.
    public static func reagentUse(_ duty: PlantDuty, data r: ReagentData) -> [ReagentUse] {
        let oxide = duty.oxideMassFlow
        func row(_ kind: ReagentKind, basis: String, molPerS: Double, costed: Bool) -> ReagentUse {
            let mm: Double
            switch kind {
            case .acid: mm = r.acidMolarMass
            case .base: mm = r.baseMolarMass
            case .oxalicAcid: mm = r.oxalicAcidMolarMass
            }
            let kgs = molPerS * mm
            return ReagentUse(reagent: kind.rawValue, basis: basis, mol_per_h: molPerS * 3600, kg_per_h: kgs * 3600,
                              kg_per_kg_oxide: oxide > 0 ? kgs / oxide : nil, costed: costed)
        }
        let modelKinds = Set(duty.modelReagents.map(\.kind))
        let precipitated = duty.metalPrecipitated ?? duty.metalExtracted
        var rows = [
            row(.acid, basis: "stoichiometric \(fmt(r.stripAcidPerMetal)) mol H+/mol Ln stripped × excess \(fmt(r.stripAcidExcess))",
                molPerS: r.stripAcidPerMetal * r.stripAcidExcess * duty.metalExtracted, costed: !modelKinds.contains(.acid)),
            row(.base, basis: "stoichiometric \(fmt(r.basePerMetalExtracted)) mol NaOH/mol Ln extracted × excess \(fmt(r.baseExcess))",
                molPerS: r.basePerMetalExtracted * r.baseExcess * duty.metalExtracted, costed: !modelKinds.contains(.base)),
            row(.oxalicAcid, basis: "\(fmt(r.oxalicAcidPerMetal)) mol/mol Ln precipitated (precipitation model file)",
                molPerS: r.oxalicAcidPerMetal * precipitated, costed: !modelKinds.contains(.oxalicAcid)),
        ]
        for kind in ReagentKind.allCases {
            let m = duty.modelReagents.filter { $0.kind == kind }
            guard !m.isEmpty else { continue }
            rows.append(row(kind, basis: "model: " + m.map(\.source).joined(separator: ", "), molPerS: m.reduce(0) { $0 + $1.molarFlow }, costed: true))
        }
        return rows
    }

    static func costProxies(mixerSettlers ms: [MixerSettlerSection], contactors cs: [ContactorSize], columns cols: [ColumnSize],
                            tanks: TankSize, inventory: SolventInventory, footprint: Footprint, reagents: [ReagentUse],
                            oxideKgPerHour: Double, hours: Double, prices p: UnitCosts) -> CostProxies {
        var capital: [String: Double] = [:]
        let settlerArea = ms.reduce(0) { $0 + $1.installed_settler_area_m2 * Double($1.stages) }
        if !ms.isEmpty { capital["mixer_settlers"] = settlerArea * p.mixerSettlerPerSettlerArea }
        if !cs.isEmpty {
            capital["emulsion_flow_contactors"] = cs.reduce(0) { $0 + $1.volume_m3 * p.contactorPerVolume + Double($1.units) * p.contactorPerUnit }
        }
        let adsorbent = cols.reduce(0) { $0 + $1.adsorbent_m3 }
        if !cols.isEmpty {
            capital["columns"] = adsorbent * p.columnPerBedVolume
            capital["adsorbent_first_fill"] = adsorbent * p.adsorbentPerBedVolume
        }
        capital["tanks"] = (tanks.organic_m3 + tanks.aqueous_m3) * p.tankPerVolume
        capital["solvent_first_fill"] = inventory.total_m3 * p.solventPerVolume
        var operating: [String: Double] = [:]
        for r in reagents where r.costed {
            let price: Double
            switch r.reagent {
            case ReagentKind.acid.rawValue: price = p.acidPerKg
            case ReagentKind.base.rawValue: price = p.basePerKg
            default: price = p.oxalicAcidPerKg
            }
            operating[r.reagent, default: 0] += r.kg_per_h * hours * price
        }
        operating["solvent_replacement"] = inventory.total_m3 * p.solventReplacementPerYear * p.solventPerVolume
        if !cols.isEmpty { operating["adsorbent_replacement"] = adsorbent * p.adsorbentReplacementPerYear * p.adsorbentPerBedVolume }
        operating["floor_space"] = footprint.total_m2 * p.floorPerAreaYear
        let opTotal = operating.values.reduce(0, +)
        let oxidePerYear = oxideKgPerHour * hours
        return CostProxies(currency: p.currency, illustrative: p.illustrative, capital: capital, capital_total: capital.values.reduce(0, +),
                           operating_per_yr: operating, operating_total_per_yr: opTotal,
                           operating_per_kg_oxide: oxidePerYear > 0 ? opTotal / oxidePerYear : nil)
    }

    static func fmt(_ x: Double) -> String { String(format: "%g", x) }
}
