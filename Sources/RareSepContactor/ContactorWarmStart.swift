import RareSepCascade

extension ContactorWorkspace {
    /// Give the workspace new inlet compositions (mol/m³, one per species), keeping its
    /// grid, hold-up, K·a and buffers (and those of its coarse grids), so that repeated
    /// solves at new inlets — a unit on a recycle — allocate nothing. Returns false,
    /// workspace untouched, when a value is negative or not finite or the counts differ.
    public func setInlets(aqueous x: [Double], organic y: [Double]) -> Bool {
        let n = speciesCount
        guard x.count == n, y.count == n, (x + y).allSatisfy({ $0.isFinite && $0 >= 0 }) else { return false }
        problem.aqueousInlet = x
        problem.organicInlet = y
        for j in 0..<n {
            xIn[j] = x[j]
            yIn[j] = y[j]
            typical[j] = max(x[j], y[j], 1e-300)
        }
        if let c = coarseStore { _ = c.setInlets(aqueous: x, organic: y) }
        return true
    }
}

extension ContactorSolver {
    /// Solve in a workspace from a warm start: Newton from `previous`'s profiles (a solution
    /// on the same cells), species j multiplied by `scaling[j]` (the unit's change of
    /// inflow, as the cascade unit scales its warm start), with `warmOptions`; a result
    /// whose scaled residual is at most `acceptBelow` counts as converged (a warm attempt
    /// may aim below the full tolerance). When that fails, or without a usable `previous`,
    /// the full solve (`solve(_:options:)`, grid sequencing and fallbacks, default options).
    public static func solve(_ ws: ContactorWorkspace, warmStart previous: ContactorSolution?, scaling: [Double]? = nil,
                             warmOptions: StagedNewtonOptions = ContactorSolver.defaultOptions,
                             acceptBelow: Double? = nil) -> ContactorSolution {
        let n = ws.speciesCount
        if let previous, previous.aqueous.count == ws.stageCount, previous.problem.species.count == n {
            if let f = scaling {
                func scaled(_ c: [[Double]]) -> [[Double]] { c.map { row in (0..<n).map { row[$0] * f[$0] } } }
                setState(ws, aqueous: scaled(previous.aqueous), organic: scaled(previous.organic))
            } else {
                setState(ws, aqueous: previous.aqueous, organic: previous.organic)
            }
            var sol = newton(ws, options: warmOptions)
            if !sol.report.converged, let acceptBelow, sol.report.residual <= acceptBelow {
                sol.report.code = .success
            }
            if sol.report.converged {
                sol.report.method += " (warm start)"
                return sol
            }
        }
        return solve(ws)
    }
}
