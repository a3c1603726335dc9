import Foundation
import RareSepColumn
import RareSepCore

/// Shared pieces of the column validation checks: the case named by `case:` and
/// a time series from the reference CSV named by `reference:`.
enum ColumnCheckSupport {
    /// The column case file named by the spec's `case` key.
    static func loadCase(_ ctx: ValidationContext) throws -> ColumnCase {
        try ColumnCase.load(path: ctx.path(try ctx.spec.require("case").string()), library: ctx.library)
    }

    /// (time_s, value) pairs of `column` in the reference CSV.
    static func referenceSeries(_ ctx: ValidationContext, column: String) throws -> [(Double, Double)] {
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let tc = try table.column("time_s"), vc = try table.column(column)
        return try table.rows.map { (try table.double($0, tc), try table.double($0, vc)) }
    }

    /// A spec parameter as text.
    static func parameter(_ ctx: ValidationContext, _ key: String) throws -> ConfigNode {
        try ctx.spec.require("parameters").require(key)
    }

    /// Outlet of component j at time t from a run whose output times include t.
    static func outlet(_ run: ColumnRun, component j: Int, at t: Double, node: ConfigNode) throws -> Double {
        guard let k = run.times.firstIndex(where: { abs($0 - t) <= 1e-9 * max(1, t) }) else {
            throw node.error("reference times that are output times of the case (time \(t) s is not)")
        }
        return run.outlet[k][j]
    }

    /// Index of the component named by the `component` parameter.
    static func component(_ ctx: ValidationContext, _ cc: ColumnCase) throws -> Int {
        let node = try parameter(ctx, "component")
        guard let j = cc.problem.components.index(of: try node.string()) else {
            throw node.error("a component of the case (\(cc.problem.components.symbols.joined(separator: ", ")))")
        }
        return j
    }
}
