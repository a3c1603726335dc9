import RareSepODE

/// The Newton matrix A = I − c·J of a column discretisation (`ColumnDiscretization`:
/// N cells of m values — n bulk concentrations c first, then the cell's particle values:
/// q (LRM), c_p and q (LRMP), or c_p and q of every shell (GRM) — followed by n
/// cumulative-outflow states) solved by condensing each cell's particle block.
///
/// In every model a cell's particle values couple only to each other and to the
/// cell's OWN bulk values (film transfer or binding); bulk values couple along the
/// column (transport, cells i−2 … i+1). Ordering the particle values last, A =
/// [[B, E], [F, P]] with P, E, F block diagonal per cell, and the Schur complement
/// S = B − E·P⁻¹·F is a banded matrix in the bulk values only (n per cell, lower
/// bandwidth 3n − 1, upper 2n − 1, plus the outflow rows). `factor()` factorises every
/// P_i (banded, bandwidth 2n inside the cell), forms W_i = P_i⁻¹F_i and E_i·W_i, and
/// factorises S; `solve` does one P_i solve per cell, the S solve and x_p = P_i⁻¹b_p −
/// W_i·x_c. For the GRM at 8 shells and 3 components (m = 51) the banded LU of the
/// whole band (ml = 2m = 102, mu = m) is replaced by 200 small 48 × 48 banded
/// factorisations (bandwidth 6) and one of bandwidth 8 and 5 on 600 bulk values.
///
/// A is I − c·J with J held compactly per cell (`addJacobian`, written by
/// `ColumnDiscretization.writeJacobian` through `CondensedColumnSystem`; c set by
/// `setNewtonScale`): the bulk–bulk part as one band over the bulk values, E_i, F_i and
/// the banded P_i per cell — about 1 % of the full band's storage, read contiguously.
/// Alternatively (`init(…, band:…)`) A is read from the band storage of `BandedLU`
/// (entry (r, c) at `band[r·width + (c − r + ml)]`, unfactorised) at every `factor()`.
/// Exact zeros of the assumed pattern are not checked; the results equal the full
/// banded LU to rounding (Tests: `CondensedColumnSolverTests`).
public final class CondensedColumnSolver: NewtonLinearSolver {
    /// Cells N.
    public let cells: Int
    /// Components n.
    public let components: Int
    /// Values per cell m (m − n of them particle values).
    public let valuesPerCell: Int
    let mp: Int
    /// A full matrix in band storage to read at `factor()` (nil: the compact J).
    let band: UnsafePointer<Double>?
    let width: Int
    let ml: Int
    let mu: Int
    let order: Int
    /// Per-cell particle factorisations, the Schur complement's.
    let particle: [BandedLU]
    let schur: BandedLU
    /// Per cell: E_i (n × mp, row-major), W_i = P_i⁻¹F_i (n columns of mp), particle solve buffer.
    let E: UnsafeMutablePointer<Double>
    let W: UnsafeMutablePointer<Double>
    let Y: UnsafeMutablePointer<Double>
    let rhs: UnsafeMutablePointer<Double>
    /// Compact J: bulk band (order N·n + n, lower 3n − 1, upper 2n − 1, row width `bw`),
    /// E (n × mp per cell), F (n columns of mp per cell), P (mp rows of width `pw` per cell).
    let jB: UnsafeMutablePointer<Double>
    let jE: UnsafeMutablePointer<Double>
    let jF: UnsafeMutablePointer<Double>
    let jP: UnsafeMutablePointer<Double>
    let bml: Int
    let bw: Int
    let pb: Int
    let pw: Int
    /// A = identity·I + scale·J (compact storage; 1 and −c for a Newton matrix).
    var identity = 1.0
    var scale = 0.0

    /// A solver for a `ColumnDiscretization` of `cells` cells, `n` components and `m`
    /// values per cell whose Newton matrix is formed from the compact J (`addJacobian`).
    public convenience init(cells: Int, components n: Int, valuesPerCell m: Int) {
        self.init(cells: cells, components: n, valuesPerCell: m, band: nil, width: 0, ml: 2 * m, mu: m)
    }

