/// A block-tridiagonal linear system of N stages with m unknowns each, plus an
/// optional corner block coupling the first stage's rows to the last stage's
/// unknowns (a recycle such as the solvent loop):
///
///     L_s·z_{s−1} + D_s·z_s + U_s·z_{s+1} (+ C·z_{N−1} for s = 0) = r_s
///
/// Factorisation is block Thomas (LU of each modified diagonal block with partial
/// pivoting, O(N·m³)); the corner is handled by the Woodbury identity with m extra
/// solves. Storage is contiguous and stage-major, allocated once; `factor` and
/// `solve` allocate nothing.
public final class BlockTridiagonalSystem {
    /// Number of stages N.
    public let stageCount: Int
    /// Unknowns per stage m.
    public let blockSize: Int
    /// True when the corner block C is part of the system.
    public let hasCorner: Bool

    /// Blocks, each m×m row-major, stage-major: lower[s], diag[s], upper[s].
    public let lower: UnsafeMutablePointer<Double>
    public let diag: UnsafeMutablePointer<Double>
    public let upper: UnsafeMutablePointer<Double>
    /// Corner block C (rows of stage 0, columns of stage N−1), m×m.
    public let corner: UnsafeMutablePointer<Double>

    private let gain: UnsafeMutablePointer<Double>      // G_s = D'_s⁻¹·U_s, compact: m × k_s (nonzero columns of U_s only)
    private let gainColumns: UnsafeMutablePointer<Int>  // the k_s column indices of stage s
    private let gainCount: UnsafeMutablePointer<Int>    // k_s
    private let pivots: UnsafeMutablePointer<Int>
    private let woodbury: UnsafeMutablePointer<Double>  // W = T⁻¹·[C at stage 0] (N·m × m)
    private let capacitance: UnsafeMutablePointer<Double> // I + W_{N−1}
    private let capPivots: UnsafeMutablePointer<Int>
    private let scratch: UnsafeMutablePointer<Double>
    private let columnScratch: UnsafeMutablePointer<Double>

    public init(stageCount: Int, blockSize: Int, hasCorner: Bool) {
        precondition(stageCount >= 1 && blockSize >= 1)
        self.stageCount = stageCount
        self.blockSize = blockSize
        self.hasCorner = hasCorner
        let bb = blockSize * blockSize
        lower = .allocate(capacity: stageCount * bb)
        diag = .allocate(capacity: stageCount * bb)
        upper = .allocate(capacity: stageCount * bb)
        corner = .allocate(capacity: bb)
        gain = .allocate(capacity: stageCount * bb)
        gainColumns = .allocate(capacity: stageCount * blockSize)
        gainCount = .allocate(capacity: stageCount)
        gainCount.update(repeating: 0, count: stageCount)
        pivots = .allocate(capacity: stageCount * blockSize)
        woodbury = .allocate(capacity: hasCorner ? stageCount * bb : 1)
        capacitance = .allocate(capacity: bb)
        capPivots = .allocate(capacity: blockSize)
        scratch = .allocate(capacity: blockSize)
        columnScratch = .allocate(capacity: stageCount * blockSize)
        zero()
    }

    deinit {
        lower.deallocate(); diag.deallocate(); upper.deallocate(); corner.deallocate()
        gain.deallocate(); gainColumns.deallocate(); gainCount.deallocate(); pivots.deallocate(); woodbury.deallocate(); capacitance.deallocate()
        capPivots.deallocate(); scratch.deallocate(); columnScratch.deallocate()
    }

    /// Set every block to zero.
    public func zero() {
        let n = stageCount * blockSize * blockSize
        lower.update(repeating: 0, count: n)
        diag.update(repeating: 0, count: n)
        upper.update(repeating: 0, count: n)
        corner.update(repeating: 0, count: blockSize * blockSize)
    }

    /// Zero what an assembly that rewrites a fixed pattern of off-diagonal entries
    /// needs zeroed: every diagonal block, the corner, and the blocks the corner is
    /// folded into for N ≤ 2. The lower and upper blocks are left as they are (less
    /// memory traffic for long cascades): the assembly must assign, not add, every
    /// entry it uses there.
    public func zeroForReassembly() {
        let bb = blockSize * blockSize
        diag.update(repeating: 0, count: stageCount * bb)
        corner.update(repeating: 0, count: bb)
        if stageCount <= 2 { upper.update(repeating: 0, count: bb) }
    }

