import Foundation
import RareSepCascade
import RareSepCore

/// Evaluates stage-count tuples of a `DesignProblem`: at fixed stage counts it finds the
/// organic flow O and scrub flow W at which the target's purity and recovery both just
/// bind (the least organic flow meeting both: recovery needs O up, purity needs it
/// down, and both limits rise with W), by Newton's method on
/// g = (logit π − logit π*, logit ρ − logit ρ*) in (ln O, ln W) with a forward-difference
/// Jacobian. Every cascade solve starts from the nearest solved design (`CascadeSolver.solve(_:warmStart:options:)`).
public final class DesignEvaluator {
    public let problem: DesignProblem
    /// Cascade solves so far, and how many converged from their warm start.
    public private(set) var solves = 0
    public private(set) var warmSolves = 0
    /// Every evaluated tuple, in order.
    public private(set) var points: [DesignPoint] = []
    /// Best reachable point seen among infeasible evaluations (largest worst margin).
    public private(set) var bestReachable: (point: DesignPoint, margin: Double)?
    private var cache: [(stages: [Int], o: Double, w: Double, solution: CascadeSolution)] = []
    private var byStages: [[Int]: DesignPoint] = [:]
    /// Logit margin the flows aim above the targets (so the verifying solve clears them).
    let margin = 0.01
    /// Accept when both residuals lie in [0, tolerance] (logit units).
    let tolerance = 0.06

    /// Counts evaluated tuples (a progress line on a terminal; see `ProgressReporter`).
    let progress: ProgressReporter

    public init(problem: DesignProblem) {
        self.problem = problem
        progress = ProgressReporter(label: "design", total: 0, unit: "designs evaluated")
    }

    /// The evaluation of `stages` (cached).
    public func evaluate(_ stages: [Int]) -> DesignPoint {
        if let p = byStages[stages] { return p }
        let p = search(stages)
        byStages[stages] = p
        points.append(p)
        progress.advance()
        if !p.feasible {
            let m = min(logit(p.purity) - logit(problem.target.purity), logit(p.recovery) - logit(problem.target.recovery))
            if m.isFinite, bestReachable == nil || m > bestReachable!.margin { bestReachable = (p, m) }
        }
        return p
    }

    /// Solve the cascade at `stages`, O, W from the nearest cached solution; nil when the
    /// solve fails. Returns the target's purity and recovery.
    public func solve(stages: [Int], organicFlow o: Double, scrubFlow w: Double) -> (purity: Double, recovery: Double, solution: CascadeSolution)? {
        let p = problem.cascade(stages: stages, organicFlow: o, scrubFlow: w)
        solves += 1
        let near = cache.min { distance($0, stages, o, w) < distance($1, stages, o, w) }
        guard let sol = try? (near.map { try CascadeSolver.solve(p, warmStart: $0.solution, options: problem.options) }
                             ?? CascadeSolver.solve(p, options: problem.options)),
              sol.report.converged else { return nil }
        if sol.report.method.hasSuffix("(warm start)") { warmSolves += 1 }
        cache.append((stages, o, w, sol))
        if cache.count > 48 { cache.removeFirst() }
        guard let m = Self.measure(sol, target: problem.target) else { return nil }
        return (m.purity, m.recovery, sol)
    }

    /// Purity and recovery of the target in a solution; nil when the outlet is absent.
    public static func measure(_ sol: CascadeSolution, target: DesignTarget) -> (purity: Double, recovery: Double)? {
        guard let out = sol.outlets.first(where: { $0.name == target.outlet }) else { return nil }
        return (sol.purity(species: target.species, in: out), sol.recovery(species: target.species, in: out))
    }

