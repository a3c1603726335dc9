import RareSepColumn

/// The column benchmark of `raresep bench` (issue 5, "column-b1").
public enum ColumnBenchmarks {
    /// Run b1: median time of the 120-cell solve and its maximum outlet error
    /// against RareSep's own converged 1600-cell solution computed in this call
    /// (a convergence reference of our own code, not independent evidence).
    /// With an allocation counter, `allocations_per_iteration` is the number of heap
    /// allocations per integrator step, from two runs that differ only in tolerance
    /// (Δallocations/Δsteps, so per-run set-up and output storage cancel).
    public static func b1(runs: Int = 7, allocationCount: (() -> Int64)? = nil) -> BenchResult {
        let r = ColumnBenchmark.b1(runs: runs)
        var b = BenchResult(name: "column-b1", median_ms: r.medianMs, runs: r.runs)
        b.cells = r.cells
        b.max_abs_error = r.maxAbsError
        b.note = "3-component competitive Langmuir + LDF, LRM, 18000 s, 1801 outputs; error (mol/m3) vs our own 1600-cell, rtol 1e-7 run; iterations = BDF steps, allocations per step from two runs (Δallocations/Δsteps)"
        if let count = allocationCount {
            let problem = ColumnBenchmark.b1Problem()
            let times = ColumnBenchmark.b1Times
            let loose = ColumnBenchmark.b1Numerics
            var tight = loose
            tight.rtol = loose.rtol / 10
            tight.atol = loose.atol / 10
            let a0 = count()
            let r1 = ColumnSimulator.run(problem, numerics: loose, outputTimes: times)
            let a1 = count()
            let r2 = ColumnSimulator.run(problem, numerics: tight, outputTimes: times)
            let a2 = count()
            let ds = r2.statistics.steps - r1.statistics.steps
            if ds > 0 { b.allocations_per_iteration = Double((a2 - a1) - (a1 - a0)) / Double(ds) }
            b.iterations = r1.statistics.steps
        }
        return b
    }
}
