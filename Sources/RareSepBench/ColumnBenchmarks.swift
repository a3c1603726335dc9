import RareSepColumn

/// The column benchmark of `raresep bench` (issue 5, "column-b1").
public enum ColumnBenchmarks {
    /// Run b1: median time of the 120-cell solve and its maximum outlet error
    /// against RareSep's own converged 1600-cell solution computed in this call
    /// (a convergence reference of our own code, not independent evidence).
    public static func b1(runs: Int = 7) -> BenchResult {
        let r = ColumnBenchmark.b1(runs: runs)
        var b = BenchResult(name: "column-b1", median_ms: r.medianMs, runs: r.runs)
        b.cells = r.cells
        b.max_abs_error = r.maxAbsError
        b.note = "3-component competitive Langmuir + LDF, LRM, 18000 s, 1801 outputs; error (mol/m3) vs our own 1600-cell, rtol 1e-7 run"
        return b
    }
}
