import Foundation

/// Whether the data can determine the fitted parameters: checked on the data before
/// fitting (distinct points, variation of the observations) and on the Jacobian at the
/// optimum (numerical rank), so that a fit the data cannot support ends with a
/// "not identifiable" status naming the parameters, never as CONVERGED with undefined
/// uncertainties.
public enum Identifiability {
    /// Relative tolerance on the singular values of the column-scaled Jacobian: σ_k/σ_max
    /// below it counts as rank deficient. Analytic Jacobians are exact to rounding, so a
    /// dependence shows as ~1e-15; finite differences carry ~1e-8 relative noise.
    public static func tolerance(analyticJacobian: Bool) -> Double { analyticJacobian ? 1e-8 : 1e-6 }

    /// Parameters the n×p row-major Jacobian `j` does not identify: columns without any
    /// effect on the predictions, and the parameters taking part (|v_k| ≥ 0.1) in every right
    /// singular vector whose singular value of the column-scaled J falls below `tolerance`
    /// relative to the largest (one-sided Jacobi SVD, accurate to rounding, no JᵀJ formed).
    /// Returns the parameter indices (sorted) and the smallest relative singular value.
    public static func rankDeficiency(jacobian j: [Double], rows n: Int, parameters p: Int,
                                      tolerance: Double) -> (parameters: [Int], smallestRatio: Double) {
        guard p > 0, n > 0, j.count == n * p else { return ([], .nan) }
        var flagged = Set<Int>()
        var live: [Int] = []
        var columns: [[Double]] = []
        var largest = 0.0
        for k in 0..<p {
            var col = (0..<n).map { j[$0 * p + k] }
            if col.contains(where: { !$0.isFinite }) { flagged.insert(k); continue }
            let norm = col.reduce(0) { $0 + $1 * $1 }.squareRoot()
            largest = max(largest, norm)
            if norm == 0 { flagged.insert(k); continue }
            for i in 0..<n { col[i] /= norm }
            live.append(k)
            columns.append(col)
        }
        // Columns negligible next to the largest one: no measurable effect.
        for k in 0..<p where !flagged.contains(k) {
            let norm = (0..<n).reduce(0.0) { $0 + j[$1 * p + k] * j[$1 * p + k] }.squareRoot()
            if norm <= 1e-14 * largest { flagged.insert(k) }
        }
        let q = live.count
        var smallest = 1.0
        if q > 1 {
            var v = [[Double]](repeating: [Double](repeating: 0, count: q), count: q)
            for a in 0..<q { v[a][a] = 1 }
            for _ in 0..<60 {
                var rotated = false
                for a in 0..<(q - 1) {
                    for b in (a + 1)..<q {
                        var alpha = 0.0, beta = 0.0, gamma = 0.0
                        for i in 0..<n {
                            let x = columns[a][i], y = columns[b][i]
                            alpha += x * x; beta += y * y; gamma += x * y
                        }
                        if abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
                        rotated = true
                        let zeta = (beta - alpha) / (2 * gamma)
                        let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                        let c = 1 / (1 + t * t).squareRoot(), s = c * t
                        for i in 0..<n {
                            let x = columns[a][i], y = columns[b][i]
                            columns[a][i] = c * x - s * y
                            columns[b][i] = s * x + c * y
                        }
                        for r in 0..<q {
                            let x = v[r][a], y = v[r][b]
                            v[r][a] = c * x - s * y
                            v[r][b] = s * x + c * y
                        }
                    }
                }
                if !rotated { break }
            }
            let sigma = columns.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            let top = sigma.max() ?? 0
            for a in 0..<q {
                let ratio = top > 0 ? sigma[a] / top : 0
                smallest = min(smallest, ratio)
                if ratio < tolerance {
                    for r in 0..<q where abs(v[r][a]) >= 0.1 { flagged.insert(live[r]) }
                }
            }
        }
        return (flagged.sorted(), flagged.isEmpty ? smallest : 0)
    }
}

extension LeastSquaresEstimator {
    /// Refuse, before fitting, data that cannot determine the parameters: fewer distinct
    /// points than parameters (e.g. every row the same conditions), or observations without
    /// any variation (zero variance: every value the same).
    public static func checkIdentifiableData(_ problem: FitProblem) throws {
        let p = problem.parameters.count
        let names = problem.parameters.map(\.name)
        if let d = problem.distinctPoints, d < p {
            throw FitSetupError.notIdentifiable(
                parameters: names,
                reason: "the dataset gives only \(d) distinct point(s) (rows with different conditions × targets) for \(p) parameter(s); \(p) parameters need at least \(p) distinct points, and more to estimate their uncertainty")
        }
        let y = problem.observations
        if y.count > 1, let first = y.first, y.allSatisfy({ $0 == first }) {
            throw FitSetupError.notIdentifiable(
                parameters: names,
                reason: "every observation is \(first) (zero variance): the data carry no information to fit")
        }
    }
}
