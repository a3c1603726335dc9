import Foundation
import RareSepChemistry
import RareSepContactor
import RareSepCore
import RareSepFlowsheet

/// An emulsion-flow unit's own outputs in a flowsheet run (units/NAME/): the profiles
/// along the height (profile.csv, profile.svg) and the contactor's figures (summary.json,
/// schema "raresep.emulsion-flow-unit/1", docs/schemas/emulsion-flow-unit.schema.json).
enum EmulsionFlowUnitReport {
    /// units/NAME/summary.json.
    struct Summary: Codable {
        var schema = "raresep.emulsion-flow-unit/1"
        var unit: String
        var height_m: Double
        var cross_section_m2: Double
        var cells: Int
        var dispersed_phase: String
        /// Dispersed-phase hold-up φ (volume fraction of the mixing zone).
        var hold_up: Double
        /// Overall K·a, 1/s (organic-phase basis).
        var transfer_coefficient_per_s: Double
        /// Superficial velocities through the mixing zone (after what the separation zones bypass), m/s.
        var aqueous_velocity_m_per_s: Double
        var organic_velocity_m_per_s: Double
        /// Total throughput per cross-section (U_a + U_o), m³/(m²·h).
        var throughput_m3_per_m2_h: Double
        /// Overall organic-phase transfer units NTU = K·a·H/U_o and HTU = H/NTU, m.
        var transfer_units: Double
        var transfer_unit_height_m: Double
        /// Organic volume held in the mixing zone, A·H·ε_o, m³.
        var solvent_inventory_m3: Double
        /// From the droplet swarm, when hold-up or K·a come from it: the flooding throughput
        /// at this flow ratio, m³/(m²·h), the approach (throughput / flooding) and the margin 1 − approach.
        var flooding_throughput_m3_per_m2_h: Double?
        var approach_to_flooding: Double?
        var margin_to_flooding: Double?
        /// Separation-zone entrainment, when the unit has it: fraction of the aqueous inlet
        /// leaving with the organic outlet, and of the organic inlet with the aqueous outlet.
        var entrained_aqueous_in_organic: Double?
        var entrained_organic_in_aqueous: Double?
        /// Per metal: stage-equivalent figures (`ContactorPerformance`).
        var species: [SpeciesFigures]
        /// Largest relative closure of the species balance over the mixing zone.
        var balance_closure: Double
        var calls: Int
        var newton_iterations: Int
        var report: SolverReport
    }
    /// Figures of one metal; each is left out where it is not defined (no transfer, a
    /// driving force of the wrong sign for the Kremser form).
    struct SpeciesFigures: Codable {
        var species: String
        var distribution_ratio: Double?
        var extraction_factor: Double?
        var equivalent_stages: Double?
        var stage_height_m: Double?
        var murphree_efficiency: Double?
        /// Why `murphree_efficiency` is null (ill-conditioned: the species barely transfers or is pinched).
        var murphree_efficiency_note: String?

