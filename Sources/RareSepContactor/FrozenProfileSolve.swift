import RareSepChemistry

/// The fine-grid profile of each partitioning species with its distribution ratio
/// frozen cell by cell at the workspace's current state (D_j,s = y*_j/x_j there):
/// a linear two-unknown-per-cell problem per species, solved by the block Thomas
/// algorithm with 2×2 blocks. After a prolongation from a coarser grid, this puts the
/// traces' decay along the height on the fine grid's own discrete rates — a coarse
/// profile interpolated is off by many decades deep in a tail, which Newton's
/// positivity-limited steps would take several iterations to cover.
/// Constraint and one-phase species keep their values. A species whose solve gives
/// a negative or non-finite value keeps its current profile.
///
/// The same solve diagnoses a grid that is not monotone (`apply(_:store: false)` returns
/// the species whose profile turned negative): with the
/// distribution ratios frozen, the cell system of an upwind grid (or a central one with
/// cell Péclet ≤ 2) is an M-matrix and its solution is nonnegative; a negative value
/// means the discrete solution near that state leaves the nonnegative cone, which the
/// positivity-preserving Newton cannot reach.
enum FrozenProfileSolve {
    /// Where a species' frozen-ratio profile is most negative (or where it turned
    /// non-finite, value NaN): the cell (0 at the bottom), the species index, the phase and
    /// the value (mol/m³).
    struct NegativeValue {
        var cell: Int, species: Int, organic: Bool, value: Double
    }

    /// Solve every partitioning species' frozen-ratio profile at the workspace's state and
    /// store those that stay nonnegative (`store`); returns the species that did not, each
    /// with its most negative value.
    @discardableResult
    static func apply(_ ws: ContactorWorkspace, store: Bool = true) -> [NegativeValue] {
        var negatives: [NegativeValue] = []
        let n = ws.speciesCount, n1 = ws.solvedCount, m = ws.blockSize, N = ws.stageCount
        let g = ws.grid
        // distribution ratios per cell at the current state
        var ratio = [Double](repeating: 0, count: N * n)
        let ys = ws.yStar
        for s in 0..<N {
            ws.load(ws.unknowns + s * m)
            ws.model.equilibriumOrganic(x: ws.xCell, y: ws.yCell, yStar: ys, dYdX: nil, dYdY: nil)
            for j in 0..<n where ws.roles[j] == .partitioning {
                ratio[s * n + j] = ws.xCell[j] > 0 ? ys[j] / ws.xCell[j] : 0
            }
        }
        // 2×2 block Thomas per species: C'_s (4 values) and d'_s (2 values) per cell
        var cp = [Double](repeating: 0, count: 4 * N), dp = [Double](repeating: 0, count: 2 * N)
        var out = [Double](repeating: 0, count: 2 * N)
        species: for k in 0..<n1 where ws.roles[ws.solved[k]] == .partitioning {
            let j = ws.solved[k]
            let xin = ws.problem.aqueousInlet[j], yin = ws.problem.organicInlet[j]
            for s in 0..<N {
                let kv = g.transferConductance[s], d = ratio[s * n + j]
                // blocks of cell s: rows (species balance, organic balance), columns (x, y)
                var m11 = g.aD[s], m12 = g.oD[s], m21 = kv * d, m22 = g.oD[s] - kv
                var b1 = -(g.aIn[s] * xin + g.oIn[s] * yin), b2 = -g.oIn[s] * yin
                if s > 0 {
                    // minus L_s·C'_{s−1}, L_s = [[aL, oL], [0, oL]]
                    let l11 = g.aL[s], l12 = g.oL[s], l22 = g.oL[s]
                    let c = 4 * (s - 1)
                    m11 -= l11 * cp[c] + l12 * cp[c + 2]
                    m12 -= l11 * cp[c + 1] + l12 * cp[c + 3]
                    m21 -= l22 * cp[c + 2]
                    m22 -= l22 * cp[c + 3]
                    b1 -= l11 * dp[2 * (s - 1)] + l12 * dp[2 * (s - 1) + 1]
                    b2 -= l22 * dp[2 * (s - 1) + 1]
                }
                let det = m11 * m22 - m12 * m21
                guard det != 0 && det.isFinite else {
                    negatives.append(NegativeValue(cell: s, species: j, organic: false, value: .nan))
                    continue species
                }
                let i11 = m22 / det, i12 = -m12 / det, i21 = -m21 / det, i22 = m11 / det
                // C'_s = M⁻¹·U_s, U_s = [[aU, oU], [0, oU]]
                let u11 = g.aU[s], u12 = g.oU[s], u22 = g.oU[s]
                cp[4 * s] = i11 * u11
                cp[4 * s + 1] = i11 * u12 + i12 * u22
                cp[4 * s + 2] = i21 * u11
                cp[4 * s + 3] = i21 * u12 + i22 * u22
                dp[2 * s] = i11 * b1 + i12 * b2
                dp[2 * s + 1] = i21 * b1 + i22 * b2
            }
            var worst: NegativeValue?
            for s in stride(from: N - 1, through: 0, by: -1) {
                var x = dp[2 * s], y = dp[2 * s + 1]
                if s < N - 1 {
                    let xn = out[2 * (s + 1)], yn = out[2 * (s + 1) + 1]
                    x -= cp[4 * s] * xn + cp[4 * s + 1] * yn
                    y -= cp[4 * s + 2] * xn + cp[4 * s + 3] * yn
                }
                guard x.isFinite && y.isFinite else {
                    negatives.append(NegativeValue(cell: s, species: j, organic: !y.isFinite, value: .nan))
                    continue species
                }
                // keep solving down the grid (the back-substitution is linear) to find the worst value
                if x < 0 || y < 0 {
                    let v = min(x, y)
                    if worst == nil || v < worst!.value { worst = NegativeValue(cell: s, species: j, organic: y < x, value: v) }
                }
                out[2 * s] = x
                out[2 * s + 1] = y
            }
            if let worst { negatives.append(worst); continue species }
            guard store else { continue species }
            for s in 0..<N {
                ws.unknowns[s * m + k] = out[2 * s]
                ws.unknowns[s * m + n1 + k] = out[2 * s + 1]
            }
        }
        return negatives
    }
}
