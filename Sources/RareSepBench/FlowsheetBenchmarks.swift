import Foundation
import RareSepFlowsheet
import RareSepIO
import RareSepPlant

/// Flowsheet benchmarks of `raresep bench`.
public enum FlowsheetBenchmarks {
    /// flowsheet-2-cascade-recycle: the whole flowsheet solve (two D2EHPA cascades and
    /// a raffinate recycle, tear converged by Anderson acceleration, units warm-started
    /// within the solve) against solving its two cascades once each, cold, from their
    /// case files, in the same process. ratio = two cascades / flowsheet (as every
    /// baseline ratio: baseline over RareSep); the target is flowsheet ≤ 5 × two cascades,
    /// i.e. ratio ≥ 0.2. `iterations` is the number of passes around the recycle.
    public static func twoCascadeRecycle(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        let path = (o.packageRoot as NSString).appendingPathComponent("cases/bench/flowsheet-2-cascade-recycle.yaml")
        func load() throws -> FlowsheetCase {
            try FlowsheetCase.load(root: try YAMLDocument.load(path: path), path: path, library: o.library)
        }
        let probe = try load()
        let cascades = probe.flowsheet.units.compactMap { $0 as? CascadeUnit }
        // Each timed flowsheet solve gets fresh units (no warm start carried between runs);
        // loading them is outside the timer.
        var fresh = try load()
        var passes = 0
        var failure: String?
        let fs = try Stopwatch.median(minRuns: 5, budgetMs: 3000, {
            let sol = try FlowsheetSolver.solve(fresh.flowsheet, options: fresh.options)
            passes = sol.loops.reduce(0) { $0 + $1.iterations }
            failure = sol.failure?.message
            fresh = try load()
        })
        let two = try Stopwatch.median(minRuns: 5, budgetMs: 3000, {
            for c in cascades { _ = try CascadeSolver.solve(c.template, options: c.options) }
        })
        var r = BenchResult(name: "flowsheet-2-cascade-recycle", median_ms: fs.median, runs: fs.runs)
        r.min_ms = fs.fastest
        r.baseline = "its two cascades solved once each (cold start)"
        r.baseline_median_ms = two.median
        r.ratio = two.median / fs.median
        r.iterations = passes
        r.stages = cascades.reduce(0) { $0 + $1.template.stageCount }
        r.species = probe.flowsheet.species.count
        r.note = String(format: "flowsheet / two cascades = %.2f× (target ≤ 5×); %d passes around the recycle", fs.median / two.median, passes)
            + (failure.map { "; FAILED: \($0)" } ?? "")
        return r
    }
}
