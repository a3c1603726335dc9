import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics

/// What a dynamic run means for its products: purity and recovery of every metal in every
/// outlet over time, each metal's product outlet (where most of it leaves at the target),
/// and the times after which purity and recovery stay within 1 % and 0.1 % of the target:
/// the steady state of the cascade as it runs at the end (solved by `CascadeSolver`), or
/// the end of the run when that does not converge.
struct DynamicAnalysis {
    /// Purity and recovery (dimensionless) of metal j in outlet o at snapshot k: [k][o][j].
    var purity: [[[Double]]]
    var recovery: [[[Double]]]
    var products: [DynamicSummary.Product]
    /// The cascade as it runs at the end, and its steady state (nil when not converged).
    var finalProblem: CascadeProblem
    var steady: CascadeSolution?

    /// The problem in force at each time (events at t apply after the output at t), with
    /// the number of events applied.
    static func problems(_ dc: DynamicCase, times: [Double]) throws -> [(applied: Int, problem: CascadeProblem)] {
        var p = dc.cascade.problem
        var e = 0
        var out: [(Int, CascadeProblem)] = []
        for t in times {
            while e < dc.events.count && dc.events[e].time < t {
                for c in dc.events[e].changes { p = try p.applying(c) }
                e += 1
            }
            out.append((e, p))
        }
        return out
    }

    /// Molar inflow per species (feeds and make-up), mol/s.
    static func fed(_ p: CascadeProblem) throws -> [Double] {
        let view = CascadeSolution(problem: p, flows: try StageFlows.solve(p), aqueous: [], organic: [],
                                   report: SolverReport(code: .success, method: "", iterations: 0, residual: 0, worstLocation: ""),
                                   worstStageClosure: 0)
        var a = [Double](repeating: 0, count: p.species.count)
        for s in view.inlets { for (j, v) in s.amounts.enumerated() { a[j] += v } }
        return a
    }

    init(_ dc: DynamicCase, run: DynamicCascadeRun) throws {
        var end = dc.cascade.problem
        for ev in dc.events { for c in ev.changes { end = try end.applying(c) } }
        finalProblem = end
        let sol = try? CascadeSolver.solve(end, options: dc.cascade.options)
        steady = sol.flatMap { $0.report.converged ? $0 : nil }
        let metals = end.metalCount
        let times = run.snapshots.map(\.time)
        let inForce = try Self.problems(dc, times: times)
        func shares(_ outlets: [CascadeStream], fed: [Double]) -> (purity: [[Double]], recovery: [[Double]]) {
            var pu: [[Double]] = [], re: [[Double]] = []
            for o in outlets {
                let a = o.amounts
                let total = a.prefix(metals).reduce(0, +)
                pu.append((0..<metals).map { total > 0 ? a[$0] / total : .nan })
                re.append((0..<metals).map { fed[$0] > 0 ? a[$0] / fed[$0] : .nan })
            }
            return (pu, re)
        }
        var pu: [[[Double]]] = [], re: [[[Double]]] = []
        var fedCache: [Int: [Double]] = [:]
        for (k, snap) in run.snapshots.enumerated() {
            let (applied, p) = inForce[k]
            if fedCache[applied] == nil { fedCache[applied] = try Self.fed(p) }
            let s = shares(snap.outlets, fed: fedCache[applied]!)
            pu.append(s.purity)
            re.append(s.recovery)
        }
        purity = pu
        recovery = re
        // targets: the steady state at the end, or the last snapshot
        let names = run.snapshots.last?.outlets.map(\.name) ?? []
        let target: (purity: [[Double]], recovery: [[Double]])
        let source: String
        if let st = steady {
            let outs = st.outlets
            target = (outs.map { o in (0..<metals).map { st.purity(species: $0, in: o) } },
                      outs.map { o in (0..<metals).map { st.recovery(species: $0, in: o) } })
            source = "steady state at the end"
        } else {
            target = (pu.last ?? [], re.last ?? [])
            source = "end of run (steady state not converged)"
        }
        let lastEvent = dc.eventLabels.map(\.time).max() ?? 0
        var products: [DynamicSummary.Product] = []
        for j in 0..<metals where !names.isEmpty {
            guard let o = (0..<names.count).max(by: { (target.recovery[$0][j].isFinite ? target.recovery[$0][j] : -1) < (target.recovery[$1][j].isFinite ? target.recovery[$1][j] : -1) }),
                  target.recovery[o][j].isFinite else { continue }
            let pSeries = pu.map { $0[o][j] }, rSeries = re.map { $0[o][j] }
            let tp = target.purity[o][j], tr = target.recovery[o][j]
            products.append(DynamicSummary.Product(
                metal: end.species.symbols[j], outlet: names[o], target: source,
                purity_target: CascadeReport.finite(tp), recovery_target: CascadeReport.finite(tr),
                purity_end: CascadeReport.finite(pSeries.last ?? .nan), recovery_end: CascadeReport.finite(rSeries.last ?? .nan),
                purity_99_s: Self.settlingTime(times, pSeries, target: tp, band: 0.01),
                purity_99_9_s: Self.settlingTime(times, pSeries, target: tp, band: 0.001),
                recovery_99_s: Self.settlingTime(times, rSeries, target: tr, band: 0.01),
                recovery_99_9_s: Self.settlingTime(times, rSeries, target: tr, band: 0.001),
                last_event_s: lastEvent))
        }
        self.products = products
    }

    /// The time after which |v − target| ≤ band·|target| holds to the end of the series
    /// (linear between output times); 0 when it holds throughout, nil when it does not
    /// hold at the last output (not reached within the horizon) or the target is undefined.
    static func settlingTime(_ t: [Double], _ v: [Double], target: Double, band: Double) -> Double? {
        guard target.isFinite, !t.isEmpty else { return nil }
        let tol = band * abs(target)
        func miss(_ k: Int) -> Double { v[k].isFinite ? abs(v[k] - target) - tol : .infinity }
        guard miss(t.count - 1) <= 0 else { return nil }
        var k = t.count - 1
        while k > 0 && miss(k - 1) <= 0 { k -= 1 }
        if k == 0 { return t[0] }
        let a = miss(k - 1), b = miss(k)
        if !a.isFinite { return t[k] }
        return t[k - 1] + (t[k] - t[k - 1]) * a / (a - b)
    }
}

