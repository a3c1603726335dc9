import RareSepCore
import RareSepColumn

/// Competitive-Langmuir roll-up: the weaker component's outlet exceeds its feed
/// (lower bound on peak/feed = 1) and its intermediate plateau, read at the
/// reference mid-time between the ideal fronts, equals the ideal-theory value.
enum ColumnLangmuirRollupCheck {
    static let check = ValidationCheck(id: "column-langmuir-rollup") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        let j = try ColumnCheckSupport.component(ctx, cc)
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let qc = try table.column("quantity"), vc = try table.column("value")
        var ref: [String: Double] = [:]
        for row in table.rows { ref[row.fields[qc]] = try table.double(row, vc) }
        let node = try ctx.spec.require("reference")
        guard let plateau = ref["plateau_concentration"], let tMid = ref["plateau_mid_time_s"] else {
            throw node.error("a reference with plateau_concentration and plateau_mid_time_s")
        }
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes)
        guard run.report.converged else { throw node.error("a case that integrates") }
        guard let k = run.times.firstIndex(where: { $0 >= tMid }) else { throw node.error("output times covering the plateau") }
        let w = k > 0 ? (tMid - run.times[k - 1]) / (run.times[k] - run.times[k - 1]) : 1
        let atMid = k > 0 ? run.outlet[k - 1][j] * (1 - w) + run.outlet[k][j] * w : run.outlet[k][j]
        let feed = cc.problem.sections[0].inletStart[j]
        let peak = run.outlet.map { $0[j] }.max() ?? 0
        return [Comparison("plateau_concentration", value: atMid, reference: plateau),
                Comparison("peak_over_feed", value: peak / feed, reference: 1, kind: .atLeast)]
    }
}
