import GSLBridge
import RareSepCascade
import RareSepCore

extension ContactorWorkspace {
    /// Give the workspace new inlet compositions (mol/m³, one per species), keeping its
    /// grid, hold-up, K·a and buffers (and those of its coarse grids), so that repeated
    /// solves at new inlets — a unit on a recycle — allocate nothing. Returns false,
    /// workspace untouched, when a value is negative or not finite or the counts differ,
    /// or when a species the workspace holds fixed would be fed in its other phase (it
    /// would then transfer and needs unknowns: make a new workspace).
    public func setInlets(aqueous x: [Double], organic y: [Double]) -> Bool {
        let n = speciesCount
        guard x.count == n, y.count == n, (x + y).allSatisfy({ $0.isFinite && $0 >= 0 }) else { return false }
        // the fixed species of this workspace and of its coarse grids: checked, then set
        for apply in [false, true] {
            var w: ContactorWorkspace? = self
            while let c = w {
                guard c.refixSpecies(aqueous: x, organic: y, apply: apply) else { return false }
                w = c.coarseStore
            }
        }
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
    ///
    /// `keptFactors`: when the workspace still holds the complete factorised Jacobian of its
    /// last warm solve (`factorsValid`; a kept workspace given new inlets, which enter the
    /// residual only, so it stays a good approximation), chord steps with it come first — each a residual evaluation and a block solve, no assembly or
    /// factorisation — as long as each cuts the scaled residual `warmOptions.chordContraction`-fold;
    /// between the passes of a converging recycle the state moves little and they usually
    /// finish the solve. Newton takes over where they stop.
    public static func solve(_ ws: ContactorWorkspace, warmStart previous: ContactorSolution?, scaling: [Double]? = nil,
                             warmOptions: StagedNewtonOptions = ContactorSolver.defaultOptions,
                             acceptBelow: Double? = nil, keptFactors: Bool = false) -> ContactorSolution {
        SubnormalFlush.run { warmSolve(ws, warmStart: previous, scaling: scaling, warmOptions: warmOptions, acceptBelow: acceptBelow, keptFactors: keptFactors) }
    }

    /// `solve(_:warmStart:...)` in the caller's floating-point mode.
    static func warmSolve(_ ws: ContactorWorkspace, warmStart previous: ContactorSolution?, scaling: [Double]?,
                          warmOptions: StagedNewtonOptions, acceptBelow: Double?, keptFactors: Bool) -> ContactorSolution {
        let n = ws.speciesCount
        if let previous, previous.aqueous.count == ws.stageCount, previous.problem.species.count == n {
            if let f = scaling {
                func scaled(_ c: [[Double]]) -> [[Double]] { c.map { row in (0..<n).map { row[$0] * f[$0] } } }
                setState(ws, aqueous: scaled(previous.aqueous), organic: scaled(previous.organic))
            } else {
                setState(ws, aqueous: previous.aqueous, organic: previous.organic)
            }
            if keptFactors && ws.factorsValid, let chords = chordSteps(ws, options: warmOptions) {
                var report = SolverReport(code: .success, method: "chord steps on the kept factorisation (warm start)", iterations: 0,
                                          residual: chords.norm, worstLocation: ws.describe(index: chords.worst))
                report.notes.append("\(chords.steps) chord steps")
                return solution(ws, report: report)
            }
            var sol = newton(ws, options: warmOptions)
            // Newton (no continuation) stops at once on a block it cannot factorise; any other
            // end leaves the last factorisation complete (none made: the earlier one stands)
            ws.factorsValid = sol.report.code != .singularJacobian && (sol.report.iterations > 0 || ws.factorsValid)
            if !sol.report.converged, sol.report.code != .infeasible, let acceptBelow, sol.report.residual <= acceptBelow {
                sol.report.code = .success
            }
            if sol.report.converged {
                sol.report.method += " (warm start)"
                return sol
            }
        }
        ws.factorsValid = false
        return solve(ws)
    }
}

extension ContactorSolver {
    /// Chord steps from the workspace's state with its current factorisation while each
    /// cuts the scaled residual `options.chordContraction`-fold, at most
    /// `options.maxChordSteps`; the final norm, worst row and step count when the residual
    /// reached `options.residualTolerance`, else nil (the state is then the last accepted).
    static func chordSteps(_ ws: ContactorWorkspace, options: StagedNewtonOptions) -> (norm: Double, worst: Int, steps: Int)? {
        let total = ws.stageCount * ws.blockSize
        ws.evaluateResidual(at: ws.unknowns)
        var (norm, worst) = ws.scaledResidualNorm()
        var steps = 0
        while norm > options.residualTolerance && steps < options.maxChordSteps {
            guard let (n1, w1, _) = StagedNewton.chordStep(ws, options: options, residualIsCurrent: true),
                  n1 <= options.chordContraction * norm else { return nil }
            ws.unknowns.update(from: ws.trial, count: total)
            (norm, worst) = (n1, w1)
            steps += 1
        }
        return norm <= options.residualTolerance ? (norm, worst, steps) : nil
    }
}
