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
/// The solver reads A from the band storage of `BandedLU` (entry (r, c) at
/// `band[r·width + (c − r + ml)]`, unfactorised), so an integrator that forms I − c·J
/// there can call `factor()` instead of `BandedLU.factor()` and `solve` instead of
/// `BandedLU.solve`. Exact zeros of the assumed pattern are not checked; the results
/// equal the full banded LU to rounding (Tests: `CondensedColumnSolverTests`).
public final class CondensedColumnSolver: NewtonLinearSolver {
    /// Cells N, components n, values per cell m, particle values per cell m − n.
    public let cells: Int
    public let components: Int
    public let valuesPerCell: Int
    let mp: Int
    /// The full matrix (band storage, not modified).
    let band: UnsafePointer<Double>
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

    /// A solver for `ColumnDiscretization` `system` reading its Newton matrix from
    /// `band` (width `width`, lower bandwidth `ml` = 2m, upper `mu` = m).
    public init(cells: Int, components n: Int, valuesPerCell m: Int, band: UnsafePointer<Double>, width: Int, ml: Int, mu: Int) {
        self.cells = cells
        components = n
        valuesPerCell = m
        mp = m - n
        self.band = band
        self.width = width
        self.ml = ml
        self.mu = mu
        order = cells * m + n
        let pb = min(2 * n, max(0, mp - 1))
        particle = (0..<cells).map { _ in BandedLU(n: max(1, m - n), ml: pb, mu: pb) }
        schur = BandedLU(n: cells * n + n, ml: 3 * n - 1, mu: 2 * n - 1)
        E = .allocate(capacity: max(1, cells * n * (m - n))); E.initialize(repeating: 0, count: max(1, cells * n * (m - n)))
        W = .allocate(capacity: max(1, cells * n * (m - n))); W.initialize(repeating: 0, count: max(1, cells * n * (m - n)))
        Y = .allocate(capacity: max(1, cells * (m - n))); Y.initialize(repeating: 0, count: max(1, cells * (m - n)))
        rhs = .allocate(capacity: cells * n + n); rhs.initialize(repeating: 0, count: cells * n + n)
    }

    deinit {
        E.deallocate(); W.deallocate(); Y.deallocate(); rhs.deallocate()
    }

    /// Entry (r, c) of the full matrix, 0 outside the band.
    @inline(__always)
    func a(_ r: Int, _ c: Int) -> Double {
        let d = c - r
        if d < -ml || d > mu || c < 0 || c >= order { return 0 }
        return band[r * width + (d + ml)]
    }

    public func factor() -> Bool {
        let N = cells, n = components, m = valuesPerCell, mp = self.mp
        schur.zero()
        for i in 0..<N {
            let base = i * m + n
            let P = particle[i]
            if mp > 0 {
                P.zero()
                let pb = P.ml
                for r in 0..<mp {
                    for c in max(0, r - pb)...min(mp - 1, r + pb) {
                        let v = a(base + r, base + c)
                        if v != 0 { P.set(r, c, v) }
                    }
                }
                if !P.factor() { return false }
                // W_i = P⁻¹ F_i, E_i
                let w = W + i * n * mp, e = E + i * n * mp
                for jc in 0..<n {
                    let col = w + jc * mp
                    for r in 0..<mp { col[r] = a(base + r, i * m + jc) }
                    P.solve(col)
                }
                for jr in 0..<n { for c in 0..<mp { e[jr * mp + c] = a(i * m + jr, base + c) } }
            }
            // S rows of cell i: bulk-bulk entries, diagonal block minus E·W
            for jr in 0..<n {
                let row = i * n + jr
                for i2 in max(0, i - 2)...min(N - 1, i + 1) {
                    for jc in 0..<n {
                        var v = a(i * m + jr, i2 * m + jc)
                        if i2 == i && mp > 0 {
                            let e = E + i * n * mp + jr * mp, w = W + i * n * mp + jc * mp
                            var s = 0.0
                            for c in 0..<mp { s += e[c] * w[c] }
                            v -= s
                        }
                        if v != 0 { schur.set(row, i2 * n + jc, v) }
                    }
                }
            }
        }
        // cumulative-outflow rows: the last two cells' bulk values and themselves
        for j in 0..<n {
            let row = N * n + j
            for i2 in max(0, N - 2)..<N {
                for jc in 0..<n { let v = a(N * m + j, i2 * m + jc); if v != 0 { schur.set(row, i2 * n + jc, v) } }
            }
            for jc in 0..<n { let v = a(N * m + j, N * m + jc); if v != 0 { schur.set(row, N * n + jc, v) } }
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
