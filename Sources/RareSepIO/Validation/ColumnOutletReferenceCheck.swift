import RareSepColumn

/// Column outlet against a reference time series (exact Laplace inversion):
/// compares the outlet of one component at every reference time.
enum ColumnOutletReferenceCheck {
    static let check = ValidationCheck(id: "column-outlet-reference") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        let j = try ColumnCheckSupport.component(ctx, cc)
        let refCol = try ColumnCheckSupport.parameter(ctx, "reference_column")
        let ref = try ColumnCheckSupport.referenceSeries(ctx, column: try refCol.string())
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes)
        guard run.report.converged else { throw refCol.error("a case that integrates (\(run.report.notes.joined(separator: "; ")))") }
        return try ref.map { t, v in
            Comparison("outlet[t=\(Int(t)) s]", value: try ColumnCheckSupport.outlet(run, component: j, at: t, node: refCol), reference: v)
        }
    }
}
