import Foundation
import RareSepCascade
import RareSepDynamics
import RareSepIO

/// Dynamic cascade benchmarks of `raresep bench`.
public enum DynamicBenchmarks {
    /// Horizon of `dynamic-default-step`, s (the feed steps at 1 h).
    public static let defaultStepHorizon = 100.0 * 3600

    /// dynamic-default-step: cases/default.yaml (51 stages, mass-action D2EHPA, closed
    /// loop) with 20 L mixers and 40 L settlers (2 cells per layer), from its steady state,
    /// the feed flow stepped up 15 % at 1 h, integrated to 100 h (rtol 1e-6, output every
    /// hour); the steady profiles are given, so the time is the integration alone
    /// (consistent start, steps, restart at the event). Baseline: one steady solve of the
    /// same cascade, cold, in the same process; ratio = steady / dynamic (as every baseline
    /// ratio, baseline over RareSep).
    public static func defaultStep(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        let path = (o.packageRoot as NSString).appendingPathComponent("cases/default.yaml")
        let c = try CascadeCase.load(path: path, library: o.library)
        let steady = try CascadeSolver.solve(c.problem, options: c.options)
        let hold = [StageHoldUp](repeating: StageHoldUp(mixerVolume: 0.02, settlerAqueousVolume: 0.02, settlerOrganicVolume: 0.02),
                                 count: c.problem.sections.count)
        let spec = DynamicCascadeSpecification(problem: c.problem, holdUps: hold, settlerCells: 2)
        let event = CascadeEvent(time: 3600, changes: [.feedFlow(feed: c.problem.feeds[0].name, flow: 1.15 * c.problem.feeds[0].flow)])
        let times = (0...100).map { Double($0) * 3600 }
        var last: DynamicCascadeRun?
        var tDyn: [Double] = [], tSteady: [Double] = []
        let start = Stopwatch.nowMs()
        while tDyn.count < 3 || (Stopwatch.nowMs() - start < 6000 && tDyn.count < 50) {
            let t0 = Stopwatch.nowMs()
            last = try DynamicCascadeSimulator.run(spec, initial: .profiles(aqueous: steady.aqueous, organic: steady.organic),
                                                   horizon: defaultStepHorizon, events: [event], outputTimes: times)
            let t1 = Stopwatch.nowMs()
            _ = try CascadeSolver.solve(c.problem, options: c.options)
            let t2 = Stopwatch.nowMs()
            tDyn.append(t1 - t0)
            tSteady.append(t2 - t1)
        }
        let run = last!
        let st = run.statistics
        let med = Stopwatch.median(of: tDyn), base = Stopwatch.median(of: tSteady)
        var r = BenchResult(name: "dynamic-default-step", median_ms: med, runs: tDyn.count)
        r.min_ms = tDyn.min()
        r.baseline = "one steady solve of the same cascade (cold)"
        r.baseline_median_ms = base
        r.ratio = base / med
        r.stages = c.problem.stageCount
        r.species = c.problem.species.count
        r.iterations = st.steps
        let worst = run.ledger.map { abs($0.relativeClosure) }.max() ?? 0
        r.note = String(format: "dynamic / steady = %.1f× (medians of interleaved runs); 15 %% feed step at 1 h, horizon 100 h: %d steps (%d rejected), %d factorisations, %d Jacobians, %d unknowns; ledger %.1e; %@",
                        med / base, st.steps, st.rejectedSteps, st.factorizations, st.jacobianEvaluations, run.finalState.count, worst,
                        run.report.code.rawValue)
        return r
    }
}
