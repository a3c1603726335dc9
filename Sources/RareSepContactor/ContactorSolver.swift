import GSLBridge
import RareSepCascade
import RareSepChemistry
import RareSepCore

/// Steady state of a contactor: profiles along the height, outlets and the solve report.
public struct ContactorSolution: Sendable {
    /// The problem solved.
    public var problem: ContactorProblem
    /// Cell-centre heights above the bottom, m (N values).
    public var heights: [Double]
    /// Aqueous concentrations x[s][j] per cell (bottom first), mol/m³.
    public var aqueous: [[Double]]
    /// Organic concentrations y[s][j] per cell (bottom first), mol/m³.
    public var organic: [[Double]]
    /// Aqueous outlet (bottom face) composition, mol/m³.
    public var aqueousOutlet: [Double]
    /// Organic outlet (top face) composition, mol/m³.
    public var organicOutlet: [Double]
    /// Newton (and continuation) report.
    public var report: SolverReport
    /// Largest relative closure of the species balance over the whole contactor:
    /// |Q_a·x_in + Q_o·y_in − Q_a·x_out − Q_o·y_out| over the species' inflow.
    public var balanceClosure: Double
}

/// The contactor solve: Newton on the block-tridiagonal cell system (`StagedNewton`)
/// from the linear start (`linearStart`), then Newton from the flat start, then
/// pseudo-transient continuation from the flat start, each only if the previous fails.
/// A central grid that is not monotone (`GridMonotonicity`) may have no nonnegative
/// solution: a failed solve then says where and why (`nonMonotoneDiagnosis`), and a
/// converged one with a negative extrapolated outlet is reported `infeasible`.
public enum ContactorSolver {
    /// The Newton options of a contactor solve: the defaults, with chord steps (reusing
    /// the factorisation) from a scaled residual of 1e-2 and up to 12 of them. From a
    /// prolonged coarse-grid start one Newton step reaches that residual, and the chord
    /// steps then converge (each must cut the residual tenfold) at the cost of residual
    /// evaluations and block solves instead of a second assembly and factorisation.
    public static var defaultOptions: StagedNewtonOptions {
        var o = StagedNewtonOptions()
        o.chordThreshold = 1e-2
        o.maxChordSteps = 12
        return o
    }

    /// Solve `problem` (validated; throws its `InputError`).
    public static func solve(_ problem: ContactorProblem, options: StagedNewtonOptions = ContactorSolver.defaultOptions) throws -> ContactorSolution {
        let ws = try ContactorWorkspace(problem: problem)
        return solve(ws, options: options)
    }

    /// Solve in a workspace: grid sequencing (the problem on half the cells solved
    /// first, recursively, to `coarseOptions`, and prolonged — extrapolated with the
    /// quarter-cell solution where there is one — as the start: `GridSequencing`), then,
    /// if that fails, the linear start, the flat start and the continuation fallback.
    public static func solve(_ ws: ContactorWorkspace, options: StagedNewtonOptions = ContactorSolver.defaultOptions) -> ContactorSolution {
        SubnormalFlush.run { sequenced(ws, options: options).solution }
    }

    /// Scaled residual to which the coarse grids of the sequence are solved (dimensionless):
    /// their solutions only start the next grid, whose discretisation error (first order in
    /// the cell size, percents here) they need not resolve.
    public static let coarseResidualTolerance = 1e-3

    /// The options of a coarse grid of the sequence: `options` with the residual tolerance
    /// loosened to `coarseResidualTolerance` and chord steps kept while each at least
    /// halves the residual (one chord step after the first Newton step usually gets there).
    public static func coarseOptions(_ options: StagedNewtonOptions) -> StagedNewtonOptions {
        var o = options
        o.residualTolerance = max(options.residualTolerance, coarseResidualTolerance)
        o.looseResidualTolerance = max(options.looseResidualTolerance, o.residualTolerance)
        o.chordContraction = max(options.chordContraction, 0.5)
        return o
    }

