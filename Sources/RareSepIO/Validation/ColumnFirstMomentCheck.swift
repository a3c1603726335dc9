import RareSepChemistry
import RareSepColumn

/// First and zeroth moments of the outlet of a rectangular pulse on a linear
/// isotherm against the closed form: μ0 = c0·t_p, μ1 = t_R + t_p/2 with
/// t_R = (L/u_m)(1 + F·H), u_m = u_s/ε_t, F = (1−ε_t)/ε_t (valid for the LRM and,
/// with ε_t, for the LRMP). Moments of the outlet by the trapezoidal rule on the
/// case's output times; the case must have one pulse section followed by washes.
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
        let col = p.column
        let et = col.totalPorosity
        let um = col.superficialVelocity / et
        let tR = col.length / um * (1 + (1 - et) / et * lin.henry[0])
        let tp = pulse.end - pulse.start
        return [Comparison("zeroth_moment", value: m0, reference: pulse.inletStart[0] * tp),
                Comparison("first_moment", value: m1 / m0, reference: tR + tp / 2)]
    }
}
