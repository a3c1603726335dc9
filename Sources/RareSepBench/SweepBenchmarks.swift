import Foundation
import RareSepIO

/// Sweep benchmarks of `raresep bench`.
public enum SweepBenchmarks {
    /// sweep-default: the 24 points of cases/sweep-default.yaml (full solves of the
    /// default D2EHPA cascade, in process) on two worker threads, against the same sweep
    /// on one thread in the same process (interleaved rounds). ratio = serial / two
    /// workers, i.e. the speed-up from the second core (2 at best); the note gives both
    /// rates in points/s and the pool's CPU time over wall time (how many cores it really
    /// had: on a loaded machine the speed-up is bounded by it). max_rel_diff is 0 when both give the same rows byte for byte.
    public static func sweepDefault(_ o: CascadeBenchmarks.Options, workers: Int = 2) throws -> BenchResult {
        try pooledAgainstSerial(o, name: "sweep-default", plan: "cases/sweep-default.yaml", workers: workers, budgetMs: 8000, maxRounds: 20)
    }

    /// sweep-1000 (the benchmark: 1000 runs of the default case in one process,
    /// ≤ 2 s): the 1000-point Latin hypercube of cases/bench/sweep-1000.yaml over the
    /// default cascade's organic, scrub acid and strip acid flows (each point a full
    /// solve of cases/default.yaml, in process), on two worker threads, against the same
    /// sweep on one thread in the same process (interleaved rounds). ratio = serial / two
    /// workers, as for sweep-default; median_ms is the time of all 1000 points. Points start
    /// from the base case's solution (`warm_start: base`, the plan default); the note also
    /// gives the serial sweep with `warm_start: none` (every point cold) and its time over
    /// the warm serial sweep's.
    public static func sweep1000(_ o: CascadeBenchmarks.Options, workers: Int = 2) throws -> BenchResult {
        try pooledAgainstSerial(o, name: "sweep-1000", plan: "cases/bench/sweep-1000.yaml", workers: workers, budgetMs: 20000, maxRounds: 5)
    }

    /// The sweep of `plan` on `workers` threads against the same sweep on one, interleaved
    /// round by round (at least 3 rounds, then while within `budgetMs` and `maxRounds`).
    static func pooledAgainstSerial(_ o: CascadeBenchmarks.Options, name: String, plan file: String, workers: Int,
                                    budgetMs: Double, maxRounds: Int) throws -> BenchResult {
        let path = (o.packageRoot as NSString).appendingPathComponent(file)
        let plan = try SweepPlan.load(path: path)
        let points = try plan.points()
        var tSerial: [Double] = [], tPool: [Double] = [], tCold: [Double] = []
        var coldPlan = plan
        coldPlan.warmStart = .none
        var cpuPool: [Double] = []
        var same = true, failed = 0
        let cpuMs = Stopwatch.cpuMs
        let start = Stopwatch.nowMs()
        while tPool.count < 3 || (Stopwatch.nowMs() - start < budgetMs && tPool.count < maxRounds) {
            let t0 = Stopwatch.nowMs()
            let serial = try SweepRunner.run(plan, points: points, workers: 1)
            let t1 = Stopwatch.nowMs()
            let c1 = cpuMs()
            let pooled = try SweepRunner.run(plan, points: points, workers: workers)
            let t2 = Stopwatch.nowMs()
            cpuPool.append((cpuMs() - c1) / (t2 - t1))
            same = same && serial.map(\.line) == pooled.map(\.line)
            failed = pooled.filter { $0.status != "ok" }.count
            tSerial.append(t1 - t0)
            tPool.append(t2 - t1)
            if plan.warmStart != .none {
                let t3 = Stopwatch.nowMs()
                _ = try SweepRunner.run(coldPlan, points: points, workers: 1)
                tCold.append(Stopwatch.nowMs() - t3)
            }
        }
        let pool = Stopwatch.median(of: tPool), serial = Stopwatch.median(of: tSerial)
        var r = BenchResult(name: name, times: tPool, baseline: "the same sweep on 1 worker thread", baselineTimes: tSerial)
        r.max_rel_diff = same ? 0 : 1
        r.note = String(format: "%d points (%d not ok): %.1f points/s on %d workers, %.1f points/s serial (speed-up %.2f×); CPU time / wall time on %d workers %.2f (%d cores; below %d when other work shares them)",
                        points.count, failed, Double(points.count) / pool * 1e3, workers, Double(points.count) / serial * 1e3,
                        serial / pool, workers, Stopwatch.median(of: cpuPool), ProcessInfo.processInfo.activeProcessorCount, workers)
        if !tCold.isEmpty {
            let cold = Stopwatch.median(of: tCold)
            r.note! += String(format: "; serial with warm_start: none (every point cold) %.1f points/s, %.2f× the warm serial time",
                              Double(points.count) / cold * 1e3, cold / serial)
        }
        return r
    }
}
