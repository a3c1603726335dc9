import Foundation
import RareSepCascade
import RareSepChemistry
import RareSepContactor
import RareSepFlowsheet
import RareSepIO

/// Emulsion-flow contactor benchmarks of `raresep bench`.
public enum ContactorBenchmarks {
    /// The 15-species contactor of `emulsion-flow-unit`: eleven rare earths (La–Ho, Y) with
    /// H, D2EHPA, Cl, Na from Models/extraction/d2ehpa-chloride-mass-action.yaml, 1.5 m,
    /// organic dispersed, K·a 0.05 1/s, plug flow, upwind, `cells` height cells.
    public static func unitProblem(library: ModelLibrary, cells: Int = 200) throws -> ContactorProblem {
        let metals = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Y"]
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: library, metals: metals)
        let sp = bound.species
        let feed: [String: Double] = ["La": 8, "Ce": 12, "Pr": 3, "Nd": 9, "Sm": 2, "Eu": 0.5, "Gd": 1.5,
                                      "Tb": 0.4, "Dy": 1.5, "Ho": 0.3, "Y": 4, "H": 300]
        var xin = try bound.vector(feed)
        xin[sp.index(of: "Cl")!] = 300 + 3 * feed.filter { $0.key != "H" }.values.reduce(0, +)
        var yin = try bound.vector(["D2EHPA": 1000])
        bound.model.completeOrganicInlet(&yin, specified: sp.symbols.map { $0 != "H" })
        return ContactorProblem(species: sp, model: bound.model, height: 1.5, crossSection: 0.01,
                                aqueousVelocity: 0.004, organicVelocity: 0.003, holdUp: [0.2], transferCoefficient: [0.05],
                                aqueousInlet: xin, organicInlet: yin, cells: cells)
    }

    /// emulsion-flow-unit: one contactor solve (workspace, grid sequencing 25 → 200 cells,
    /// Newton with chord steps and the condensed cell LU; `iterations` counts the finest
    /// grid's), cold, and on a reused workspace. Target ≤ 5 ms (release). Baseline, in
    /// the same process and interleaved round by round: the solve as it was before the
    /// condensed LU and the contactor's chord options (dense 2n×2n cell LU, the generic
    /// `StagedNewtonOptions`), cold; ratio = baseline / this.
    public static func unit(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        let p = try unitProblem(library: o.library)
        var iterations = 0
        var converged = true
        var cold: [Double] = [], base: [Double] = []
        var maxRel = 0.0
        let start = Stopwatch.nowMs()
        while cold.count < 7 || Stopwatch.nowMs() - start < 2000 {
            var t0 = Stopwatch.nowMs()
            let s = try ContactorSolver.solve(p)
            cold.append(Stopwatch.nowMs() - t0)
            iterations = s.report.iterations
            converged = converged && s.report.converged
            guard o.baseline else { continue }
            t0 = Stopwatch.nowMs()
            let b = ContactorSolver.solve(try ContactorWorkspace(problem: p, condensed: false), options: StagedNewtonOptions())
            base.append(Stopwatch.nowMs() - t0)
            converged = converged && b.report.converged
            for (u, v) in zip(s.aqueousOutlet + s.organicOutlet, b.aqueousOutlet + b.organicOutlet) where max(u, v) > 1e-12 {
                maxRel = max(maxRel, abs(u - v) / max(u, v))
            }
        }
        let ws = try ContactorWorkspace(problem: p)
        let reused = Stopwatch.median(minRuns: 7, budgetMs: 1000) { _ = ContactorSolver.solve(ws) }
        let s = ContactorSolver.solve(ws)
        let perf = ContactorPerformance(s, species: p.species.index(of: "Nd")!)
        var r = BenchResult(name: "emulsion-flow-unit", times: cold, baseline: "dense-cell-lu-generic-newton-options", baselineTimes: base)
        r.solve_reused_workspace_ms = reused.median
        r.reused_min_ms = reused.fastest
        if !base.isEmpty { r.max_rel_diff = maxRel }
        r.cells = p.cells
        r.species = p.species.count
        r.iterations = iterations
        let murphree = perf.reportedMurphreeEfficiency.map { String(format: "%.2f", $0) } ?? "not reported (ill-conditioned)"
        r.note = String(format: "target ≤ 5 ms; %@; balance closure %.1e; Nd: NTU %.2f, N_eq %.2f, E_M %@; %@",
                        converged ? "converged" : "NOT CONVERGED: \(s.report.worstLocation)", s.balanceClosure,
                        perf.transferUnits, perf.equivalentStages, murphree, s.report.notes.first ?? "")
        return r
    }
}

