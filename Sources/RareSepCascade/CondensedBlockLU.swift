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
/// The factors are packed apart from the block (`factor` reads D and leaves it), rows
/// padded to a packed width P ≥ n (4, 8, 12, 16, 24 or 32; `width`) so the n×n kernels — S = C − E·W,
/// its LU, and the multi-column solves of the block-Thomas gain — run on whole rows as
/// SIMD vectors: Eᵀ (n×P: row r holds column r of E), the LU of S (n×P, pivots in
/// `pivots[0..<n]`), Wᵀ (n×P: row q holds column q of W = B⁻¹A), then 1/B_jj (n), the
/// fixed-species flags (n, 1 or 0) and the reciprocals of U's diagonal (n, then n unused
/// to keep the next block aligned): `storage(n)` values, 16-byte aligned when the base
/// is. W itself (its rows, for S = C − E·W) lives only in the factor's scratch. The
/// transposes let the one-vector solve form E·t and W·x as sums of whole columns (no
/// horizontal sums), and keep a stage's factors to three n×P tables (the band solve
/// streams them once per stage). Allocates nothing.
///
/// A fixed species i enters the other closures through E's column i like any other: S
/// holds −E_ji·W_i, so the right-hand sides take −E_ji·t_i with t_i = r_i/B_ii (the
/// balance row still gives y_i = t_i − W_i·x); zero when the chemistry's closures do not
/// depend on the fixed organic unknown.
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


    /// The packed row widths: SIMD4, SIMD8, SIMD16, SIMD32 and the pairs SIMD8+SIMD4 and
    /// SIMD16+SIMD8 (`PackedPair`), so 9–12 and 17–24 pairs are not padded to the next
    /// power of two (12 solved species: a third less arithmetic than rows of 16).
    static let widths = [4, 8, 12, 16, 24, 32]

    /// The packed row width P for n pairs: the smallest of `widths` ≥ n, or nil when n is
    /// outside 2...32 (the caller then uses the dense LU).
    static func width(_ n: Int) -> Int? {
        guard n >= 2 else { return nil }
        for p in widths where n <= p { return p }
        return nil
    }

    /// Values of packed factor storage per block: Eᵀ, LU(S), Wᵀ (n×P each), 1/B, fixed
    /// flags, 1/U_kk, padding (n each).
    static func storage(_ n: Int, width p: Int) -> Int { 3 &* n &* p &+ 4 &* n }

    /// Values of scratch `factor` and `solve` need (16-byte aligned): W (n×P) and two rows.
    static func scratchCount(_ n: Int, width p: Int) -> Int { (n &+ 2) &* p }

    /// Condense and factor block `d` (2n×2n, row-major; read only) into the packed factors
    /// `f` (16-byte aligned; call only when `applies`); `scratch` holds `scratchCount`
    /// values (16-byte aligned). Returns false when S (and so D) is singular.
    static func factor(_ d: UnsafePointer<Double>, _ n: Int, width p: Int, _ f: UnsafeMutablePointer<Double>,
                       _ pivots: UnsafeMutablePointer<Int>, scratch: UnsafeMutablePointer<Double>) -> Bool {
        switch p {
        case 4: return CondensedKernel<SIMD4<Double>>.factor(d, n, f, pivots, scratch)
        case 8: return CondensedKernel<SIMD8<Double>>.factor(d, n, f, pivots, scratch)
        case 12: return CondensedKernel<PackedPair<SIMD8<Double>, SIMD4<Double>>>.factor(d, n, f, pivots, scratch)
        case 16: return CondensedKernel<SIMD16<Double>>.factor(d, n, f, pivots, scratch)
        case 24: return CondensedKernel<PackedPair<SIMD16<Double>, SIMD8<Double>>>.factor(d, n, f, pivots, scratch)
        default: return CondensedKernel<SIMD32<Double>>.factor(d, n, f, pivots, scratch)
        }
    }

    /// Solve D·z = b in place for one vector (length 2n, x then y) with the packed factors;
    /// `scratch` holds 2P values.
    static func solve(_ f: UnsafePointer<Double>, _ n: Int, width p: Int, _ pivots: UnsafePointer<Int>,
                      _ b: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        switch p {
        case 4: CondensedKernel<SIMD4<Double>>.solve(f, n, pivots, b, scratch)
        case 8: CondensedKernel<SIMD8<Double>>.solve(f, n, pivots, b, scratch)
        case 12: CondensedKernel<PackedPair<SIMD8<Double>, SIMD4<Double>>>.solve(f, n, pivots, b, scratch)
        case 16: CondensedKernel<SIMD16<Double>>.solve(f, n, pivots, b, scratch)
        case 24: CondensedKernel<PackedPair<SIMD16<Double>, SIMD8<Double>>>.solve(f, n, pivots, b, scratch)
        default: CondensedKernel<SIMD32<Double>>.solve(f, n, pivots, b, scratch)
        }
    }

    /// Solve D·X = R in place for R of 2n rows, P apart (16-byte aligned), with k ≤ P
    /// columns; the columns k..<P must be zero (they stay zero).
    static func solveMatrix(_ f: UnsafePointer<Double>, _ n: Int, width p: Int, _ pivots: UnsafePointer<Int>,
                            _ r: UnsafeMutablePointer<Double>, columns k: Int) {
        switch p {
        case 4: CondensedKernel<SIMD4<Double>>.solveMatrix(f, n, pivots, r, k)
        case 8: CondensedKernel<SIMD8<Double>>.solveMatrix(f, n, pivots, r, k)
        case 12: CondensedKernel<PackedPair<SIMD8<Double>, SIMD4<Double>>>.solveMatrix(f, n, pivots, r, k)
        case 16: CondensedKernel<SIMD16<Double>>.solveMatrix(f, n, pivots, r, k)
        case 24: CondensedKernel<PackedPair<SIMD16<Double>, SIMD8<Double>>>.solveMatrix(f, n, pivots, r, k)
        default: CondensedKernel<SIMD32<Double>>.solveMatrix(f, n, pivots, r, k)
        }
    }

    /// Whether species j was fixed at `factor` (packed factors of width p).
    static func isFixed(_ f: UnsafePointer<Double>, _ n: Int, width p: Int, _ j: Int) -> Bool {
        f[3 &* n &* p &+ n &+ j] != 0
    }

    /// The block-Thomas fill D −= L·G of a block (2n×2n, row-major) whose previous stage's
    /// gain G has rows P apart over the columns 0..<k of the unknowns (k ≤ P, the rest zero):
    /// rows q and n+q of D take −(a·G_q + b·G_{n+q}), (a, b) the pair-diagonal coupling `l`
    /// (`BlockTridiagonalSystem.couplingIndex` layout). The SIMD store covers P columns, the
    /// columns k..<P subtracting exact zeros (P ≤ 2n, inside the row).
    static func fill(_ d: UnsafeMutablePointer<Double>, _ n: Int, width p: Int, _ l: UnsafePointer<Double>, _ g: UnsafePointer<Double>) {
        switch p {
        case 4: CondensedKernel<SIMD4<Double>>.fill(d, n, l, g)
        case 8: CondensedKernel<SIMD8<Double>>.fill(d, n, l, g)
        case 12: CondensedKernel<PackedPair<SIMD8<Double>, SIMD4<Double>>>.fill(d, n, l, g)
        case 16: CondensedKernel<SIMD16<Double>>.fill(d, n, l, g)
        case 24: CondensedKernel<PackedPair<SIMD16<Double>, SIMD8<Double>>>.fill(d, n, l, g)
        default: CondensedKernel<SIMD32<Double>>.fill(d, n, l, g)
        }
    }

    /// y_j = Σ_c G_jc·z_c for the rows of a gain stored P apart (k ≤ P columns, the rest
    /// zero): `out[i] -= G_i·v`, v the gathered neighbour values padded with zeros to P.
    static func subtractRows(_ g: UnsafePointer<Double>, rows: Int, width p: Int, _ v: UnsafePointer<Double>,
                             _ out: UnsafeMutablePointer<Double>) {
        switch p {
        case 4: CondensedKernel<SIMD4<Double>>.subtractRows(g, rows, v, out)
        case 8: CondensedKernel<SIMD8<Double>>.subtractRows(g, rows, v, out)
        case 12: CondensedKernel<PackedPair<SIMD8<Double>, SIMD4<Double>>>.subtractRows(g, rows, v, out)
        case 16: CondensedKernel<SIMD16<Double>>.subtractRows(g, rows, v, out)
        case 24: CondensedKernel<PackedPair<SIMD16<Double>, SIMD8<Double>>>.subtractRows(g, rows, v, out)
        default: CondensedKernel<SIMD32<Double>>.subtractRows(g, rows, v, out)
        }
    }
}

