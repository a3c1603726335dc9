import Foundation
import GSLBridge
import RareSepCore

/// Set RARESEP_DEBUG_NEWTON to print each Newton iteration (norm, worst row, step) to stdout.
@usableFromInline
let debugNewton = ProcessInfo.processInfo.environment["RARESEP_DEBUG_NEWTON"] != nil

/// What the allocation-free Newton loop returns; the report is built from it afterwards.
public struct StagedNewtonOutcome: Sendable {
    /// How the iteration ended.
    public var code: ReturnCode
    /// Newton (and continuation) iterations taken.
    public var iterations: Int
    /// Max-norm of the scaled residual at the end (dimensionless).
    public var residual: Double
    /// Index of the worst scaled residual row (or the singular stage block).
    public var worstIndex: Int
    /// Steps whose line search took less than the full Newton step.
    public var dampedSteps: Int
    /// Smallest step fraction the line search took (1: none damped).
    public var smallestStep: Double

    /// Memberwise.
    @inlinable
    public init(code: ReturnCode, iterations: Int, residual: Double, worstIndex: Int, dampedSteps: Int, smallestStep: Double) {
        self.code = code
        self.iterations = iterations
        self.residual = residual
        self.worstIndex = worstIndex
        self.dampedSteps = dampedSteps
        self.smallestStep = smallestStep
    }
}

/// Newton's method on a stage-structured residual (`StagedResidual`): the
/// block-tridiagonal LU (plus a corner by Woodbury) fused with the assembly, a
/// positivity-preserving projection, a backtracking line search, chord steps near
/// the solution and pseudo-transient continuation. Generic over the residual and
/// inlinable, so each conformer gets its own specialised, allocation-free loop.
public enum StagedNewton {
    /// The Newton iteration from the residual's current state (`unknowns`), which it
    /// updates in place. Allocates nothing.
    /// `pseudoTimeStep`: nil for Newton; a value Δτ (s) for pseudo-transient
    /// continuation, where each stage's rows gain the hold-up term hold-up/Δτ
    /// (`StagedResidual.assembleNewtonStage`) and Δτ grows as the residual falls
    /// (switched evolution relaxation) and shrinks when a step raises it, becoming Newton
    /// when Δτ passes 1e12 s or the residual reaches the tolerance. While Δτ is finite,
    /// rows are scaled no finer than `pseudoTransientScaleFloor` (`relativeScaleFloor`),
    /// and a step whose residual is not finite, whose merit grows more than
    /// `pseudoTransientMaxMeritGrowth`-fold or whose stage blocks are singular is retried
    /// with Δτ/10. Newton alone gives up as stalled after `stallWindow` damped steps that
    /// did not halve the residual.
    /// Runs with subnormal doubles flushed to zero (`SubnormalFlush`): deep traces would
    /// otherwise slow every block operation they touch, far below the rows' scale floor.
    @inlinable
    public static func iterate<S: StagedResidual>(_ ws: S, options: StagedNewtonOptions,
                                                 pseudoTimeStep: Double? = nil) -> StagedNewtonOutcome {
        SubnormalFlush.run { iterateInCallerMode(ws, options: options, pseudoTimeStep: pseudoTimeStep) }
    }