    /// `solve`, also returning the coarse solution the converged grid sequence started
    /// from (nil without one), which the next finer grid extrapolates with.
    /// `detailed: false` (a coarse grid of the sequence, whose report only its code and
    /// iteration count are read from) skips formatting a converged report's location and notes.
    static func sequenced(_ ws: ContactorWorkspace, options: StagedNewtonOptions, detailed: Bool = true) -> (solution: ContactorSolution, start: ContactorSolution?) {
        var coarseNote: String?
        var coarseIterations = 0
        if let cws = ws.coarse {
            let cp = cws.problem
            let (coarse, coarser) = sequenced(cws, options: coarseOptions(options), detailed: false)
            coarseIterations = coarse.report.iterations
            if coarse.report.converged {
                if let coarser, coarser.problem.scheme == cp.scheme {
                    GridSequencing.extrapolate(coarse, coarser, into: ws)
                } else {
                    GridSequencing.prolong(coarse, into: ws)
                }
                FrozenProfileSolve.apply(ws)
                let outcome = StagedNewton.iterate(ws, options: options)
                var report = StagedNewton.report(ws, outcome, locateSuccess: detailed)
                if outcome.code == .success {
                    guard detailed else { return (solution(ws, report: report), coarse) }
                    let extrapolated = coarser.flatMap { $0.problem.scheme == cp.scheme ? ", extrapolated with the \($0.aqueous.count)-cell solution" : nil } ?? ""
                    let upwind = cp.scheme != ws.problem.scheme ? " (upwind: central fluxes are not monotone on it)" : ""
                    report.notes.insert("grid sequencing: started from the \(cp.cells)-cell solution\(upwind) (Newton converged there in \(coarseIterations) iterations)\(extrapolated)", at: 0)
                    return (solution(ws, report: report), coarse)
                }
                coarseNote = "Newton from the prolonged \(cp.cells)-cell solution: \(report.code.rawValue) after \(report.iterations) iterations at \(report.worstLocation)"
                coarseIterations += report.iterations
            } else {
                coarseNote = "the \(cp.cells)-cell grid did not converge (\(coarse.report.code.rawValue))"
            }
        }
        return (fallbacks(ws, options: options, coarseNote: coarseNote, coarseIterations: coarseIterations, detailed: detailed), nil)
    }

    /// The starts after grid sequencing: Newton from the linear start, then from the flat
    /// start, then pseudo-transient continuation, each only if the previous fails.
    static func fallbacks(_ ws: ContactorWorkspace, options: StagedNewtonOptions, coarseNote: String?, coarseIterations: Int,
                          detailed: Bool = true) -> ContactorSolution {
        linearStart(ws)
        var outcome = StagedNewton.iterate(ws, options: options)
        var report = StagedNewton.report(ws, outcome, locateSuccess: detailed)
        if let coarseNote {
            report.notes.insert(coarseNote, at: 0)
            report.iterations += coarseIterations
        }
        if outcome.code != .success {
            let linear = report
            flatStart(ws)
            outcome = StagedNewton.iterate(ws, options: options)
            report = StagedNewton.report(ws, outcome)
            report.notes.insert("Newton from the linear start: \(linear.code.rawValue) after \(linear.iterations) iterations at \(linear.worstLocation)", at: 0)
            report.iterations += linear.iterations
        }
        if outcome.code != .success {
            let first = report
            flatStart(ws)
            var continuation = options
            continuation.maxIterations = options.continuationMaxIterations ?? options.maxIterations
            outcome = StagedNewton.iterate(ws, options: continuation, pseudoTimeStep: options.initialPseudoTimeStep)
            report = StagedNewton.report(ws, outcome)
            report.method = "pseudo-transient continuation, then newton-block-tridiagonal"
            report.notes.insert("Newton from the flat start: \(first.code.rawValue) after \(first.iterations) iterations at \(first.worstLocation)", at: 0)
            report.iterations += first.iterations
        }
        if outcome.code != .success, let note = nonMonotoneDiagnosis(ws) { report.notes.append(note) }
        return solution(ws, report: report)
    }

