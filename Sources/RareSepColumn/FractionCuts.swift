/// A purity target for an automatically cut product fraction.
public struct CutTarget: Sendable, Equatable {
    /// Index of the product component.
    public var product: Int
    /// Least purity among binding components (mol fraction, in (0, 1]).
    public var purity: Double

    public init(product: Int, purity: Double) {
        self.product = product
        self.purity = purity
    }
}

/// A cut chosen by `FractionCuts.choose`: the window [from, to] (s) for one product,
/// or nil bounds when no window of the outlet history reaches the purity target.
public struct ChosenCut: Sendable, Codable {
    public var product: String
    /// Purity target (mol fraction among binding components).
    public var target: Double
    /// Window (s); nil when the target cannot be met.
    public var from_s: Double?
    public var to_s: Double?
    /// Purity reached and recovery (collected / normalising amount, usually fed).
    public var purity: Double?
    public var recovery: Double?
    /// Product collected (mol/m²).
    public var amount: Double?
}

/// Fraction cuts chosen for given purity targets: windows on a sampled outlet history
/// that maximise the recovery of each product subject to its purity, exactly on the
/// discretised history (cut points at sample times; the cumulative outflow at the
/// samples is the integrator's exact integral, `ColumnRun.cumulativeOutflow`).
///
/// One product P with purity target π: with M_j(t) the cumulative outflow, a window
/// [a, b] meets the target iff A_P ≥ π·Σ_binding A_i (A = M(b) − M(a)), i.e. iff
/// g(a) ≤ g(b) with g = (1−π)·M_P − π·Σ_{i≠P} M_i. For a fixed end b the recovery
/// M_P(b) − M_P(a) is largest for the earliest admissible a (M_P never decreases), the
/// first index where the running minimum of g drops to g(b) or below: a binary search
/// on the non-increasing prefix minimum, O(n log n) overall, exact.
///
/// Several products: their windows may not overlap and are taken in elution order
/// (by the time half of each product has left within the range). A dynamic programme
/// over the samples, F_k(s) = best summed recovery of the first k products with all
/// windows ending by sample s, F_k(s) = max(F_k(s−1), F_{k−1}(s),
/// max_{a<s, g_k(a) ≤ g_k(s)} [F_{k−1}(a) − w_k M_k(a)] + w_k M_k(s)), w_k = 1/fed_k,
/// with the inner maximum from a Fenwick tree over the ranks of g_k: O(K·n log n),
/// exact for the ordered problem. A product whose target no window meets gets none.
public enum FractionCuts {
    /// Windows for `targets` on the samples `times[lo...hi]` with cumulative outflow
    /// `cumulative[k][j]` (mol/m²); `binding` are the components that count in purity;
    /// recovery is amount/`normaliser[j]` (the amount fed; the total outflow when 0).
    public static func choose(times: [Double], cumulative: [[Double]], range: ClosedRange<Int>? = nil, binding: [Int],
                              targets: [CutTarget], normaliser: [Double], names: [String]) -> [ChosenCut] {
        guard times.count >= 2, !targets.isEmpty else {
            return targets.map { ChosenCut(product: names[$0.product], target: $0.purity) }
        }
        let lo = range?.lowerBound ?? 0, hi = range?.upperBound ?? times.count - 1
        let K = hi - lo + 1
        func M(_ s: Int, _ j: Int) -> Double { cumulative[lo + s][j] }
        // elution order: time at which half of the product's outflow in the range has left
        let order = targets.indices.sorted { x, y in
            func half(_ t: CutTarget) -> Double {
                let total = M(K - 1, t.product) - M(0, t.product)
                for s in 0..<K where M(s, t.product) - M(0, t.product) >= 0.5 * total { return times[lo + s] }
                return times[hi]
            }
            return half(targets[x]) < half(targets[y])
        }
        // F[k][s] and back-pointers: -1 carry from s-1, -2 product k skipped, a ≥ 0 window [a, s]
        var F = [[Double]](repeating: [Double](repeating: 0, count: K), count: order.count + 1)
        var back = [[Int]](repeating: [Int](repeating: -1, count: K), count: order.count + 1)
        for (kk, ti) in order.enumerated() {
            let k = kk + 1
            let t = targets[ti], P = t.product, pi = t.purity
            let total = M(K - 1, P) - M(0, P)
            let norm = normaliser[P] > 0 ? normaliser[P] : (total > 0 ? total : 1)
            let w = 1 / norm
            let g = (0..<K).map { s -> Double in
                var other = 0.0
                for i in binding where i != P { other += M(s, i) }
                return (1 - pi) * M(s, P) - pi * other
            }
            // ranks of g (ties share the rank of their first occurrence in sorted order)
            let sorted = g.sorted()
            func rank(_ v: Double) -> Int {   // number of sorted values ≤ v
                var a = 0, b = K
                while a < b { let mid = (a + b) / 2; if sorted[mid] <= v { a = mid + 1 } else { b = mid } }
                return a
            }
            var tree = [Double](repeating: -.infinity, count: K + 1)
            var arg = [Int](repeating: -1, count: K + 1)
            func insert(_ r: Int, _ v: Double, _ a: Int) {
                var i = r
                while i <= K { if v > tree[i] { tree[i] = v; arg[i] = a }; i += i & -i }
            }
            func query(_ r: Int) -> (Double, Int) {
                var i = r, best = -Double.infinity, at = -1
                while i > 0 { if tree[i] > best { best = tree[i]; at = arg[i] }; i -= i & -i }
                return (best, at)
            }
            F[k][0] = F[k - 1][0]
            back[k][0] = -2
            for s in 1..<K {
                let a = s - 1
                insert(rank(g[a]), F[k - 1][a] - w * M(a, P), a)
                var best = F[k][s - 1], how = -1
                if F[k - 1][s] > best { best = F[k - 1][s]; how = -2 }
                let (h, at) = query(rank(g[s]))
                if at >= 0 && M(s, P) - M(at, P) > 0 {
                    let v = h + w * M(s, P)
                    if v > best { best = v; how = at }
                }
                F[k][s] = best
                back[k][s] = how
            }
        }
        // reconstruct
        var windows = [(Int, Int)?](repeating: nil, count: targets.count)
        var s = K - 1, k = order.count
        while k > 0 {
            let how = back[k][s]
            if how == -1 && s > 0 { s -= 1; continue }
            if how >= 0 { windows[order[k - 1]] = (how, s); s = how }
            k -= 1
        }
        return targets.enumerated().map { ti, t in
            var cut = ChosenCut(product: names[t.product], target: t.purity)
            guard let (a, b) = windows[ti] else { return cut }
            let amount = M(b, t.product) - M(a, t.product)
            var total = 0.0
            for i in binding { total += max(0, M(b, i) - M(a, i)) }
            let norm = normaliser[t.product] > 0 ? normaliser[t.product] : M(K - 1, t.product) - M(0, t.product)
            cut.from_s = times[lo + a]; cut.to_s = times[lo + b]
            cut.amount = amount
            cut.purity = total > 0 ? max(0, amount) / total : 0
            cut.recovery = norm > 0 ? amount / norm : nil
            return cut
        }
    }
}
