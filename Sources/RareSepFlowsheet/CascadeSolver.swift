import Foundation
import RareSepChemistry
import RareSepCore

/// Options of the steady-state Newton solve.
public struct CascadeSolverOptions: Sendable {
    /// Maximum Newton iterations.
    public var maxIterations = 100
    /// Converged when every scaled residual row is at most this (relative, dimensionless).
    public var residualTolerance = 1e-12
    /// Or when the residual is below `looseResidualTolerance` and every unknown's
    /// relative Newton step is at most this.
    public var stepTolerance = 1e-10
    public var looseResidualTolerance = 1e-8
    /// Largest change of ln(concentration) in one Newton step, upward (a factor e^30).
    public var maxLogIncrease = 30.0
    /// A positive unknown takes the Newton update z·(1 + dz/z) while the factor
    /// 1 + dz/z is at least this (there it is exact Newton and the factor carries
    /// at most three digits of cancellation) ...
    public var linearStepLimit = 1e-3
    /// ... and is divided by 1/collapseFactor when Newton sends it to (or below) zero:
    /// a trace falling many decades gets there in a few steps, and one sent too low
    /// comes back by at most e^maxLogIncrease per step.
    public var collapseFactor = 1e-12
    /// First pseudo-time step of the continuation fallback, s (hold-ups of one
    /// second of flow per stage).
    public var initialPseudoTimeStep = 1e-2
    /// While the continuation follows the transient (Δτ finite), no residual row is
    /// scaled below this fraction of its species' typical throughput of the stage
    /// (dimensionless; see `CascadeWorkspace.relativeScaleFloor`). Newton keeps the
    /// absolute floor, so traces many decades below it are resolved once Δτ is infinite.
    public var pseudoTransientScaleFloor = 1e-16
    /// Iteration limit of the continuation fallback (nil: `maxIterations`).
    public var continuationMaxIterations: Int? = nil
    /// Below this scaled residual, try chord steps (reusing the last factorisation).
    public var chordThreshold = 1e-4
    /// At most this many chord steps after one Newton step.
    public var maxChordSteps = 3

    public init() {}
}

/// Steady state of a cascade: stage profiles, outlets and diagnostics.
public struct CascadeSolution: Sendable {
    public var problem: CascadeProblem
    public var flows: StageFlows
    /// Aqueous concentrations x[s·n + j], mol/m³.
    public var aqueous: [Double]
    /// Organic concentrations y[s·n + j], mol/m³.
    public var organic: [Double]
    public var report: SolverReport
    /// Largest relative closure of the per-stage species balances at the returned
    /// state (each balance residual over the stage's throughput of that species).
    public var worstStageClosure: Double
}

/// Newton's method on the stage-structured system with a block-tridiagonal LU
/// (plus the solvent-loop corner by Woodbury), analytic Jacobian blocks, a
/// positivity-preserving projection and a backtracking line search.
/// Set RARESEP_DEBUG_NEWTON to print each Newton iteration (norm, worst row, step) to stdout.
let debugNewton = ProcessInfo.processInfo.environment["RARESEP_DEBUG_NEWTON"] != nil

public enum CascadeSolver {
    /// Solve from the Kremser start (each partitioning species' linear cascade at the
    /// distribution ratios of the feed state; exact for constant-D models). If Newton
    /// fails from there, restart from the feed start (every stage holding its aqueous
    /// segment's mixed feed and the organic inlet), then fall back to pseudo-transient
    /// continuation; the report's notes say which path converged.
    public static func solve(_ problem: CascadeProblem, options: CascadeSolverOptions = .init()) throws -> CascadeSolution {
        let ws = try CascadeWorkspace(problem: problem)
        initialGuess(ws)
        var report = newton(ws, options: options)
        if !report.converged {
            // Fallback 1: Newton from the plain feed start (no Kremser pre-solve).
            let first = report
            initialGuess(ws, kremser: false)
            report = newton(ws, options: options)
            if !report.converged {
                // Fallback 2: pseudo-transient continuation from the feed start.
                let second = report
                initialGuess(ws, kremser: false)
                var continuation = options
                continuation.maxIterations = options.continuationMaxIterations ?? options.maxIterations
                report = newton(ws, options: continuation, pseudoTimeStep: options.initialPseudoTimeStep)
                report.method = "pseudo-transient continuation, then newton-block-tridiagonal"
                report.notes.insert("Newton from the feed start: \(second.code.rawValue) after \(second.iterations) iterations at \(second.worstLocation)", at: 0)
                report.iterations += second.iterations
            } else {
                report.method = "newton-block-tridiagonal (restarted from the feed start)"
            }
            report.notes.insert("Newton from the Kremser start: \(first.code.rawValue) after \(first.iterations) iterations at \(first.worstLocation)", at: 0)
            report.iterations += first.iterations
        }
        return solution(ws, report: report)
    }