    /// Why a central grid that is not monotone (`GridMonotonicity`) may have no solution:
    /// its profiles with the distribution ratios frozen at the workspace's state
    /// (`FrozenProfileSolve`, exact for constant D) and, where one turns negative, the
    /// species, cell and value with the grid's cell Péclet numbers and what would make it
    /// monotone. nil for a monotone grid or when every frozen profile is nonnegative.
    static func nonMonotoneDiagnosis(_ ws: ContactorWorkspace) -> String? {
        let mono = GridMonotonicity(ws.problem)
        guard !mono.isMonotone else { return nil }
        let negatives = FrozenProfileSolve.apply(ws, store: false)
        guard let worst = negatives.min(by: { !($0.value >= $1.value) }) else { return nil }
        let p = ws.problem, j = worst.species, sp = p.species.symbols[j]
        let value = worst.value.isFinite ? "\(fmt(worst.value)) mol/m³" : "not finite"
        // the transfer per cell there, aqueous and organic: K·a·h·m/U_a and K·a·h/U_o with
        // the local equilibrium slope m = ∂y*/∂x (D for constant D)
        let n = ws.speciesCount
        ws.load(ws.unknowns + worst.cell * ws.blockSize)
        ws.dYdX.update(repeating: 0, count: n * n)
        ws.dYdY.update(repeating: 0, count: n * n)
        ws.model.equilibriumOrganic(x: ws.xCell, y: ws.yCell, yStar: ws.yStar, dYdX: ws.dYdX, dYdY: ws.dYdY)
        let slope = ws.dYdX[j * n + j]
        let kah = ws.grid.transferConductance[worst.cell] / p.crossSection
        let transfer = slope.isFinite ? "; transfer per cell there K·a·h·m/U_a = \(fmt(kah * slope / p.aqueousVelocity)) (slope m = ∂y*/∂x = \(fmt(slope))), K·a·h/U_o = \(fmt(kah / p.organicVelocity))" : ""
        return "no nonnegative solution near this state: with the distribution ratios frozen here, the \(sp) \(worst.organic ? "organic" : "aqueous") profile "
            + "of this grid is negative (\(value) at cell \(worst.cell + 1), z = \(fmt(ws.grid.centre(worst.cell))) m; \(negatives.count) species in all\(transfer)); \(mono.advice)"
    }

    /// Relative size below which a negative outlet value of a converged central grid is
    /// taken as round-off (of the species' largest concentration in the contactor).
    public static let negativeOutletTolerance = 1e-10

    /// Newton from the workspace's current state (a warm start set by the caller), without
    /// the starts and fallbacks of `solve`.
    public static func newton(_ ws: ContactorWorkspace, options: StagedNewtonOptions = ContactorSolver.defaultOptions) -> ContactorSolution {
        let outcome = StagedNewton.iterate(ws, options: options)   // flushes subnormals itself
        return solution(ws, report: StagedNewton.report(ws, outcome))
    }

    /// Set the workspace's state from profiles x[s][j], y[s][j] (bottom first, one per cell,
    /// every species; the species the workspace holds fixed keep their constant values).
    public static func setState(_ ws: ContactorWorkspace, aqueous x: [[Double]], organic y: [[Double]]) {
        for s in 0..<ws.stageCount { ws.store(s, aqueous: x[s], organic: y[s]) }
    }

