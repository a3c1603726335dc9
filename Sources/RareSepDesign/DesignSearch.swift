import Foundation
import RareSepCascade
import RareSepCore

/// The rigorous design search: integer stage counts per section × the continuous
/// variables (organic flow, scrub and strip flows, acid strength) found by
/// `DesignEvaluator` at each count tuple, every target required.
///
/// 1. Solve the base cascade; the shortcut (`DesignShortcut`) gives the start counts.
/// 2. Grow all free sections by half until every target is met (or every section is at
///    its budget: infeasible, with the best reachable points and the binding target and bounds).
/// 3. Descend in batches: every free section's trial with `step` stages fewer (a quarter
///    of its count at first, halved on failure down to one) is evaluated together; the
///    best feasible one (by the objective) becomes the design. When every step is done,
///    one batch tries one stage fewer in each section and the exchanges −2 here, +1 there;
///    the descent goes on while that batch finds a better design. Each section then has
///    "one fewer fails".
/// 4. For the solvent and weighted objectives, a local search follows: the batch of ±1,
///    ±2 moves per section, moving to the best improvement (for `solvent` also from the
///    full budget).
/// 5. Verify the chosen design by a cold full solve.
///
/// The batches are evaluated in parallel (`DesignProblem.threads`); which tuples form a
/// batch and which result is taken do not depend on the thread count, so neither does the result.
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
        /// Evaluate a batch, in order; new tuples beyond the evaluation budget are not evaluated (nil).
        func batch(_ list: [[Int]]) -> [DesignPoint?] {
            var room = problem.maxEvaluations - ev.points.count
            var take: [[Int]] = []
            for s in list where ev.evaluated(s) == nil && !take.contains(s) && room > 0 { take.append(s); room -= 1 }
            _ = ev.evaluate(take)
            return list.map { ev.evaluated($0) }
        }
        /// The best feasible point of a batch by the objective (the earlier on a tie).
        func best(_ pts: [DesignPoint?]) -> DesignPoint? {
            pts.compactMap { $0 }.filter(\.feasible).enumerated().min { ($0.element.objective, $0.offset) < ($1.element.objective, $1.offset) }?.element
        }
        func result(_ status: DesignResult.Status, chosen: DesignPoint?, problem cp: CascadeProblem? = nil, verification: CascadeSolution? = nil,
                    measured: (purity: [Double], recovery: [Double])? = nil, minimal: [Int] = [], binding: [String],
                    bindingTarget: Int? = nil) -> DesignResult {
            let infeasible = status == .infeasible
            return DesignResult(status: status, chosen: chosen, chosenProblem: cp, verification: verification,
                                verifiedPurity: measured?.purity, verifiedRecovery: measured?.recovery, minimalSections: minimal,
                                bestReachable: infeasible ? (ev.bestReachable ?? chosen) : nil,
                                bestPerTarget: infeasible ? ev.bestPerTarget : [], bindingTarget: bindingTarget,
                                binding: binding, shortcut: shortcut, explored: ev.points, solves: ev.solves, warmSolves: ev.warmSolves,
                                batches: ev.batches, threads: problem.threadCount,
                                searchMilliseconds: Date().timeIntervalSince(start) * 1000, coldSolveMilliseconds: coldMs)
        }

        // 2. Grow to a feasible design.
        var current = shortcut.start
        while !ev.evaluate(current).feasible {
            let grown = current.indices.map { k in free.contains(k) ? min(bounds[k].upperBound, current[k] + max(1, current[k] / 2)) : current[k] }
            if grown == current || !budgetLeft() {
                let last = ev.evaluate(current)
                var binding = ["stage budget: every section at its largest count (\(zip(problem.base.sections, current).map { "\($0.name) \($1)" }.joined(separator: ", ")))"]
                if !last.note.isEmpty { binding.append(last.note) }
                if !budgetLeft() { binding.append("evaluation budget (\(problem.maxEvaluations)) used up") }
                let target = ev.bestReachable?.bindingTarget ?? last.bindingTarget
                return result(.infeasible, chosen: nil, binding: binding, bindingTarget: target)
            }
            current = grown
        }

        // 3. Descend in stages.
        var chosen = ev.evaluate(current)
        func quarterSteps() -> [Int: Int] { Dictionary(uniqueKeysWithValues: free.map { ($0, max(1, chosen.stages[$0] / 4)) }) }
        var steps = quarterSteps()
        while budgetLeft() {
            let active = free.filter { steps[$0]! > 0 && chosen.stages[$0] > bounds[$0].lowerBound }
            if !active.isEmpty {
                let trials = active.map { k -> [Int] in var t = chosen.stages; t[k] = max(bounds[k].lowerBound, t[k] - steps[k]!); return t }
                let res = batch(trials), before = chosen
                if let b = best(res), b.objective < chosen.objective { chosen = b }
                // A trial that failed (or did not improve) halves its section's step; one stage done.
                for (k, r) in zip(active, res) {
                    guard let r else { continue }
                    if r.stages != chosen.stages && !(r.feasible && r.objective < before.objective) { steps[k] = steps[k]! > 1 ? steps[k]! / 2 : 0 }
                }
                continue
            }
            // Every step done: one fewer in each section, and the −2/+1 exchanges, in one batch.
            var trials: [[Int]] = []
            for k in free where chosen.stages[k] > bounds[k].lowerBound { var t = chosen.stages; t[k] -= 1; trials.append(t) }
            for k in free where chosen.stages[k] - 2 >= bounds[k].lowerBound {
                for l in free where l != k && chosen.stages[l] + 1 <= bounds[l].upperBound {
                    var t = chosen.stages; t[k] -= 2; t[l] += 1; trials.append(t)
                }
            }
            guard let b = best(batch(trials)), b.objective < chosen.objective else { break }
            chosen = b
            steps = quarterSteps()
        }

        // 4. Other objectives: local search from the stage-minimal design.
        if problem.objective != .totalStages {
            if problem.objective == .solventFlow {
                let full = ev.evaluate(bounds.map(\.upperBound))
                if full.feasible && full.objective < chosen.objective { chosen = full }
            }
            while budgetLeft() {
                var trials: [[Int]] = []
                for k in free {
                    for dk in [-2, -1, 1, 2] where bounds[k].contains(chosen.stages[k] + dk) {
                        var t = chosen.stages; t[k] += dk; trials.append(t)
                    }
                }
                guard let b = best(batch(trials)), b.objective < chosen.objective - 1e-12 else { break }
                chosen = b
            }
        }
        let minimal = free.filter { k in
            var less = chosen.stages
            less[k] -= 1
            return less[k] >= bounds[k].lowerBound && ev.evaluated(less).map { !$0.feasible } == true
        }

        // 5. Verify by a cold full solve.
        let cp = problem.cascade(stages: chosen.stages, values: chosen.values)
        let verification = try CascadeSolver.solve(cp, options: problem.options)
        let measured = verification.report.converged ? DesignEvaluator.measure(verification, targets: problem.targets) : nil
        let met = measured.map { DesignEvaluator.meets(problem.targets, purity: $0.purity, recovery: $0.recovery) } ?? false
        var missed: Int?
        if let m = measured, !met { missed = problem.targets.indices.first { m.purity[$0] < problem.targets[$0].purity || m.recovery[$0] < problem.targets[$0].recovery } }
        return result(met ? .feasible : .infeasible, chosen: chosen, problem: cp, verification: verification, measured: measured,
                      minimal: minimal, binding: met ? [] : ["the verifying solve does not meet every target"], bindingTarget: missed)
    }
}
