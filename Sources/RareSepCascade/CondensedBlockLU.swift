/// Factor and solve a stage block whose balance rows are diagonal in the organic
/// unknowns, by condensing those unknowns first: half the work of the dense LU.
///
/// A stage block (m = 2n, row-major, unknowns x_0..x_{n−1}, y_0..y_{n−1}) is
///
///     D = [ A  B ]    rows 0..<n: species balances, rows n..<2n: closures
///         [ C  E ]
///
/// When B is diagonal (a balance row touches its own species' organic unknown only —
/// the case of upwind plug flow in a contactor cell, where the block-Thomas fill
/// L_s·G_{s−1} lands in the x columns), the balance rows give y = B⁻¹(r₁ − A·x) and the
/// closures the Schur complement S·x = r₂ − E·B⁻¹·r₁, S = C − E·B⁻¹·A, an n×n LU.
/// Pivoting on B first is accepted only when every |B_jj| is at least `pivotThreshold`
/// times the largest entry of its column in E (threshold pivoting, multipliers at most
/// 1/threshold), or E's column has a single nonzero (the closure of a one-phase species,
/// y_j = 0, whose row of S is then a multiple of A's row j, with nothing to cancel);
/// otherwise, or when B is not diagonal, the caller uses the dense LU. det D = ±det B·det S,
/// so S is singular exactly when D is. Newton's answer is fixed by the residual, so the
/// factorisation's accuracy decides only how fast it converges.
///
/// A species whose closure row fixes its organic unknown alone (row n+j has only E_jj:
/// an aqueous-only species, y_j = 0) is not condensed through its balance row, which
/// would give y_j as a difference that cancels to round-off instead of exactly zero:
/// y_j = r_{n+j}/E_jj, and the balance row takes the closure's place in S
/// (S_j = W_j, right-hand side r_j/B_jj − y_j).
///
/// In place after `factor`: top-left W = B⁻¹A, top-right diagonal 1/B_jj and, for a
/// fixed species j, the marker 1 at (j, n + (j+1) mod n) (B's off-diagonals are
/// otherwise zero; condensation needs n ≥ 2), bottom-left the LU of S (pivots in
/// `pivots[0..<n]`), bottom-right E. Allocates nothing.
enum CondensedBlockLU {
    /// Smallest |B_jj| relative to its column's largest |E_ij| for the condensation.
    static let pivotThreshold = 1e-3

    /// True when block `d` (m = 2n) has a diagonal, well-pivoting B.
    @inline(__always)
    static func applies(_ d: UnsafePointer<Double>, _ n: Int) -> Bool {
        let m = n &* 2
        guard n >= 2 else { return false }
        var i = 0
        while i < n {
            let row = d + (i &* m &+ n)
            var c = 0
            while c < n {
                if c != i && row[c] != 0 { return false }
                c = c &+ 1
            }
            let b = abs(row[i])
            if !(b > 0) || !b.isFinite { return false }
            var big = 0.0
            var entries = 0
            var r = n
            while r < m {
                let e = abs(d[r &* m &+ n &+ i])
                if e != 0 { entries = entries &+ 1; big = max(big, e) }
                r = r &+ 1
            }
            if entries > 1 && b < pivotThreshold * big { return false }
            i = i &+ 1
        }
        return true
    }

    /// Condense and factor `d` in place (call only when `applies`). Returns false when
    /// S (and so D) is singular.
    @inline(__always)
    static func factor(_ d: UnsafeMutablePointer<Double>, _ n: Int, _ pivots: UnsafeMutablePointer<Int>) -> Bool {
        let m = n &* 2
        // W = B⁻¹·A, and 1/B_jj in place of B_jj; fixed species marked
        var i = 0
        while i < n {
            let row = d + i &* m
            let inv = 1.0 / row[n &+ i]
            row[n &+ i] = inv
            var c = 0
            while c < n { row[c] *= inv; c = c &+ 1 }
            if fixesOrganic(d, n, i) { row[n &+ (i &+ 1) % n] = 1 }
            i = i &+ 1
        }
        // S = C − E·W over the bottom-left block; a fixed species' row is W_j
        i = n
        while i < m {
            let s = d + i &* m, e = s + n
            if d[(i &- n) &* m &+ n &+ (i &- n &+ 1) % n] != 0 {
                s.update(from: d + (i &- n) &* m, count: n)
                i = i &+ 1
                continue
            }
            var r = 0
            while r < n {
                let f = e[r]
                if f != 0 {
                    let w = d + r &* m
                    var c = 0
                    while c < n { s[c] -= f * w[c]; c = c &+ 1 }
                }
                r = r &+ 1
            }
            i = i &+ 1
        }
        return DenseBlockLU.factor(d + n &* m, n, pivots, stride: m)
    }