/// The kernels of `CondensedBlockLU` on rows of V.width values (loaded and stored whole
/// as SIMD vectors; every row pointer 16-byte aligned).
enum CondensedKernel<V: PackedRow> {
    @inline(__always) static func ld(_ p: UnsafePointer<Double>) -> V { V.load(p) }
    @inline(__always) static func st(_ v: V, _ p: UnsafeMutablePointer<Double>) { v.store(p) }

    static func factor(_ d: UnsafePointer<Double>, _ n: Int, _ f: UnsafeMutablePointer<Double>,
                       _ pivots: UnsafeMutablePointer<Int>, _ scratch: UnsafeMutablePointer<Double>) -> Bool {
        let m = n &* 2, p = V.width
        let et = f, s = et + n &* p, wt = s + n &* p, binv = wt + n &* p, fixed = binv + n, uinv = fixed + n
        let w = scratch + p
        // W = B⁻¹A (scratch) and Wᵀ, Eᵀ, 1/B, fixed flags, C into S (rows zero-padded to P)
        et.update(repeating: 0, count: n &* p)
        wt.update(repeating: 0, count: n &* p)
        var i = 0
        while i < n {
            let row = d + i &* m, crow = d + (n &+ i) &* m, erow = crow + n
            let inv = 1.0 / row[n &+ i]
            binv[i] = inv
            fixed[i] = CondensedBlockLU.fixesOrganic(d, n, i) ? 1 : 0
            let wi = w + i &* p, si = s + i &* p
            var c = 0
            while c < n {
                let v = row[c] * inv
                wi[c] = v
                wt[c &* p &+ i] = v
                et[c &* p &+ i] = erow[c]
                si[c] = crow[c]
                c = c &+ 1
            }
            while c < p { wi[c] = 0; si[c] = 0; c = c &+ 1 }
            i = i &+ 1
        }
        // S = C − E·W; a fixed species' row is W_j
        i = 0
        while i < n {
            let si = s + i &* p
            if fixed[i] != 0 { st(ld(w + i &* p), si); i = i &+ 1; continue }
            var acc = ld(si)
            var r = 0
            while r < n {
                let x = et[r &* p &+ i]
                if x != 0 { acc -= x * ld(w + r &* p) }
                r = r &+ 1
            }
            st(acc, si)
            i = i &+ 1
        }
        // LU of S with partial pivoting, row operations on whole rows (the pivot row's
        // U part, lanes > k, staged in scratch: SIMD masks compile to scalar code)
        var k = 0
        while k < n {
            var piv = k
            var best = abs(s[k &* p &+ k])
            i = k &+ 1
            while i < n {
                let v = abs(s[i &* p &+ k])
                if v > best { best = v; piv = i }
                i = i &+ 1
            }
            pivots[k] = piv
            if !(best > 0) || !best.isFinite { return false }
            let sk = s + k &* p
            if piv != k {
                let sp = s + piv &* p
                let t = ld(sk)
                st(ld(sp), sk)
                st(t, sp)
            }
            let inv = 1.0 / sk[k]
            uinv[k] = inv
            st(ld(sk), scratch)
            var c = 0
            while c <= k { scratch[c] = 0; c = c &+ 1 }
            let u = ld(scratch)
            i = k &+ 1
            while i < n {
                let si = s + i &* p
                let x = si[k] * inv
                if x != 0 {
                    st(ld(si) - x * u, si)
                    si[k] = x
                }
                i = i &+ 1
            }
            k = k &+ 1
        }
        return true
    }

