import GSLBridge
import RareSepChemistry
import RareSepCore

/// Conditions of one batch shake-out test: initial aqueous x⁰ and organic y⁰
/// (mol/m³ per species), phase ratio r = V_org/V_aq, and optionally species whose
/// equilibrium aqueous concentration is held (a pH-stat: the measured equilibrium pH).
public struct BatchConditions: Sendable {
    /// Initial aqueous concentrations x⁰_j, mol/m³.
    public var aqueous: [Double]
    /// Initial organic concentrations y⁰_j, mol/m³ (extractant totals for organic-only species).
    public var organic: [Double]
    /// Phase ratio r = O/A (organic to aqueous volume), dimensionless.
    public var phaseRatio: Double
    /// Held equilibrium aqueous concentration per species (mol/m³), nil where free.
    public var heldAqueous: [Double?]

    public init(aqueous: [Double], organic: [Double], phaseRatio: Double, heldAqueous: [Double?]? = nil) {
        self.aqueous = aqueous
        self.organic = organic
        self.phaseRatio = phaseRatio
        self.heldAqueous = heldAqueous ?? [Double?](repeating: nil, count: aqueous.count)
    }
}

/// The equilibrium state of a batch test.
public struct BatchState: Sendable {
    /// Equilibrium aqueous x_j and organic y_j, mol/m³.
    public var aqueous: [Double]
    public var organic: [Double]
    /// Solver outcome.
    public var report: SolverReport
}

/// Single-stage (batch) equilibrium: for every species the mass balance
/// x_j + r·y_j = x⁰_j + r·y⁰_j (or x_j = held value), and the model's closure
/// y_j = y*_j(x, y) (partitioning, organic constraint), y_j = 0 (aqueous only) or
/// x_j = 0 (organic only) — physics.md §2 with E_M = 1 and no flows. Newton on
/// the 2n unknowns with the model's Jacobians, damped to keep concentrations ≥ 0.
public enum BatchEquilibrium {
    /// Solve one batch test. Never throws: trouble is in the report's code.
    public static func solve(model: any EquilibriumModel, conditions c: BatchConditions,
                             maxIterations: Int = 100, tolerance: Double = 1e-13) -> BatchState {
        let n = model.speciesCount
        let r = c.phaseRatio
        let total = (0..<n).map { c.aqueous[$0] + r * c.organic[$0] }
        let scale = max(total.map(abs).max() ?? 1, 1e-30)
        var x = [Double](repeating: 0, count: n)
        var y = [Double](repeating: 0, count: n)
        let roles = (0..<n).map { model.role($0) }
        for j in 0..<n {
            if let h = c.heldAqueous[j] { x[j] = h; y[j] = max(0, (total[j] - h) / r) }
            else if roles[j] == .organicOnly { x[j] = 0; y[j] = total[j] / r }
            else { x[j] = total[j]; y[j] = 0 }
        }
        var yStar = [Double](repeating: 0, count: n)
        var dX = [Double](repeating: 0, count: n * n)
        var dY = [Double](repeating: 0, count: n * n)
        var f = [Double](repeating: 0, count: 2 * n)
        var jac = [Double](repeating: 0, count: 4 * n * n)

        func residual(_ x: [Double], _ y: [Double], jacobian: Bool) -> Double {
            for k in 0..<(n * n) { dX[k] = 0; dY[k] = 0 }
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    yStar.withUnsafeMutableBufferPointer { sp in
                        dX.withUnsafeMutableBufferPointer { dxp in
                            dY.withUnsafeMutableBufferPointer { dyp in
                                model.equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!,
                                                         dYdX: jacobian ? dxp.baseAddress! : nil,
                                                         dYdY: jacobian ? dyp.baseAddress! : nil)
                            }
                        }
                    }
                }
            }
            var norm = 0.0
            let m = 2 * n
            if jacobian { for k in 0..<(m * m) { jac[k] = 0 } }
            for j in 0..<n {
                // Row j: mass balance (or held x).
                if let h = c.heldAqueous[j] {
                    f[j] = x[j] - h
                    if jacobian { jac[j * m + j] = 1 }
                } else {
                    f[j] = x[j] + r * y[j] - total[j]
                    if jacobian { jac[j * m + j] = 1; jac[j * m + n + j] = r }
                }
                // Row n + j: closure.
                let row = (n + j) * m
                switch roles[j] {
                case .partitioning, .organicConstraint:
                    f[n + j] = y[j] - yStar[j]
                    if jacobian {
                        for k in 0..<n {
                            jac[row + k] = -dX[j * n + k]
                            jac[row + n + k] = (j == k ? 1 : 0) - dY[j * n + k]
                        }
                    }
                case .aqueousOnly:
                    f[n + j] = y[j]
                    if jacobian { jac[row + n + j] = 1 }
                case .organicOnly:
                    f[n + j] = x[j]
                    if jacobian { jac[row + j] = 1 }
                }
            }
            for k in 0..<m { norm = max(norm, abs(f[k]) / scale) }
            return norm.isFinite ? norm : .infinity
        }

        var norm = residual(x, y, jacobian: true)
        var iterations = 0
        while norm > tolerance && iterations < maxIterations {
            iterations += 1
            let step: [Double]
            do {
                step = try gslSolveDense(matrix: jac, rhs: f.map { -$0 })
            } catch {
                return BatchState(aqueous: x, organic: y, report: SolverReport(
                    code: .singularJacobian, method: "batch-newton", iterations: iterations, residual: norm,
                    worstLocation: "batch stage", notes: ["\(error)"]))
            }
            // Damping: stay non-negative, then halve until the residual drops.
            var lambda = 1.0
            for j in 0..<n {
                if step[j] < 0 && x[j] + step[j] < 0 { lambda = min(lambda, 0.9 * x[j] / -step[j]) }
                if step[n + j] < 0 && y[j] + step[n + j] < 0 { lambda = min(lambda, 0.9 * y[j] / -step[n + j]) }
            }
            var accepted = false
            for _ in 0..<40 {
                let xt = (0..<n).map { max(0, x[$0] + lambda * step[$0]) }
                let yt = (0..<n).map { max(0, y[$0] + lambda * step[n + $0]) }
                let nt = residual(xt, yt, jacobian: false)
                if nt < norm || nt <= tolerance {
                    x = xt; y = yt
                    accepted = true
                    break
                }
                lambda /= 2
            }
            if !accepted {
                _ = residual(x, y, jacobian: false)
                return BatchState(aqueous: x, organic: y, report: SolverReport(
                    code: .stalled, method: "batch-newton", iterations: iterations, residual: norm,
                    worstLocation: "batch stage", notes: ["no damped Newton step reduced the residual"]))
            }
            norm = residual(x, y, jacobian: true)
        }
        let code: ReturnCode = norm <= tolerance ? .success : (norm.isFinite ? .maxIterations : .nonFinite)
        return BatchState(aqueous: x, organic: y, report: SolverReport(
            code: code, method: "batch-newton", iterations: iterations, residual: norm, worstLocation: "batch stage"))
    }
}