    /// Newton from the workspace's current state, without the fallbacks.
    public static func solve(_ ws: CascadeWorkspace, options: CascadeSolverOptions = .init()) -> CascadeSolution {
        solution(ws, report: newton(ws, options: options))
    }

    /// The solution at the workspace's state, with its per-stage balance closure
    /// from one fresh residual evaluation there.
    static func solution(_ ws: CascadeWorkspace, report: SolverReport) -> CascadeSolution {
        ws.evaluate(ws.z, jacobian: false)
        var worst = 0.0
        for s in 0..<ws.stageCount {
            for j in 0..<ws.speciesCount {
                let i = s * ws.blockSize + j
                if ws.scale[i] > CascadeWorkspace.scaleFloor { worst = max(worst, abs(ws.residual[i]) / ws.scale[i]) }
            }
        }
        let st = ws.state()
        return CascadeSolution(problem: ws.problem, flows: ws.flows, aqueous: st.x, organic: st.y, report: report,
                               worstStageClosure: worst)
    }

    /// Set the default start in the workspace (see `solve`).
    public static func initialGuess(_ ws: CascadeWorkspace, kremser: Bool = true) {
        let n = ws.speciesCount, m = ws.blockSize, N = ws.stageCount
        let p = ws.problem
        // Organic: the composition entering stage 0 (organic feeds, make-up or loop start).
        var orgFlow = 0.0
        var org = [Double](repeating: 0, count: n)
        for f in p.feeds where f.phase == .organic && f.stage == 0 {
            orgFlow += f.flow
            for j in 0..<n { org[j] += f.flow * f.concentrations[j] }
        }
        if let loop = p.loop {
            orgFlow += loop.flow
            for j in 0..<n { org[j] += loop.flow * loop.makeupConcentrations[j] }
        }
        if orgFlow > 0 { for j in 0..<n { org[j] /= orgFlow } }
        // Aqueous: mixed aqueous feeds of the segment, accumulated from the top down.
        var acc = [Double](repeating: 0, count: n)
        var accFlow = 0.0
        var s = N - 1
        while s >= 0 {
            for f in p.feeds where f.phase == .aqueous && f.stage == s {
                accFlow += f.flow
                for j in 0..<n { acc[j] += f.flow * f.concentrations[j] }
            }
            for j in 0..<n {
                ws.z[s * m + j] = accFlow > 0 ? acc[j] / accFlow : 0
                ws.z[s * m + n + j] = org[j]
            }
            if ws.flows.aqueousOutlet[s] != nil {
                acc = [Double](repeating: 0, count: n)
                accFlow = 0
            }
            s -= 1
        }
        // Kremser start: with the distribution ratios of this state held fixed, each
        // partitioning species' cascade is linear; solve them one by one.
        guard kremser else { return }
        for j in 0..<n { ws.collapsed[j] = true }
        ws.polishCollapsedSpecies(state: ws.z)
        for j in 0..<n { ws.collapsed[j] = false }
    }

    /// What the allocation-free Newton loop returns; the report is built from it afterwards.
    public struct NewtonOutcome: Sendable {
        public var code: ReturnCode
        public var iterations: Int
        public var residual: Double
        /// Index of the worst scaled residual row (or the singular stage block).
        public var worstIndex: Int
        public var dampedSteps: Int
        public var smallestStep: Double
    }

    static func newton(_ ws: CascadeWorkspace, options: CascadeSolverOptions, pseudoTimeStep: Double? = nil) -> SolverReport {
        let o = iterate(ws, options: options, pseudoTimeStep: pseudoTimeStep)
        var notes: [String] = []
        if o.dampedSteps > 0 { notes.append("\(o.dampedSteps) damped Newton steps (smallest step fraction \(o.smallestStep))") }
        let location: String
        switch o.code {
        case .singularJacobian: location = "stage \(o.worstIndex + 1) Jacobian block"
        case .stalled:
            notes.append("line search found no decrease of the residual")
            location = ws.describe(index: o.worstIndex)
        default: location = ws.describe(index: o.worstIndex)
        }
        return SolverReport(code: o.code, method: "newton-block-tridiagonal", iterations: o.iterations, residual: o.residual,
                            worstLocation: location, notes: notes)
    }