    /// The first phase-ratio bound the cascade at O, W breaks, named; nil when none.
    public func phaseRatioViolation(stages: [Int], organicFlow o: Double, scrubFlow w: Double) -> String? {
        let p = problem.cascade(stages: stages, organicFlow: o, scrubFlow: w)
        guard let flows = try? StageFlows.solve(p) else { return "the stage flows cannot be solved" }
        let r = problem.bounds.phaseRatio
        for (k, sec) in p.sections.enumerated() {
            for s in sec.stages where flows.aqueous[s] > 0 {
                let oa = flows.organic[s] / flows.aqueous[s]
                if oa < r.lowerBound { return "O/A ≥ \(fmt(r.lowerBound)) in section \(p.sections[k].name) (O/A \(fmt(oa)))" }
                if oa > r.upperBound { return "O/A ≤ \(fmt(r.upperBound)) in section \(p.sections[k].name) (O/A \(fmt(oa)))" }
            }
        }
        return nil
    }

    private func distance(_ c: (stages: [Int], o: Double, w: Double, solution: CascadeSolution), _ s: [Int], _ o: Double, _ w: Double) -> Double {
        Double(zip(c.stages, s).reduce(0) { $0 + abs($1.0 - $1.1) }) + abs(log(c.o / o)) + abs(log(c.w / w))
    }

