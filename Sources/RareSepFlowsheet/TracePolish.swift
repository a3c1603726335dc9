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
    /// Returns true when it ran: the Jacobian blocks (and any factorisation) are then
    /// overwritten.
    @discardableResult
    func polishCollapsedSpecies(state: UnsafeMutablePointer<Double>) -> Bool {
        var any = false
        for j in 0..<speciesCount where collapsed[j] { any = true; break }
        guard any else { return false }
        evaluate(state, jacobian: true)
        for j in 0..<speciesCount where collapsed[j] { _ = polishSpecies(j, state: state) }
        return true
    }

    /// Replace species j's profile in `state` by the species-wise Picard point,
    /// using the Jacobian blocks and scales last evaluated (at `state`). Returns
    /// false (state untouched) if j is not partitioning in every stage or the
    /// solve is singular or yields a negative value.
    func polishSpecies(_ j: Int, state: UnsafeMutablePointer<Double>) -> Bool {
        let n = speciesCount, m = blockSize, N = stageCount, bb = m * m
        for r in roles where r[j] != .partitioning { return false }
        let sys = speciesSystem
        sys.zero()
        let idx = (j, n + j)
        func copy(_ from: UnsafeMutablePointer<Double>, _ to: UnsafeMutablePointer<Double>) {
            to[0] = from[idx.0 * m + idx.0]; to[1] = from[idx.0 * m + idx.1]
            to[2] = from[idx.1 * m + idx.0]; to[3] = from[idx.1 * m + idx.1]
        }
        for s in 0..<N {
            copy(system.diag + s * bb, sys.diag + s * 4)
            if s > 0 { copy(system.lower + s * bb, sys.lower + s * 4) }
            if s < N - 1 { copy(system.upper + s * bb, sys.upper + s * 4) }
        }
        if system.hasCorner { copy(system.corner, sys.corner) }
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
        if sys.factor() != nil { return false }
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
