import RareSepCascade

/// Anderson acceleration (a multisecant quasi-Newton method) of a fixed-point iteration
/// x ← G(x): from the last `depth` differences of the weighted residuals f = w·(G(x) − x)
/// and of the images G(x), the next iterate is G(x) − Σ γ_c·ΔG_c with γ the least-squares
/// fit of f by the Δf (Walker & Ni 2011, "Anderson acceleration for fixed-point
/// iterations", SIAM J. Numer. Anal. 49, 1715). Used by the steady flowsheet solver on its
/// tear streams and by the dynamic plant on the window averages of its tear streams.
public struct AndersonAcceleration {
    /// Most differences kept (0: plain substitution).
    public let depth: Int
    private var history: [(df: [Double], dg: [Double])] = []
    private var previous: (f: [Double], g: [Double])?

    /// An empty history of at most `depth` differences.
    public init(depth: Int) { self.depth = depth }

    /// The next iterate after x with image g = G(x), the residual weighted by `weights`
    /// (one per variable, e.g. 1/scale): g itself until there is a difference, and g again
    /// (with the history cleared) when the fit is singular or the result not finite.
    public mutating func next(x: [Double], g: [Double], weights w: [Double]) -> [Double] {
        let dim = x.count
        let f = (0..<dim).map { (g[$0] - x[$0]) * w[$0] }
        if let prev = previous {
            history.append((df: zip(f, prev.f).map { $0 - $1 }, dg: zip(g, prev.g).map { $0 - $1 }))
            if history.count > depth { history.removeFirst() }
        }
        previous = (f, g)
        var next = g
        if !history.isEmpty, let gamma = Self.leastSquares(columns: history.map(\.df), rhs: f) {
            for (c, h) in history.enumerated() { for i in 0..<dim { next[i] -= gamma[c] * h.dg[i] } }
        }
        if next.contains(where: { !$0.isFinite }) { next = g; history.removeAll() }
        return next
    }

    /// Forget the history (a new iteration).
    public mutating func reset() {
        history.removeAll()
        previous = nil
    }

    /// γ minimising |rhs − Σ γ_c·columns_c| by modified Gram–Schmidt QR, dropping columns
    /// that are (numerically) dependent on the earlier ones; nil when none is left or γ is
    /// not finite.
    static func leastSquares(columns: [[Double]], rhs: [Double]) -> [Double]? {
        let m = columns.count
        var q: [[Double]] = []
        var r = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        var kept: [Int] = []
        for c in 0..<m {
            var v = columns[c]
            let norm0 = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
            guard norm0 > 0 else { continue }
            for (qi, qv) in q.enumerated() {
                let d = zip(qv, v).reduce(0) { $0 + $1.0 * $1.1 }
                r[qi][c] = d
                for i in v.indices { v[i] -= d * qv[i] }
            }
            let norm = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
            guard norm > 1e-10 * norm0 else { continue }
            r[q.count][c] = norm
            q.append(v.map { $0 / norm })
            kept.append(c)
        }
        guard !kept.isEmpty else { return nil }
        let qtb = q.map { qv in zip(qv, rhs).reduce(0) { $0 + $1.0 * $1.1 } }
        var gamma = [Double](repeating: 0, count: m)
        for row in stride(from: kept.count - 1, through: 0, by: -1) {
            var s = qtb[row]
            for later in (row + 1)..<kept.count { s -= r[row][kept[later]] * gamma[kept[later]] }
            gamma[kept[row]] = s / r[row][kept[row]]
        }
        return gamma.allSatisfy(\.isFinite) ? gamma : nil
    }
}

/// Tear streams as the vector a fixed-point iteration works on: per stream its flow (m³/s),
/// then its molar flow of each species (mol/s). Shared by the steady flowsheet's tear loop
/// and the dynamic plant's window sweeps.
public enum TearVector {
    /// The vector of `streams` (n species each).
    public static func pack(_ streams: [ProcessStream], species n: Int) -> [Double] {
        let width = n + 1
        var v = [Double](repeating: 0, count: streams.count * width)
        for (i, s) in streams.enumerated() {
            v[i * width] = s.flow
            for j in 0..<n { v[i * width + 1 + j] = s.flow * s.concentrations[j] }
        }
        return v
    }

    /// The streams of vector `v` in `phases` (one per stream), flows and amounts clipped at 0.
    public static func unpack(_ v: [Double], phases: [Phase], species n: Int) -> [ProcessStream] {
        let width = n + 1
        return phases.enumerated().map { i, phase in
            let amounts = (0..<n).map { max(0, v[i * width + 1 + $0]) }
            return ProcessStream.fromAmounts(amounts, flow: max(0, v[i * width]), phase: phase)
        }
    }

    /// Anderson weights 1/scale per variable from an iterate x and its image g: each
    /// variable's own size, floored at 1e-3 of the largest of its kind (flow, or the
    /// species' molar flow) over every tear stream in x and g.
    public static func weights(iterate x: [Double], image g: [Double], species n: Int) -> [Double] {
        let width = n + 1
        var largest = [Double](repeating: 0, count: width)
        for i in g.indices { largest[i % width] = max(largest[i % width], abs(g[i]), abs(x[i])) }
        return g.indices.map { i in 1 / max(abs(g[i]), 1e-3 * largest[i % width], 1e-300) }
    }
}
