import RareSepCore
import RareSepColumn

/// Linear-gradient elution of a trace solute: first moment of the outlet peak
/// against the ideal retention time (reference `retention_time_s`), and the
/// zeroth moment against the injected amount c·t_p of the first section.
enum ColumnGradientElutionCheck {
    static let check = ValidationCheck(id: "column-gradient-elution") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        let j = try ColumnCheckSupport.component(ctx, cc)
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let qc = try table.column("quantity"), vc = try table.column("value")
        var tR: Double?
        for row in table.rows where row.fields[qc] == "retention_time_s" { tR = try table.double(row, vc) }
        let node = try ctx.spec.require("reference")
        guard let tR else { throw node.error("a reference with retention_time_s") }
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes)
        guard run.report.converged else { throw node.error("a case that integrates") }
        var m0 = 0.0, m1 = 0.0
        for k in 1..<run.times.count {
            let dt = run.times[k] - run.times[k - 1]
            let a = run.outlet[k - 1][j], b = run.outlet[k][j]
            m0 += 0.5 * dt * (a + b)
            m1 += 0.5 * dt * (run.times[k - 1] * a + run.times[k] * b)
        }
        let inject = cc.problem.sections[0]
        return [Comparison("first_moment", value: m1 / m0, reference: tR),
                Comparison("zeroth_moment", value: m0, reference: inject.inletStart[j] * (inject.end - inject.start))]
    }
}