    /// True when closure row n+j holds only E_jj (the organic unknown j fixed by itself).
    @inline(__always)
    static func fixesOrganic(_ d: UnsafePointer<Double>, _ n: Int, _ j: Int) -> Bool {
        let m = n &* 2
        let row = d + (n &+ j) &* m
        if row[n &+ j] == 0 { return false }
        var c = 0
        while c < m {
            if c != n &+ j && row[c] != 0 { return false }
            c = c &+ 1
        }
        return true
    }

    /// Whether species j was fixed at `factor` (its marker).
    @inline(__always)
    static func isFixed(_ d: UnsafePointer<Double>, _ n: Int, _ j: Int) -> Bool {
        d[j &* (n &* 2) &+ n &+ (j &+ 1) % n] != 0
    }

    /// Solve D·z = b in place for one vector (length 2n, x then y); `scratch` holds n values.
    @inline(__always)
    static func solve(_ d: UnsafePointer<Double>, _ n: Int, _ pivots: UnsafePointer<Int>, _ b: UnsafeMutablePointer<Double>,
                      scratch t: UnsafeMutablePointer<Double>) {
        let m = n &* 2
        // t = B⁻¹·b₁; b₂ −= E·t
        var i = 0
        while i < n { t[i] = b[i] * d[i &* m &+ n &+ i]; i = i &+ 1 }
        i = 0
        while i < n {
            let e = d + ((n &+ i) &* m &+ n)
            if isFixed(d, n, i) {
                // y_i exact; the balance row's equation W_i·x = t_i − y_i
                let y = b[n &+ i] / e[i]
                b[n &+ i] = t[i] - y
                t[i] = y
                i = i &+ 1
                continue
            }
            var acc = 0.0
            var c = 0
            while c < n { acc += e[c] * t[c]; c = c &+ 1 }
            b[n &+ i] -= acc
            i = i &+ 1
        }
        // x = S⁻¹·b₂ (into b₂), then y = t − W·x, stored as (x, y)
        DenseBlockLU.solve(d + n &* m, n, pivots, b + n, stride: m)
        i = 0
        while i < n {
            if isFixed(d, n, i) { i = i &+ 1; continue }
            let w = d + i &* m
            var acc = 0.0
            var c = 0
            while c < n { acc += w[c] * b[n &+ c]; c = c &+ 1 }
            t[i] -= acc
            i = i &+ 1
        }
        b.update(from: b + n, count: n)
        (b + n).update(from: t, count: n)
    }

    /// Solve D·X = R in place for R with `k` columns (row-major 2n×k); `scratch` holds n·k values.
    @inline(__always)
    static func solveMatrix(_ d: UnsafePointer<Double>, _ n: Int, _ pivots: UnsafePointer<Int>,
                            _ b: UnsafeMutablePointer<Double>, columns k: Int, scratch y: UnsafeMutablePointer<Double>) {
        let m = n &* 2
        // T = B⁻¹·R₁ (in the top rows); R₂ −= E·T, skipping T's zeros (a coupling
        // column has one nonzero per half)
        var r = 0
        while r < n {
            let inv = d[r &* m &+ n &+ r]
            let tr = b + r &* k
            var c = 0
            if isFixed(d, n, r) {
                // Y_r = R₂_r/E_rr exact (kept in the bottom row until X is known);
                // the balance row's equation W_r·X = T_r − Y_r in its place
                let e = 1.0 / d[(n &+ r) &* m &+ n &+ r]
                let br = b + (n &+ r) &* k
                while c < k {
                    let y = br[c] * e
                    let t = tr[c] * inv
                    tr[c] = y
                    br[c] = t - y
                    c = c &+ 1
                }
                r = r &+ 1
                continue
            }
            while c < k {
                let t = tr[c] * inv
                tr[c] = t
                if t != 0 {
                    var i = 0
                    while i < n { b[(n &+ i) &* k &+ c] -= d[(n &+ i) &* m &+ n &+ r] * t; i = i &+ 1 }
                }
                c = c &+ 1
            }
            r = r &+ 1
        }
        // X = S⁻¹·R₂ (bottom rows); Y = T − W·X into scratch
        let x = b + n &* k
        DenseBlockLU.solveMatrix(d + n &* m, n, pivots, x, columns: k, stride: m)
        y.update(from: b, count: n &* k)
        r = 0
        while r < n {
            if isFixed(d, n, r) { r = r &+ 1; continue }
            let w = d + r &* m
            let yr = y + r &* k
            var q = 0
            while q < n {
                let f = w[q]
                if f != 0 {
                    let xq = x + q &* k
                    var c = 0
                    while c < k { yr[c] -= f * xq[c]; c = c &+ 1 }
                }
                q = q &+ 1
            }
            r = r &+ 1
        }
        b.update(from: x, count: n &* k)
        x.update(from: y, count: n &* k)
    }
}