    /// The flat start: every cell holds the aqueous inlet and the organic inlet, each
    /// species' closure applied (aqueous-only: y = 0; organic-only: x = 0; organic
    /// constraint: y = y*(x, y) at that state).
    public static func flatStart(_ ws: ContactorWorkspace) {
        let n = ws.speciesCount, p = ws.problem
        var x = p.aqueousInlet, y = p.organicInlet
        for j in 0..<n {
            switch ws.roles[j] {
            case .aqueousOnly: y[j] = 0
            case .organicOnly: x[j] = 0
            default: break
            }
        }
        var ys = [Double](repeating: 0, count: n)
        for _ in 0..<2 {
            x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { yp in ys.withUnsafeMutableBufferPointer { sp in
                ws.model.equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!, dYdX: nil, dYdY: nil)
            } } }
            for j in 0..<n where ws.roles[j] == .organicConstraint { y[j] = max(ys[j], 0) }
        }
        for s in 0..<ws.stageCount { ws.store(s, aqueous: x, organic: y) }
    }

    /// The linear start: from the flat start, each partitioning species' contactor
    /// solved with its distribution ratio frozen at the flat state (y* = D_j·x_j) and
    /// the constraint species held at their flat values — a linear problem, one block
    /// solve on a twin workspace; exact for constant-D models.
    public static func linearStart(_ ws: ContactorWorkspace) {
        flatStart(ws)
        let n = ws.speciesCount, m = ws.blockSize
        let x = ws.aqueous(0), y = ws.organic(0)
        // the twin has the same roles, inlets and choices, hence the same solved species and layout
        let d = ws.model.distributionRatios(x: x, y: y)
        var ys = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { yp in ys.withUnsafeMutableBufferPointer { sp in
            ws.model.equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!, dYdX: nil, dYdY: nil)
        } } }
        let roles = (0..<n).map { ws.roles[$0] }
        let frozen = FrozenLinearModel(roles: roles, ratio: d.map { $0.isFinite ? $0 : 0 }, fixed: ys)
        var twin = ws.problem
        twin.model = frozen
        guard let lin = try? ContactorWorkspace(problem: twin, condensed: true, fixesOnePhaseSpecies: ws.fixesOnePhaseSpecies) else { return }
        lin.unknowns.update(from: ws.unknowns, count: ws.stageCount * m)
        // linear: one assembly and block solve gives the solution (no line search, whose
        // positivity projection would only slow traces falling hundreds of decades)
        guard lin.assembleAndSolveNewton(rate: 0) == nil else { return }
        for i in 0..<(ws.stageCount * m) {
            let v = lin.step[i]
            guard v.isFinite else { return }
            ws.unknowns[i] = max(v, 0)
        }
    }

    /// The solution at the workspace's state (one fresh residual evaluation for the closure).
    public static func solution(_ ws: ContactorWorkspace, report: SolverReport) -> ContactorSolution {
        let n = ws.speciesCount, N = ws.stageCount, p = ws.problem, g = ws.grid
        let x = (0..<N).map { ws.aqueous($0) }, y = (0..<N).map { ws.organic($0) }
        let wA = g.aqueousOutletWeights, wO = g.organicOutletWeights
        let xo = (0..<n).map { j in wA.0 * x[0][j] + (N > 1 ? wA.1 * x[1][j] : 0) }
        let yo = (0..<n).map { j in wO.0 * y[N - 1][j] + (N > 1 ? wO.1 * y[N - 2][j] : 0) }
        var closure = 0.0
        for j in 0..<n {
            let inflow = p.aqueousFlow * p.aqueousInlet[j] + p.organicFlow * p.organicInlet[j]
            let out = p.aqueousFlow * xo[j] + p.organicFlow * yo[j]
            if inflow > 0 { closure = max(closure, abs(inflow - out) / inflow) }
        }
        var report = report
        if report.converged && p.scheme == .central {
            // the outlet of a central grid without dispersion is extrapolated to the face
            // (1.5·c₀ − 0.5·c₁), negative where the profile falls more than threefold over
            // the last cell: the grid does not resolve it
            for j in 0..<n {
                var top = max(p.aqueousInlet[j], p.organicInlet[j])
                for s in 0..<N { top = max(top, x[s][j], y[s][j]) }
                let bound = -negativeOutletTolerance * top
                for (organic, v) in [(false, xo[j]), (true, yo[j])] where v < bound {
                    report.code = .infeasible
                    report.worstLocation = "\(organic ? "organic outlet (top face)" : "aqueous outlet (bottom face)"), \(p.species.symbols[j])"
                    report.notes.append("the converged central grid extrapolates a negative \(organic ? "organic" : "aqueous") outlet for \(p.species.symbols[j]) "
                        + "(\(fmt(v)) mol/m³): its profile falls more than threefold over the outlet cell, which this grid does not resolve; "
                        + GridMonotonicity(p).advice)
                    break
                }
                if !report.converged { break }
            }
        }
        return ContactorSolution(problem: p, heights: (0..<N).map { g.centre($0) }, aqueous: x, organic: y,
                                 aqueousOutlet: xo, organicOutlet: yo, report: report, balanceClosure: closure)
    }
}