    private func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-15), 1 - 1e-15)
        return log(q / (1 - q))
    }

    /// The flow search at fixed stage counts (see the type's description).
    private func search(_ stages: [Int]) -> DesignPoint {
        let t = problem.target, b = problem.bounds
        let solvesBefore = solves
        // Start from the nearest feasible evaluation's flows, else the base flows.
        let near = points.filter(\.feasible).min { a, c in
            zip(a.stages, stages).reduce(0) { $0 + abs($1.0 - $1.1) } < zip(c.stages, stages).reduce(0) { $0 + abs($1.0 - $1.1) }
        }
        var x = [log(near?.organicFlow ?? DesignProblem.organicFlow(of: problem.base)),
                 log(near?.scrubFlow ?? problem.base.feeds[problem.scrubFeed].flow)]
        let lo = [log(b.organicFlow.lowerBound), log(b.scrubFlow.lowerBound)]
        let hi = [log(b.organicFlow.upperBound), log(b.scrubFlow.upperBound)]
        for i in 0..<2 { x[i] = min(max(x[i], lo[i]), hi[i]) }
        var last = (purity: Double.nan, recovery: Double.nan)
        var trial = last
        var feasibleSeen: (x: [Double], pr: (purity: Double, recovery: Double))?
        func point(_ x: [Double], feasible: Bool, note: String) -> DesignPoint {
            if !feasible, let f = feasibleSeen {
                // An earlier iterate met both targets: report it (its flows are not the least).
                last = f.pr
                return point(f.x, feasible: true, note: "flows meet the targets but are not the least (\(note))")
            }
            let o = exp(x[0]), w = exp(x[1])
            return DesignPoint(stages: stages, organicFlow: o, scrubFlow: w, purity: last.purity, recovery: last.recovery,
                               feasible: feasible, solves: solves - solvesBefore,
                               objective: feasible ? objectiveValue(stages: stages, organicFlow: o) : .infinity, note: note)
        }
        func residual(_ x: [Double]) -> [Double]? {
            guard let r = solve(stages: stages, organicFlow: exp(x[0]), scrubFlow: exp(x[1])) else { return nil }
            trial = (r.purity, r.recovery)
            return [logit(r.purity) - logit(t.purity) - margin, logit(r.recovery) - logit(t.recovery) - margin]
        }
        func bound(_ x: [Double]) -> String? {
            if let v = phaseRatioViolation(stages: stages, organicFlow: exp(x[0]), scrubFlow: exp(x[1])) { return v }
            let names = ["organic flow", "scrub flow"]
            for i in 0..<2 {
                if x[i] <= lo[i] + 1e-9 { return "\(names[i]) at its lower bound" }
                if x[i] >= hi[i] - 1e-9 { return "\(names[i]) at its upper bound" }
            }
            return nil
        }
        guard var g = residual(x) else { return point(x, feasible: false, note: "the cascade did not converge at the start flows") }
        last = trial
        let h = 0.01
        var scrubFixed = false   // W held at its lower bound: only recovery is solved for (purity is slack there)
        for _ in 0..<16 {
            let met = g[0] >= -margin && g[1] >= -margin
            if met { feasibleSeen = (x, last) }
            if met && (scrubFixed ? g[1] <= tolerance : (g[0] <= tolerance && g[1] <= tolerance)) {
                return point(x, feasible: true, note: "")
            }
            // Forward-difference Jacobian in (ln O, ln W).
            var jac = [[0.0, 0.0], [0.0, 0.0]]
            for k in 0..<2 {
                var xp = x
                xp[k] += h
                guard let gp = residual(xp) else { return point(x, feasible: false, note: "the cascade did not converge near O = \(fmtFlow(exp(x[0]))), W = \(fmtFlow(exp(x[1])))") }
                for i in 0..<2 { jac[i][k] = (gp[i] - g[i]) / h }
            }
            var step: [Double]
            if scrubFixed {
                guard abs(jac[1][0]) > 1e-12 else { return point(x, feasible: false, note: "recovery does not respond to the organic flow") }
                step = [-g[1] / jac[1][0], 0]
            } else {
                let det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0]
                guard abs(det) > 1e-14 else { return point(x, feasible: false, note: "purity and recovery do not respond independently to the flows") }
                step = [(-g[0] * jac[1][1] + g[1] * jac[0][1]) / det, (g[0] * jac[1][0] - g[1] * jac[0][0]) / det]
            }
            let largest = max(abs(step[0]), abs(step[1]))
            if largest > 0.7 { step = step.map { $0 * 0.7 / largest } }
            // Backtracking with projection onto the flow bounds.
            var accepted = false
            var tried = step
            var trialBound: String?
            for _ in 0..<5 {
                var xt = [x[0] + tried[0], x[1] + tried[1]]
                for i in 0..<2 { xt[i] = min(max(xt[i], lo[i]), hi[i]) }
                trialBound = phaseRatioViolation(stages: stages, organicFlow: exp(xt[0]), scrubFlow: exp(xt[1]))
                if trialBound == nil, let gt = residual(xt) {
                    let norm = { (v: [Double]) in scrubFixed ? abs(v[1]) : max(abs(v[0]), abs(v[1])) }
                    if norm(gt) < norm(g) || (gt[0] >= -margin && gt[1] >= -margin) {
                        let moved = abs(xt[0] - x[0]) + abs(xt[1] - x[1])
                        x = xt; g = gt; last = trial; accepted = true
                        if moved < 1e-10 { accepted = false }
                        break
                    }
                }
                tried = tried.map { $0 / 2 }
            }
            if !accepted {
                // W at its lower bound with the purity to spare: solve for recovery alone.
                if !scrubFixed, x[1] <= lo[1] + 1e-9, g[0] > 0 { scrubFixed = true; continue }
                return point(x, feasible: false, note: trialBound ?? bound(x) ?? "no flows within the bounds meet both targets (Newton on the flows stalled)")
            }
            if !scrubFixed, x[1] <= lo[1] + 1e-9, g[0] > 0, step[1] < 0 { scrubFixed = true }
        }
        return point(x, feasible: false, note: bound(x) ?? "no flows within the bounds meet both targets (16 Newton steps)")
    }

    /// The objective at stage counts and organic flow O.
    public func objectiveValue(stages: [Int], organicFlow o: Double) -> Double {
        let n = Double(stages.reduce(0, +)), r = o / problem.feedFlow
        switch problem.objective {
        case .totalStages: return n + 1e-6 * r
        case .solventFlow: return r + 1e-6 * n
        case .weighted(let ws, let wo): return ws * n + wo * r
        }
    }
}

func fmt(_ v: Double) -> String { String(format: "%.3g", v) }
/// A flow in L/h for messages.
func fmtFlow(_ v: Double) -> String { String(format: "%.4g L/h", v * 3.6e6) }
