import Foundation
import RareSepColumn
import RareSepCore

/// Runs a `kind: column` case file: simulate, summarise, print, write outputs.
public enum ColumnCaseRunner {
    /// What a run produced.
    public struct Outcome {
        public var columnCase: ColumnCase
        public var run: ColumnRun
        public var summary: ColumnSummary
        /// The printable summary.
        public var text: String
        /// Wall time of the simulation (ms).
        public var wallMs: Double
    }

    /// Run the case at `casePath`; when `outputDirectory` is given, write
    /// `outlet.csv` (columns `time_s`, `bed_volumes`, then one per component in mol/m³),
    /// `outlet.svg` (a plot of the outlet curves) and `summary.json` there. Returns the printable summary. A failed integration is
    /// reported in the summary (and in the JSON `report`), not thrown.
    public static func run(casePath: String, library: ModelLibrary, outputDirectory: String?) throws -> String {
        try execute(casePath: casePath, library: library, outputDirectory: outputDirectory).text
    }

    /// As `run`, returning the full outcome (the CLI uses it for its exit status).
    public static func execute(casePath: String, library: ModelLibrary, outputDirectory: String?) throws -> Outcome {
        let cc = try ColumnCase.load(path: casePath, library: library)
        // Check the output directory before the simulation; the set is written whole at the end.
        let out = try outputDirectory.map { try OutputDirectory($0, key: "--output", inputs: [casePath] + library.filesRead.all) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let probes = cc.fractions.flatMap { [$0.from, $0.to] }
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes, probeTimes: probes)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        let cuts = autoCuts(cc, run: run)
        var fractions = cc.fractions
        for (c, t) in zip(cuts, cc.cutTargets) {
            if let a = c.from_s, let b = c.to_s { fractions.append(FractionSpec(name: "\(c.product)-auto", from: a, to: b, product: t.product)) }
        }
        let summary = ColumnAnalysis.summarize(cc.problem, run: run, fractions: fractions)
        var text = table(cc, run: run, summary: summary, wallMs: ms)
        for c in cuts {
            if let a = c.from_s, let b = c.to_s {
                text += "\nAuto cut \(c.product) (purity ≥ \(fmt(100 * c.target, "%.2f")) %): \(fmt(a, "%.0f"))–\(fmt(b, "%.0f")) s, purity \(fmt(100 * (c.purity ?? 0), "%.3f")) %, recovery \(fmt(100 * (c.recovery ?? 0), "%.2f")) %"
            } else {
                text += "\nAuto cut \(c.product): no window of the outlet reaches purity \(fmt(100 * c.target, "%.2f")) % (lower the target or improve the separation)"
            }
        }
        if let out {
            try write(cc, run: run, summary: summary, into: out, report: (text: text, files: library.filesRead.all), cuts: cuts)
            try out.commit(command: "run", input: casePath, status: run.report.code.rawValue)
        }
        return Outcome(columnCase: cc, run: run, summary: summary, text: text, wallMs: ms)
    }

    /// Number for the table; values within 1e-12 of zero print as 0 (no "-0.00").
    static func fmt(_ v: Double?, _ f: String = "%.4g") -> String {
        v.map { String(format: f, abs($0) < 1e-12 ? 0 : $0) } ?? "—"
    }

    /// Cuts chosen for the case's purity targets (`cuts: {auto: ...}`) on the run's
    /// outlet history (cut points at output times; recovery relative to the amount fed).
    public static func autoCuts(_ cc: ColumnCase, run: ColumnRun) -> [ChosenCut] {
        guard !cc.cutTargets.isEmpty, run.times.count >= 2 else { return [] }
        var lo = 0, hi = run.times.count - 1
        if let r = cc.cutRange {
            lo = run.times.firstIndex { $0 >= r.lowerBound - 1e-9 * max(1, r.lowerBound) } ?? 0
            hi = run.times.lastIndex { $0 <= r.upperBound + 1e-9 * max(1, r.upperBound) } ?? hi
        }
        let binding = (0..<cc.problem.components.count).filter { cc.problem.isotherm.isBinding($0) }
        return FractionCuts.choose(times: run.times, cumulative: run.cumulativeOutflow, range: lo...max(lo, hi), binding: binding,
                                   targets: cc.cutTargets, normaliser: run.fed, names: cc.problem.components.symbols)
    }

