import RareSepCascade
import RareSepODE

/// The Newton matrix A = I − c·J of a column discretisation (`ColumnDiscretization`:
/// N cells of m values — n bulk concentrations c first, then the cell's particle values:
/// c_p and q (LRMP), or c_p and q of every shell (GRM) — followed by n cumulative-outflow
/// states) solved by condensing each cell's particle block.
///
/// A cell's particle values couple only to each other and to the cell's OWN bulk values
/// (film transfer); bulk values couple along the column (transport, cells i−2 … i+1).
/// Ordering the particle values last, A = [[B, E], [F, P]] with P, E, F block diagonal
/// per cell, and the Schur complement S = B − E·P⁻¹·F is a banded matrix in the bulk
/// values only (n per cell, lower bandwidth 3n − 1, upper 2n − 1, plus the outflow rows).
///
/// P itself is block tridiagonal: the particle values come in shells of s = 2n values
/// [c_p(n), q(n)] (one shell for the LRMP, N_p for the GRM); within a shell every value
/// may couple to every other (binding), and neighbouring shells couple only species by
/// species (radial diffusion: c_p,j to c_p,j of the next shell). That is the
/// pair-diagonal coupling of `BlockTridiagonalSystem`, which factorises all cells' shells
/// as one system of N·N_p stages of size 2n (block Thomas; the coupling between the last
/// shell of a cell and the first of the next is zero, so the cells stay independent).
/// A stage whose c_p rows depend on its q diagonally (LDF binding: ∂r_j/∂q_l = −k_j·δ_jl)
/// is factorised by condensing q through those rows (`CondensedBlockLU`: an n × n LU instead
/// of 2n × 2n); other stages (kinetic forms coupling the loadings) take the dense LU. `factor()` factorises P, forms W = P⁻¹F (n solves of the
/// whole system, one per bulk component) and E_i·W_i, and factorises S; `solve` does one
/// P solve, the S solve and x_p = P⁻¹b_p − W_i·x_c. For the GRM at 8 shells and 3
/// components (m = 51) the banded LU of the whole band (ml = 2m = 102, mu = m) becomes
/// 1600 stage factorisations (3 × 3 condensed, or 6 × 6 dense) and one band of 8 below
/// and 5 above on 600 bulk values. The LRM has no shells (its particle block is q alone, m = 2n): it is not
/// condensed (`appliesTo`).
///
/// A is I − c·J with J held compactly (`addJacobian`, written by
/// `ColumnDiscretization.writeJacobian` through `CondensedColumnSystem`; c set by
/// `setNewtonScale`): the bulk–bulk part as one band over the bulk values, E_i and F_i per
/// cell, and P's stage blocks in the layout of `BlockTridiagonalSystem`. Alternatively
/// (`init(…, band:…)`) A is read from the band storage of `BandedLU` (entry (r, c) at
/// `band[r·width + (c − r + ml)]`, unfactorised) at every `factor()`; there, entries off
/// the pattern are skipped (they are zero for the column models). The results equal the
/// full banded LU to rounding (Tests: `CondensedColumnSolverTests`).
public final class CondensedColumnSolver: NewtonLinearSolver {
    /// Cells N.
    public let cells: Int
    /// Components n.
    public let components: Int
    /// Values per cell m (m − n of them particle values).
    public let valuesPerCell: Int
    let mp: Int
    /// Values per shell s = 2n and shells per cell.
    let shellSize: Int
    let shellsPerCell: Int
    /// A full matrix in band storage to read at `factor()` (nil: the compact J).
    let band: UnsafePointer<Double>?
    let width: Int
    let ml: Int
    let mu: Int
    let order: Int
    /// The particle blocks of all cells (N·N_p stages) and the Schur complement's LU.
    let particle: BlockTridiagonalSystem
    let schur: BandedLU
    /// E_i (n × mp per cell, row-major); W = P⁻¹F stored by bulk column jc, then cell
    /// (jc·N·mp + i·mp + r); particle solve buffer (N·mp).
    let E: UnsafeMutablePointer<Double>
    let W: UnsafeMutablePointer<Double>
    let Y: UnsafeMutablePointer<Double>
    let rhs: UnsafeMutablePointer<Double>
    /// First particle column where some E_i is non-zero (the film reaches the outer shell only).
    var eStart = 0
    /// Compact J: bulk band (order N·n + n, lower 3n − 1, upper 2n − 1, row width `bw`),
    /// E (n × mp per cell), F (n columns of mp per cell), P's stage blocks: diagonal
    /// (s × s per stage) and pair-diagonal couplings to the previous and next shell
    /// (`particle.couplingStride` per stage).
    let jB: UnsafeMutablePointer<Double>
    let jE: UnsafeMutablePointer<Double>
    let jF: UnsafeMutablePointer<Double>
    let jD: UnsafeMutablePointer<Double>
    let jL: UnsafeMutablePointer<Double>
    let jU: UnsafeMutablePointer<Double>
    let bml: Int
    let bw: Int
    /// A = identity·I + scale·J (compact storage; 1 and −c for a Newton matrix).
    var identity = 1.0
    var scale = 0.0