    /// A solver reading its matrix from `band` (width `width`, lower bandwidth `ml` = 2m,
    /// upper `mu` = m) at every `factor()`; nil: the compact J.
    public init(cells: Int, components n: Int, valuesPerCell m: Int, band: UnsafePointer<Double>?, width: Int, ml: Int, mu: Int) {
        self.cells = cells
        components = n
        valuesPerCell = m
        mp = m - n
        self.band = band
        self.width = width
        self.ml = ml
        self.mu = mu
        order = cells * m + n
        pb = min(2 * n, max(0, mp - 1))
        pw = 2 * pb + 1
        bml = 3 * n - 1
        bw = 5 * n - 1
        let pbl = pb
        particle = (0..<cells).map { _ in BandedLU(n: max(1, m - n), ml: pbl, mu: pbl) }
        schur = BandedLU(n: cells * n + n, ml: 3 * n - 1, mu: 2 * n - 1)
        func make(_ c: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, c))
            p.initialize(repeating: 0, count: max(1, c))
            return p
        }
        E = make(cells * n * mp); W = make(cells * n * mp); Y = make(cells * mp); rhs = make(cells * n + n)
        jB = make((cells * n + n) * bw); jE = make(cells * n * mp); jF = make(cells * n * mp); jP = make(cells * mp * pw)
    }

    deinit {
        E.deallocate(); W.deallocate(); Y.deallocate(); rhs.deallocate()
        jB.deallocate(); jE.deallocate(); jF.deallocate(); jP.deallocate()
    }

    /// Zero the compact J.
    public func zeroJacobian() {
        let N = cells, n = components
        jB.update(repeating: 0, count: max(1, (N * n + n) * bw))
        jE.update(repeating: 0, count: max(1, N * n * mp)); jF.update(repeating: 0, count: max(1, N * n * mp))
        jP.update(repeating: 0, count: max(1, N * mp * pw))
    }

    /// The next `factor()` forms A = I − c·J from the compact J (c in seconds).
    public func setNewtonScale(_ c: Double) {
        identity = 1
        scale = -c
    }

    /// True when (r, col) of the full matrix lies in the condensed pattern.
    func inPattern(_ r: Int, _ col: Int) -> Bool {
        let m = valuesPerCell, n = components
        let ir = r / m, lr = r - ir * m, ic = col / m, lc = col - ic * m
        if lr < n || ir == cells {
            if lc < n || ic == cells { let d = (ic * n + lc) - (ir * n + lr); return d >= -bml && d <= bw - 1 - bml }
            return ic == ir
        }
        if lc < n { return ic == ir }
        return ic == ir && abs((lc - n) - (lr - n)) <= pb
    }

    /// J(r, col) += v for global row r and column col of the column state (the entry
    /// must lie in the condensed pattern, see the type doc).
    @inline(__always)
    public func addJacobian(_ r: Int, _ col: Int, _ v: Double) {
        let m = valuesPerCell, n = components
        let ir = r / m, lr = r - ir * m
        let ic = col / m, lc = col - ic * m
        if lr < n || ir == cells {
            let br = ir * n + lr
            if lc < n || ic == cells {
                jB[br * bw + (ic * n + lc - br + bml)] += v
            } else {
                jE[br * mp + lc - n] += v
            }
        } else {
            let pr = lr - n
            if lc < n {
                jF[(ir * n + lc) * mp + pr] += v
            } else {
                jP[(ir * mp + pr) * pw + (lc - n - pr + pb)] += v
            }
        }
    }

    public func factor() -> Bool {
        let N = cells, n = components, mp = self.mp
        if let band {
            // A itself, read from the band
            zeroJacobian()
            identity = 0
            scale = 1
            for r in 0..<order {
                for col in max(0, r - ml)...min(order - 1, r + mu) {
                    let v = band[r * width + (col - r + ml)]
                    if v != 0 && inPattern(r, col) { addJacobian(r, col, v) }
                }
            }
        }
        let s = scale, id = identity
        schur.zero()
        let sw = schur.width, sml = schur.ml, sb = schur.band
        for i in 0..<N {
            if mp > 0 {
                let P = particle[i]
                P.zero()
                let pwid = P.width, pband = P.band, pml = P.ml
                let src = jP + i * mp * pw
                for r in 0..<mp {
                    for c in max(0, r - pb)...min(mp - 1, r + pb) {
                        var v = s * src[r * pw + (c - r + pb)]
                        if r == c { v += id }
                        pband[r * pwid + (c - r + pml)] = v
                    }
                }
                if !P.factor() { return false }
                // W_i = P⁻¹ F_i, E_i
                let w = W + i * n * mp, e = E + i * n * mp
                let f = jF + i * n * mp, je = jE + i * n * mp
                for k in 0..<(n * mp) { w[k] = s * f[k]; e[k] = s * je[k] }
                for jc in 0..<n { P.solve(w + jc * mp) }
            }
            // S rows of cell i: bulk–bulk entries, diagonal block minus E·W
            for jr in 0..<n {
                let row = i * n + jr
                let c0 = max(0, i - 2) * n, c1 = (min(N - 1, i + 1) + 1) * n
                for bc in c0..<c1 {
                    var v = s * jB[row * bw + (bc - row + bml)]
                    if bc == row { v += id }
                    if bc / n == i && mp > 0 {
                        let e = E + i * n * mp + jr * mp, w = W + i * n * mp + (bc - i * n) * mp
                        var acc = 0.0
                        for c in 0..<mp { acc += e[c] * w[c] }
                        v -= acc
                    }
                    sb[row * sw + (bc - row + sml)] = v
                }
            }
        }
        // cumulative-outflow rows: the last two cells' bulk values and themselves
        for j in 0..<n {
            let row = N * n + j
            for bc in (max(0, N - 2) * n)..<(N * n + n) {
                var v = s * jB[row * bw + (bc - row + bml)]
                if bc == row { v += id }
                sb[row * sw + (bc - row + sml)] = v
            }
        }
        return schur.factor()
    }
    public func solve(_ b: UnsafeMutablePointer<Double>) {
        let N = cells, n = components, m = valuesPerCell, mp = self.mp
        for i in 0..<N {
            let base = i * m + n
            let y = Y + i * mp
            if mp > 0 {
                y.update(from: b + base, count: mp)
                particle[i].solve(y)
            }
            let e = E + i * n * mp
            for jr in 0..<n {
                var s = b[i * m + jr]
                for c in 0..<mp { s -= e[jr * mp + c] * y[c] }
                rhs[i * n + jr] = s
            }
        }
        for j in 0..<n { rhs[N * n + j] = b[N * m + j] }
        schur.solve(rhs)
        for i in 0..<N {
            let base = i * m + n
            let y = Y + i * mp, w = W + i * n * mp
            for jc in 0..<n { b[i * m + jc] = rhs[i * n + jc] }
            for r in 0..<mp {
                var s = y[r]
                for jc in 0..<n { s -= w[jc * mp + r] * rhs[i * n + jc] }
                b[base + r] = s
            }
        }
        for j in 0..<n { b[N * m + j] = rhs[N * n + j] }
    }
}