    /// The readable summary.
    public static func table(_ cc: ColumnCase, run: ColumnRun, summary: ColumnSummary, wallMs: Double) -> String {
        let p = cc.problem, col = p.column
        var lines: [String] = []
        lines.append("Column case: \(cc.name) — \(col.kind.rawValue.uppercased()), L = \(fmt(col.length)) m, ε = \(fmt(col.bedPorosity)), ε_p = \(fmt(col.particlePorosity)) (ε_t = \(fmt(col.totalPorosity))), u_s = \(fmt(col.superficialVelocity * 1e3)) mm/s, D_ax = \(fmt(col.axialDispersion)) m²/s")
        if col.kind != .lrm {
            let list: ([Double]) -> String = { v in Set(v).count == 1 ? fmt(v[0]) : "[" + v.map { fmt($0) }.joined(separator: ", ") + "]" }
            var beads = "Beads: r_p = \(fmt(col.particleRadius * 1e6)) µm, k_f = \(list(col.filmTransfer)) m/s"
            if col.kind == .grm { beads += ", D_p = \(list(col.poreDiffusivity)) m²/s (pore diffusion on \(cc.numerics.particleCells) equal-volume shells)" }
            lines.append(beads)
        }
        lines.append("Programme: " + p.sections.map { "\($0.name) \(fmt($0.end - $0.start)) s" }.joined(separator: ", ") + " (one bed volume = \(fmt(col.bedVolumeTime)) s)")
        lines.append("Isotherm: \(p.isotherm.id) (\(cc.isothermSource))")
        lines.append("Solver: \(run.report.code.rawValue), \(run.report.notes.joined(separator: "; ")), \(fmt(wallMs, "%.1f")) ms")
        lines.append("component   peak mol/m3   at s       BV10     BV50     DBC10 mol/m3bed   mass balance (rel)")
        for (j, s) in p.components.symbols.enumerated() {
            let b = summary.breakthrough.first { $0.component == s }
            let pk = summary.peaks[j]
            lines.append(s.padding(toLength: 11, withPad: " ", startingAt: 0) + " " +
                         fmt(pk.max).padding(toLength: 13, withPad: " ", startingAt: 0) + " " +
                         fmt(pk.time_s, "%.0f").padding(toLength: 10, withPad: " ", startingAt: 0) + " " +
                         fmt(b?.bedVolumes10).padding(toLength: 8, withPad: " ", startingAt: 0) + " " +
                         fmt(b?.bedVolumes50).padding(toLength: 8, withPad: " ", startingAt: 0) + " " +
                         fmt(b?.dynamicBindingCapacity10).padding(toLength: 17, withPad: " ", startingAt: 0) + " " +
                         fmt(summary.massBalance[j].relativeError, "%.1e"))
        }
        for f in summary.fractions {
            var s = "Fraction \(f.name) [\(fmt(f.from_s, "%.0f"))–\(fmt(f.to_s, "%.0f")) s]: "
            s += f.purity.keys.sorted().map { "\($0) purity \(fmt(100 * f.purity[$0]!, "%.2f")) %, yield \(fmt(100 * max(0, f.yield[$0] ?? 0), "%.2f")) %" }.joined(separator: "; ")
            if let pr = f.productivity_mol_per_m3_h, let prod = f.product { s += "; productivity \(fmt(pr)) mol \(prod)/(m³ bed·h)" }
            lines.append(s)
        }
        lines.append("Whole-run mass balance: worst relative error \(fmt(summary.worstMassBalance, "%.2e"))")
        return lines.joined(separator: "\n")
    }

    /// summary.json (keys in snake_case).
    struct JSONSummary: Codable {
        var schema = "raresep.column-summary/1"
        var name: String
        var model: String
        var isotherm: String
        var isotherm_source: String
        var components: [String]
        var cells: Int
        var report: SolverReport
        var superficial_velocity_m_per_s: Double
        var total_porosity: Double
        var amounts_are: String
        var results: ColumnSummary
        /// Cuts chosen for purity targets (`cuts: auto`), when the case asks for them.
        var cuts: [ChosenCut]?
    }

    /// outlet.csv of a column run: time (s), bed volumes passed (u_s·t/L), then the outlet
    /// concentration of each component (mol/m³).
    static func outletCSV(_ problem: ColumnProblem, run: ColumnRun) -> String {
        var csv = "time_s,bed_volumes," + problem.components.symbols.map { "\($0)_mol_per_m3" }.joined(separator: ",") + "\n"
        let bv = problem.column.bedVolumeTime
        for (k, t) in run.times.enumerated() {
            csv += String(format: "%.6g", t) + "," + String(format: "%.6g", t / bv) + ","
                + run.outlet[k].map { CSVTable.number($0) }.joined(separator: ",") + "\n"
        }
        return csv
    }

    /// The content of summary.json.
    static func jsonSummary(_ cc: ColumnCase, run: ColumnRun, summary: ColumnSummary, cuts: [ChosenCut] = []) -> JSONSummary {
        JSONSummary(name: cc.name, model: cc.problem.column.kind.rawValue, isotherm: cc.problem.isotherm.id,
                    isotherm_source: cc.isothermSource, components: cc.problem.components.symbols,
                    cells: cc.numerics.cells, report: run.report,
                    superficial_velocity_m_per_s: cc.problem.column.superficialVelocity,
                    total_porosity: cc.problem.column.totalPorosity,
                    amounts_are: "mol per m2 of column cross-section; productivity mol per m3 of bed per hour",
                    results: summary, cuts: cuts.isEmpty ? nil : cuts)
    }

    /// Write outlet.csv, outlet.svg, summary.json and report.html as a whole set into `directory`.
    public static func write(_ cc: ColumnCase, run: ColumnRun, summary: ColumnSummary, to directory: String) throws {
        let dir = try OutputDirectory(directory, key: "--output", inputs: [cc.path])
        try write(cc, run: run, summary: summary, into: dir)
        try dir.commit(command: "run", input: cc.path, status: run.report.code.rawValue)
    }

    /// Write outlet.csv, outlet.svg, summary.json and report.html into `dir` (committed by
    /// the caller); `report` gives the printed summary and the files read for the HTML report.
    public static func write(_ cc: ColumnCase, run: ColumnRun, summary: ColumnSummary, into dir: OutputDirectory,
                             report: (text: String, files: [String])? = nil, cuts: [ChosenCut] = []) throws {
        try dir.write(outletCSV(cc.problem, run: run), "outlet.csv")
        let plot = ColumnPlot.svg(cc, run: run)
        try dir.write(plot, "outlet.svg")
        try dir.write(try OutputDirectory.json(jsonSummary(cc, run: run, summary: summary, cuts: cuts), snakeCaseKeys: true), "summary.json")
        let text = report?.text ?? table(cc, run: run, summary: summary, wallMs: .nan)
        try dir.write(ColumnRunReport.html(cc, run: run, summary: summary, plot: plot, text: text, files: report?.files ?? []), "report.html")
    }
}
