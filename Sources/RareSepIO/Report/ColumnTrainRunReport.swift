import Foundation
import RareSepColumn

/// `report.html` of a column-train (carousel) run: the train, one row per cycle with its
/// convergence to the cyclic steady state, the last cycle's pools, the plots, the solver's
/// statistics and the inputs.
enum ColumnTrainRunReport {
    static func html(_ cc: ColumnCase, spec: ColumnTrainSpec, result: ColumnTrainResult, plots: [(file: String, svg: String, caption: String)],
                     text: String, files: [String]) -> String {
        let names = cc.problem.components.symbols
        let col = cc.problem.column
        let steady = result.steadyCycle
        var page = HTMLReport(title: cc.name, kind: "column train", status: steady == nil ? "no cyclic steady state" : "success", ok: steady != nil)
        page.section("Summary")
        page.facts([("columns", "\(spec.columns) × \(col.kind.rawValue.uppercased()), \(spec.inSeries) loading in series"),
                    ("column length", "\(HTMLReport.num(col.length)) m"),
                    ("superficial velocity", "\(HTMLReport.num(col.superficialVelocity * 1e3)) mm/s"),
                    ("switching", ColumnTrainRunner.switchText(spec.switching, names)),
                    ("cyclic steady state", steady.map { "reached at cycle \($0) (tolerance \(HTMLReport.num(spec.cssTolerance)))" }
                        ?? "NOT reached in \(result.cycles.count) cycles (tolerance \(HTMLReport.num(spec.cssTolerance)))"),
                    ("amounts", "mol per m² of column cross-section; productivity mol per m³ of bed (all columns) per hour")])
        page.table(["cycle", "end s", "switch", "outlet/feed at switch", "state change", "pool change", "transfer error", "worst balance"],
                   result.cycles.map { c in
                       [String(c.cycle), HTMLReport.num(c.end_s, "%.0f"), c.switchReason, HTMLReport.num(c.breakthroughAtSwitch),
                        HTMLReport.num(c.stateChange, "%.2e"), HTMLReport.num(c.poolChange, "%.2e"), HTMLReport.num(c.transferError, "%.1e"),
                        HTMLReport.num(c.balance.values.map(abs).max(), "%.1e")]
                   }, caption: "Cycles")
        if let c = result.cycles.last {
            page.table(["stream"] + names.map { "\($0) mol/m²" } + ["purity %", "recovery %", "productivity mol/(m³·h)"],
                       [["fed"] + names.map { HTMLReport.num(c.fed[$0]) } + ["", "", ""],
                        ["raffinate"] + names.map { HTMLReport.num(c.raffinate[$0]) } + ["", "", ""]]
                       + c.pools.map { p in
                           ["pool " + p.name] + names.map { HTMLReport.num(p.amount[$0]) }
                               + [HTMLReport.num(p.product.flatMap { p.purity[$0] }.map { 100 * $0 }, "%.2f"),
                                  HTMLReport.num(p.recovery.map { 100 * $0 }, "%.2f"), HTMLReport.num(p.productivity_mol_per_m3_h)]
                       }, caption: "Last cycle")
        }
        page.section("Plots")
        for p in plots { page.plot(p.svg, file: p.file, caption: p.caption) }
        page.warnings([])
        page.section("Solver report")
        let st = result.statistics
        page.facts([("method", "columns integrated in sequence per switching interval (BDF), inlet of each from the upstream column's recorded outlet"),
                    ("interstage record step", "\(HTMLReport.num(spec.recordStep)) s"), ("steps", "\(st.steps)"),
                    ("f evaluations", "\(st.rhsEvaluations)"), ("Jacobians", "\(st.jacobianEvaluations)")])
        page.pre(text)
        page.inputs(casePath: cc.path, others: files)
        return page.html()
    }
}