    static func solve(_ f: UnsafePointer<Double>, _ n: Int, _ pivots: UnsafePointer<Int>,
                      _ b: UnsafeMutablePointer<Double>, _ scratch: UnsafeMutablePointer<Double>) {
        let p = V.width
        let et = f, s = et + n &* p, wt = s + n &* p, binv = wt + n &* p, fixed = binv + n, uinv = fixed + n
        let t = scratch, v = scratch + p
        // t = B⁻¹·b₁; b₂ −= E·t, as the sum of E's columns (rows of Eᵀ) weighted by t
        var i = 0
        while i < n { t[i] = b[i] * binv[i]; i = i &+ 1 }
        while i < p { t[i] = 0; i = i &+ 1 }
        var acc = V.zero
        var r = 0
        while r < n {
            let x = t[r]
            if x != 0 { acc = acc + x * ld(et + r &* p) }
            r = r &+ 1
        }
        st(acc, v)
        i = 0
        while i < n {
            if fixed[i] != 0 {
                // y_i exact; the balance row's equation W_i·x = t_i − y_i
                let y = b[n &+ i] / et[i &* p &+ i]
                b[n &+ i] = t[i] - y
                t[i] = y
            } else {
                b[n &+ i] -= v[i]
            }
            i = i &+ 1
        }
        // x = S⁻¹·b₂, then y = t − W·x (columns of W weighted by x), stored as (x, y)
        luSolve(s, n, pivots, uinv, b + n)
        var y = ld(t)
        r = 0
        while r < n {
            let x = b[n &+ r]
            if x != 0 { y = y - x * ld(wt + r &* p) }
            r = r &+ 1
        }
        st(y, v)
        i = 0
        while i < n {
            b[i] = b[n &+ i]
            b[n &+ i] = fixed[i] != 0 ? t[i] : v[i]
            i = i &+ 1
        }
    }

