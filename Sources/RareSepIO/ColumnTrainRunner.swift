import Foundation
import RareSepColumn
import RareSepCore

/// Runs a column case with a `carousel:` block: the column train cycle by cycle to the
/// cyclic steady state (docs/column-train.md); prints one line per cycle and writes
/// `cycles.csv`, `outlet.csv` (the off-line outlet of the last cycle, programme time),
/// `outlet.svg`, `train-outlet.csv` (the last train column over the last cycle) and
/// `summary.json`.
public enum ColumnTrainRunner {
    /// What a train run produced.
    public struct Outcome {
        public var columnCase: ColumnCase
        public var result: ColumnTrainResult
        public var text: String
        public var wallMs: Double
    }

    /// summary.json of a train (keys in snake_case).
    struct JSONSummary: Codable {
        var schema = "raresep.column-train-summary/1"
        var name: String
        var model: String
        var isotherm: String
        var components: [String]
        var columns: Int
        var in_series: Int
        var switching: String
        var record_step_s: Double
        var css_tolerance: Double
        /// First cycle at cyclic steady state, nil when not reached.
        var steady_cycle: Int?
        var amounts_are: String
        var statistics: [String: Int]
        var cycles: [TrainCycle]
    }

    /// Run the train of `cc` (which must have one); `document` locates errors of the
    /// `carousel:` block. A criterion never met is an `InputError` at `carousel.switch`.
    public static func execute(_ cc: ColumnCase, document: ConfigNode, library: ModelLibrary,
                               outputDirectory: String?) throws -> Outcome {
        guard let spec = cc.train else { throw document.error("a 'carousel' block") }
        let out = try outputDirectory.map { try OutputDirectory($0, key: "--output", inputs: [cc.path] + library.filesRead.all) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let result: ColumnTrainResult
        do {
            result = try ColumnTrainSimulator.run(cc.problem, numerics: cc.numerics, spec: spec, regenerationOutputTimes: cc.outputTimes)
        } catch let e as ColumnTrainError {
            let node = try document.require("carousel").require("switch")
            throw InputError(location: node.location, key: node.path, value: nil,
                             expected: "a train that runs: \(e.message)")
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        let text = table(cc, spec: spec, result: result, wallMs: ms)
        if let out {
            try write(cc, spec: spec, result: result, text: text, files: library.filesRead.all, into: out)
            try out.commit(command: "run", input: cc.path, status: result.steadyCycle == nil ? "no_cyclic_steady_state" : "success")
        }
        return Outcome(columnCase: cc, result: result, text: text, wallMs: ms)
    }

    static func fmt(_ v: Double?, _ f: String = "%.4g") -> String { ColumnCaseRunner.fmt(v, f) }

    static func switchText(_ s: TrainSwitching, _ names: [String]) -> String {
        switch s {
        case .interval(let T): return "every \(fmt(T)) s"
        case .breakthrough(let j, let f, let h): return "when \(names[j]) at the train outlet reaches \(fmt(f)) of the feed (horizon \(fmt(h)) s)"
        }
    }

    /// The readable summary: the train, one line per cycle, the steady cycle in detail.
    public static func table(_ cc: ColumnCase, spec: ColumnTrainSpec, result: ColumnTrainResult, wallMs: Double) -> String {
        let names = cc.problem.components.symbols
        var lines: [String] = []
        let col = cc.problem.column
        lines.append("Column train: \(cc.name) — \(spec.columns) × \(col.kind.rawValue.uppercased()) (L = \(fmt(col.length)) m, u_s = \(fmt(col.superficialVelocity * 1e3)) mm/s), \(spec.inSeries) loading in series, switching \(switchText(spec.switching, names)); off-line: " + cc.problem.sections.dropFirst().map { "\($0.name) \(fmt($0.end - $0.start)) s" }.joined(separator: ", "))
        let st = result.statistics
        lines.append("Solver: interstage record every \(fmt(spec.recordStep)) s, \(st.steps) steps, \(st.rhsEvaluations) f evaluations, \(fmt(wallMs, "%.0f")) ms")
        lines.append("cycle  end s      switch   outlet/feed  state change  pool change  transfer err  worst balance")
        for c in result.cycles {
            let worst = c.balance.values.map(abs).max() ?? 0
            lines.append(String(c.cycle).padding(toLength: 6, withPad: " ", startingAt: 0) + " " +
                         fmt(c.end_s, "%.0f").padding(toLength: 10, withPad: " ", startingAt: 0) + " " +
                         (c.switchReason == "time" ? "time" : c.switchReason == "breakthrough" ? "bt" : "bt+wait").padding(toLength: 8, withPad: " ", startingAt: 0) + " " +
                         fmt(c.breakthroughAtSwitch).padding(toLength: 12, withPad: " ", startingAt: 0) + " " +
                         fmt(c.stateChange, "%.2e").padding(toLength: 13, withPad: " ", startingAt: 0) + " " +
                         fmt(c.poolChange, "%.2e").padding(toLength: 12, withPad: " ", startingAt: 0) + " " +
                         fmt(c.transferError, "%.1e").padding(toLength: 13, withPad: " ", startingAt: 0) + " " +
                         fmt(worst, "%.1e"))
        }
        if let k = result.steadyCycle {
            lines.append("Cyclic steady state at cycle \(k) (state and pool change < \(fmt(spec.cssTolerance)))")
        } else {
            lines.append("Cyclic steady state NOT reached within \(spec.maxCycles) cycles (tolerance \(fmt(spec.cssTolerance)))")
        }
        if let c = result.cycles.last {
            lines.append("Last cycle (\(fmt(c.end_s - c.start_s, "%.0f")) s), amounts in mol/m² of cross-section:")
            lines.append("  fed " + names.map { "\($0) \(fmt(c.fed[$0]))" }.joined(separator: ", ") + "; raffinate " + names.map { "\($0) \(fmt(c.raffinate[$0]))" }.joined(separator: ", "))
            for p in c.pools {
                var s = "  pool \(p.name): " + names.map { "\($0) \(fmt(p.amount[$0]))" }.joined(separator: ", ")
                if let prod = p.product {
                    s += "; purity \(fmt(100 * (p.purity[prod] ?? 0), "%.2f")) % \(prod)"
                    if let r = p.recovery { s += ", recovery \(fmt(100 * r, "%.2f")) %" }
                    if let pr = p.productivity_mol_per_m3_h { s += ", productivity \(fmt(pr)) mol/(m³ bed·h)" }
                    if let a = p.acid_mol_per_mol_product { s += ", acid \(fmt(a)) mol/mol" }
                }
                lines.append(s)
            }
            lines.append("  cycle balance (in − out − Δ inventory)/in: " + names.map { "\($0) \(fmt(c.balance[$0], "%.1e"))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Write the output set into `dir` (committed by the caller).
    static func write(_ cc: ColumnCase, spec: ColumnTrainSpec, result: ColumnTrainResult, text: String, files: [String],
                      into dir: OutputDirectory) throws {
        let names = cc.problem.components.symbols
        let poolNames = Array(Set(result.cycles.flatMap { $0.pools.map(\.name) })).sorted()
        var csv = "cycle,start_s,end_s,switch,outlet_over_feed_at_switch,state_change,pool_change,transfer_error,"
        csv += names.map { "fed_\($0)_mol_per_m2" }.joined(separator: ",") + "," + names.map { "raffinate_\($0)_mol_per_m2" }.joined(separator: ",")
        for p in poolNames { csv += "," + names.map { "\(p)_\($0)_mol_per_m2" }.joined(separator: ",") + ",\(p)_recovery,\(p)_productivity_mol_per_m3_h" }
        csv += "," + names.map { "balance_\($0)" }.joined(separator: ",") + "\n"
        func g(_ v: Double?) -> String { v.map { CSVTable.number($0) } ?? "" }
        for c in result.cycles {
            var row = "\(c.cycle),\(g(c.start_s)),\(g(c.end_s)),\(c.switchReason),\(g(c.breakthroughAtSwitch)),\(g(c.stateChange.isFinite ? c.stateChange : nil)),\(g(c.poolChange.isFinite ? c.poolChange : nil)),\(g(c.transferError)),"
            row += names.map { g(c.fed[$0]) }.joined(separator: ",") + "," + names.map { g(c.raffinate[$0]) }.joined(separator: ",")
            for p in poolNames {
                let pool = c.pools.first { $0.name == p }
                row += "," + names.map { g(pool?.amount[$0]) }.joined(separator: ",") + ",\(g(pool?.recovery)),\(g(pool?.productivity_mol_per_m3_h))"
            }
            row += "," + names.map { g(c.balance[$0]) }.joined(separator: ",")
            csv += row + "\n"
        }
        try dir.write(csv, "cycles.csv")
        let regen = result.lastRegeneration
        var regenProblem = cc.problem
        regenProblem.sections = Array(cc.problem.sections.dropFirst())
        try dir.write(ColumnCaseRunner.outletCSV(regenProblem, run: regen), "outlet.csv")
        let offline = ColumnPlot.svg(name: cc.name + " — off-line programme, last cycle", problem: regenProblem, run: regen)
        try dir.write(offline, "outlet.svg")
        var train = "time_in_cycle_s," + names.map { "\($0)_mol_per_m3" }.joined(separator: ",") + "\n"
        for (k, t) in result.lastTrainOutletTimes.enumerated() { train += g(t) + "," + result.lastTrainOutlet[k].map(g).joined(separator: ",") + "\n" }
        try dir.write(train, "train-outlet.csv")
        let st = result.statistics
        let js = JSONSummary(name: cc.name, model: cc.problem.column.kind.rawValue, isotherm: cc.problem.isotherm.id, components: names,
                             columns: spec.columns, in_series: spec.inSeries, switching: switchText(spec.switching, names),
                             record_step_s: spec.recordStep, css_tolerance: spec.cssTolerance, steady_cycle: result.steadyCycle,
                             amounts_are: "mol per m2 of column cross-section; productivity mol per m3 of bed (all columns) per hour",
                             statistics: ["steps": st.steps, "rhs_evaluations": st.rhsEvaluations, "jacobian_evaluations": st.jacobianEvaluations],
                             cycles: result.cycles)
        try dir.write(try OutputDirectory.json(js, snakeCaseKeys: true), "summary.json")
        try dir.write(ColumnTrainRunReport.html(cc, spec: spec, result: result,
                                                plots: [("outlet.svg", offline, "Outlet of the off-line column through its programme in the last cycle; sections shaded")],
                                                text: text, files: files), "report.html")
    }
}