extension ContactorBenchmarks {
    /// emulsion-flow-tbdy: cases/emulsion-flow-tbdy.yaml solved in-process (four emulsion-flow
    /// contactors for extraction and scrub, a mixer-settler strip, the synchronised loop;
    /// fresh units per run, loaded outside the timer). Target ≤ 20 ms (release, issue 13).
    /// Baseline, interleaved round by round in the same process: the same plant with the
    /// contactor pairs replaced by mixer-settler cascades of 30 and 44 ideal stages
    /// (cases/bench/emulsion-flow-tbdy-mixer-settlers.yaml); ratio = baseline / this.
    public static func tbdy(_ o: CascadeBenchmarks.Options) throws -> BenchResult {
        func load(_ rel: String) throws -> FlowsheetCase {
            let path = (o.packageRoot as NSString).appendingPathComponent(rel)
            return try FlowsheetCase.load(root: try YAMLDocument.load(path: path), path: path, library: o.library)
        }
        var times: [Double] = [], base: [Double] = []
        var passes = 0, basePasses = 0
        var failure: String?
        var purities = (tb: 0.0, dy: 0.0), basePurities = (tb: 0.0, dy: 0.0)
        func purity(_ sol: FlowsheetSolution) -> (tb: Double, dy: Double) {
            let sp = sol.flowsheet.species
            guard let tb = sp.index(of: "Tb"), let dy = sp.index(of: "Dy") else { return (0, 0) }
            func p(_ name: String, _ j: Int) -> Double {
                guard let s = sol.products.first(where: { $0.name == name })?.stream else { return 0 }
                return s.concentrations[j] / (s.concentrations[tb] + s.concentrations[dy])
            }
            return (p("Tb raffinate", tb), p("Dy strip liquor", dy))
        }
        let start = Stopwatch.nowMs()
        while times.count < 5 || (Stopwatch.nowMs() - start < 6000 && times.count < 200) {
            let c = try load("cases/emulsion-flow-tbdy.yaml")
            var t0 = Stopwatch.nowMs()
            let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
            times.append(Stopwatch.nowMs() - t0)
            passes = sol.loops.reduce(0) { $0 + $1.iterations }
            failure = sol.failure?.message
            purities = purity(sol)
            guard o.baseline else { continue }
            let b = try load("cases/bench/emulsion-flow-tbdy-mixer-settlers.yaml")
            t0 = Stopwatch.nowMs()
            let bs = try FlowsheetSolver.solve(b.flowsheet, options: b.options)
            base.append(Stopwatch.nowMs() - t0)
            basePasses = bs.loops.reduce(0) { $0 + $1.iterations }
            if let f = bs.failure { failure = "baseline: \(f.message)" }
            basePurities = purity(bs)
        }
        var r = BenchResult(name: "emulsion-flow-tbdy", times: times, baseline: "same plant, mixer-settler extraction (30 stages) and scrub (44 stages)", baselineTimes: base)
        if !base.isEmpty {
            r.max_rel_diff = abs(purities.dy - basePurities.dy) / basePurities.dy
        }
        r.iterations = passes
        r.note = String(format: "target ≤ 20 ms; %d passes (baseline %d); purity Tb raffinate %.4f, Dy strip liquor %.5f (baseline %.4f, %.5f)",
                        passes, basePasses, purities.tb, purities.dy, basePurities.tb, basePurities.dy)
            + (failure.map { "; FAILED: \($0)" } ?? "")
        return r
    }
}
