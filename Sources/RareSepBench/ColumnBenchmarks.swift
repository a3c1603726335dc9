import Foundation
import RareSepChemistry
import RareSepColumn
import RareSepCore
import RareSepODE

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

    /// Run `column-carousel`: the 3-column lead–lag carousel of
    /// Validation/column/carousel-css (Langmuir LRM, two columns loading in series, one
    /// washed, switched every 10 min, 100 cells) from clean columns to its cyclic
    /// steady state. Reports the median wall time of the whole run, the cycles it took
    /// (`iterations`) and the steady raffinate amount's deviation from the independent
    /// reference (mol/m², `max_abs_error`, from the reference-amounts.csv of that folder
    /// under `packageRoot`).
    public static func carousel(runs: Int = 3, packageRoot: String) -> BenchResult {
        let amounts = try? CSVTable.load(path: packageRoot + "/Validation/column/carousel-css/reference-amounts.csv")
        let referenceRaffinate = amounts.flatMap { t in
            t.rows.first { $0.fields.first == "raffinate_mol_per_m2" }.flatMap { Double($0.fields[1]) }
        }
        let col = ColumnParameters(kind: .lrm, length: 0.1, bedPorosity: 0.37, particlePorosity: 0.5,
                                   superficialVelocity: 0.5e-3, axialDispersion: 1e-6, ldfRate: [0.05])
        let problem = ColumnProblem(components: SpeciesSet(["X"]), modifierIndex: nil,
                                    isotherm: LangmuirIsotherm(affinity: [1], capacity: [20]), column: col,
                                    sections: [OperatingSection(name: "load", start: 0, end: 600, inletStart: [1]),
                                               OperatingSection(name: "wash", start: 600, end: 1200, inletStart: [0])])
        let spec = ColumnTrainSpec(columns: 3, inSeries: 2, switching: .interval(600), cssTolerance: 1e-5, maxCycles: 40,
                                   recordStep: 2, pools: [FractionSpec(name: "X-pool", from: 600, to: 1200, product: 0)])
        let numerics = ColumnNumerics(cells: 100, rtol: 1e-6, atol: 1e-9)
        var result: ColumnTrainResult?
        let t = Stopwatch.median(minRuns: runs, maxRuns: runs, budgetMs: 0) {
            result = try? ColumnTrainSimulator.run(problem, numerics: numerics, spec: spec, regenerationOutputTimes: [])
        }
        var b = BenchResult(name: "column-carousel", median_ms: t.median, runs: t.runs)
        b.min_ms = t.fastest
        b.cells = 100
        b.iterations = result?.cycles.count
        if let r = result, let ref = referenceRaffinate, let last = r.cycles.last, r.steadyCycle != nil {
            b.max_abs_error = abs((last.raffinate["X"] ?? .nan) - ref)
        }
        b.note = "3-column lead-lag carousel (Langmuir LRM, 100 cells) to its cyclic steady state (change < 1e-5): iterations = cycles"
            + (result?.steadyCycle == nil ? " — steady state NOT reached" : "")
            + "; error = steady raffinate amount vs the independent reference (mol/m2)"
        return b
    }

    /// Run `column-grm-b1`: the b1 problem as a general rate model
    /// (`ColumnBenchmark.b1GRMProblem`) at 200 axial cells × 8 shells with the b1
    /// tolerances, timed end to end as `ColumnSimulator` runs it (the condensed per-cell
    /// Newton solver, `CondensedColumnSystem`), interleaved with the same run on the
    /// banded LU of the whole band as the in-process baseline (`runs` of each, medians of
    /// wall and CPU time); the note gives the ratios and the largest outlet difference
    /// between the two.
    public static func grmB1(runs: Int = 2) -> BenchResult {
        let problem = ColumnBenchmark.b1GRMProblem()
        var numerics = ColumnBenchmark.b1Numerics
        numerics.cells = 200
        numerics.particleCells = 8
        var banded = numerics
        banded.condensedNewton = false
        var last: ColumnRun?, base: ColumnRun?
        var tc: [Double] = [], tb: [Double] = [], cc: [Double] = [], cb: [Double] = []
        for _ in 0..<max(1, runs) {
            var t0 = Stopwatch.nowMs(), c0 = Stopwatch.cpuMs()
            last = ColumnSimulator.run(problem, numerics: numerics, outputTimes: ColumnBenchmark.b1Times)
            tc.append(Stopwatch.nowMs() - t0); cc.append(Stopwatch.cpuMs() - c0)
            t0 = Stopwatch.nowMs(); c0 = Stopwatch.cpuMs()
            base = ColumnSimulator.run(problem, numerics: banded, outputTimes: ColumnBenchmark.b1Times)
            tb.append(Stopwatch.nowMs() - t0); cb.append(Stopwatch.cpuMs() - c0)
        }
        func med(_ v: [Double]) -> Double { let s = v.sorted(); return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2]) }
        var b = BenchResult(name: "column-grm-b1", median_ms: med(tc), runs: tc.count)
        b.min_ms = tc.min()
        b.cells = numerics.cells
        guard let run = last, run.report.converged, let ref = base, ref.report.converged else { b.note = "the GRM run failed"; return b }
        let st = run.statistics
        b.iterations = st.steps
        var diff = 0.0, peak = 0.0
        for (x, y) in zip(run.outlet, ref.outlet) { for (u, v) in zip(x, y) { diff = max(diff, abs(u - v)); peak = max(peak, abs(v)) } }
        b.max_abs_error = diff
        b.note = String(format: "GRM 200 cells × 8 shells, 3 components, rtol 3e-5, condensed Newton solver (block-Thomas shells): %d steps, %d f evaluations, %d Jacobians, %d LU; CPU %.0f ms (wall above; they differ when other work shares the cores); banded-LU baseline %.0f ms wall, %.0f ms CPU (%d steps), ratio %.2f wall, %.2f CPU; error: outlet max |condensed − banded| %.2e mol/m³ (peak %.3g)",
                        st.steps, st.rhsEvaluations, st.jacobianEvaluations, st.factorizations, med(cc), med(tb), med(cb), ref.statistics.steps,
                        med(tb) / max(med(tc), 1e-9), med(cb) / max(med(cc), 1e-9), diff, peak)
        return b
    }
}