    /// The Newton iteration on the workspace's state. Allocates nothing.
    /// `pseudoTimeStep`: nil for Newton; a value Δτ (s) for pseudo-transient
    /// continuation, where each stage's balance gains the hold-up term (A_s·x + O_s·y)/Δτ
    /// (hold-ups of one second of flow) and Δτ grows as the residual falls
    /// (switched evolution relaxation), becoming Newton when Δτ passes 1e12 s or the
    /// residual reaches the tolerance. While Δτ is finite, rows are scaled no finer than
    /// `pseudoTransientScaleFloor` of their species' stage throughput, and a step whose
    /// residual is not finite or whose stage blocks are singular is retried with Δτ/10.
    public static func iterate(_ ws: CascadeWorkspace, options: CascadeSolverOptions,
                               pseudoTimeStep: Double? = nil) -> NewtonOutcome {
        let total = ws.stageCount * ws.blockSize
        var dt = pseudoTimeStep ?? .infinity
        var lastStep = Double.infinity
        var damped = 0
        var chords = 0
        var smallest = 1.0
        if dt.isFinite { ws.relativeScaleFloor = options.pseudoTransientScaleFloor }
        defer { if pseudoTimeStep != nil { ws.relativeScaleFloor = 0 } }
        ws.evaluate(ws.z, jacobian: false)
        var (norm, worst) = ws.scaledResidualNorm()
        var iteration = 0
        func outcome(_ code: ReturnCode) -> NewtonOutcome {
            NewtonOutcome(code: code, iterations: iteration, residual: norm, worstIndex: worst, dampedSteps: damped, smallestStep: smallest)
        }
        // The continuation becomes Newton: Δτ infinite and the absolute row-scale floor,
        // so the last steps resolve the traces below the continuation's floor.
        func becomeNewton() {
            dt = .infinity
            ws.relativeScaleFloor = 0
            ws.evaluate(ws.z, jacobian: false)
            (norm, worst) = ws.scaledResidualNorm()
            lastStep = .infinity
        }
        while true {
            if !norm.isFinite { return outcome(.nonFinite) }
            if dt.isFinite && norm <= options.residualTolerance {
                // settled at the continuation's row scaling: the traces are Newton's
                becomeNewton()
                continue
            }
            if norm <= options.residualTolerance || (norm <= options.looseResidualTolerance && lastStep <= options.stepTolerance) {
                return outcome(.success)
            }
            if iteration >= options.maxIterations { return outcome(.maxIterations) }
            iteration += 1
            // Newton in the non-incremental form J·z_new = J·z − F, rows divided by
            // their residual scale: for the parts of the system that are linear (every
            // trace species at fixed majors) the block elimination then yields the new
            // concentrations as products of stage ratios, with relative accuracy many
            // decades below the feed, instead of as differences that cancel. Assembly,
            // factorisation and forward elimination run stage by stage (in cache).
            if let bad = ws.assembleAndSolveNewton(rate: dt.isFinite ? 1 / dt : 0) {
                if dt.isFinite && dt > 1e-9 {
                    // pseudo-transient: more hold-up makes the stage blocks diagonally dominant
                    ws.evaluate(ws.z, jacobian: false)
                    dt *= 0.1
                    continue
                }
                worst = bad
                return outcome(.singularJacobian)
            }
            // step now holds the Newton point z_new
            // Backtracking on the sum of squared scaled residuals.
            let merit0 = merit(ws)
            var alpha = 1.0
            var accepted = false
            var factorsIntact = true   // a trace polish re-assembles the blocks over the factors
            var newNorm = norm, newWorst = worst, newMerit = merit0
            for _ in 0..<30 {
                for j in 0..<ws.speciesCount { ws.collapsed[j] = false }
                for i in 0..<total {
                    let zi = ws.z[i], zn = ws.step[i]
                    let t = zi + alpha * (zn - zi)
                    if t >= options.linearStepLimit * zi {
                        // exact Newton (damped): z moves linearly
                        ws.trial[i] = zi > 0 ? min(t, zi * exp(options.maxLogIncrease)) : max(t, 0)
                    } else if zn > 0 {
                        // a fall of more than three decades: geometric interpolation stays positive
                        ws.trial[i] = zi * pow(zn / zi, alpha)
                        ws.collapsed[(i % ws.blockSize) % ws.speciesCount] = true
                    } else {
                        // Newton sends it to or below zero
                        ws.trial[i] = zi * pow(options.collapseFactor, alpha)
                        ws.collapsed[(i % ws.blockSize) % ws.speciesCount] = true
                    }
                }
                // Species falling by decades: solve their own (trace-linear) profiles exactly.
                if ws.polishCollapsedSpecies(state: ws.trial) { factorsIntact = false }
                ws.evaluate(ws.trial, jacobian: false)
                let m1 = merit(ws)
                // Newton: backtracking on the merit. Continuation: a pseudo-time step
                // follows the transient, which may pass through larger residuals; it is
                // taken whole when the residual stays finite (Kelley & Keyes 1998).
                if m1.isFinite && (dt.isFinite || m1 <= (1 - 1e-4 * alpha) * merit0 || m1 == 0) {
                    (newNorm, newWorst) = ws.scaledResidualNorm()
                    newMerit = m1
                    accepted = true
                    break
                }
                alpha *= 0.5
            }
            if !accepted {
                ws.evaluate(ws.z, jacobian: false)
                if dt.isFinite && dt > 1e-9 {
                    dt *= 0.1   // pseudo-transient: a shorter time step, and try again
                    continue
                }
                return outcome(.stalled)
            }
            if dt.isFinite {
                // Switched evolution relaxation on the 2-norm (Δτ grows as the residual
                // falls), at least doubling: a slow mode that barely moves the residual
                // must not hold Δτ (and so the continuation) still.
                let ratio = (merit0 / max(newMerit, 1e-300)).squareRoot()
                dt *= min(10, max(2, ratio))
            }
            if alpha < 1 { damped += 1; smallest = min(smallest, alpha) }
            var maxRel = 0.0
            for i in 0..<total {
                let d = abs(ws.trial[i] - ws.z[i])
                let ref = max(abs(ws.trial[i]), abs(ws.z[i]))
                if d > 0 { maxRel = max(maxRel, ref > 0 ? d / ref : 1) }
                ws.z[i] = ws.trial[i]
            }
            lastStep = maxRel
            if debugNewton { print("iter \(iteration) alpha \(alpha) norm \(newNorm) at \(ws.describe(index: newWorst)) step \(maxRel)") }
            norm = newNorm
            worst = newWorst
            if dt > 1e12 && dt.isFinite { becomeNewton() }
            // Near the solution, chord steps reuse the factorisation (no Jacobian, no LU)
            // while each cuts the residual at least tenfold.
            if alpha == 1 && factorsIntact && !dt.isFinite && norm <= options.chordThreshold {
                for _ in 0..<options.maxChordSteps {
                    if norm <= options.residualTolerance { break }
                    guard let (n1, w1, step1) = chordStep(ws, options: options), n1 <= 0.1 * norm else {
                        ws.evaluate(ws.z, jacobian: false)
                        break
                    }
                    for i in 0..<total { ws.z[i] = ws.trial[i] }
                    (norm, worst, lastStep) = (n1, w1, step1)
                    chords += 1
                    if debugNewton { print("chord: norm \(norm) at \(ws.describe(index: worst)) step \(step1)") }
                }
            }
        }
    }

