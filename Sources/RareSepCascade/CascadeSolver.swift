import Foundation
import RareSepChemistry
import RareSepCore

/// The cascade solve's options: those of the stage-structured Newton iteration.
public typealias CascadeSolverOptions = StagedNewtonOptions

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

    /// A solution from stage profiles computed elsewhere (e.g. a dynamic cascade's
    /// settler outlets at one time), so that its outlets, purities and recoveries are
    /// those of the steady solver's reports.
    public init(problem: CascadeProblem, flows: StageFlows, aqueous: [Double], organic: [Double], report: SolverReport,
                worstStageClosure: Double) {
        self.problem = problem
        self.flows = flows
        self.aqueous = aqueous
        self.organic = organic
        self.report = report
        self.worstStageClosure = worstStageClosure
    }
}

/// The steady-state cascade solve: the Kremser start, then the stage-structured
/// Newton iteration (`StagedNewton` on the `CascadeWorkspace`) with analytic Jacobian
/// blocks, and its fallbacks.
public enum CascadeSolver {
    /// Solve from the Kremser start (each partitioning species' linear cascade at the
    /// distribution ratios of the feed state; exact for constant-D models). If Newton
    /// fails from there, restart from the feed start (every stage holding its aqueous
    /// segment's mixed feed and the organic inlet), then fall back to pseudo-transient
    /// continuation, and, for a cascade of more than `stageContinuationBase` stages where
    /// that fails too, to continuation in the stage count (`stageCountContinuation`);
    /// the report's notes say which path converged.
    /// `warmStart`: a solution of a neighbouring design (same species and section names;
    /// stage counts and flows may differ), whose profiles, interpolated onto this
    /// problem's stages (`setWarmStart`),
    /// then each species' profile re-solved at the distribution ratios of that state
    /// (`solveLinearProfiles`), are Newton's first start; the cold path above
    /// follows only if Newton fails from there. Its iterations count in the report.
    public static func solve(_ problem: CascadeProblem, warmStart: CascadeSolution? = nil,
                             options: CascadeSolverOptions = .init()) throws -> CascadeSolution {
        let ws = try CascadeWorkspace(problem: problem)
        var warmNote: String?
        var warmIterations = 0
        if let previous = warmStart, setWarmStart(ws, from: previous) {
            solveLinearProfiles(ws)
            var report = newton(ws, options: options)
            let from = "\(previous.problem.stageCount) stages (\(previous.problem.sections.map { String($0.stageCount) }.joined(separator: "/")))"
            if report.converged {
                report.method = "newton-block-tridiagonal (warm start)"
                report.notes.insert("warm start from a neighbouring solution of \(from)", at: 0)
                return solution(ws, report: report)
            }
            warmNote = "Newton from the warm start of \(from): \(report.code.rawValue) after \(report.iterations) iterations at \(report.worstLocation)"
            warmIterations = report.iterations
        }
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
                report = newton(ws, options: continuationOptions(options), pseudoTimeStep: options.initialPseudoTimeStep)
                report.method = "pseudo-transient continuation, then newton-block-tridiagonal"
                report.notes.insert("Newton from the feed start: \(second.code.rawValue) after \(second.iterations) iterations at \(second.worstLocation)", at: 0)
                report.iterations += second.iterations
            } else {
                report.method = "newton-block-tridiagonal (restarted from the feed start)"
            }
            report.notes.insert("Newton from the Kremser start: \(first.code.rawValue) after \(first.iterations) iterations at \(first.worstLocation)", at: 0)
            report.iterations += first.iterations
        }
        if !report.converged {
            // Fallback 3 (long cascades): continuation in the stage count.
            let (continued, note) = stageCountContinuation(ws, options: options)
            if var next = continued {
                next.notes = report.notes + ["pseudo-transient continuation from the feed start: \(report.code.rawValue) after \(report.iterations) iterations at \(report.worstLocation)"] + next.notes
                next.iterations += report.iterations
                report = next
            } else if let note {
                report.notes.append(note)
            }
        }
        if let warmNote {
            report.notes.insert(warmNote, at: 0)
            report.iterations += warmIterations
        }
        return solution(ws, report: report)
    }

    /// The options of the pseudo-transient continuation fallback: a loading front crossing
    /// a long pinched section moves about a stage per step or two, so it gets
    /// `continuationMaxIterations`, by default three times Newton's limit.
    static func continuationOptions(_ options: CascadeSolverOptions) -> CascadeSolverOptions {
        var continuation = options
        continuation.maxIterations = options.continuationMaxIterations ?? 3 * options.maxIterations
        return continuation
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
        solveLinearProfiles(ws)
    }

    /// Replace every partitioning species' profile in the workspace's state by the solution
    /// of its cascade with the distribution ratios of that state held fixed (linear, one
    /// species at a time: the trace polish of all species). From the feed state it makes
    /// the Kremser start; from a neighbouring design's profiles it makes the traces, many
    /// decades down, consistent with the new flows and stage counts.
    static func solveLinearProfiles(_ ws: CascadeWorkspace) {
        let n = ws.speciesCount
        for j in 0..<n { ws.collapsed[j] = true }
        ws.polishCollapsedSpecies(state: ws.z)
        for j in 0..<n { ws.collapsed[j] = false }
    }

    /// What the allocation-free Newton loop returns (`StagedNewtonOutcome`).
    public typealias NewtonOutcome = StagedNewtonOutcome

    /// Newton (or, with `pseudoTimeStep`, the continuation) from the workspace's state,
    /// and its report.
    static func newton(_ ws: CascadeWorkspace, options: CascadeSolverOptions, pseudoTimeStep: Double? = nil) -> SolverReport {
        StagedNewton.report(ws, iterate(ws, options: options, pseudoTimeStep: pseudoTimeStep))
    }

    /// The Newton iteration on the workspace's state (`StagedNewton.iterate`,
    /// specialised for the cascade). Allocates nothing.
    public static func iterate(_ ws: CascadeWorkspace, options: CascadeSolverOptions,
                               pseudoTimeStep: Double? = nil) -> NewtonOutcome {
        StagedNewton.iterate(ws, options: options, pseudoTimeStep: pseudoTimeStep)
    }
}
