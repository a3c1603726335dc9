import Foundation
import RareSepColumn

/// Grid convergence on a smooth case: maximum outlet error against a reference
/// series for each cell count of the `cells` parameter, and the observed order
/// p = log2(e_N/e_2N) of consecutive (doubling) grids, required ≥ 2 for the two
/// finest pairs.
enum ColumnGridConvergenceCheck {
    static let check = ValidationCheck(id: "column-grid-convergence") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        let j = try ColumnCheckSupport.component(ctx, cc)
        let refCol = try ColumnCheckSupport.parameter(ctx, "reference_column")
        let ref = try ColumnCheckSupport.referenceSeries(ctx, column: try refCol.string())
        let cellsNode = try ColumnCheckSupport.parameter(ctx, "cells")
        let cells = try cellsNode.items().map { try $0.int() }
        guard cells.count >= 3, zip(cells, cells.dropFirst()).allSatisfy({ $1 == 2 * $0 }) else {
            throw cellsNode.error("at least three cell counts, each double the previous")
        }
        var errors: [Double] = []
        for n in cells {
            var num = cc.numerics
            num.cells = n
            let run = ColumnSimulator.run(cc.problem, numerics: num, outputTimes: cc.outputTimes)
            guard run.report.converged else { throw cellsNode.error("grids on which the case integrates (\(n) cells failed)") }
            var e = 0.0
            for (t, v) in ref { e = max(e, abs(try ColumnCheckSupport.outlet(run, component: j, at: t, node: refCol) - v)) }
            errors.append(e)
        }
        var out: [Comparison] = [Comparison("max_error[N=\(cells.last!)]", value: errors.last!, reference: 0)]
        for k in 0..<(cells.count - 1) {
            let p = log2(errors[k] / errors[k + 1])
            if k >= cells.count - 3 {
                out.append(Comparison("observed_order[\(cells[k])→\(cells[k + 1])]", value: p, reference: 2, kind: .atLeast))
            }
        }
        return out
    }
}
