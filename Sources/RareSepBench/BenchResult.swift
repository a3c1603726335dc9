/// One benchmark's figures, as printed by `raresep bench` and its `--json`
/// output (the contract of issue 4: name, median_ms, runs, and where a baseline
/// applies baseline, baseline_median_ms, ratio = baseline/RareSep, max_rel_diff).
public struct BenchResult: Codable, Sendable {
    public var name: String
    /// Median wall time of one solve, ms.
    public var median_ms: Double
    /// Fastest of the runs, ms.
    public var min_ms: Double?
    public var runs: Int
    public var baseline: String?
    public var baseline_median_ms: Double?
    public var ratio: Double?
    /// Largest relative difference between RareSep's answer and the baseline's.
    public var max_rel_diff: Double?
    public var allocations_per_iteration: Double?
    /// Median of the same solve on a workspace allocated once, ms (cascades).
    public var solve_reused_workspace_ms: Double?
    /// Fastest of the solves on the reused workspace, ms.
    public var reused_min_ms: Double?
    /// Ladder rungs: time ratio to the previous rung (medians of interleaved solves)
    /// and the stage ratio it is to be compared with (linear: scaling_ratio ≤ stage_ratio).
    public var scaling_ratio: Double?
    public var stage_ratio: Double?
    public var note: String?
    /// Problem size and solver work, for reading the figures.
    public var stages: Int?
    public var species: Int?
    public var iterations: Int?
    /// Column benchmarks: finite-volume cells and max abs error against a converged solution (mol/m³).
    public var cells: Int?
    public var max_abs_error: Double?

    public init(name: String, median_ms: Double, runs: Int) {
        self.name = name
        self.median_ms = median_ms
        self.runs = runs
    }

    /// A result timed over `times` (ms each): median, fastest and runs; with
    /// `baselineTimes` (not empty), set against `baseline` (`compare(with:medianMs:)`).
    public init(name: String, times: [Double], baseline: String? = nil, baselineTimes: [Double] = []) {
        self.init(name: name, median_ms: Stopwatch.median(of: times), runs: times.count)
        min_ms = times.min()
        if let baseline, !baselineTimes.isEmpty { compare(with: baseline, medianMs: Stopwatch.median(of: baselineTimes)) }
    }

    /// Set the result against a baseline whose median is `medianMs` (ms): ratio = baseline/RareSep.
    public mutating func compare(with baseline: String, medianMs: Double) {
        self.baseline = baseline
        baseline_median_ms = medianMs
        ratio = medianMs / median_ms
    }
}

/// Wall-clock timing helpers.
public enum Stopwatch {
    /// Monotonic time in ms.
    public static func nowMs() -> Double { clockMs(CLOCK_MONOTONIC) }

    /// CPU time of this process in ms (all threads): on a shared machine, the time a
    /// single-threaded run would take alone, which wall time is not.
    public static func cpuMs() -> Double { clockMs(CLOCK_PROCESS_CPUTIME_ID) }

    /// The POSIX clock `id` in ms.
    static func clockMs(_ id: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) * 1e-6
    }

    /// Median and fastest time of `body` over repeated runs: at least `minRuns`,
    /// until `budgetMs` is spent or `maxRuns` reached. The fastest run is the one
    /// least disturbed by other work on a shared machine.
    public static func median(minRuns: Int = 5, maxRuns: Int = 1000, budgetMs: Double = 400, _ body: () throws -> Void) rethrows -> (median: Double, runs: Int, fastest: Double) {
        var times: [Double] = []
        let start = nowMs()
        while times.count < maxRuns && (times.count < minRuns || nowMs() - start < budgetMs) {
            let t0 = nowMs()
            try body()
            times.append(nowMs() - t0)
        }
        return (median(of: times), times.count, times.min()!)
    }

    /// Median of a non-empty list of times.
    public static func median(of times: [Double]) -> Double {
        let t = times.sorted(), n = t.count
        return n % 2 == 1 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
