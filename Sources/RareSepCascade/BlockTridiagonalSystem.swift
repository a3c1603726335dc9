import RareSepODE

/// A block-tridiagonal linear system of N stages with m = 2n unknowns each, plus an
/// optional corner block coupling the first stage's rows to the last stage's
/// unknowns (a recycle such as the solvent loop):
///
///     L_s·z_{s−1} + D_s·z_s + U_s·z_{s+1} (+ C·z_{N−1} for s = 0) = r_s
///
/// The unknowns of a stage come in n pairs (p, n+p) — a species' aqueous and organic
/// concentration. Stages exchange streams, and a stream carries each species
/// separately, so the coupling blocks L, U and C are pair-diagonal: rows p and n+p
/// depend only on the neighbour's unknowns p and n+p. They are stored compactly as n
/// 2×2 blocks per stage (`couplingStride` = 4n values; see `couplingIndex`), which
/// keeps the working set of long cascades to the diagonal blocks.
///
/// Factorisation is block Thomas (LU of each modified diagonal block with partial
/// pivoting, O(N·m³), or, where a conformer allows it and the block has the shape,
/// the condensed LU of `CondensedBlockLU` at about half the cost); the corner is handled by the Woodbury identity with one extra
/// solve per nonzero column of the corner (m at most). The gains G_s = D'_s⁻¹·U_s are kept over the nonzero columns of U_s
/// only, packed one after another, so the back-substitution streams m×k_s values
/// per stage. The factorisation
/// and the forward elimination can run stage by stage (`factorStage`,
/// `forwardStage`), interleaved with the assembly so that a stage's blocks are used
/// while they are in cache; `factor` and `solve` do the whole system.
/// Storage is contiguous and stage-major, allocated once; nothing here allocates.
/// It is the `NewtonLinearSolver` of the staged steady-state Newton and of the dynamic
/// cascade's BDF (`factor` and `solve` over the assembled blocks).
public final class BlockTridiagonalSystem: NewtonLinearSolver {
    /// Number of stages N.
    public let stageCount: Int
    /// Unknowns per stage m = 2n.
    public let blockSize: Int
    /// Unknown pairs per stage n = m/2.
    public let pairCount: Int
    /// True when the corner block C is part of the system.
    public let hasCorner: Bool
    /// Values per stage of the compact coupling blocks: 4n.
    public let couplingStride: Int

    /// Diagonal blocks D_s, each m×m row-major, stage-major.
    public let diag: UnsafeMutablePointer<Double>
    /// Compact coupling blocks L_s and U_s, `couplingStride` values per stage.
    public let lower: UnsafeMutablePointer<Double>
    public let upper: UnsafeMutablePointer<Double>
    /// Compact corner block C (rows of stage 0, unknowns of stage N−1).
    public let corner: UnsafeMutablePointer<Double>

    // G_s = D'_s⁻¹·U_s over the k_s nonzero columns of U_s (m × k_s, stored at s·m²)
    private let gain: UnsafeMutablePointer<Double>
    private let gainColumns: UnsafeMutablePointer<Int>  // the k_s column indices of stage s
    private let gainCount: UnsafeMutablePointer<Int>    // k_s
    private let gainOffset: UnsafeMutablePointer<Int>   // start of G_s in `gain`: Σ_{r<s} m·w_r
    private let gainStride: UnsafeMutablePointer<Int>   // w_s: row stride of G_s (k_s, or the packed width P when condensed)
    private let pivots: UnsafeMutablePointer<Int>
    private let woodbury: UnsafeMutablePointer<Double>  // W = T⁻¹·[C at stage 0] (N·m × k_c, the corner's nonzero columns)
    private let woodColumns: UnsafeMutablePointer<Int>  // those k_c columns
    private var woodCount = 0
    private let capacitance: UnsafeMutablePointer<Double> // I + W_{N−1}
    private let capPivots: UnsafeMutablePointer<Int>
    private let scratch: UnsafeMutablePointer<Double>
    private let columnScratch: UnsafeMutablePointer<Double>
    private var wood = false
    // stages factored by `CondensedBlockLU`, its packed factors (N·`packedStride` values,
    // allocated when `condensesBalanceRows` is set) and scratch (2P values)
    private let condensed: UnsafeMutablePointer<Bool>
    private let condensedScratch: UnsafeMutablePointer<Double>
    private var packed: UnsafeMutablePointer<Double>?
    private let packedWidth: Int?
    private let packedStride: Int