    /// x = S⁻¹·b in place with S's packed LU (rows P apart): row interchanges, then the
    /// triangular solves column by column (each unknown, once known, is taken out of the
    /// rows below or above it: independent updates, where the row-by-row dot products
    /// chain one subtraction after another), dividing by U's diagonal as a product with
    /// its reciprocal.
    @inline(__always)
    static func luSolve(_ s: UnsafePointer<Double>, _ n: Int, _ pivots: UnsafePointer<Int>,
                        _ uinv: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>) {
        let p = V.width
        DenseBlockLU.applyPivots(pivots, n, b)
        var j = 0
        while j < n {
            let x = b[j]
            if x != 0 {
                var i = j &+ 1
                while i < n { b[i] -= s[i &* p &+ j] * x; i = i &+ 1 }
            }
            j = j &+ 1
        }
        j = n &- 1
        while j >= 0 {
            let x = b[j] * uinv[j]
            b[j] = x
            if x != 0 {
                var i = 0
                while i < j { b[i] -= s[i &* p &+ j] * x; i = i &+ 1 }
            }
            j = j &- 1
        }
    }

    static func solveMatrix(_ f: UnsafePointer<Double>, _ n: Int, _ pivots: UnsafePointer<Int>,
                            _ g: UnsafeMutablePointer<Double>, _ k: Int) {
        let p = V.width
        let et = f, s = et + n &* p, wt = s + n &* p, binv = wt + n &* p, fixed = binv + n, uinv = fixed + n
        let x = g + n &* p
        // T = B⁻¹·R₁ (top rows); R₂ −= E·T, column by column over T's nonzeros (a gain's
        // right-hand side has one per row), E's column r contiguous in Eᵀ
        var r = 0
        while r < n {
            let tr = g + r &* p, er = et + r &* p, br = x + r &* p
            let t = ld(tr) * binv[r]
            st(t, tr)
            // a fixed species: Y_r = R₂_r/E_rr exact, read before the column loop touches row r
            let y = fixed[r] != 0 ? ld(br) * (1.0 / er[r]) : V.zero
            var c = 0
            while c < k {
                let tc = tr[c]
                if tc != 0 {
                    var i = 0
                    while i < n { x[i &* p &+ c] -= er[i] * tc; i = i &+ 1 }
                }
                c = c &+ 1
            }
            if fixed[r] != 0 {
                // Y_r kept in the top row; the balance row's equation W_r·X = T_r − Y_r in the bottom row
                st(y, tr)
                st(t - y, br)
            }
            r = r &+ 1
        }
        // X = S⁻¹·R₂ in the bottom rows
        r = 0
        while r < n {
            let q = pivots[r]
            if q != r {
                let a = x + r &* p, b = x + q &* p
                let v = ld(a)
                st(ld(b), a)
                st(v, b)
            }
            r = r &+ 1
        }
        var i = 0
        while i < n {
            let row = s + i &* p, xi = x + i &* p
            var acc = ld(xi)
            r = 0
            while r < i {
                let l = row[r]
                if l != 0 { acc -= l * ld(x + r &* p) }
                r = r &+ 1
            }
            st(acc, xi)
            i = i &+ 1
        }
        i = n &- 1
        while i >= 0 {
            let row = s + i &* p, xi = x + i &* p
            var acc = ld(xi)
            r = i &+ 1
            while r < n {
                let u = row[r]
                if u != 0 { acc -= u * ld(x + r &* p) }
                r = r &+ 1
            }
            st(acc * uinv[i], xi)
            i = i &- 1
        }
        // Y = T − W·X in the top rows, then swap the halves: (X, Y)
        r = 0
        while r < n {
            let tr = g + r &* p
            if fixed[r] == 0 {
                var acc = ld(tr)
                var q = 0
                while q < n {
                    let v = wt[q &* p &+ r]   // W_rq
                    if v != 0 { acc -= v * ld(x + q &* p) }
                    q = q &+ 1
                }
                st(acc, tr)
            }
            r = r &+ 1
        }
        r = 0
        while r < n {
            let tr = g + r &* p, xr = x + r &* p
            let y = ld(tr)
            st(ld(xr), tr)
            st(y, xr)
            r = r &+ 1
        }
    }