    /// True when the particle values of a cell of m values with n components form shells
    /// of 2n values (LRMP, GRM), the structure this solver condenses.
    public static func appliesTo(components n: Int, valuesPerCell m: Int) -> Bool {
        n >= 1 && m > n && (m - n) % (2 * n) == 0
    }

    /// A solver for a `ColumnDiscretization` of `cells` cells, `n` components and `m`
    /// values per cell whose Newton matrix is formed from the compact J (`addJacobian`).
    public convenience init(cells: Int, components n: Int, valuesPerCell m: Int) {
        self.init(cells: cells, components: n, valuesPerCell: m, band: nil, width: 0, ml: 2 * m, mu: m)
    }

    /// A solver reading its matrix from `band` (width `width`, lower bandwidth `ml` = 2m,
    /// upper `mu` = m) at every `factor()`; nil: the compact J. Requires `appliesTo`.
    public init(cells: Int, components n: Int, valuesPerCell m: Int, band: UnsafePointer<Double>?, width: Int, ml: Int, mu: Int) {
        precondition(Self.appliesTo(components: n, valuesPerCell: m), "condensed column solver: particle values in shells of 2n")
        self.cells = cells
        components = n
        valuesPerCell = m
        mp = m - n
        shellSize = 2 * n
        shellsPerCell = (m - n) / (2 * n)
        self.band = band
        self.width = width
        self.ml = ml
        self.mu = mu
        order = cells * m + n
        bml = 3 * n - 1
        bw = 5 * n - 1
        let stages = cells * shellsPerCell
        particle = BlockTridiagonalSystem(stageCount: max(1, stages), blockSize: 2 * n, hasCorner: false)
        schur = BandedLU(n: cells * n + n, ml: 3 * n - 1, mu: 2 * n - 1)
        // a shell's c_p rows touch its q only through the binding rate: diagonal in q for
        // LDF binding, so its q condense through them (`CondensedBlockLU`, about half the work)
        particle.condensesBalanceRows = true
        func make(_ c: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, c))
            p.initialize(repeating: 0, count: max(1, c))
            return p
        }
        E = make(cells * n * mp); W = make(cells * n * mp); Y = make(cells * mp); rhs = make(cells * n + n)
        jB = make((cells * n + n) * bw); jE = make(cells * n * mp); jF = make(cells * n * mp)
        jD = make(stages * 4 * n * n); jL = make(stages * particle.couplingStride); jU = make(stages * particle.couplingStride)
    }

    deinit {
        E.deallocate(); W.deallocate(); Y.deallocate(); rhs.deallocate()
        jB.deallocate(); jE.deallocate(); jF.deallocate(); jD.deallocate(); jL.deallocate(); jU.deallocate()
    }

    /// Zero the compact J.
    public func zeroJacobian() {
        let N = cells, n = components, stages = cells * shellsPerCell, cs = particle.couplingStride
        jB.update(repeating: 0, count: max(1, (N * n + n) * bw))
        jE.update(repeating: 0, count: max(1, N * n * mp)); jF.update(repeating: 0, count: max(1, N * n * mp))
        jD.update(repeating: 0, count: max(1, stages * shellSize * shellSize))
        jL.update(repeating: 0, count: max(1, stages * cs)); jU.update(repeating: 0, count: max(1, stages * cs))
    }

    /// The next `factor()` forms A = I − c·J from the compact J (c in seconds).
    public func setNewtonScale(_ c: Double) {
        identity = 1
        scale = -c
    }

    /// True when (r, col) of the full matrix lies in the condensed pattern.
    func inPattern(_ r: Int, _ col: Int) -> Bool {
        let m = valuesPerCell, n = components, s = shellSize
        let ir = r / m, lr = r - ir * m, ic = col / m, lc = col - ic * m
        if lr < n || ir == cells {
            if lc < n || ic == cells { let d = (ic * n + lc) - (ir * n + lr); return d >= -bml && d <= bw - 1 - bml }
            return ic == ir
        }
        if lc < n || ic != ir { return ic == ir }
        let kr = (lr - n) / s, kc = (lc - n) / s
        if kr == kc { return true }
        return abs(kr - kc) == 1 && particle.couplingIndex(row: (lr - n) % s, column: (lc - n) % s) != nil
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
                let s = shellSize, pc = lc - n
                let kr = pr / s, kc = pc / s, a = pr - kr * s, b = pc - kc * s
                let stage = ir * shellsPerCell + kr
                if kc == kr {
                    jD[(stage * s + a) * s + b] += v
                } else if let k = particle.couplingIndex(row: a, column: b) {
                    let cs = particle.couplingStride
                    if kc == kr - 1 { jL[stage * cs + k] += v } else { assert(kc == kr + 1); jU[stage * cs + k] += v }
                } else {
                    assertionFailure("condensed column solver: particle entry off the shell pattern")
                }
            }
        }
    }

    /// Factorise A (the particle shells, W = P⁻¹F, E·W and the Schur complement S);
    /// false when a shell block or S is singular.
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
        // P = identity·I + scale·J_P, all cells' shells at once
        let ss = shellSize, stages = N * shellsPerCell, cs = particle.couplingStride
        let pd = particle.diag, pl = particle.lower, pu = particle.upper
        for k in 0..<(stages * ss * ss) { pd[k] = s * jD[k] }
        for st in 0..<stages { for a in 0..<ss { pd[(st * ss + a) * ss + a] += id } }
        for k in 0..<(stages * cs) { pl[k] = s * jL[k]; pu[k] = s * jU[k] }
        if !particle.factor() { return false }
        // W = P⁻¹F (one whole-system solve per bulk column), E
        let cellsMp = N * mp
        for jc in 0..<n {
            let w = W + jc * cellsMp
            for i in 0..<N {
                let f = jF + (i * n + jc) * mp
                for r in 0..<mp { w[i * mp + r] = s * f[r] }
            }
            particle.solve(w)
        }
        var first = mp
        for k in 0..<(N * n * mp) {
            let v = s * jE[k]
            E[k] = v
            if v != 0 { first = min(first, k % mp) }
        }
        eStart = first
        schur.zero()
        let sw = schur.width, sml = schur.ml, sb = schur.band
        for i in 0..<N {
            // S rows of cell i: bulk–bulk entries, diagonal block minus E·W
            for jr in 0..<n {
                let row = i * n + jr
                let c0 = max(0, i - 2) * n, c1 = (min(N - 1, i + 1) + 1) * n
                for bc in c0..<c1 {
                    var v = s * jB[row * bw + (bc - row + bml)]
                    if bc == row { v += id }
                    if bc / n == i {
                        let e = E + (i * n + jr) * mp, w = W + (bc - i * n) * cellsMp + i * mp
                        var acc = 0.0
                        for c in first..<mp { acc += e[c] * w[c] }
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

    /// Solve A·x = b in place (b: the whole column state's length, becomes x).
    public func solve(_ b: UnsafeMutablePointer<Double>) {
        let N = cells, n = components, m = valuesPerCell, mp = self.mp, first = eStart
        for i in 0..<N { (Y + i * mp).update(from: b + i * m + n, count: mp) }
        particle.solve(Y)
        for i in 0..<N {
            let y = Y + i * mp
            let e = E + i * n * mp
            for jr in 0..<n {
                var s = b[i * m + jr]
                let er = e + jr * mp
                var c = first
                while c < mp { s -= er[c] * y[c]; c += 1 }
                rhs[i * n + jr] = s
            }
        }
        for j in 0..<n { rhs[N * n + j] = b[N * m + j] }
        schur.solve(rhs)
        let cellsMp = N * mp
        for i in 0..<N {
            let base = i * m + n
            let x = b + base, y = Y + i * mp
            for jc in 0..<n { b[i * m + jc] = rhs[i * n + jc] }
            x.update(from: y, count: mp)
            for jc in 0..<n {
                let xc = rhs[i * n + jc]
                let w = W + jc * cellsMp + i * mp
                for r in 0..<mp { x[r] -= w[r] * xc }
            }
        }
        for j in 0..<n { b[N * m + j] = rhs[N * n + j] }
    }
}
