import RareSepColumn

/// Column outlet against a reference time series (exact Laplace inversion, or an
/// independent fine-grid solution): compares the outlet at every reference time,
/// either of one component (`component`, `reference_column`; tolerance `outlet`)
/// or of several (`components: [..]`, each compared with the reference column of
/// the same name; tolerance group `outlet_<symbol>`).
enum ColumnOutletReferenceCheck {
    static let check = ValidationCheck(id: "column-outlet-reference") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        var series: [(group: String, component: Int, reference: [(Double, Double)])] = []
        if let list = try ctx.spec.require("parameters").optional("components") {
            for item in try list.items() {
                let symbol = try item.string()
                guard let j = cc.problem.components.index(of: symbol) else {
                    throw item.error("a component of the case (\(cc.problem.components.symbols.joined(separator: ", ")))")
                }
                series.append(("outlet_\(symbol)", j, try ColumnCheckSupport.referenceSeries(ctx, column: symbol)))
            }
        } else {
            let refCol = try ColumnCheckSupport.parameter(ctx, "reference_column")
            series.append(("outlet", try ColumnCheckSupport.component(ctx, cc),
                           try ColumnCheckSupport.referenceSeries(ctx, column: try refCol.string())))
        }
        let node = try ctx.spec.require("parameters")
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes)
        guard run.report.converged else { throw node.error("a case that integrates (\(run.report.notes.joined(separator: "; ")))") }
        return try series.flatMap { s in
            try s.reference.map { t, v in
                Comparison("\(s.group)[t=\(Int(t)) s]", value: try ColumnCheckSupport.outlet(run, component: s.component, at: t, node: node),
                           reference: v)
            }
        }
    }
}