    /// `iterate` in the caller's floating-point mode.
    @inlinable
    static func iterateInCallerMode<S: StagedResidual>(_ ws: S, options: StagedNewtonOptions,
                                                       pseudoTimeStep: Double?) -> StagedNewtonOutcome {
        let total = ws.stageCount &* ws.blockSize
        let z = ws.unknowns, trial = ws.trial, newtonPoint = ws.step
        let nonnegative = S.unknownsAreNonnegative
        var dt = pseudoTimeStep ?? .infinity
        var lastStep = Double.infinity
        var damped = 0
        var smallest = 1.0
        // stall detection (Newton only): consecutive damped steps and the norm before them
        let stallWindow = pseudoTimeStep == nil ? options.stallWindow : nil
        var dampedRun = 0
        var runStartNorm = Double.infinity
        if dt.isFinite { ws.relativeScaleFloor = options.pseudoTransientScaleFloor }
        defer { if pseudoTimeStep != nil { ws.relativeScaleFloor = 0 } }
        ws.evaluateResidual(at: z)
        var (norm, worst) = ws.scaledResidualNorm()
        var iteration = 0
        func outcome(_ code: ReturnCode) -> StagedNewtonOutcome {
            StagedNewtonOutcome(code: code, iterations: iteration, residual: norm, worstIndex: worst, dampedSteps: damped, smallestStep: smallest)
        }
        // The continuation becomes Newton: Δτ infinite and the absolute row-scale floor,
        // so the last steps resolve what lies below the continuation's floor.
        func becomeNewton() {
            dt = .infinity
            ws.relativeScaleFloor = 0
            ws.evaluateResidual(at: z)
            (norm, worst) = ws.scaledResidualNorm()
            lastStep = .infinity
        }
        while true {
            if !norm.isFinite { return outcome(.nonFinite) }
            if dt.isFinite && norm <= options.residualTolerance {
                // settled at the continuation's row scaling: the rest is Newton's
                becomeNewton()
                continue
            }
            if norm <= options.residualTolerance || (norm <= options.looseResidualTolerance && lastStep <= options.stepTolerance) {
                return outcome(.success)
            }
            if iteration >= options.maxIterations { return outcome(.maxIterations) }
            iteration += 1
            // Newton in the non-incremental form J·z_new = J·z − F, rows divided by
            // their residual scale: for the parts of the system that are linear (a
            // cascade's trace species at fixed majors) the block elimination then yields
            // the new values as products of stage ratios, with relative accuracy many
            // decades down, instead of as differences that cancel. Assembly,
            // factorisation and forward elimination run stage by stage (in cache).
            if let bad = ws.assembleAndSolveNewton(rate: dt.isFinite ? 1 / dt : 0) {
                if dt.isFinite && dt > 1e-9 {
                    // pseudo-transient: more hold-up makes the stage blocks diagonally dominant
                    ws.evaluateResidual(at: z)
                    dt *= 0.1
                    continue
                }
                worst = bad
                return outcome(.singularJacobian)
            }
            // step now holds the Newton point z_new
            // Backtracking on the sum of squared scaled residuals.
            let merit0 = ws.merit()
            var alpha = 1.0
            var accepted = false
            var factorsIntact = true   // a refinement (trace polish) re-assembles the blocks over the factors
            var newNorm = norm, newWorst = worst, newMerit = merit0
            let maxGrowth = exp(options.maxLogIncrease)
            for _ in 0..<30 {
                ws.willFormTrial()
                for i in 0..<total {
                    let zi = z[i], zn = newtonPoint[i]
                    let t = zi + alpha * (zn - zi)
                    if !nonnegative {
                        trial[i] = t
                    } else if t >= options.linearStepLimit * zi {
                        // exact Newton (damped): z moves linearly
                        trial[i] = zi > 0 ? min(t, zi * maxGrowth) : max(t, 0)
                    } else if zn > 0 {
                        // a fall of more than three decades: geometric interpolation stays positive
                        trial[i] = zi * pow(zn / zi, alpha)
                        ws.noteCollapse(at: i)
                    } else {
                        // Newton sends it to or below zero
                        trial[i] = zi * pow(options.collapseFactor, alpha)
                        ws.noteCollapse(at: i)
                    }
                }
                if ws.refineTrial(trial) { factorsIntact = false }
                ws.evaluateResidual(at: trial)
                let m1 = ws.merit()
                // Newton: backtracking on the merit. Continuation: a pseudo-time step
                // follows the transient, which may pass through larger residuals; it is
                // taken whole when the residual stays finite (Kelley & Keyes 1998) and the
                // merit grows at most `pseudoTransientMaxMeritGrowth`-fold; a larger jump
                // means the implicit step overshot the transient (a loading front thrown
                // past a pinch), and it is retried with Δτ/10.
                if dt.isFinite && !(m1 <= options.pseudoTransientMaxMeritGrowth * merit0) {
                    break   // the step left the transient: a shorter time step (below)
                }
                if m1.isFinite && (dt.isFinite || m1 <= (1 - 1e-4 * alpha) * merit0 || m1 == 0) {
                    (newNorm, newWorst) = ws.scaledResidualNorm()
                    newMerit = m1
                    accepted = true
                    break
                }
                alpha *= 0.5
            }
            if !accepted {
                ws.evaluateResidual(at: z)
                if dt.isFinite && dt > 1e-9 {
                    dt *= 0.1   // pseudo-transient: a shorter time step, and try again
                    continue
                }
                return outcome(.stalled)
            }
            if dt.isFinite {
                // Switched evolution relaxation on the 2-norm: Δτ grows as the residual
                // falls, at least doubling (a slow mode that barely moves the residual
                // must not hold Δτ, and so the continuation, still), and shrinks (at most
                // halving) when a step raised it: doubling through rises let Δτ run away
                // while a loading front crossed a long pinched section.
                let ratio = (merit0 / max(newMerit, 1e-300)).squareRoot()
                dt *= ratio >= 1 ? min(10, max(2, ratio)) : max(0.5, ratio)
            }
            if alpha < 1 { damped += 1; smallest = min(smallest, alpha) }
            if stallWindow != nil {
                if alpha < 1 {
                    if dampedRun == 0 { runStartNorm = norm }
                    dampedRun += 1
                } else {
                    dampedRun = 0
                }
            }
            var maxRel = 0.0
            for i in 0..<total {
                let d = abs(trial[i] - z[i])
                let ref = max(abs(trial[i]), abs(z[i]))
                if d > 0 { maxRel = max(maxRel, ref > 0 ? d / ref : 1) }
                z[i] = trial[i]
            }
            lastStep = maxRel
            if debugNewton { print("iter \(iteration) alpha \(alpha) norm \(newNorm) at \(ws.describe(index: newWorst)) step \(maxRel)\(dt.isFinite ? " dt \(dt) merit \(newMerit) from \(merit0)" : "")") }
            norm = newNorm
            worst = newWorst
            if let window = stallWindow, dampedRun >= window {
                if norm > 0.5 * runStartNorm { return outcome(.stalled) }
                dampedRun = 0
            }
            if dt > 1e12 && dt.isFinite { becomeNewton() }
            // Near the solution, chord steps reuse the factorisation (no Jacobian, no LU)
            // while each cuts the residual at least tenfold.
            if alpha == 1 && factorsIntact && !dt.isFinite && norm <= options.chordThreshold {
                for _ in 0..<options.maxChordSteps {
                    if norm <= options.residualTolerance { break }
                    // the residual and scales at z are current (the accepted trial's evaluation)
                    guard let (n1, w1, step1) = chordStep(ws, options: options, residualIsCurrent: true),
                          n1 <= options.chordContraction * norm else {
                        if debugNewton { print("chord rejected") }
                        ws.evaluateResidual(at: z)
                        break
                    }
                    z.update(from: trial, count: total)
                    (norm, worst, lastStep) = (n1, w1, step1)
                    if debugNewton { print("chord: norm \(norm) at \(ws.describe(index: worst)) step \(step1)") }
                }
            }
        }
    }

