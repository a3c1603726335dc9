import Foundation
import GSLBridge
import RareSepCore

/// A batch shake-out: given volumes of an aqueous and an organic phase with their initial
/// compositions, find the equilibrium state of both phases under a distribution model.
public struct BatchEquilibriumProblem: Sendable {
    /// Aqueous volume V_aq, m³.
    public var aqueousVolume: Double
    /// Organic volume V_org, m³.
    public var organicVolume: Double
    /// Initial aqueous concentrations x⁰ (mol/m³, species order of the model).
    public var aqueousInitial: [Double]
    /// Initial organic concentrations y⁰ (mol/m³).
    public var organicInitial: [Double]
    /// pH-stat: when set, the equilibrium pH (molar scale) is held at this value by adding
    /// acid or base (the proton balance is replaced by the pH condition); needs an
    /// `AqueousProtonModel`.
    public var fixedPH: Double?

    public init(aqueousVolume: Double, organicVolume: Double, aqueousInitial: [Double], organicInitial: [Double],
                fixedPH: Double? = nil) {
        self.aqueousVolume = aqueousVolume
        self.organicVolume = organicVolume
        self.aqueousInitial = aqueousInitial
        self.organicInitial = organicInitial
        self.fixedPH = fixedPH
    }
}

/// The equilibrium state of a batch shake-out.
public struct BatchEquilibriumSolution: Sendable {
    /// Equilibrium aqueous concentrations x (mol/m³).
    public var aqueous: [Double]
    /// Equilibrium organic concentrations y (mol/m³).
    public var organic: [Double]
    /// Distribution ratios D_j = y_j/x_j (NaN where x_j = 0).
    public var distributionRatios: [Double] {
        zip(organic, aqueous).map { $0.1 > 0 ? $0.0 / $0.1 : .nan }
    }
    /// Equilibrium pH (molar scale) when the model has a proton balance, else nil.
    public var pH: Double?
    /// Acid added by the pH-stat to hold `fixedPH`, mol (negative: base added); 0 otherwise.
    public var acidAdded: Double
    /// Largest relative mass-balance error over species, dimensionless.
    public var massBalanceError: Double
    /// Solver outcome.
    public var report: SolverReport
}

