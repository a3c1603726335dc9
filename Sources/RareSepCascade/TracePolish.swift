import RareSepChemistry

/// Species-wise Picard step ("trace polish"): for one partitioning species j, with
/// every other species and its distribution ratios D_j held at their current values, the stage equations of j are a
/// 2×2-block tridiagonal system (x_j, y_j per stage). For a trace species they are
/// linear, so one solve in the non-incremental form gives its whole profile with
/// relative accuracy — many decades below the feed in a single step, where the
/// coupled Newton step only carries it down geometrically. Allocation-free: the
/// 2×2 system lives in the workspace.
extension CascadeWorkspace {
    /// Polish every species flagged in `collapsed`, from one Jacobian evaluation at
    /// `state` (the species' own blocks do not depend on each other's traces).
    /// Returns true when it ran: the coupling blocks (and so any factorisation) are
    /// then overwritten.
    @discardableResult
    func polishCollapsedSpecies(state: UnsafeMutablePointer<Double>) -> Bool {
        var any = false
        for j in 0..<speciesCount where collapsed[j] { any = true; break }
        guard any else { return false }
        // One pass over the stages: assemble each stage's blocks at `state` and keep the
        // 2×2 blocks of the flagged species, species-major (streamed, not strided, later).
        let n = speciesCount, m = blockSize, N = stageCount, cs = system.couplingStride
        let d = stageScratch   // the diagonal block is only read here: one block, in cache
        for s in 0..<N {
            evaluateStage(s, state, jacobian: true, scaled: false, diagonal: d)
            for j in 0..<n where collapsed[j] {
                let b = speciesBlocks + (j * N + s) * 12
                b[0] = d[j * m + j]; b[1] = d[j * m + n + j]
                b[2] = d[(n + j) * m + j]; b[3] = d[(n + j) * m + n + j]
                (b + 4).update(from: system.lower + s * cs + 4 * j, count: 4)
                (b + 8).update(from: system.upper + s * cs + 4 * j, count: 4)
            }
        }
        for j in 0..<n where collapsed[j] { _ = polishSpecies(j, state: state) }
        return true
    }

    /// Replace species j's profile in `state` by the species-wise Picard point,
    /// using its blocks and the scales `polishCollapsedSpecies` evaluated at `state`. Returns
    /// false (state untouched) if j is not partitioning in every stage or the
    /// solve is singular or yields a negative value.
    func polishSpecies(_ j: Int, state: UnsafeMutablePointer<Double>) -> Bool {
        let n = speciesCount, m = blockSize, N = stageCount
        for r in roles where r[j] != .partitioning { return false }
        let sys = speciesSystem
        sys.zero()
        let idx = (j, n + j)
        // species j's 2×2 blocks as `polishCollapsedSpecies` kept them: diag, lower, upper
        for s in 0..<N {
            let b = speciesBlocks + (j * N + s) * 12
            (sys.diag + s * 4).update(from: b, count: 4)
            if s > 0 { (sys.lower + s * 4).update(from: b + 4, count: 4) }
            if s < N - 1 { (sys.upper + s * 4).update(from: b + 8, count: 4) }
        }
        if system.hasCorner { sys.corner.update(from: system.corner + 4 * j, count: 4) }
        // Freeze D_j: drop the closure's dependence on the species' own organic
        // loading (∂y*_j/∂y_j), so the system is exactly linear in the species and
        // its right-hand side vanishes away from the feeds (product-form solution).
        for s in 0..<N { sys.diag[s * 4 + 3] = 1 }
        // The right-hand side is the system's constant part: the feeds of species j in
        // the balance rows and the organic-feed share of the Murphree inlet in the
        // closure rows; zero elsewhere, so no round-off of larger terms enters.
        for s in 0..<N {
            let e = murphree[s]
            let oin = flows.organicInflow[s]
            speciesRHS[s * 2] = -feedAmount[s * n + j]   // balance rows: F = feeds + J·z
            speciesRHS[s * 2 + 1] = oin > 0 ? (1 - e) * organicFeedAmount[s * n + j] / oin : 0
            for k in 0..<2 {
                let inv = 1.0 / scale[s * m + (k == 0 ? idx.0 : idx.1)]
                speciesRHS[s * 2 + k] *= inv
                for c in 0..<2 {
                    sys.diag[s * 4 + k * 2 + c] *= inv
                    sys.lower[s * 4 + k * 2 + c] *= inv
                    sys.upper[s * 4 + k * 2 + c] *= inv
                    if s == 0 && system.hasCorner { sys.corner[k * 2 + c] *= inv }
                }
            }
        }
        if !sys.factor() { return false }
        sys.solve(speciesRHS)
        for s in 0..<(2 * N) where !(speciesRHS[s] >= 0) {
            if debugNewton { print("  polish \(problem.species.symbols[j]) rejected: entry \(s) = \(speciesRHS[s])") }
            return false
        }
        for s in 0..<N {
            state[s * m + idx.0] = speciesRHS[s * 2]
            state[s * m + idx.1] = speciesRHS[s * 2 + 1]
        }
        return true
    }
}
