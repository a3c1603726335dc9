import RareSepChemistry
import RareSepColumn
import RareSepCore

/// First and zeroth moments of the outlet of a rectangular pulse on a linear
/// isotherm against the closed form: μ0 = c0·t_p, μ1 = t_R + t_p/2 with
/// t_R = (L/u_m)(1 + F·H), u_m = u_s/ε_t, F = (1−ε_t)/ε_t (valid for the LRM and,
/// with ε_t, for the LRMP). Moments of the outlet by the trapezoidal rule on the
/// case's output times; the case must have one pulse section followed by washes.
/// When the spec names a `reference` CSV with a column `second_central_moment_s2`
/// (e.g. from the derivatives of the Laplace-domain transfer function), the outlet's
/// second central moment ∫(t − μ1)² c dt/μ0 (s²) is compared with it as `second_moment`.
enum ColumnFirstMomentCheck {
    static let check = ValidationCheck(id: "column-first-moment") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        let p = cc.problem
        let caseNode = try ctx.spec.require("case")
        guard p.components.count == 1, let lin = p.isotherm as? LinearIsotherm, let pulse = p.sections.first,
              pulse.inletStart == pulse.inletEnd, p.sections.dropFirst().allSatisfy({ $0.inletStart == [0] && $0.inletEnd == [0] }) else {
            throw caseNode.error("a one-component linear-isotherm case with one rectangular pulse followed by wash sections")
        }
        let run = ColumnSimulator.run(p, numerics: cc.numerics, outputTimes: cc.outputTimes)
        guard run.report.converged else { throw caseNode.error("a case that integrates") }
        var m0 = 0.0, m1 = 0.0
        for k in 1..<run.times.count {
            let dt = run.times[k] - run.times[k - 1]
            let a = run.outlet[k - 1][0], b = run.outlet[k][0]
            m0 += 0.5 * dt * (a + b)
            m1 += 0.5 * dt * (run.times[k - 1] * a + run.times[k] * b)
        }
        let mean = m1 / m0
        var second: [Comparison] = []
        if let refNode = try ctx.spec.optional("reference") {
            let table = try CSVTable.load(path: ctx.path(try refNode.string()))
            let col = try table.column("second_central_moment_s2")
            guard let row = table.rows.first else { throw refNode.error("a reference CSV with one row of moments") }
            var m2 = 0.0
            for k in 1..<run.times.count {
                let dt = run.times[k] - run.times[k - 1]
                let ta = run.times[k - 1] - mean, tb = run.times[k] - mean
                m2 += 0.5 * dt * (ta * ta * run.outlet[k - 1][0] + tb * tb * run.outlet[k][0])
            }
            second.append(Comparison("second_moment", value: m2 / m0, reference: try table.double(row, col)))
        }
        let col = p.column
        let et = col.totalPorosity
        let um = col.superficialVelocity / et
        let tR = col.length / um * (1 + (1 - et) / et * lin.henry[0])
        let tp = pulse.end - pulse.start
        return [Comparison("zeroth_moment", value: m0, reference: pulse.inletStart[0] * tp),
                Comparison("first_moment", value: mean, reference: tR + tp / 2)] + second
    }
}