    /// One chord step from ws.z with the current factorisation (rows scaled as when it
    /// was made): z_trial = z − J⁻¹F. Returns the new norm, worst row and relative step,
    /// or nil if a concentration would turn negative.
    static func chordStep(_ ws: CascadeWorkspace, options: CascadeSolverOptions) -> (Double, Int, Double)? {
        let total = ws.stageCount * ws.blockSize
        ws.evaluate(ws.z, jacobian: false)
        for i in 0..<total { ws.step[i] = -ws.residual[i] / ws.factorScale[i] }
        ws.system.solve(ws.step)
        var maxRel = 0.0
        for i in 0..<total {
            let zi = ws.z[i], t = zi + ws.step[i]
            if t < 0 || (zi > 0 && t < options.linearStepLimit * zi) { return nil }
            ws.trial[i] = t
            let ref = max(abs(t), abs(zi))
            if ref > 0 { maxRel = max(maxRel, abs(t - zi) / ref) }
        }
        ws.evaluate(ws.trial, jacobian: false)
        let (n1, w1) = ws.scaledResidualNorm()
        return n1.isFinite ? (n1, w1, maxRel) : nil
    }

    static func merit(_ ws: CascadeWorkspace) -> Double {
        var s = 0.0
        for i in 0..<(ws.stageCount * ws.blockSize) {
            let v = ws.residual[i] / ws.scale[i]
            s += v * v
        }
        return s
    }
}
