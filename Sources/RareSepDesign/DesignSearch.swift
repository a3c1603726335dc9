import Foundation
import RareSepCascade
import RareSepCore

/// The rigorous design search: integer stage counts per section × the continuous flows
/// (organic, scrub) found by `DesignEvaluator` at each count tuple.
///
/// 1. Solve the base cascade; the shortcut (`DesignShortcut`) gives the start counts.
/// 2. Grow all free sections by half until the target is met (or every section is at
///    its budget: infeasible, with the best reachable point and the binding bounds).
/// 3. Descend: per section, remove stages (a quarter at a time, halving the step on
///    failure down to one) while the target is still met; then try moving stages
///    between sections (−2 here, +1 there) to lower the total; repeat until no single
///    stage can be removed from any section. Each section then has "one fewer fails".
/// 4. For the solvent and weighted objectives, continue with a local search on ±1, ±2
///    moves per section from there (and from the full budget for the solvent objective).
/// 5. Verify the chosen design by a cold full solve.
public enum DesignSearch {
    public static func run(_ problem: DesignProblem) throws -> DesignResult {
        let t0 = Date()
        let base = try CascadeSolver.solve(problem.base, options: problem.options)
        let coldMs = Date().timeIntervalSince(t0) * 1000
        let shortcut = DesignShortcut.estimate(problem, base: base)
        let ev = DesignEvaluator(problem: problem)
        defer { ev.progress.finish() }
        let start = Date()
        let bounds = problem.bounds.stages
        let free = bounds.indices.filter { bounds[$0].lowerBound < bounds[$0].upperBound }
        func budgetLeft() -> Bool { ev.points.count < problem.maxEvaluations }
        func feasible(_ s: [Int]) -> Bool { ev.evaluate(s).feasible }

        // 2. Grow to a feasible design.
        var current = shortcut.start
        while !feasible(current) {
            let grown = current.indices.map { k in free.contains(k) ? min(bounds[k].upperBound, current[k] + max(1, current[k] / 2)) : current[k] }
            if grown == current || !budgetLeft() {
                let best = ev.bestReachable?.point ?? ev.evaluate(current)
                var binding = ["stage budget: every section at its largest count (\(zip(problem.base.sections, current).map { "\($0.name) \($1)" }.joined(separator: ", ")))"]
                if !ev.evaluate(current).note.isEmpty { binding.append(ev.evaluate(current).note) }
                if !budgetLeft() { binding.append("evaluation budget (\(problem.maxEvaluations)) used up") }
                return DesignResult(status: .infeasible, chosen: nil, chosenProblem: nil, verification: nil, verifiedPurity: nil,
                                    verifiedRecovery: nil, minimalSections: [], bestReachable: best, binding: binding, shortcut: shortcut,
                                    explored: ev.points, solves: ev.solves, warmSolves: ev.warmSolves,
                                    searchMilliseconds: Date().timeIntervalSince(start) * 1000, coldSolveMilliseconds: coldMs)
            }
            current = grown
        }

        // 3. Descend in stages.
        var improved = true
        while improved && budgetLeft() {
            improved = false
            for k in free.sorted(by: { current[$0] > current[$1] }) {
                var step = max(1, current[k] / 4)
                while step >= 1 && budgetLeft() {
                    var trial = current
                    trial[k] = max(bounds[k].lowerBound, current[k] - step)
                    if trial == current { break }
                    if feasible(trial) { current = trial; improved = true } else if step == 1 { break } else { step /= 2 }
                }
            }
            if improved { continue }
            exchange: for k in free where current[k] - 2 >= bounds[k].lowerBound {
                for l in free where l != k && current[l] + 1 <= bounds[l].upperBound {
                    var trial = current
                    trial[k] -= 2; trial[l] += 1
                    if feasible(trial) { current = trial; improved = true; break exchange }
                }
            }
        }
        var chosen = ev.evaluate(current)

        // 4. Other objectives: local search from the stage-minimal design.
        if problem.objective != .totalStages {
            if problem.objective == .solventFlow {
                let full = bounds.map(\.upperBound)
                let f = ev.evaluate(full)
                if f.feasible && f.objective < chosen.objective { chosen = f }
            }
            var moved = true
            while moved && budgetLeft() {
                moved = false
                for k in free {
                    for dk in [-2, -1, 1, 2] {
                        var trial = chosen.stages
                        trial[k] += dk
                        guard bounds[k].contains(trial[k]) else { continue }
                        let e = ev.evaluate(trial)
                        if e.feasible && e.objective < chosen.objective - 1e-12 { chosen = e; moved = true }
                    }
                }
            }
        }
        let minimal = free.filter { k in
            var less = chosen.stages
            less[k] -= 1
            return less[k] >= bounds[k].lowerBound && ev.points.contains { $0.stages == less && !$0.feasible }
        }

        // 5. Verify by a cold full solve.
        let cp = problem.cascade(stages: chosen.stages, organicFlow: chosen.organicFlow, scrubFlow: chosen.scrubFlow)
        let verification = try CascadeSolver.solve(cp, options: problem.options)
        let measured = verification.report.converged ? DesignEvaluator.measure(verification, target: problem.target) : nil
        let met = measured.map { $0.purity >= problem.target.purity && $0.recovery >= problem.target.recovery } ?? false
        return DesignResult(status: met ? .feasible : .infeasible, chosen: chosen, chosenProblem: cp, verification: verification,
                            verifiedPurity: measured?.purity, verifiedRecovery: measured?.recovery, minimalSections: minimal,
                            bestReachable: met ? nil : chosen, binding: met ? [] : ["the verifying solve does not meet the target"],
                            shortcut: shortcut, explored: ev.points, solves: ev.solves, warmSolves: ev.warmSolves,
                            searchMilliseconds: Date().timeIntervalSince(start) * 1000, coldSolveMilliseconds: coldMs)
    }
}
