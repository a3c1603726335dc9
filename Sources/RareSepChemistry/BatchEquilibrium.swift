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

/// Single-stage batch equilibrium solver (Newton's method on the mass balance of every
/// species plus one closure per species from its role, with the model's analytic
/// Jacobian; dense LU through GSL). Rows and columns are scaled by the magnitude of each
/// species so trace components converge to relative accuracy; steps keep every
/// concentration except total acid non-negative (fraction to the boundary) and are
/// damped by backtracking on the scaled residual. Reused by fitting and validation.
public enum BatchEquilibrium {
    /// Solve `problem` under `model`. Never traps on bad numbers: non-convergence,
    /// singular Jacobians and non-finite values come back as a return code.
    public static func solve(model: any EquilibriumModel, problem: BatchEquilibriumProblem,
                             maxIterations: Int = 200, tolerance: Double = 1e-13) -> BatchEquilibriumSolution {
        let n = model.speciesCount
        let va = problem.aqueousVolume, vo = problem.organicVolume
        func fail(_ code: ReturnCode, _ what: String) -> BatchEquilibriumSolution {
            BatchEquilibriumSolution(aqueous: problem.aqueousInitial, organic: problem.organicInitial, pH: nil, acidAdded: 0,
                                     massBalanceError: .nan,
                                     report: SolverReport(code: code, method: "newton-dense-batch", iterations: 0,
                                                          residual: .nan, worstLocation: what))
        }
        guard problem.aqueousInitial.count == n, problem.organicInitial.count == n else {
            return fail(.infeasible, "initial compositions must have \(n) species")
        }
        guard va > 0, vo > 0, va.isFinite, vo.isFinite else { return fail(.infeasible, "phase volumes must be positive") }
        let protonModel = model as? AqueousProtonModel
        if problem.fixedPH != nil && protonModel == nil { return fail(.infeasible, "fixed pH needs a model with a proton balance") }
        let hIndex = protonModel?.protonSpeciesIndex
        let roles = (0..<n).map { model.role($0) }
        let total = (0..<n).map { va * problem.aqueousInitial[$0] + vo * problem.organicInitial[$0] }
        // Scales: amount per species for balance rows, concentration for columns.
        let amountFloor = 1e-300
        var x = problem.aqueousInitial, y = problem.organicInitial
        for j in 0..<n {
            switch roles[j] {
            case .aqueousOnly: x[j] = total[j] / va; y[j] = 0
            case .organicOnly: y[j] = total[j] / vo; x[j] = 0
            default: break
            }
        }
        if let ph = problem.fixedPH, let pm = protonModel, let h = hIndex {
            x[h] = pm.totalAcid(pH: ph, sulfate: pm.sulfateSpeciesIndex.map { x[$0] } ?? 0).value
        }
        var yStar = [Double](repeating: 0, count: n)
        var dYdX = [Double](repeating: 0, count: n * n)
        var dYdY = [Double](repeating: 0, count: n * n)
        var f = [Double](repeating: 0, count: 2 * n)
        var rowScale = [Double](repeating: 1, count: 2 * n)

        func evaluate(_ x: [Double], _ y: [Double], jacobian: Bool) {
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
            for j in 0..<n {
                if let ph = problem.fixedPH, let pm = protonModel, j == hIndex {
                    let target = pm.totalAcid(pH: ph, sulfate: pm.sulfateSpeciesIndex.map { x[$0] } ?? 0).value
                    f[j] = x[j] - target
                    rowScale[j] = max(abs(target), abs(x[j]), 1e-12)
                } else {
                    f[j] = va * x[j] + vo * y[j] - total[j]
                    rowScale[j] = max(abs(total[j]), va * abs(x[j]), vo * abs(y[j]), amountFloor)
                }
                switch roles[j] {
                case .partitioning, .organicConstraint:
                    f[n + j] = y[j] - yStar[j]
                    rowScale[n + j] = max(abs(y[j]), abs(yStar[j]), 1e-300)
                case .aqueousOnly:
                    f[n + j] = y[j]
                    rowScale[n + j] = max(abs(x[j]), 1e-300)
                case .organicOnly:
                    f[n + j] = x[j]
                    rowScale[n + j] = max(abs(y[j]), 1e-300)
                }
            }
        }
        func scaledNorm() -> (Double, Int) {
            var worst = 0.0, at = 0
            for r in 0..<(2 * n) {
                let v = abs(f[r]) / rowScale[r]
                if !(v <= worst) { worst = v; at = r }
            }
            return (worst, at)
        }
        func location(_ r: Int) -> String {
            let j = r % n
            return "species \(j)" + (r < n ? " mass balance" : " equilibrium closure")
        }

        var iterations = 0
        evaluate(x, y, jacobian: true)
        var (norm, worstRow) = scaledNorm()
        var lastStep = Double.infinity
        while iterations < maxIterations {
            if !norm.isFinite { return fail(.nonFinite, location(worstRow)) }
            if norm <= tolerance && lastStep <= 1e-10 { break }
            iterations += 1
            // Jacobian of F in (x, y), scaled: J̃ = R⁻¹ J C with C = column scales.
            var colScale = [Double](repeating: 1, count: 2 * n)
            for j in 0..<n {
                colScale[j] = max(abs(x[j]), 1e-30)
                colScale[n + j] = max(abs(y[j]), 1e-30)
            }
            var jac = [Double](repeating: 0, count: 4 * n * n)
            let w = 2 * n
            for j in 0..<n {
                if let pm = protonModel, problem.fixedPH != nil, j == hIndex {
                    jac[j * w + j] = 1
                    if let s = pm.sulfateSpeciesIndex {
                        jac[j * w + s] = -pm.totalAcid(pH: problem.fixedPH!, sulfate: x[s]).dSulfate
                    }
                } else {
                    jac[j * w + j] = va
                    jac[j * w + n + j] = vo
                }
                let r = (n + j) * w
                switch roles[j] {
                case .partitioning, .organicConstraint:
                    for k in 0..<n {
                        jac[r + k] = -dYdX[j * n + k]
                        jac[r + n + k] = -dYdY[j * n + k]
                    }
                    jac[r + n + j] += 1
                case .aqueousOnly:
                    jac[r + n + j] = 1
                case .organicOnly:
                    jac[r + j] = 1
                }
            }
            for r in 0..<w {
                for c in 0..<w { jac[r * w + c] *= colScale[c] / rowScale[r] }
            }
            let rhs = (0..<w).map { -f[$0] / rowScale[$0] }
            let scaledStep: [Double]
            do {
                scaledStep = try gslSolveDense(matrix: jac, rhs: rhs)
            } catch {
                return fail(.singularJacobian, location(worstRow))
            }
            let dx = (0..<n).map { scaledStep[$0] * colScale[$0] }
            let dy = (0..<n).map { scaledStep[n + $0] * colScale[n + $0] }
            if dx.contains(where: { !$0.isFinite }) || dy.contains(where: { !$0.isFinite }) {
                return fail(.nonFinite, "Newton step")
            }
            // Fraction to the boundary: every concentration but total acid stays ≥ 0.
            var alpha = 1.0
            for j in 0..<n where j != hIndex {
                if dx[j] < 0 && x[j] > 0 { alpha = min(alpha, 0.99 * x[j] / -dx[j]) }
                if dy[j] < 0 && y[j] > 0 { alpha = min(alpha, 0.99 * y[j] / -dy[j]) }
            }
            // Backtracking on the scaled residual.
            var accepted = false
            var xNew = x, yNew = y
            for _ in 0..<40 {
                for j in 0..<n {
                    xNew[j] = x[j] + alpha * dx[j]
                    yNew[j] = y[j] + alpha * dy[j]
                    if j != hIndex { xNew[j] = max(xNew[j], 0); yNew[j] = max(yNew[j], 0) }
                }
                evaluate(xNew, yNew, jacobian: true)
                let (trial, at) = scaledNorm()
                if trial.isFinite && (trial <= (1 - 1e-4 * alpha) * norm || trial <= tolerance) {
                    norm = trial; worstRow = at; accepted = true
                    break
                }
                alpha *= 0.5
            }
            if !accepted {
                // Take the smallest step anyway; stalls are reported by the iteration cap.
                evaluate(xNew, yNew, jacobian: true)
                (norm, worstRow) = scaledNorm()
            }
            var rel = 0.0
            for j in 0..<n {
                rel = max(rel, abs(xNew[j] - x[j]) / max(abs(xNew[j]), 1e-300), abs(yNew[j] - y[j]) / max(abs(yNew[j]), 1e-300))
            }
            lastStep = rel.isNaN ? 0 : rel
            x = xNew; y = yNew
        }
        let converged = norm <= tolerance && lastStep <= 1e-10
        var balance = 0.0
        for j in 0..<n where !(problem.fixedPH != nil && j == hIndex) {
            balance = max(balance, abs(va * x[j] + vo * y[j] - total[j]) / max(abs(total[j]), amountFloor))
        }
        let acid = hIndex.map { problem.fixedPH != nil ? va * x[$0] + vo * y[$0] - total[$0] : 0 } ?? 0
        let report = SolverReport(code: converged ? .success : .maxIterations, method: "newton-dense-batch",
                                  iterations: iterations, residual: norm, worstLocation: location(worstRow))
        return BatchEquilibriumSolution(aqueous: x, organic: y, pH: protonModel?.pH(aqueous: x), acidAdded: acid,
                                        massBalanceError: balance, report: report)
    }
}
