import RareSepColumn

/// Whole-run mass balance of a column case: for every component,
/// fed − eluted − change of column inventory, relative to the amount fed (or
/// the initial inventory), must be at most the bound given as parameter
/// `bound` (an upper-bound comparison per component). Optional parameter
/// `cells` overrides the case's grid to keep the check fast.
enum ColumnMassBalanceCheck {
    static let check = ValidationCheck(id: "column-mass-balance") { ctx in
        var cc = try ColumnCheckSupport.loadCase(ctx)
        let params = try ctx.spec.require("parameters")
        let bound = try params.require("bound").double()
        if let c = try params.optional("cells") { cc.numerics.cells = try c.int() }
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes)
        guard run.report.converged else { throw params.error("a case that integrates (\(run.report.notes.joined(separator: "; ")))") }
        let s = ColumnAnalysis.summarize(cc.problem, run: run, fractions: [])
        return s.massBalance.map {
            Comparison("relative_mass_balance_error[\($0.component)]", value: abs($0.relativeError), reference: bound, kind: .atMost)
        }
    }
}