    /// Factor a stage block by condensing its organic unknowns through the balance rows
    /// (`CondensedBlockLU`) when those rows are diagonal in them and pivot well, there are
    /// 2 to 32 pairs and U_s has at most P nonzero columns; other blocks take the dense LU.
    /// Set by conformers whose blocks have that shape (a contactor cell in upwind plug
    /// flow); off by default.
    public var condensesBalanceRows = false {
        didSet {
            if condensesBalanceRows && packed == nil && packedWidth != nil {
                packed = Self.alignedBuffer(stageCount &* packedStride, zeroed: false)
            }
        }
    }

    /// A 64-byte aligned buffer of `count` doubles (the SIMD kernels load rows whole),
    /// zeroed unless every value is written before it is read (`zeroed: false`).
    static func alignedBuffer(_ count: Int, zeroed: Bool = true) -> UnsafeMutablePointer<Double> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) &* 8, alignment: 64)
        let p = raw.bindMemory(to: Double.self, capacity: max(count, 1))
        if zeroed { p.initialize(repeating: 0, count: max(count, 1)) }
        return p
    }

    /// Allocate for N stages of m×m blocks, every block zero.
    public convenience init(stageCount: Int, blockSize: Int, hasCorner: Bool) {
        self.init(stageCount: stageCount, blockSize: blockSize, hasCorner: hasCorner, zeroed: true)
    }

    /// Allocate; `zeroed: false` leaves the blocks unset, for conformers that write every
    /// entry of a stage's blocks (or zero them, `zeroCoupling`) before it is factored —
    /// a long system's blocks are megabytes, and a cold solve then touches each once.
    public init(stageCount: Int, blockSize: Int, hasCorner: Bool, zeroed: Bool) {
        precondition(stageCount >= 1 && blockSize >= 2 && blockSize % 2 == 0)
        self.stageCount = stageCount
        self.blockSize = blockSize
        self.pairCount = blockSize / 2
        self.hasCorner = hasCorner
        self.couplingStride = 2 * blockSize
        let bb = blockSize * blockSize
        diag = .allocate(capacity: stageCount * bb)
        lower = .allocate(capacity: stageCount * couplingStride)
        upper = .allocate(capacity: stageCount * couplingStride)
        corner = .allocate(capacity: couplingStride)
        gain = Self.alignedBuffer(stageCount * bb, zeroed: false)   // zeroed per stage in `factorStage`
        gainColumns = .allocate(capacity: stageCount * blockSize)
        gainCount = .allocate(capacity: stageCount)
        gainCount.update(repeating: 0, count: stageCount)
        gainOffset = .allocate(capacity: stageCount)
        gainOffset.update(repeating: 0, count: stageCount)
        gainStride = .allocate(capacity: stageCount)
        gainStride.update(repeating: 0, count: stageCount)
        pivots = .allocate(capacity: stageCount * blockSize)
        woodbury = .allocate(capacity: hasCorner ? stageCount * bb : 1)
        woodColumns = .allocate(capacity: blockSize)
        capacitance = .allocate(capacity: bb)
        capPivots = .allocate(capacity: blockSize)
        scratch = .allocate(capacity: blockSize)
        columnScratch = .allocate(capacity: stageCount * blockSize)
        condensed = .allocate(capacity: stageCount)
        condensed.initialize(repeating: false, count: stageCount)
        packedWidth = CondensedBlockLU.width(blockSize / 2)
        packedStride = packedWidth.map { CondensedBlockLU.storage(blockSize / 2, width: $0) } ?? 0
        condensedScratch = Self.alignedBuffer(packedWidth.map { CondensedBlockLU.scratchCount(blockSize / 2, width: $0) } ?? 2)
        if zeroed { zero() } else { corner.update(repeating: 0, count: couplingStride) }
    }

    deinit {
        lower.deallocate(); diag.deallocate(); upper.deallocate(); corner.deallocate()
        gain.deallocate(); gainColumns.deallocate(); gainCount.deallocate(); gainOffset.deallocate(); pivots.deallocate(); woodbury.deallocate(); woodColumns.deallocate(); capacitance.deallocate()
        capPivots.deallocate(); scratch.deallocate(); columnScratch.deallocate()
        condensed.deallocate(); condensedScratch.deallocate(); gainStride.deallocate(); packed?.deallocate()
    }

    /// Offset within a stage's compact coupling block of the entry (row i, unknown c),
    /// or nil where the pair-diagonal pattern has a structural zero (c ≢ i mod n).
    /// Layout: pair p holds [row p: (x_p, y_p), row n+p: (x_p, y_p)] at 4p ..< 4p+4.
    @inline(__always)
    public func couplingIndex(row i: Int, column c: Int) -> Int? {
        let n = pairCount
        guard i % n == c % n else { return nil }
        return 4 * (i % n) + 2 * (i / n) + c / n
    }

    /// Divide every row of stage s — its diagonal block, its couplings and, with
    /// `withCorner` (s = 0 of a loop), its corner — by the row scales `scale` (m values,
    /// each in its row's units), so that the Newton rows read r/σ. Shared by every
    /// `StagedResidual` that assembles into this system.
    @inline(__always)
    public func divideRows(ofStage s: Int, by scale: UnsafePointer<Double>, withCorner: Bool) {
        let m = blockSize, n = pairCount, cs = couplingStride
        let d = diag + s &* m &* m, lo = lower + s &* cs, up = upper + s &* cs
        // row i = side·n + p (no integer division in the loop)
        for side in 0..<2 {
            for p in 0..<n {
                let i = side &* n &+ p
                let inv = 1.0 / scale[i]
                let di = d + i &* m
                for c in 0..<m { di[c] *= inv }
                let k = 4 &* p &+ 2 &* side
                lo[k] *= inv; lo[k &+ 1] *= inv
                up[k] *= inv; up[k &+ 1] *= inv
                if withCorner { corner[k] *= inv; corner[k &+ 1] *= inv }
            }
        }
    }

    /// Dense value of an entry of a coupling block (`lower`, `upper` or `corner`
    /// storage of one stage): zero off the pair pattern.
    public func couplingEntry(_ block: UnsafeMutablePointer<Double>, row i: Int, column c: Int) -> Double {
        couplingIndex(row: i, column: c).map { block[$0] } ?? 0
    }

    /// True when stage s's block was last factored by `CondensedBlockLU`.
    public func isCondensed(_ s: Int) -> Bool { condensed[s] }

    /// Set every block to zero.
    public func zero() {
        diag.update(repeating: 0, count: stageCount * blockSize * blockSize)
        lower.update(repeating: 0, count: stageCount * couplingStride)
        upper.update(repeating: 0, count: stageCount * couplingStride)
        corner.update(repeating: 0, count: couplingStride)
    }

    /// Zero stage s's coupling blocks (L_s, U_s, and C for s = 0) before its assembly.
    @inline(__always)
    public func zeroCoupling(_ s: Int) {
        (lower + s &* couplingStride).update(repeating: 0, count: couplingStride)
        (upper + s &* couplingStride).update(repeating: 0, count: couplingStride)
        if s == 0 { corner.update(repeating: 0, count: couplingStride) }
    }

    /// After a failed `factor`: the first stage whose modified diagonal block (or, for the
    /// last stage, the corner's capacitance matrix) is singular; nil after a success.
    public private(set) var singularStage: Int?

    /// Factor in place (the blocks are overwritten, corner included). Returns false when
    /// singular (`singularStage` says where).
    public func factor() -> Bool {
        singularStage = nil
        for s in 0..<stageCount where !factorStage(s) { singularStage = s; return false }
        if !finishFactor() { singularStage = stageCount - 1; return false }
        return true
    }

    /// Block-Thomas step of stage s (stages in order, after stage s−1's): D'_s = D_s − L_s·G_{s−1},
    /// its LU, and the gain G_s = D'_s⁻¹·U_s over the nonzero columns of U_s. For
    /// s = 0 a corner inside the band (N ≤ 2) is folded in first. Returns false when
    /// D'_s is singular.
    public func factorStage(_ s: Int) -> Bool {
        let m = blockSize, bb = m &* m, n = stageCount, np = pairCount, cs = couplingStride
        let d = diag + s &* bb
        if s == 0 && hasCorner && n <= 2 {
            if n == 1 {
                for p in 0..<np { for r in 0..<2 { for c in 0..<2 { d[(r * np + p) * m + c * np + p] += corner[4 * p + 2 * r + c] } } }
            } else {
                for i in 0..<cs { upper[i] += corner[i] }
            }
        }
        if s > 0 {
            // D'_s −= L_s·G_{s−1}: row p and n+p of L_s combine rows p and n+p of G.
            let l = lower + s &* cs
            let g = gain + gainOffset[s &- 1]
            let k = gainCount[s &- 1], w = gainStride[s &- 1]
            let cols = gainColumns + (s &- 1) &* m
            if condensed[s &- 1] && k > 0 && cols[k &- 1] == k &- 1 {
                // packed gain over the leading columns: whole SIMD rows
                CondensedBlockLU.fill(d, np, width: w, l, g)
            } else {
                var p = 0
                while p < np {
                    let gx = g + p &* w, gy = g + (np &+ p) &* w
                    var r = 0
                    while r < 2 {
                        let lp = l + (4 &* p &+ 2 &* r)
                        let a = lp[0], b = lp[1]
                        if a != 0 || b != 0 {
                            let di = d + (r &* np &+ p) &* m
                            var c = 0
                            while c < k { di[cols[c]] -= a * gx[c] + b * gy[c]; c = c &+ 1 }
                        }
                        r = r &+ 1
                    }
                    p = p &+ 1
                }
            }
        }
        // The nonzero columns of U_s (the couplings to the next stage): the gain keeps only those.
        let last = s == n &- 1
        let u = upper + s &* cs
        let cols = gainColumns + s &* m
        var k = 0
        if !last {
            // column c = side·np + p (no integer division in the loop)
            for side in 0..<2 {
                for p in 0..<np where u[4 &* p &+ side] != 0 || u[4 &* p &+ 2 &+ side] != 0 {
                    cols[k] = side &* np &+ p
                    k = k &+ 1
                }
            }
        }
        var condense = false
        if condensesBalanceRows, let pw = packedWidth, let f = packed, k <= pw, CondensedBlockLU.applies(d, np) {
            condense = true
            if !CondensedBlockLU.factor(d, np, width: pw, f + s &* packedStride, pivots + s &* m, scratch: condensedScratch) { condensed[s] = true; return false }
        } else if !DenseBlockLU.factor(d, m, pivots + s &* m) { condensed[s] = false; return false }
        condensed[s] = condense
        guard !last else { return true }
        let w = condense ? packedWidth! : k
        gainCount[s] = k
        gainStride[s] = w
        if s &+ 1 < n { gainOffset[s &+ 1] = gainOffset[s] &+ m &* w }
        guard k > 0 else { return true }
        let g = gain + gainOffset[s]
        g.update(repeating: 0, count: m &* w)
        for c in 0..<k {
            let side = cols[c] >= np ? 1 : 0, p = cols[c] &- side &* np
            g[p &* w &+ c] = u[4 &* p &+ side]
            g[(np &+ p) &* w &+ c] = u[4 &* p &+ 2 &+ side]
        }
        if condense {
            CondensedBlockLU.solveMatrix(packed! + s &* packedStride, np, width: w, pivots + s &* m, g, columns: k)
        } else {
            DenseBlockLU.solveMatrix(d, m, pivots + s &* m, g, columns: k)
        }
        return true
    }

    /// After every `factorStage`: the Woodbury terms of a corner outside the band.
    /// Only the corner's nonzero columns (k_c of them: a solvent loop carries the organic,
    /// so usually n of the m) are solved for, W = T⁻¹·U_c column by column; the other
    /// columns of W are zero (the same numbers, bit for bit, as solving them too).
    /// Returns false when the capacitance matrix I + W_{N−1} is singular.
    public func finishFactor() -> Bool {
        let m = blockSize, n = stageCount, np = pairCount
        wood = hasCorner && n > 2
        guard wood else { return true }
        var kc = 0
        for c in 0..<m {
            let p = c % np, side = c / np
            if corner[4 &* p &+ side] != 0 || corner[4 &* p &+ 2 &+ side] != 0 { woodColumns[kc] = c; kc = kc &+ 1 }
        }
        woodCount = kc
        for q in 0..<kc {
            let c = woodColumns[q]
            columnScratch.update(repeating: 0, count: n &* m)
            let p = c % np, side = c / np
            columnScratch[p] = corner[4 &* p &+ side]
            columnScratch[np &+ p] = corner[4 &* p &+ 2 &+ side]
            bandSolve(columnScratch)
            for r in 0..<(n &* m) { woodbury[r &* kc &+ q] = columnScratch[r] }
        }
        // capacitance = I + W_{N−1} (zero columns where the corner has none)
        capacitance.update(repeating: 0, count: m &* m)
        let last = woodbury + (n &- 1) &* m &* kc
        for i in 0..<m {
            capacitance[i &* m &+ i] = 1
            for q in 0..<kc { capacitance[i &* m &+ woodColumns[q]] += last[i &* kc &+ q] }
        }
        return DenseBlockLU.factor(capacitance, m, capPivots)
    }

    /// Solve in place with the factors: `rhs` (N·m, stage-major) becomes the solution z.
    public func solve(_ rhs: UnsafeMutablePointer<Double>) {
        bandSolve(rhs)
        woodburyCorrection(rhs)
    }

    /// Forward elimination of stage s (after stage s−1's, and after `factorStage(s)`):
    /// r_s ← D'_s⁻¹·(r_s − L_s·r_{s−1}).
    @inline(__always)
    public func forwardStage(_ s: Int, _ r: UnsafeMutablePointer<Double>) {
        let m = blockSize, np = pairCount
        let rs = r + s &* m
        if s > 0 {
            let l = lower + s &* couplingStride
            let prev = r + (s &- 1) &* m
            var p = 0
            while p < np {
                let x = prev[p], y = prev[np &+ p]
                let lp = l + 4 &* p
                rs[p] -= lp[0] * x + lp[1] * y
                rs[np &+ p] -= lp[2] * x + lp[3] * y
                p = p &+ 1
            }
        }
        if condensed[s] {
            CondensedBlockLU.solve(packed! + s &* packedStride, np, width: packedWidth!, pivots + s &* m, rs, scratch: condensedScratch)
        } else {
            DenseBlockLU.solve(diag + s &* m &* m, m, pivots + s &* m, rs)
        }
    }

    /// After `forwardStage` of every stage: back-substitution and the corner's
    /// Woodbury correction; `r` becomes the solution.
    public func finishSolve(_ r: UnsafeMutablePointer<Double>) {
        backSubstitute(r)
        woodburyCorrection(r)
    }

    private func woodburyCorrection(_ rhs: UnsafeMutablePointer<Double>) {
        guard wood else { return }
        let m = blockSize, n = stageCount, kc = woodCount
        // z = z0 − W·(I + W_{N−1})⁻¹·z0_{N−1}, over W's nonzero columns
        for i in 0..<m { scratch[i] = rhs[(n &- 1) &* m &+ i] }
        DenseBlockLU.solve(capacitance, m, capPivots, scratch)
        for r in 0..<(n &* m) {
            var s = 0.0
            let w = woodbury + r &* kc
            var q = 0
            while q < kc { s += w[q] * scratch[woodColumns[q]]; q = q &+ 1 }
            rhs[r] -= s
        }
    }

    private func bandSolve(_ r: UnsafeMutablePointer<Double>) {
        for s in 0..<stageCount { forwardStage(s, r) }
        backSubstitute(r)
    }

    /// z_s = y_s − G_s·z_{s+1}, from the last stage up.
    private func backSubstitute(_ r: UnsafeMutablePointer<Double>) {
        let m = blockSize
        var s = stageCount &- 2
        while s >= 0 {
            let rs = r + s &* m
            let next = r + (s &+ 1) &* m
            let g = gain + gainOffset[s]
            let k = gainCount[s], w = gainStride[s]
            let cols = gainColumns + s &* m
            if condensed[s] && k > 0 {
                // packed rows: gather z_{s+1} over the gain's columns, one SIMD dot per row
                let v = condensedScratch
                var c = 0
                while c < k { v[c] = next[cols[c]]; c = c &+ 1 }
                while c < w { v[c] = 0; c = c &+ 1 }
                CondensedBlockLU.subtractRows(g, rows: m, width: w, v, rs)
                s = s &- 1
                continue
            }
            var i = 0
            while i < m {
                var acc = 0.0
                let gi = g + i &* w
                var c = 0
                while c < k { acc += gi[c] * next[cols[c]]; c = c &+ 1 }
                rs[i] -= acc
                i = i &+ 1
            }
            s = s &- 1
        }
    }
}
