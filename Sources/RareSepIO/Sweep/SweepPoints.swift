import Foundation
import GSLBridge
import RareSepCore

/// Point generation for sweeps: full-factorial grids, Latin hypercubes and
/// multivariate-normal Monte Carlo samples, all reproducible from the plan alone
/// (seeded MT19937, GSLBridge.SeededRandom; independent of thread and shard count).
public enum SweepPoints {
    /// `count` values from `from` to `to` inclusive, evenly spaced (geometrically when `log`).
    public static func range(from: Double, to: Double, count: Int, log: Bool) -> [Double] {
        if count == 1 { return [from] }
        return (0..<count).map { k in
            let t = Double(k) / Double(count - 1)
            if k == count - 1 { return to }
            return log ? Foundation.exp(Foundation.log(from) + t * (Foundation.log(to) - Foundation.log(from))) : from + t * (to - from)
        }
    }

    /// Every combination of the axes' value indices, the last axis varying fastest.
    public static func grid(_ sizes: [Int]) -> [[Int]] {
        var points: [[Int]] = [[]]
        for n in sizes { points = points.flatMap { p in (0..<n).map { p + [$0] } } }
        return points
    }

    /// A Latin hypercube of `samples` points in [0,1)^dimensions: along each dimension
    /// every stratum [k/n, (k+1)/n) holds exactly one point (uniform within it); strata
    /// are paired by independent random permutations. Seeded.
    public static func latinHypercube(samples n: Int, dimensions d: Int, seed: UInt64) -> [[Double]] {
        let rng = SeededRandom(seed: UInt(seed))
        var columns: [[Double]] = []
        for _ in 0..<d {
            var perm = Array(0..<n)
            // Fisher–Yates with the seeded generator (Swift's shuffle may change between releases).
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = min(i, Int(rng.uniform() * Double(i + 1)))
                perm.swapAt(i, j)
            }
            columns.append(perm.map { (Double($0) + rng.uniform()) / Double(n) })
        }
        return (0..<n).map { k in columns.map { $0[k] } }
    }

    /// The lower-triangular Cholesky factor L (Σ = L Lᵀ) of a symmetric positive
    /// semi-definite matrix; nil when Σ is not (a negative pivot beyond rounding).
    /// Zero pivots (a parameter with no spread, perfectly correlated ones) give zero columns.
    public static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            let tol = 1e-12 * max(abs(a[j][j]), Double.leastNormalMagnitude)
            if d < -tol { return nil }
            let ljj = d > tol ? d.squareRoot() : 0
            l[j][j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = ljj > 0 ? s / ljj : 0
            }
        }
        return l
    }

    /// `samples` draws from N(mean, covariance) as mean + L z (z standard normal, L the
    /// Cholesky factor), seeded; nil when the covariance is not positive semi-definite.
    public static func multivariateNormal(mean: [Double], covariance: [[Double]], samples: Int, seed: UInt64) -> [[Double]]? {
        guard let l = cholesky(covariance) else { return nil }
        let rng = SeededRandom(seed: UInt(seed))
        let n = mean.count
        return (0..<samples).map { _ in
            let z = (0..<n).map { _ in rng.gaussian(standardDeviation: 1) }
            return (0..<n).map { i in
                var x = mean[i]
                for k in 0...i { x += l[i][k] * z[k] }
                return x
            }
        }
    }
}

extension SweepPlan {
    /// One point: the index and, per variable, the text written into the case and the CSV cell.
    public struct Point: Sendable {
        /// Point index k (0-based; shard k mod n).
        public var index: Int
        /// Per variable, the text written into the case ("15 L/h").
        public var texts: [String]
        /// Per variable, the CSV cell (the number in the column's unit).
        public var cells: [String]
    }

    /// Every point of the plan, in index order.
    public func points() throws -> [Point] {
        func cell(_ v: Double, _ variable: Variable) -> String {
            variable.integer ? String(Int(v.rounded())) : SweepTable.number(v)
        }
        func text(_ c: String, _ variable: Variable) -> String {
            variable.unit.isEmpty ? c : "\(c) \(variable.unit)"
        }
        var rows: [[String]] = []
        switch method {
        case .grid:
            let axes: [[String]] = variables.map { v in
                switch v.values {
                case .list(let t): return t
                case .range(let from, let to, let count, let log):
                    return Self.distinct(SweepPoints.range(from: from, to: to, count: count ?? 1, log: log).map { cell($0, v) })
                case .fitted: return []
                }
            }
            rows = SweepPoints.grid(axes.map(\.count)).map { idx in idx.enumerated().map { axes[$0.offset][$0.element] } }
        case .latin_hypercube:
            let u = SweepPoints.latinHypercube(samples: samples ?? 1, dimensions: variables.count, seed: seed)
            rows = u.map { p in
                zip(p, variables).map { t, v in
                    guard case .range(let from, let to, _, let log) = v.values else { return "" }
                    if v.integer {
                        // Whole numbers: strata of the real interval [from−½, to+½) map to its integers.
                        let lo = min(from, to) - 0.5, hi = max(from, to) + 0.5
                        return cell(min(max(lo + t * (hi - lo), min(from, to)), max(from, to)), v)
                    }
                    let x = log ? Foundation.exp(Foundation.log(from) + t * (Foundation.log(to) - Foundation.log(from))) : from + t * (to - from)
                    return cell(x, v)
                }
            }
        case .monte_carlo:
            guard let fitted, let draws = SweepPoints.multivariateNormal(mean: fitted.mean, covariance: fitted.covariance,
                                                                         samples: samples ?? 1, seed: seed) else {
                throw fitted!.node.error("a fit whose covariance is positive semi-definite", problem: "Cholesky factorisation failed")
            }
            rows = draws.map { d in zip(d, variables).map { cell($0, $1) } }
        }
        return rows.enumerated().map { k, cells in
            Point(index: k, texts: zip(cells, variables).map { text($0, $1) }, cells: cells)
        }
    }

    /// A grid axis whose rounded values repeat (a short integer range) keeps each once.
    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