/// Single-stage batch equilibrium solver. The mass balances are eliminated exactly: each
/// partitioning or organic-constraint species j with total amount T_j is described by its
/// extracted fraction f_j = V_org·y_j/T_j in logit form θ_j = ln(f_j/(1 − f_j)), so that
/// x_j = (T_j/V_aq)(1 − f_j) and y_j = (T_j/V_org) f_j stay positive and trace values in
/// either phase keep relative accuracy; the organic protons (which sit on a site balance
/// and pair with a total acid that may be negative) are one linear unknown y_H with
/// x_H = (T_H − V_org·y_H)/V_aq, or x_H fixed by the pH-stat. aqueousOnly and organicOnly
/// species are placed directly. Newton's method solves the closures ln y_j − ln y*_j = 0
/// (and y_H − y*_H = 0) with the model's analytic Jacobian (dense LU through GSL), steps
/// limited in θ and damped by backtracking. Reused by fitting and validation.
public enum BatchEquilibrium {
    /// Solve `problem` under `model`. Never traps on bad numbers: non-convergence,
    /// singular Jacobians and non-finite values come back as a return code.
    public static func solve(model: any EquilibriumModel, problem: BatchEquilibriumProblem,
                             maxIterations: Int = 200, tolerance: Double = 1e-13) -> BatchEquilibriumSolution {
        let n = model.speciesCount
        let va = problem.aqueousVolume, vo = problem.organicVolume
        let method = "newton-logit-batch"
        func fail(_ code: ReturnCode, _ what: String, _ iterations: Int = 0) -> BatchEquilibriumSolution {
            BatchEquilibriumSolution(aqueous: problem.aqueousInitial, organic: problem.organicInitial, pH: nil, acidAdded: 0,
                                     massBalanceError: .nan,
                                     report: SolverReport(code: code, method: method, iterations: iterations,
                                                          residual: .nan, worstLocation: what))
        }
        guard problem.aqueousInitial.count == n, problem.organicInitial.count == n else {
            return fail(.infeasible, "initial compositions must have \(n) species")
        }
        guard va > 0, vo > 0, va.isFinite, vo.isFinite else { return fail(.infeasible, "phase volumes must be positive") }
        guard (problem.aqueousInitial + problem.organicInitial).allSatisfy({ $0.isFinite }) else {
            return fail(.infeasible, "initial concentrations must be finite")
        }
        let protonModel = model as? AqueousProtonModel
        if problem.fixedPH != nil && protonModel == nil { return fail(.infeasible, "fixed pH needs a model with a proton balance") }
        let hIndex = protonModel?.protonSpeciesIndex
        let roles = (0..<n).map { model.role($0) }
        let total = (0..<n).map { va * problem.aqueousInitial[$0] + vo * problem.organicInitial[$0] }

        // Unknowns: logit of the extracted fraction, or the linear organic proton content.
        enum Unknown { case logit(Int), organicProtons(Int) }
        var unknowns: [Unknown] = []
        var x = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
        for j in 0..<n {
            switch roles[j] {
            case .aqueousOnly: x[j] = total[j] / va
            case .organicOnly: y[j] = total[j] / vo
            case .partitioning, .organicConstraint:
                if j == hIndex { unknowns.append(.organicProtons(j)) } else if total[j] > 0 { unknowns.append(.logit(j)) }
            }
        }
        let u = unknowns.count
        var theta = [Double](repeating: 0, count: n)   // logit per species (used for .logit unknowns)
        var yH = hIndex.map { problem.organicInitial[$0] } ?? 0
        func fixedAcid() -> Double? {
            guard let ph = problem.fixedPH, let pm = protonModel else { return nil }
            return pm.totalAcid(pH: ph, sulfate: pm.sulfateSpeciesIndex.map { x[$0] } ?? 0).value
        }
        // Place the state from the unknowns.
        func place() {
            for k in unknowns {
                switch k {
                case .logit(let j):
                    let t = theta[j]
                    let f = 1 / (1 + exp(-t)), g = 1 / (1 + exp(t))   // f and 1 − f without cancellation
                    x[j] = total[j] / va * g
                    y[j] = total[j] / vo * f
                case .organicProtons(let j):
                    y[j] = yH
                    x[j] = fixedAcid() ?? (total[j] - vo * yH) / va
                }
            }
        }
        // Start from the initial split of each species.
        for k in unknowns {
            if case .logit(let j) = k {
                let f = min(max(vo * problem.organicInitial[j] / total[j], 1e-6), 1 - 1e-6)
                theta[j] = log(f / (1 - f))
            }
        }
        place()

        var yStar = [Double](repeating: 0, count: n)
        var dYdX = [Double](repeating: 0, count: n * n)
        var dYdY = [Double](repeating: 0, count: n * n)
        var r = [Double](repeating: 0, count: u)
        var protonScale = 1.0
        func evaluate(jacobian: Bool) {
            for k in 0..<(n * n) { dYdX[k] = 0; dYdY[k] = 0 }
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    yStar.withUnsafeMutableBufferPointer { sp in
                        dYdX.withUnsafeMutableBufferPointer { ax in
                            dYdY.withUnsafeMutableBufferPointer { ay in
                                model.equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!,
                                                         dYdX: jacobian ? ax.baseAddress! : nil,
                                                         dYdY: jacobian ? ay.baseAddress! : nil)
                            }
                        }
                    }
                }
            }
            for (i, k) in unknowns.enumerated() {
                switch k {
                case .logit(let j):
                    r[i] = log(y[j]) - log(max(yStar[j], 1e-290))
                case .organicProtons(let j):
                    protonScale = max(abs(yStar[j]), abs(y[j]), 1e-9 * (abs(total[j]) / vo), 1e-12)
                    r[i] = (y[j] - yStar[j]) / protonScale
                }
            }
        }
        func maxNorm() -> (Double, Int) {
            var worst = 0.0, at = 0
            for i in 0..<u where !(abs(r[i]) <= worst) { worst = abs(r[i]); at = i }
            return (worst, at)
        }
        func location(_ i: Int) -> String {
            guard i < u else { return "-" }
            switch unknowns[i] {
            case .logit(let j): return "species \(j) equilibrium"
            case .organicProtons: return "organic proton site balance"
            }
        }
        // Sensitivities of (x_j, y_j) to unknown i (only its own species moves).
        func dState(_ i: Int) -> (j: Int, dx: Double, dy: Double) {
            switch unknowns[i] {
            case .logit(let j):
                let t = theta[j]
                let fg = 1 / ((1 + exp(-t)) * (1 + exp(t)))   // f(1 − f)
                return (j, -total[j] / va * fg, total[j] / vo * fg)
            case .organicProtons(let j):
                return (j, problem.fixedPH != nil ? 0 : -vo / va, 1)
            }
        }

        var iterations = 0
        if u == 0 {
            evaluate(jacobian: false)
        } else {
            evaluate(jacobian: true)
        }
        var (norm, worst) = maxNorm()
        var lastStep = Double.infinity
        while u > 0 && iterations < maxIterations {
            if !norm.isFinite { return fail(.nonFinite, location(worst), iterations) }
            if norm <= tolerance && lastStep <= 1e-12 { break }
            iterations += 1
            var jac = [Double](repeating: 0, count: u * u)
            for (col, _) in unknowns.enumerated() {
                let (l, dx, dy) = dState(col)
                for (row, k) in unknowns.enumerated() {
                    switch k {
                    case .logit(let j):
                        let ys = max(yStar[j], 1e-290)
                        var v = -(dYdX[j * n + l] * dx + dYdY[j * n + l] * dy) / ys
                        if j == l { v += dy / y[j] }
                        jac[row * u + col] = v
                    case .organicProtons(let j):
                        var v = -(dYdX[j * n + l] * dx + dYdY[j * n + l] * dy)
                        if j == l { v += dy }
                        jac[row * u + col] = v / protonScale
                    }
                }
            }
            let step: [Double]
            do {
                step = try gslSolveDense(matrix: jac, rhs: r.map { -$0 })
            } catch {
                return fail(.singularJacobian, location(worst), iterations)
            }
            if step.contains(where: { !$0.isFinite }) { return fail(.nonFinite, "Newton step", iterations) }
            // Limit logit moves to 4 units (a factor ~55 in a trace concentration) per step,
            // and proton moves to the organic's proton capacity scale.
            var alpha = 1.0
            for (i, k) in unknowns.enumerated() {
                switch k {
                case .logit: if abs(step[i]) > 4 { alpha = min(alpha, 4 / abs(step[i])) }
                case .organicProtons(let j):
                    let cap = max(abs(yH), abs(yStar[j]), 1e-6)
                    if abs(step[i]) > cap { alpha = min(alpha, cap / abs(step[i])) }
                }
            }
            let thetaOld = theta, yHOld = yH
            let norm2Old = r.reduce(0) { $0 + $1 * $1 }
            var accepted = false
            for _ in 0..<30 {
                for (i, k) in unknowns.enumerated() {
                    switch k {
                    case .logit(let j): theta[j] = thetaOld[j] + alpha * step[i]
                    case .organicProtons: yH = yHOld + alpha * step[i]
                    }
                }
                place()
                evaluate(jacobian: true)
                let norm2 = r.reduce(0) { $0 + $1 * $1 }
                if norm2.isFinite && (norm2 <= (1 - 1e-4 * alpha) * norm2Old || norm2 <= tolerance * tolerance) {
                    accepted = true
                    break
                }
                alpha *= 0.5
            }
            if !accepted {
                return BatchEquilibriumSolution(aqueous: x, organic: y, pH: protonModel?.pH(aqueous: x), acidAdded: 0,
                                                massBalanceError: .nan,
                                                report: SolverReport(code: .stalled, method: method, iterations: iterations,
                                                                     residual: norm, worstLocation: location(worst)))
            }
            (norm, worst) = maxNorm()
            var change = 0.0
            for (i, k) in unknowns.enumerated() {
                switch k {
                case .logit: change = max(change, abs(alpha * step[i]))
                case .organicProtons: change = max(change, abs(alpha * step[i]) / max(abs(yH), 1e-300))
                }
            }
            lastStep = change
        }
        let converged = norm <= tolerance && (u == 0 || lastStep <= 1e-12 || norm == 0)
        var balance = 0.0
        for j in 0..<n where !(problem.fixedPH != nil && j == hIndex) {
            balance = max(balance, abs(va * x[j] + vo * y[j] - total[j]) / max(abs(total[j]), 1e-300))
        }
        let acid = hIndex.map { problem.fixedPH != nil ? va * x[$0] + vo * y[$0] - total[$0] : 0 } ?? 0
        let report = SolverReport(code: converged ? .success : .maxIterations, method: method,
                                  iterations: iterations, residual: norm, worstLocation: location(worst))
        return BatchEquilibriumSolution(aqueous: x, organic: y, pH: protonModel?.pH(aqueous: x), acidAdded: acid,
                                        massBalanceError: balance, report: report)
    }
}
