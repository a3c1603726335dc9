import Foundation
import RareSepCascade
import RareSepCore

/// A solved cascade kept as a warm start: its stage counts, the logarithms of its
/// variables' values, and the solution.
struct WarmEntry: Sendable {
    var stages: [Int]
    var x: [Double]
    var solution: CascadeSolution
}

/// The flow search at fixed stage counts: the least organic flow at which every target
/// holds, the other free variables (scrub and strip flows, acid strength) moving as
/// needed, every stage within the O/A bounds.
///
/// Sequential linear programming with a trust region in x = ln(values): at each iterate
/// the targets' logit margins g = logit π − logit π* (purity and recovery of every target)
/// are linearised by forward differences (one cascade solve per free variable), the
/// O/A margins likewise (no solve needed), and the LP
///   min d_O + M·s   s.t.   g + J·d + s ≥ margin,  r + R·d + s ≥ 0,  |d| ≤ Δ,  bounds,  s ≥ 0
/// gives the step (`LinearProgram`). The elastic s (the worst violation, weight M; the O/A
/// rows have their own, weight 10·M) makes the LP feasible everywhere, so one formulation
/// first reaches the targets and then lowers the organic flow; steps are accepted on the
/// merit ln O + the weighted violations. With one
/// target and two free flows this is Newton's method on the two binding targets.
/// Every solve starts from the nearest solved design in its cache (own iterates first
/// among equals), which is a snapshot taken before a batch, so the outcome does not
/// depend on what other evaluations of the batch do.
struct DesignFlowSearch {
    let problem: DesignProblem
    let stages: [Int]
    private(set) var cache: [WarmEntry]
    /// Solutions this search added to the cache, in order.
    private(set) var added: [WarmEntry] = []
    private(set) var solves = 0
    private(set) var warmSolves = 0

    /// Logit margin the LP aims above the targets (so a cold verifying solve clears them).
    static let margin = 0.01
    /// Weight of the targets' worst violation (logit units) against ln O in the merit.
    static let penalty = 100.0
    /// Weight of the O/A bounds' worst violation (ln units): ten times the targets', so an
    /// infeasible design's flows stay within the O/A bounds.
    static let ratioPenalty = 1000.0
    /// Cost per unit |d| (ln units) of a step in any variable, against ln O.
    static let stepCost = 0.01

    init(problem: DesignProblem, stages: [Int], cache: [WarmEntry]) {
        self.problem = problem
        self.stages = stages
        self.cache = cache
    }

