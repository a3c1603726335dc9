/// One duty to compare technologies on: the staged sections a mixer-settler cascade needs
/// (stages, flows, the key species' extraction factor), the feed an adsorption route would
/// load, and the product.
public struct ComparisonDuty: Sendable {
    /// Sections with their stage counts, flows and extraction factors (ε of the key species).
    public var sections: [SectionDuty]
    /// Aqueous feed flow, m³/s, and the rare earth it carries, mol/s (the columns' load).
    public var feedFlow: Double
    public var metalInFeed: Double
    /// Circulating organic flow of the solvent loop, m³/s.
    public var organicCirculation: Double
    /// Aqueous flow into the plant (feed and reagents), m³/s.
    public var aqueousThroughput: Double
    /// Oxide product, kg/s, and the rare earth extracted and stripped for it, mol/s.
    public var oxideMassFlow: Double
    public var metalExtracted: Double
    /// Purity and recovery of the product the duty reaches (reported, not used), fractions.
    public var purity: Double?
    public var recovery: Double?
    /// Operating hours per year, h (nil: the unit-cost file's).
    public var operatingHours: Double?

    /// Memberwise.
    public init(sections: [SectionDuty], feedFlow: Double, metalInFeed: Double, organicCirculation: Double, aqueousThroughput: Double,
                oxideMassFlow: Double, metalExtracted: Double, purity: Double? = nil, recovery: Double? = nil, operatingHours: Double? = nil) {
        self.sections = sections
        self.feedFlow = feedFlow
        self.metalInFeed = metalInFeed
        self.organicCirculation = organicCirculation
        self.aqueousThroughput = aqueousThroughput
        self.oxideMassFlow = oxideMassFlow
        self.metalExtracted = metalExtracted
        self.purity = purity
        self.recovery = recovery
        self.operatingHours = operatingHours
    }
}

/// One row of the side-by-side technology table.
public struct TechnologyRow: Codable, Sendable, Equatable {
    public var technology: String
    public var stages_or_units: Int
    public var solvent_inventory_m3: Double
    public var adsorbent_m3: Double
    public var footprint_m2: Double
    /// Reagent use (costed rows), kg per kg oxide, by reagent.
    public var reagents_kg_per_kg_oxide: [String: Double]
    public var capital: Double
    public var operating_per_yr: Double
    public var currency: String
    public var purity: Double?
    public var recovery: Double?
    /// Why a technology could not be sized for the duty (then the numbers are zero).
    public var not_sized: String?
}

/// The comparison: one row and one full report per technology.
public struct TechnologyComparison: Codable, Sendable {
    /// Schema id of technologies.json (docs/schemas/technology-comparison.schema.json).
    public var schema = "raresep.technology-comparison/1"
    public var rows: [TechnologyRow]
    public var reports: [SizingReport]

    /// Mixer-settlers (the sections' stages), emulsion-flow contactors (one per section, NTU_oy =
    /// N·ln ε/(ε−1) of its stages, K·a from the swarm at slope m = ε·Q_a/Q_o; ε = 1 when not
    /// given) and adsorption columns (loading the feed's rare earth) for the same duty.
    public static func compare(_ duty: ComparisonDuty, data: EquipmentData) -> TechnologyComparison {
        let contactors = duty.sections.map { s -> ContactorDuty in
            let eps = s.extractionFactor ?? 1
            return ContactorDuty(name: s.name, aqueousFlow: s.aqueousFlow, organicFlow: s.organicFlow,
                                 transferUnits: ContactorDuty.transferUnits(stages: s.stages, extractionFactor: eps),
                                 equilibriumSlope: s.organicFlow > 0 ? eps * s.aqueousFlow / s.organicFlow : 1)
        }
        func plant(_ ms: [SectionDuty], _ cs: [ContactorDuty], _ cols: [ColumnDuty], organic: Double) -> PlantDuty {
            PlantDuty(mixerSettlers: ms, contactors: cs, columns: cols, organicCirculation: organic, aqueousThroughput: duty.aqueousThroughput,
                      oxideMassFlow: duty.oxideMassFlow, metalExtracted: duty.metalExtracted, operatingHours: duty.operatingHours)
        }
        let cases: [(String, PlantDuty)] = [
            ("mixer-settler", plant(duty.sections, [], [], organic: duty.organicCirculation)),
            ("emulsion-flow", plant([], contactors, [], organic: duty.organicCirculation)),
            ("adsorption-column", plant([], [], [ColumnDuty(name: "columns", feedFlow: duty.feedFlow, metalLoad: duty.metalInFeed)], organic: 0)),
        ]
        var rows: [TechnologyRow] = [], reports: [SizingReport] = []
        for (tech, d) in cases {
            do {
                var r = try PlantSizing.size(d, data: data, technology: tech)
                if tech == "adsorption-column" {
                    // no solvent loop: no saponification base
                    r.reagents = r.reagents.filter { $0.reagent != ReagentKind.base.rawValue }
                    r.costs = PlantSizing.recost(r, data: data)
                }
                var perKg: [String: Double] = [:]
                for g in r.reagents where g.costed { perKg[g.reagent, default: 0] += g.kg_per_kg_oxide ?? 0 }
                rows.append(TechnologyRow(technology: tech, stages_or_units: r.stages_or_units, solvent_inventory_m3: r.solvent_inventory.total_m3,
                                          adsorbent_m3: r.columns.reduce(0) { $0 + $1.adsorbent_m3 }, footprint_m2: r.footprint.total_m2,
                                          reagents_kg_per_kg_oxide: perKg, capital: r.costs.capital_total, operating_per_yr: r.costs.operating_total_per_yr,
                                          currency: r.costs.currency, purity: duty.purity, recovery: duty.recovery, not_sized: nil))
                reports.append(r)
            } catch {
                rows.append(TechnologyRow(technology: tech, stages_or_units: 0, solvent_inventory_m3: 0, adsorbent_m3: 0, footprint_m2: 0,
                                          reagents_kg_per_kg_oxide: [:], capital: 0, operating_per_yr: 0, currency: data.costs.currency,
                                          purity: duty.purity, recovery: duty.recovery, not_sized: "\(error)"))
            }
        }
        return TechnologyComparison(rows: rows, reports: reports)
    }
}

extension PlantSizing {
    /// The cost proxies of `report` again (after its reagent rows changed).
    static func recost(_ r: SizingReport, data: EquipmentData) -> CostProxies {
        costProxies(mixerSettlers: r.mixer_settlers, contactors: r.contactors, columns: r.columns, tanks: r.tanks,
                    inventory: r.solvent_inventory, footprint: r.footprint, reagents: r.reagents,
                    oxideKgPerHour: r.basis.oxide_kg_per_h, hours: r.basis.operating_hours_per_yr, prices: data.costs)
    }
}
