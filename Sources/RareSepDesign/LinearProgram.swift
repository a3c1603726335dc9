/// A small dense linear program: maximise c·z subject to A·z ≤ b with b ≥ 0 and z ≥ 0
/// (the origin is feasible), by the tableau simplex method with Bland's rule (no
/// cycling). For the design's flow subproblems: a handful of variables and a few dozen rows.
struct LinearProgram {
    var c: [Double]
    var a: [[Double]]
    var b: [Double]

    /// The optimum z, or nil when unbounded.
    func solve(maxPivots: Int = 500) -> [Double]? {
        let n = c.count, m = b.count
        precondition(b.allSatisfy { $0 >= 0 }, "the origin must be feasible")
        // Tableau rows: [A | I | b]; objective row: [-c | 0 | 0].
        let width = n + m + 1
        var t = [[Double]](repeating: [Double](repeating: 0, count: width), count: m + 1)
        for i in 0..<m {
            for j in 0..<n { t[i][j] = a[i][j] }
            t[i][n + i] = 1
            t[i][width - 1] = b[i]
        }
        for j in 0..<n { t[m][j] = -c[j] }
        var basis = (0..<m).map { n + $0 }
        let eps = 1e-12
        for _ in 0..<maxPivots {
            // Entering: the lowest-index column with a negative reduced cost (Bland).
            guard let e = (0..<(n + m)).first(where: { t[m][$0] < -eps }) else { break }
            // Leaving: minimum ratio, ties to the lowest basis index (Bland).
            var leave = -1, best = Double.infinity
            for i in 0..<m where t[i][e] > eps {
                let r = t[i][width - 1] / t[i][e]
                if r < best - 1e-15 || (abs(r - best) <= 1e-15 && leave >= 0 && basis[i] < basis[leave]) { best = r; leave = i }
            }
            if leave < 0 { return nil }
            let pivot = t[leave][e]
            for j in 0..<width { t[leave][j] /= pivot }
            for i in 0...m where i != leave && t[i][e] != 0 {
                let f = t[i][e]
                for j in 0..<width { t[i][j] -= f * t[leave][j] }
            }
            basis[leave] = e
        }
        var z = [Double](repeating: 0, count: n)
        for (i, v) in basis.enumerated() where v < n { z[v] = max(0, t[i][width - 1]) }
        return z
    }
}
