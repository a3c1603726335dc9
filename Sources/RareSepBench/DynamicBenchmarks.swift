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
        var r = BenchResult(name: "dynamic-default-step", times: tDyn, baseline: "one steady solve of the same cascade (cold)", baselineTimes: tSteady)
        r.stages = c.problem.stageCount
        r.species = c.problem.species.count
        r.iterations = st.steps
        let worst = run.ledger.map { abs($0.relativeClosure) }.max() ?? 0
        r.note = String(format: "dynamic / steady = %.1f× (medians of interleaved runs); 15 %% feed step at 1 h, horizon 100 h: %d steps (%d rejected), %d factorisations, %d Jacobians, %d unknowns; ledger %.1e; %@",
                        med / base, st.steps, st.rejectedSteps, st.factorizations, st.jacobianEvaluations, run.finalState.count, worst,
                        run.report.code.rawValue)
        return r
    }

    /// dynamic-3-stage-12h: cases/dynamic-prommis-like.yaml (3-stage D2EHPA/TBP sulfate
    /// mixer-settler, UKy correlation, 4 settler cells per layer, aqueous feed step at 4 h,
    /// to 12 h, output every 3 min), from its initial steady solve through the integration
    /// and the analysis a `raresep run` makes (products, settling times, ledger, summary);
    /// parsing and writing files excluded. Target (issue 12): ≤ 20 ms.
    public static func threeStage12h(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        try caseRun(name: "dynamic-3-stage-12h", file: "cases/dynamic-prommis-like.yaml", targetMs: 20, o)
    }

    /// dynamic-default-startup: cases/dynamic-default-startup.yaml (cases/default.yaml,
    /// 51 stages, closed loop, from stages full of fresh solvent, 3000 h, output every 2 h)
    /// as `threeStage12h`; the note gives the time after which each product's purity stays
    /// within 0.1 % of its steady value (Dy in the strip liquor: 2 h; Tb in the raffinate
    /// not within the 3000 h). Target (issue 12): ≤ 0.5 s.
    public static func defaultStartup(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        try caseRun(name: "dynamic-default-startup", file: "cases/dynamic-default-startup.yaml", targetMs: 500, o)
    }

    /// A dynamic case file's run (integration and analysis) against one cold steady solve
    /// of its cascade, interleaved in this process (ratio = steady / dynamic). With an
    /// allocation counter, heap allocations per step from two integrations that differ
    /// only in tolerance (Δallocations/Δsteps: set-up and output storage cancel).
    static func caseRun(name: String, file: String, targetMs: Double, _ o: CascadeBenchmarks.Options) throws -> BenchResult {
        let path = (o.packageRoot as NSString).appendingPathComponent(file)
        let dc = try DynamicCase.load(root: try YAMLDocument.load(path: path), path: path, library: o.library)
        var last: (run: DynamicCascadeRun, summary: DynamicSummary)?
        var tDyn: [Double] = [], tSteady: [Double] = []
        let start = Stopwatch.nowMs()
        while tDyn.count < 3 || (Stopwatch.nowMs() - start < 6000 && tDyn.count < 50) {
            let t0 = Stopwatch.nowMs()
            last = try DynamicCaseRunner.simulateAndAnalyse(dc)
            let t1 = Stopwatch.nowMs()
            _ = try CascadeSolver.solve(dc.cascade.problem, options: dc.cascade.options)
            let t2 = Stopwatch.nowMs()
            tDyn.append(t1 - t0)
            tSteady.append(t2 - t1)
        }
        let (run, summary) = last!
        let st = run.statistics
        let med = Stopwatch.median(of: tDyn), base = Stopwatch.median(of: tSteady)
        var r = BenchResult(name: name, times: tDyn, baseline: "one steady solve of the same cascade (cold)", baselineTimes: tSteady)
        r.stages = dc.cascade.problem.stageCount
        r.species = dc.cascade.problem.species.count
        r.iterations = st.steps
        if let count = o.allocationCount {
            var tight = dc.options
            tight.rtol /= 10
            let a0 = count()
            let r1 = try DynamicCaseRunner.simulate(dc)
            let a1 = count()
            let r2 = try DynamicCaseRunner.simulate(dc, options: tight)
            let a2 = count()
            let ds = r2.statistics.steps - r1.statistics.steps
            if ds > 0 { r.allocations_per_iteration = Double((a2 - a1) - (a1 - a0)) / Double(ds) }
        }
        let worst = run.ledger.map { abs($0.relativeClosure) }.max() ?? 0
        let settled = summary.products.map { p in "\(p.metal) " + (p.purity_99_9_s.map { String(format: "%.3g h", $0 / 3600) } ?? "not reached") }
            .joined(separator: ", ")
        r.note = String(format: "target ≤ %.0f ms (%.2f× of it); dynamic / steady = %.1f× (medians of interleaved runs); %d steps (%d rejected), %d factorisations, %d Jacobians, %d f evaluations, %d Newton iterations, %d unknowns; purity within 0.1 %% of steady after: %@; ledger %.1e; %@; iterations = BDF steps, allocations per step from two runs (Δallocations/Δsteps)",
                        targetMs, med / targetMs, med / base, st.steps, st.rejectedSteps, st.factorizations, st.jacobianEvaluations,
                        st.rhsEvaluations, st.newtonIterations, run.finalState.count, settled, worst, run.report.code.rawValue)
        return r
    }
}
