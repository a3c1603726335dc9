import Foundation
import RareSepCascade
import RareSepDesign
import RareSepIO

/// Design benchmarks of `raresep bench`.
public enum DesignBenchmarks {
    /// design-dy-tb: the whole search of cases/design-dy-tb.yaml (shortcut, stage × flow
    /// search with warm starts, verifying solve), against one cold solve of its base case
    /// in the same process. Reports the designs evaluated and cascade solves (`iterations`
    /// = solves), the time per design and per solve, and ratio = one cold solve / search
    /// (medians; baseline over RareSep). The issue's target for the Tb/Dy design is ≤ 5 s.
    /// The note adds the speedup of the batches' parallel evaluation over the same search
    /// on one thread, and whether both explored the same designs with the same numbers.
    public static func dyTb(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        let path = (o.packageRoot as NSString).appendingPathComponent("cases/design-dy-tb.yaml")
        let spec = try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path, library: o.library)
        var last: DesignResult?, serial: DesignResult?
        var serialProblem = spec.problem
        serialProblem.threads = 1
        // The search on every core and, interleaved (the machine's load affects both
        // alike), the same search on one thread: the speedup of the batches' parallel
        // evaluation, and the same result.
        var tSearch: [Double] = [], tCold: [Double] = [], tSerial: [Double] = []
        let start = Stopwatch.nowMs()
        while tSearch.count < 3 || (Stopwatch.nowMs() - start < 12000 && tSearch.count < 50) {
            let t0 = Stopwatch.nowMs()
            last = try DesignSearch.run(spec.problem)
            let t1 = Stopwatch.nowMs()
            _ = try CascadeSolver.solve(spec.problem.base, options: spec.problem.options)
            let t2 = Stopwatch.nowMs()
            serial = try DesignSearch.run(serialProblem)
            let t3 = Stopwatch.nowMs()
            tSearch.append(t1 - t0)
            tCold.append(t2 - t1)
            tSerial.append(t3 - t2)
        }
        let r0 = last!
        let same = serial.map { s in
            s.explored.count == r0.explored.count && zip(s.explored, r0.explored).allSatisfy { $0.stages == $1.stages && $0.values == $1.values && $0.purity == $1.purity }
        } ?? false
        let search = Stopwatch.median(of: tSearch), cold = Stopwatch.median(of: tCold)
        var r = BenchResult(name: "design-dy-tb", median_ms: search, runs: tSearch.count)
        r.min_ms = tSearch.min()
        r.baseline = "one cold solve of the base case (cases/default.yaml)"
        r.baseline_median_ms = cold
        r.ratio = cold / search
        r.iterations = r0.solves
        r.stages = r0.chosen?.totalStages
        r.species = spec.problem.base.species.count
        let designs = r0.explored.count
        r.note = String(format: "%@: %d designs evaluated, %d cascade solves (%d warm-started); %.1f ms per design, %.2f ms per solve = %.2f× one cold solve (%.2f ms); target ≤ 5 s",
                        r0.status.rawValue, designs, r0.solves, r0.warmSolves, search / Double(designs), search / Double(max(r0.solves, 1)),
                        search / Double(max(r0.solves, 1)) / cold, cold)
            + String(format: "; %d threads: %.2f× faster than one thread (median %.0f ms; fastest runs %.0f against %.0f ms), %@", r0.threads,
                     Stopwatch.median(of: tSerial) / search, Stopwatch.median(of: tSerial), tSearch.min()!, tSerial.min()!,
                     same ? "same designs and rows" : "DIFFERENT designs or rows")
        return r
    }
}
