import Foundation
import RareSepCore

/// Continuation in the stage count: the last fallback of the cold cascade solve, for
/// long cascades whose profiles neither Newton nor the pseudo-transient continuation
/// builds from the feed state.
extension CascadeSolver {
    /// The ladder of stage counts per section from the coarsest rung up to (excluding)
    /// `counts`: each rung halves every section (rounding up, at least one stage) until
    /// the whole cascade has at most `base` stages. Empty when `counts` already does.
    static func stageCountLadder(_ counts: [Int], base: Int) -> [[Int]] {
        var rungs: [[Int]] = []
        var c = counts
        while c.reduce(0, +) > base {
            let half = c.map { max(1, ($0 + 1) / 2) }
            if half == c { break }
            rungs.append(half)
            c = half
        }
        return rungs.reversed()
    }

    /// Solve `ws`'s problem by continuation in the stage count: the same cascade with
    /// every section halved (repeatedly, `stageCountLadder`, down to at most
    /// `stageContinuationBase` stages) is solved cold (`solve(_:warmStart:options:)`),
    /// and each rung's solution is the warm start (`setWarmStart`, then
    /// `solveLinearProfiles`) of Newton on the rung with twice the stages, or, where
    /// Newton stalls on the stretched profile, of the pseudo-transient continuation from
    /// it; up to the workspace's own problem, whose state it leaves in `ws`. A rung that
    /// fails both is split: the stage counts halfway from the last converged rung are
    /// climbed first (at most `stageContinuationMaxSplits` times in all). A doubled
    /// section only sharpens what the shorter one resolved (the profiles stretch; the
    /// traces are re-solved by the species-wise linear solve), so each rung starts close
    /// to its solution. Returns the report of the last solve (iterations: those of every
    /// rung) when it converged, else nil; `note` says what each rung did. nil and no note
    /// when the continuation does not apply (`stageContinuationBase` nil, or the cascade
    /// has no more stages than it).
    static func stageCountContinuation(_ ws: CascadeWorkspace, options: CascadeSolverOptions) -> (report: SolverReport?, note: String?) {
        guard let base = options.stageContinuationBase else { return (nil, nil) }
        let problem = ws.problem
        let counts = problem.sections.map(\.stageCount)
        let ladder = stageCountLadder(counts, base: base)
        guard let coarsest = ladder.first else { return (nil, nil) }
        var rungOptions = options
        rungOptions.stageContinuationBase = nil
        let header = "stage-count continuation (each rung the warm start of the next): "
        var previous: CascadeSolution
        do {
            previous = try solve(problem.withStageCounts(coarsest), options: rungOptions)
        } catch {
            return (nil, header + "\(coarsest.reduce(0, +)) stages: \(error)")
        }
        var iterations = previous.report.iterations
        var steps = ["\(coarsest.reduce(0, +)) stages: \(previous.report.method), \(previous.report.code.rawValue) after \(previous.report.iterations) iterations"]
        guard previous.report.converged else { return (nil, header + steps.joined(separator: "; ")) }
        // Rungs still to climb, the next last; a rung that fails is split: the stage
        // counts halfway between the last converged rung and it are tried first.
        var pending = Array(([counts] + ladder.dropFirst().reversed()))
        var reached = coarsest
        var splits = 0
        while let target = pending.last {
            let isFinal = target == counts
            guard let rws = isFinal ? ws : try? CascadeWorkspace(problem: problem.withStageCounts(target)),
                  setWarmStart(rws, from: previous) else { return (nil, header + steps.joined(separator: "; ")) }
            solveLinearProfiles(rws)
            var report = newton(rws, options: rungOptions)
            iterations += report.iterations
            steps.append("\(rws.stageCount) stages: \(report.code.rawValue) after \(report.iterations) Newton iterations")
            if !report.converged {
                // Newton overshoots the stretched profile: follow the transient from it
                _ = setWarmStart(rws, from: previous)
                solveLinearProfiles(rws)
                report = newton(rws, options: continuationOptions(rungOptions), pseudoTimeStep: options.initialPseudoTimeStep)
                iterations += report.iterations
                steps.append("pseudo-transient continuation from the same start: \(report.code.rawValue) after \(report.iterations) iterations")
            }
            if !report.converged {
                let middle = zip(reached, target).map { ($0 + $1) / 2 }
                guard splits < options.stageContinuationMaxSplits, middle != reached else {
                    return (nil, header + steps.joined(separator: "; "))
                }
                splits += 1
                pending.append(middle)
                continue
            }
            if isFinal {
                var final = report
                final.method = "stage-count continuation, then newton-block-tridiagonal"
                final.iterations = iterations
                final.notes.append(header + steps.joined(separator: "; "))
                return (final, nil)
            }
            previous = solution(rws, report: report)
            reached = pending.removeLast()
        }
        return (nil, nil)   // not reached: the last rung is `ws`
    }
}
