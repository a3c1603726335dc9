import Foundation
import RareSepChemistry
import RareSepColumn
import RareSepCore
import RareSepFlowsheet

/// A column unit's own outputs in a flowsheet run (units/NAME/): the time-resolved
/// outlet of its last cycle and a summary of the cycle, its pools and its balance.
enum ColumnUnitReport {
    /// units/NAME/summary.json.
    struct Summary: Codable {
        var schema = "raresep.column-unit/1"
        var unit: String
        var cycle_time_s: Double
        /// Cross-section the feed flow implies, A = Q_feed·T/(u_s·t_load), m².
        var cross_section_m2: Double
        var superficial_velocity_m_per_s: Double
        var load_section: String
        var pools: [Pool]
        /// The column's own run: fractions (one per pool window, amounts per m²), mass balance.
        var column: ColumnSummary
        /// Per plant species, mol/s at the cycle average: the column's mass-balance error
        /// (fed − out − inventory change) and the change of its inventory over the cycle.
        /// The plant balance of a species is off by their sum.
        var plant_balance_error_mol_per_s: [String: Double]
        var inventory_change_mol_per_s: [String: Double]
        var simulations: Int
        var calls: Int
        var report: SolverReport?
    }
    struct Pool: Codable {
        var name: String
        var windows_s: [[Double]]
    }

    /// Write the unit's last cycle into units/NAME/ of `dir` (outlet.csv, outlet.svg,
    /// summary.json); returns the plot's SVG (nil when the unit never ran).
    @discardableResult
    static func write(_ cu: ColumnUnit, species: SpeciesSet, into dir: OutputDirectory) throws -> String? {
        guard let run = cu.lastRun, let summary = cu.lastSummary, let problem = cu.lastProblem else { return nil }
        let prefix = "units/\(cu.name)/"
        try dir.write(ColumnCaseRunner.outletCSV(problem, run: run), prefix + "outlet.csv")
        let err = cu.balanceError(species: species), inv = cu.inventoryChange(species: species)
        let carried = Set(cu.vocabulary.plantSpecies)
        var e: [String: Double] = [:], d: [String: Double] = [:]
        for (j, s) in species.symbols.enumerated() where carried.contains(s) { e[s] = err[j]; d[s] = inv[j] }
        let s = Summary(unit: cu.name, cycle_time_s: cu.cycleTime, cross_section_m2: cu.lastCrossSection,
                        superficial_velocity_m_per_s: problem.column.superficialVelocity,
                        load_section: problem.sections[cu.loadSection].name,
                        pools: cu.pools.map { Pool(name: $0.name, windows_s: $0.windows.map { [$0.lowerBound, $0.upperBound] }) },
                        column: summary, plant_balance_error_mol_per_s: e, inventory_change_mol_per_s: d,
                        simulations: cu.simulations, calls: cu.calls, report: run.report)
        try dir.write(try OutputDirectory.json(s), prefix + "summary.json")
        let plot = ColumnPlot.svg(name: "unit \(cu.name) (last cycle)", problem: problem, run: run)
        try dir.write(plot, prefix + "outlet.svg")
        return plot
    }

    /// One line per column unit for the printed table.
    static func line(_ cu: ColumnUnit) -> String? {
        guard let summary = cu.lastSummary else { return nil }
        return String(format: "Column %@: cycle %.4g s, cross-section %.4g m², pools %@; column mass balance worst %.1e (relative)",
                      cu.name, cu.cycleTime, cu.lastCrossSection, cu.pools.map(\.name).joined(separator: ", "), summary.worstMassBalance)
    }
}