    /// Factor in place (the blocks are overwritten). Returns the first stage whose
    /// modified diagonal block is singular, or nil on success.
    public func factor() -> Int? {
        let m = blockSize, bb = m * m, n = stageCount
        // Fold the corner into the band when it lies inside it.
        var useWoodbury = hasCorner
        if hasCorner && n == 1 {
            for i in 0..<bb { diag[i] += corner[i] }
            useWoodbury = false
        } else if hasCorner && n == 2 {
            for i in 0..<bb { upper[i] += corner[i] }
            useWoodbury = false
        }
        for s in 0..<n {
            let d = diag + s * bb
            if s > 0 {
                // D'_s = D_s − L_s·G_{s−1}, over the nonzeros of L_s and the kept columns of G.
                let l = lower + s * bb
                let g = gain + (s - 1) * bb
                let k = gainCount[s - 1]
                let cols = gainColumns + (s - 1) * m
                for i in 0..<m {
                    let li = l + i * m
                    let di = d + i * m
                    for q in 0..<m {
                        let f = li[q]
                        if f == 0 { continue }
                        let gq = g + q * k
                        for c in 0..<k { di[cols[c]] -= f * gq[c] }
                    }
                }
            }
            if !DenseBlockLU.factor(d, m, pivots + s * m) { return s }
            if s < n - 1 {
                // Keep only the nonzero columns of U_s (the couplings to the next stage are sparse).
                let u = upper + s * bb
                let cols = gainColumns + s * m
                var k = 0
                for c in 0..<m {
                    var nz = false
                    for i in 0..<m where u[i * m + c] != 0 { nz = true; break }
                    if nz { cols[k] = c; k += 1 }
                }
                gainCount[s] = k
                let g = gain + s * bb
                for i in 0..<m { for c in 0..<k { g[i * k + c] = u[i * m + cols[c]] } }
                if k > 0 { DenseBlockLU.solveMatrix(d, m, pivots + s * m, g, columns: k) }
            }
        }
        wood = useWoodbury
        if useWoodbury {
            // W = T⁻¹·U_c, U_c = C placed at stage 0: solve column by column.
            woodbury.update(repeating: 0, count: n * bb)
            for c in 0..<m {
                columnScratch.update(repeating: 0, count: n * m)
                for i in 0..<m { columnScratch[i] = corner[i * m + c] }
                bandSolve(columnScratch)
                for r in 0..<(n * m) { woodbury[r * m + c] = columnScratch[r] }
            }
            // capacitance = I + W_{N−1}
            for i in 0..<m {
                for c in 0..<m {
                    capacitance[i * m + c] = woodbury[((n - 1) * m + i) * m + c] + (i == c ? 1 : 0)
                }
            }
            if !DenseBlockLU.factor(capacitance, m, capPivots) { return n - 1 }
        }
        return nil
    }

    private var wood = false

    /// Solve in place: `rhs` (N·m, stage-major) becomes the solution z.
    public func solve(_ rhs: UnsafeMutablePointer<Double>) {
        bandSolve(rhs)
        guard wood else { return }
        let m = blockSize, n = stageCount
        // z = z0 − W·(I + W_{N−1})⁻¹·z0_{N−1}
        for i in 0..<m { scratch[i] = rhs[(n - 1) * m + i] }
        DenseBlockLU.solve(capacitance, m, capPivots, scratch)
        for r in 0..<(n * m) {
            var s = 0.0
            let w = woodbury + r * m
            for c in 0..<m { s += w[c] * scratch[c] }
            rhs[r] -= s
        }
    }

    private func bandSolve(_ r: UnsafeMutablePointer<Double>) {
        let m = blockSize, bb = m * m, n = stageCount
        for s in 0..<n {
            let rs = r + s * m
            if s > 0 {
                let l = lower + s * bb
                let prev = r + (s - 1) * m
                for i in 0..<m {
                    var acc = 0.0
                    let li = l + i * m
                    for k in 0..<m { acc += li[k] * prev[k] }
                    rs[i] -= acc
                }
            }
            DenseBlockLU.solve(diag + s * bb, m, pivots + s * m, rs)
        }
        var s = n - 2
        while s >= 0 {
            let rs = r + s * m
            let next = r + (s + 1) * m
            let g = gain + s * bb
            let k = gainCount[s]
            let cols = gainColumns + s * m
            for i in 0..<m {
                var acc = 0.0
                let gi = g + i * k
                for c in 0..<k { acc += gi[c] * next[cols[c]] }
                rs[i] -= acc
            }
            s -= 1
        }
    }
}