    /// The targets' measures and margins, and the O/A margins, at one iterate.
    struct Eval {
        var purity: [Double], recovery: [Double]
        /// (logit π − logit π*, logit ρ − logit ρ*) per target, flattened.
        var g: [Double]
        /// O/A margins: per section ln(O/A)_min − ln(lower), ln(upper) − ln(O/A)_max.
        var r: [Double]
        var feasible: Bool { g.allSatisfy { $0 >= 0 } && r.allSatisfy { $0 >= -1e-9 } }
        /// Penalty of the worst violations: M × that of the targets (with the margin) + 10·M × that of the O/A bounds.
        var penalty: Double {
            DesignFlowSearch.penalty * max(0, g.map { DesignFlowSearch.margin - $0 }.max() ?? 0)
                + DesignFlowSearch.ratioPenalty * max(0, r.map { -$0 }.max() ?? 0)
        }
    }

    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-15), 1 - 1e-15)
        return log(q / (1 - q))
    }

    /// O/A margins of the cascade at x; nil when its stage flows cannot be solved.
    func ratioMargins(_ x: [Double]) -> [Double]? {
        let p = problem.cascade(stages: stages, values: x.map(exp))
        guard let flows = try? StageFlows.solve(p) else { return nil }
        let lo = log(problem.bounds.phaseRatio.lowerBound), hi = log(problem.bounds.phaseRatio.upperBound)
        var out: [Double] = []
        for sec in p.sections {
            let ratios = sec.stages.filter { flows.aqueous[$0] > 0 && flows.organic[$0] > 0 }.map { log(flows.organic[$0] / flows.aqueous[$0]) }
            out += [(ratios.min() ?? hi) - lo, hi - (ratios.max() ?? lo)]
        }
        return out
    }

    /// The constraint values at x, solving the cascade from the nearest cached solution.
    mutating func evaluate(_ x: [Double]) -> Eval? {
        guard let r = ratioMargins(x) else { return nil }
        let p = problem.cascade(stages: stages, values: x.map(exp))
        solves += 1
        let near = cache.indices.min { distance(cache[$0], x) < distance(cache[$1], x) || (distance(cache[$0], x) == distance(cache[$1], x) && $0 > $1) }
        guard let sol = try? (near.map { try CascadeSolver.solve(p, warmStart: cache[$0].solution, options: problem.options) }
                             ?? CascadeSolver.solve(p, options: problem.options)),
              sol.report.converged else { return nil }
        if sol.report.method.hasSuffix("(warm start)") { warmSolves += 1 }
        let entry = WarmEntry(stages: stages, x: x, solution: sol)
        cache.append(entry)
        added.append(entry)
        guard let m = DesignEvaluator.measure(sol, targets: problem.targets) else { return nil }
        var g: [Double] = []
        for (t, (pu, re)) in zip(problem.targets, zip(m.purity, m.recovery)) {
            g += [Self.logit(pu) - Self.logit(t.purity), Self.logit(re) - Self.logit(t.recovery)]
        }
        return Eval(purity: m.purity, recovery: m.recovery, g: g, r: r)
    }

    private func distance(_ c: WarmEntry, _ x: [Double]) -> Double {
        Double(zip(c.stages, stages).reduce(0) { $0 + abs($1.0 - $1.1) }) + zip(c.x, x).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    /// The search from `start` (values in their units); the explored point it ends at.
    /// The target Jacobian at the end (rows: 2 per target; columns: the free variables),
    /// the start of a neighbouring evaluation's.
    private(set) var jacobian: [[Double]]?

    mutating func run(start: [Double], jacobian initial: [[Double]]? = nil) -> DesignPoint {
        let vars = problem.variables
        let free = vars.indices.filter { vars[$0].isFree }
        let lo = vars.map { log($0.bounds.lowerBound) }, hi = vars.map { log($0.bounds.upperBound) }
        var x = zip(start, vars).map { v, d in min(max(log(v), log(d.bounds.lowerBound)), log(d.bounds.upperBound)) }
        let objectiveFree = vars[0].isFree
        func merit(_ x: [Double], _ e: Eval) -> Double { (objectiveFree ? x[0] : 0) + e.penalty }
        guard var cur = evaluate(x) else {
            return point(x, nil, false, "the cascade did not converge at the start flows", nil)
        }
        var best: (x: [Double], e: Eval)? = cur.feasible ? (x, cur) : nil
        var delta = 0.7
        let h = 0.01
        var jg: [[Double]] = initial ?? [], rejected = 0, converged = false
        defer { jacobian = jg.isEmpty ? nil : jg }
        for _ in 0..<24 {
            // Target Jacobian by forward differences at the start and after two rejected
            // steps in a row, else Broyden-updated from every trial; the O/A Jacobian
            // (no cascade solve) by forward differences at every iterate.
            if jg.isEmpty || rejected >= 2 {
                jg = [[Double]](repeating: [], count: cur.g.count)
                for k in free {
                    var xp = x
                    let step = x[k] + h <= hi[k] ? h : -h
                    xp[k] += step
                    guard let ep = evaluate(xp) else {
                        return finish(x, cur, best, stalled: "the cascade did not converge near \(describe(x))")
                    }
                    for i in cur.g.indices { jg[i].append((ep.g[i] - cur.g[i]) / step) }
                }
                rejected = 0
            }
            var jr = [[Double]](repeating: [], count: cur.r.count)
            for k in free {
                var xp = x
                let step = x[k] + h <= hi[k] ? h : -h
                xp[k] += step
                guard let rp = ratioMargins(xp) else { return finish(x, cur, best, stalled: "the stage flows cannot be solved near \(describe(x))") }
                for i in cur.r.indices { jr[i].append((rp[i] - cur.r[i]) / step) }
            }
            // The LP in d = p − q (p, q ≥ 0; a small cost ε on |d| keeps the variables the
            // constraints do not need where they are) and u = s0 − s ≥ 0 for the targets'
            // and the O/A rows' elastic (the origin is feasible).
            let dlo = free.map { max(lo[$0] - x[$0], -delta) }, dhi = free.map { min(hi[$0] - x[$0], delta) }
            let rowsG = zip(cur.g.map { $0 - Self.margin }, jg).map { (c: $0, j: $1) }, rowsR = zip(cur.r, jr).map { (c: $0, j: $1) }
            let s0 = [max(0, rowsG.map { -$0.c }.max() ?? 0), max(0, rowsR.map { -$0.c }.max() ?? 0)]
            let nf = free.count, width = 2 * nf + 2
            var a: [[Double]] = [], b: [Double] = []
            for (e, rows) in [rowsG, rowsR].enumerated() {
                for row in rows {
                    var line = row.j.map { -$0 } + row.j + [0, 0]; line[2 * nf + e] = 1
                    a.append(line); b.append(row.c + s0[e])
                }
                var uRow = [Double](repeating: 0, count: width); uRow[2 * nf + e] = 1
                a.append(uRow); b.append(s0[e])
            }
            for f in 0..<nf {
                var r = [Double](repeating: 0, count: width); r[f] = 1
                a.append(r); b.append(max(0, dhi[f]))
                var q = [Double](repeating: 0, count: width); q[nf + f] = 1
                a.append(q); b.append(max(0, -dlo[f]))
            }
            var c = [Double](repeating: -Self.stepCost, count: 2 * nf) + [Self.penalty, Self.ratioPenalty]
            if objectiveFree { c[0] -= 1; c[nf] += 1 }   // free[0] == 0: the organic flow
            guard let z = LinearProgram(c: c, a: a, b: b).solve() else { break }
            let d = (0..<nf).map { z[$0] - z[nf + $0] }
            func predictedViolation(_ rows: [(c: Double, j: [Double])]) -> Double {
                max(0, rows.map { row in -(row.c + zip(row.j, d).reduce(0) { $0 + $1.0 * $1.1 }) }.max() ?? 0)
            }
            let predictedPenalty = Self.penalty * predictedViolation(rowsG) + Self.ratioPenalty * predictedViolation(rowsR)
            let predicted = merit(x, cur) - ((objectiveFree ? x[0] + d[0] : 0) + predictedPenalty)
            // Done: feasible and the organic flow within about 1 % of its least value, or
            // infeasible and the violations cannot be lowered further.
            if cur.feasible ? predicted < 0.01 : (cur.penalty - predictedPenalty) / Self.penalty < 0.002 { converged = true; break }
            var xt = x
            for (f, k) in free.enumerated() { xt[k] = min(max(x[k] + d[f], lo[k]), hi[k]) }
            let largest = d.map(abs).max() ?? 0
            guard let et = evaluate(xt) else {
                delta = largest / 2
                rejected += 1
                if delta < 1e-3 { break }
                continue
            }
            // Broyden update of the target Jacobian from the trial (a secant, taken or not).
            let sd = free.map { xt[$0] - x[$0] }, ss = sd.reduce(0) { $0 + $1 * $1 }
            if ss > 0 {
                for i in jg.indices {
                    let err = et.g[i] - cur.g[i] - zip(jg[i], sd).reduce(0) { $0 + $1.0 * $1.1 }
                    for f in sd.indices { jg[i][f] += err * sd[f] / ss }
                }
            }
            let ratio = (merit(x, cur) - merit(xt, et)) / predicted
            if ratio >= 0.1 {
                x = xt; cur = et; rejected = 0
                if cur.feasible && (best == nil || x[0] < best!.x[0]) { best = (x, cur) }
                if ratio > 0.75 && largest > 0.99 * delta { delta = min(2 * delta, 2) }
                if ratio < 0.25 { delta = largest / 2 }
            } else {
                delta = largest / 2
                rejected += 1
            }
            if delta < 1e-3 { break }
        }
        return finish(x, cur, best, stalled: converged ? nil : "the flow search stopped before converging")
    }

    /// The outcome: the final iterate when feasible, else the best feasible iterate, else
    /// infeasible with the target that binds and the bounds reached.
    private func finish(_ x: [Double], _ e: Eval, _ best: (x: [Double], e: Eval)?, stalled: String?) -> DesignPoint {
        if e.feasible, best == nil || x[0] <= best!.x[0] { return point(x, e, true, "", nil) }
        if let b = best { return point(b.x, b.e, true, "", nil) }
        let worst = e.g.indices.min { e.g[$0] < e.g[$1] } ?? 0
        let t = problem.targets[worst / 2]
        let sym = problem.base.species.symbols[t.species]
        let pct = { (v: Double) in String(format: "%.4g %%", 100 * v) }
        let what = worst % 2 == 0 ? "purity \(pct(e.purity[worst / 2])) < \(pct(t.purity))" : "recovery \(pct(e.recovery[worst / 2])) < \(pct(t.recovery))"
        var reached: [String] = []
        func lo(_ k: Int) -> Double { log(problem.variables[k].bounds.lowerBound) }
        func hi(_ k: Int) -> Double { log(problem.variables[k].bounds.upperBound) }
        for (k, v) in problem.variables.enumerated() where v.isFree {
            if x[k] <= log(v.bounds.lowerBound) + 1e-6 { reached.append("\(v.name) at its lower bound") }
            if x[k] >= log(v.bounds.upperBound) - 1e-6 { reached.append("\(v.name) at its upper bound") }
        }
        // An O/A bound reached in a section that a free stream flow (away from its own
        // bounds) enters does not bind: that flow relieves it at no cost but ε.
        let r = problem.bounds.phaseRatio
        let p = problem.cascade(stages: stages, values: x.map(exp))
        for (s, sec) in p.sections.enumerated() {
            let relieved = problem.variables.indices.contains { k in
                guard case .streamFlow(let i) = problem.variables[k].kind, problem.variables[k].isFree, sec.stages.contains(p.feeds[i].stage) else { return false }
                return x[k] > lo(k) + 1e-6 && x[k] < hi(k) - 1e-6
            }
            if relieved { continue }
            if e.r[2 * s] <= 1e-3 { reached.append("O/A ≥ \(fmt(r.lowerBound)) in section \(sec.name)") }
            if e.r[2 * s + 1] <= 1e-3 { reached.append("O/A ≤ \(fmt(r.upperBound)) in section \(sec.name)") }
        }
        var note = "\(sym) \(what) in \(t.outlet)"
        if let stalled { note += "; \(stalled)" }
        if reached.isEmpty {
            note += stalled == nil ? "; the flows' best balance of the targets lies inside the flow and O/A bounds (the stage counts bind)" : ""
        } else {
            note += "; bounds reached: " + reached.joined(separator: ", ")
        }
        return point(x, e, false, note, worst / 2)
    }

    private func point(_ x: [Double], _ e: Eval?, _ feasible: Bool, _ note: String, _ binding: Int?) -> DesignPoint {
        let nt = problem.targets.count
        return DesignPoint(stages: stages, values: x.map(exp), purity: e?.purity ?? Array(repeating: .nan, count: nt),
                           recovery: e?.recovery ?? Array(repeating: .nan, count: nt), feasible: feasible, solves: solves,
                           objective: feasible ? DesignEvaluator.objectiveValue(problem, stages: stages, organicFlow: exp(x[0])) : .infinity,
                           bindingTarget: binding, note: note)
    }

    private func describe(_ x: [Double]) -> String {
        zip(problem.variables, x).filter { $0.0.isFree }.map { v, xv in
            if case .streamStrength = v.kind { return "\(v.name) \(String(format: "%.4g mol/L", exp(xv) / 1000))" }
            return "\(v.name) \(fmtFlow(exp(xv)))"
        }.joined(separator: ", ")
    }
}

func fmt(_ v: Double) -> String { String(format: "%.3g", v) }
/// A flow in L/h for messages.
func fmtFlow(_ v: Double) -> String { String(format: "%.4g L/h", v * 3.6e6) }