        /// Optional figures are left out, except an ill-conditioned Murphree efficiency:
        /// written as null with its note.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(species, forKey: .species)
            try c.encodeIfPresent(distribution_ratio, forKey: .distribution_ratio)
            try c.encodeIfPresent(extraction_factor, forKey: .extraction_factor)
            try c.encodeIfPresent(equivalent_stages, forKey: .equivalent_stages)
            try c.encodeIfPresent(stage_height_m, forKey: .stage_height_m)
            if let note = murphree_efficiency_note {
                try c.encodeNil(forKey: .murphree_efficiency)
                try c.encode(note, forKey: .murphree_efficiency_note)
            } else {
                try c.encodeIfPresent(murphree_efficiency, forKey: .murphree_efficiency)
            }
        }
    }

    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

    /// The summary of the unit's last solution (nil when it never solved).
    static func summary(_ u: EmulsionFlowUnit, metalCount: Int) -> Summary? {
        guard let sol = u.lastSolution else { return nil }
        let p = sol.problem
        let n = p.cells
        let phi = p.holdUp.reduce(0, +) / Double(p.holdUp.count)
        let ka = p.transferCoefficient.reduce(0, +) / Double(p.transferCoefficient.count)
        let organicFraction = p.holdUp.map { p.dispersed == .organic ? $0 : 1 - $0 }
        let inventory = organicFraction.count == 1 ? organicFraction[0] * p.crossSection * p.height
            : organicFraction.reduce(0, +) * p.crossSection * p.height / Double(n)
        let unitMetals = p.species.symbols.prefix(metalCount)   // the model binds the plant's metals first
        var figures: [SpeciesFigures] = []
        var ntu = ka * p.height / p.organicVelocity, htu = p.height / ntu
        for (j, sym) in unitMetals.enumerated() {
            let f = ContactorPerformance(sol, species: j)
            ntu = f.transferUnits
            htu = f.transferUnitHeight
            figures.append(SpeciesFigures(species: sym, distribution_ratio: finite(f.distributionRatio), extraction_factor: finite(f.extractionFactor),
                                          equivalent_stages: finite(f.equivalentStages).flatMap { $0 > 0 ? $0 : nil },
                                          stage_height_m: finite(f.stageHeight).flatMap { $0 > 0 ? $0 : nil },
                                          murphree_efficiency: f.reportedMurphreeEfficiency,
                                          murphree_efficiency_note: f.murphreeUndefinedReason))
        }
        let hydro = u.lastSwarm?.hydrodynamics
        return Summary(unit: u.name, height_m: p.height, cross_section_m2: p.crossSection, cells: n, dispersed_phase: p.dispersed.rawValue,
                       hold_up: phi, transfer_coefficient_per_s: ka, aqueous_velocity_m_per_s: p.aqueousVelocity,
                       organic_velocity_m_per_s: p.organicVelocity, throughput_m3_per_m2_h: (p.aqueousVelocity + p.organicVelocity) * 3600,
                       transfer_units: ntu, transfer_unit_height_m: htu, solvent_inventory_m3: inventory,
                       flooding_throughput_m3_per_m2_h: hydro.map { $0.flooding.totalThroughput * 3600 },
                       approach_to_flooding: hydro?.approachToFlooding, margin_to_flooding: hydro?.marginToFlooding,
                       entrained_aqueous_in_organic: u.entrainment == nil ? nil : u.lastEntrainment.aqueous,
                       entrained_organic_in_aqueous: u.entrainment == nil ? nil : u.lastEntrainment.organic,
                       species: figures, balance_closure: sol.balanceClosure, calls: u.calls, newton_iterations: u.totalIterations,
                       report: sol.report)
    }

    /// profile.csv: one row per height cell and species (a long table, so that
    /// `--units engineering` adds g/L where the species has a molar mass).
    static func profileCSV(_ sol: ContactorSolution) -> String {
        let p = sol.problem
        var csv = "height_m,hold_up_volume_fraction,species,aqueous_mol_per_m3,organic_mol_per_m3\n"
        for (s, z) in sol.heights.enumerated() {
            let phi = p.holdUp.count == 1 ? p.holdUp[0] : p.holdUp[s]
            for (j, sym) in p.species.symbols.enumerated() {
                csv += "\(z),\(phi),\(sym),\(sol.aqueous[s][j]),\(sol.organic[s][j])\n"
            }
        }
        return csv
    }

    /// profile.svg: the metals' aqueous (solid) and organic (dashed) concentrations against height.
    static func plot(_ u: EmulsionFlowUnit, metalCount: Int) -> String? {
        guard let sol = u.lastSolution else { return nil }
        let p = sol.problem
        let metals = Array(p.species.symbols.prefix(metalCount))
        guard !metals.isEmpty else { return nil }
        var hi = 1e-300
        for s in sol.heights.indices { for j in metals.indices { hi = max(hi, sol.aqueous[s][j], sol.organic[s][j]) } }
        var lo = hi
        for s in sol.heights.indices { for j in metals.indices { for v in [sol.aqueous[s][j], sol.organic[s][j]] where v > 0 { lo = min(lo, v) } } }
        let decades = CascadePlot.decades
        let colors = Palette.colors(for: metals)
        var series: [PlotSeries] = []
        for (j, name) in metals.enumerated() {
            series.append(PlotSeries(name: name, color: colors[j], x: sol.heights, y: sol.heights.indices.map { sol.aqueous[$0][j] }))
            series.append(PlotSeries(name: "\(name) organic", color: colors[j], x: sol.heights, y: sol.heights.indices.map { sol.organic[$0][j] }, dash: "6,3"))
        }
        let panel = PlotPanel(x: Axis.linear(0, p.height, label: "height above the organic inlet (m)"),
                              y: Axis.log(max(lo, hi * pow(10, -Double(decades))), hi, label: "concentration (mol/m³)", maxDecades: decades),
                              series: series, bands: [], marks: [],
                              styleKeys: [StyleKey(label: "solid: aqueous", dash: nil), StyleKey(label: "dashed: organic", dash: "6,3")],
                              height: 320)
        return PlotFigure(title: "unit \(u.name): profiles along the height", panels: [panel]).svg()
    }

    /// Write units/NAME/profile.csv, profile.svg and summary.json; returns the plot's SVG
    /// (nil when the unit never solved).
    @discardableResult
    static func write(_ u: EmulsionFlowUnit, metalCount: Int, into dir: OutputDirectory) throws -> String? {
        guard let sol = u.lastSolution, let s = summary(u, metalCount: metalCount) else { return nil }
        let prefix = "units/\(u.name)/"
        try dir.write(profileCSV(sol), prefix + "profile.csv")
        try dir.write(try OutputDirectory.json(s), prefix + "summary.json")
        guard let svg = plot(u, metalCount: metalCount) else { return nil }
        try dir.write(svg, prefix + "profile.svg")
        return svg
    }

    /// One line per emulsion-flow unit for the printed table.
    static func line(_ u: EmulsionFlowUnit, metalCount: Int) -> String? {
        guard let s = summary(u, metalCount: metalCount) else { return nil }
        let stages = s.species.compactMap { f in f.equivalent_stages.map { String(format: "%@ %.3g", f.species, $0) } }.joined(separator: ", ")
        return String(format: "Emulsion flow %@: NTU %.3g (HTU %.3g m), hold-up %.3g, %.3g m³/(m² h), solvent %.3g m³", s.unit, s.transfer_units,
                      s.transfer_unit_height_m, s.hold_up, s.throughput_m3_per_m2_h, s.solvent_inventory_m3)
            + (stages.isEmpty ? "" : "; equivalent stages " + stages)
            + (s.margin_to_flooding.map { String(format: "; margin to flooding %.0f %%", 100 * $0) } ?? "")
    }
}