    static func fill(_ d: UnsafeMutablePointer<Double>, _ n: Int, _ l: UnsafePointer<Double>, _ g: UnsafePointer<Double>) {
        let m = n &* 2, p = V.width
        var q = 0
        while q < n {
            let gx = ld(g + q &* p), gy = ld(g + (n &+ q) &* p)
            var r = 0
            while r < 2 {
                let a = l[4 &* q &+ 2 &* r], b = l[4 &* q &+ 2 &* r &+ 1]
                if a != 0 || b != 0 {
                    let di = d + (r &* n &+ q) &* m
                    (V.loadUnaligned(di) - (a * gx + b * gy)).storeUnaligned(di)
                }
                r = r &+ 1
            }
            q = q &+ 1
        }
    }

    static func subtractRows(_ g: UnsafePointer<Double>, _ rows: Int, _ v: UnsafePointer<Double>,
                             _ out: UnsafeMutablePointer<Double>) {
        let p = V.width
        let z = ld(v)
        var i = 0
        while i < rows {
            out[i] -= (ld(g + i &* p) * z).sum()
            i = i &+ 1
        }
    }
}

/// A row of packed doubles the condensed kernels load, combine and store whole: a SIMD
/// vector, or a `PackedPair` of two.
protocol PackedRow {
    /// Doubles per row.
    static var width: Int { get }
    /// The row at `p` (16-byte aligned).
    static func load(_ p: UnsafePointer<Double>) -> Self
    /// The row at `p` (any alignment).
    static func loadUnaligned(_ p: UnsafePointer<Double>) -> Self
    /// Store at `p` (16-byte aligned).
    func store(_ p: UnsafeMutablePointer<Double>)
    /// Store at `p` (any alignment).
    func storeUnaligned(_ p: UnsafeMutablePointer<Double>)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func * (a: Double, b: Self) -> Self
    static func * (a: Self, b: Double) -> Self
    static func -= (a: inout Self, b: Self)
    /// Sum of the lanes.
    func sum() -> Double
    /// The row of zeros.
    static var zero: Self { get }
}

extension PackedRow where Self: SIMD, Scalar == Double {
    @inline(__always) static var width: Int { Self.scalarCount }
    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Self { UnsafeRawPointer(p).load(as: Self.self) }
    @inline(__always) static func loadUnaligned(_ p: UnsafePointer<Double>) -> Self { UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
    @inline(__always) func storeUnaligned(_ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
}

extension SIMD4: PackedRow where Scalar == Double {}
extension SIMD8: PackedRow where Scalar == Double {}
extension SIMD16: PackedRow where Scalar == Double {}
extension SIMD32: PackedRow where Scalar == Double {}

/// Two SIMD vectors as one row of A.scalarCount + B.scalarCount lanes (A's first), for
/// widths between the powers of two.
struct PackedPair<A: PackedRow & SIMD, B: PackedRow & SIMD>: PackedRow where A.Scalar == Double, B.Scalar == Double {
    var a: A
    var b: B
    @inline(__always) init(_ a: A, _ b: B) { self.a = a; self.b = b }
    @inline(__always) static var width: Int { A.scalarCount &+ B.scalarCount }
    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Self { Self(A.load(p), B.load(p + A.scalarCount)) }
    @inline(__always) static func loadUnaligned(_ p: UnsafePointer<Double>) -> Self {
        Self(A.loadUnaligned(p), B.loadUnaligned(p + A.scalarCount))
    }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Double>) { a.store(p); b.store(p + A.scalarCount) }
    @inline(__always) func storeUnaligned(_ p: UnsafeMutablePointer<Double>) { a.storeUnaligned(p); b.storeUnaligned(p + A.scalarCount) }
    @inline(__always) static func + (x: Self, y: Self) -> Self { Self(x.a + y.a, x.b + y.b) }
    @inline(__always) static func - (x: Self, y: Self) -> Self { Self(x.a - y.a, x.b - y.b) }
    @inline(__always) static func * (x: Self, y: Self) -> Self { Self(x.a * y.a, x.b * y.b) }
    @inline(__always) static func * (x: Double, y: Self) -> Self { Self(x * y.a, x * y.b) }
    @inline(__always) static func * (x: Self, y: Double) -> Self { Self(x.a * y, x.b * y) }
    @inline(__always) static func -= (x: inout Self, y: Self) { x = x - y }
    @inline(__always) func sum() -> Double { a.sum() + b.sum() }
    @inline(__always) static var zero: Self { Self(.zero, .zero) }
}