    /// One chord step from `unknowns` with the current factorisation (rows scaled as
    /// when it was made): trial = z − J⁻¹F. Returns the new norm, worst row and relative
    /// step, or nil if the residual is not finite or (nonnegative unknowns) a value
    /// would turn negative or fall more than the `linearStepLimit` factor.
    /// `residualIsCurrent`: `residual` and `scale` already hold F and σ at `unknowns` (the
    /// last evaluation was there), so the step does not evaluate them again.
    @inlinable
    public static func chordStep<S: StagedResidual>(_ ws: S, options: StagedNewtonOptions,
                                                    residualIsCurrent: Bool = false) -> (Double, Int, Double)? {
        let total = ws.stageCount &* ws.blockSize
        let z = ws.unknowns, trial = ws.trial, step = ws.step, residual = ws.residual, factorScale = ws.factorScale
        let nonnegative = S.unknownsAreNonnegative
        if !residualIsCurrent { ws.evaluateResidual(at: z) }
        for i in 0..<total { step[i] = -residual[i] / factorScale[i] }
        ws.system.solve(step)
        var maxRel = 0.0
        for i in 0..<total {
            let zi = z[i], t = zi + step[i]
            if nonnegative && (t < 0 || (zi > 0 && t < options.linearStepLimit * zi)) {
                if debugNewton { print("chord: unknown \(i) \(ws.describe(index: i)) from \(zi) to \(t)") }
                return nil
            }
            trial[i] = t
            let ref = max(abs(t), abs(zi))
            if ref > 0 { maxRel = max(maxRel, abs(t - zi) / ref) }
        }
        ws.evaluateResidual(at: trial)
        let (n1, w1) = ws.scaledResidualNorm()
        if debugNewton { print("chord: trial norm \(n1)") }
        return n1.isFinite ? (n1, w1, maxRel) : nil
    }

    /// The solver report of an outcome: the method, the location of the worst row
    /// (`describe(index:)`) or of the singular stage block, and a note on damped steps.
    /// `locateSuccess: false` leaves a converged outcome's location empty (a caller that
    /// only needs the code and counts, such as a coarse grid of a sequence, skips formatting it).
    public static func report<S: StagedResidual>(_ ws: S, _ o: StagedNewtonOutcome, locateSuccess: Bool = true) -> SolverReport {
        var notes: [String] = []
        if o.dampedSteps > 0 { notes.append("\(o.dampedSteps) damped Newton steps (smallest step fraction \(o.smallestStep))") }
        let location: String
        switch o.code {
        case .singularJacobian: location = "stage \(o.worstIndex + 1) Jacobian block"
        case .stalled:
            notes.append("line search found no decrease of the residual, or consecutive damped steps did not halve it")
            location = ws.describe(index: o.worstIndex)
        case .success where !locateSuccess: location = ""
        default: location = ws.describe(index: o.worstIndex)
        }
        return SolverReport(code: o.code, method: "newton-block-tridiagonal", iterations: o.iterations, residual: o.residual,
                            worstLocation: location, notes: notes)
    }
}
