import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics

/// The output set of a dynamic run (docs/dynamics.md): outlets.csv and stages.csv (time
/// series), stage_profiles.csv (mixer contents at the end: a start for a later run),
/// outlets.svg, summary.json, report.html.
enum DynamicReport {
    /// Write every file into `dir` (committed by the caller); returns the plot.
    @discardableResult
    static func write(_ dc: DynamicCase, run: DynamicCascadeRun, analysis a: DynamicAnalysis, summary: DynamicSummary,
                      text: String, files: [String], into dir: OutputDirectory) throws -> String {
        let p = dc.cascade.problem, sp = p.species.symbols, metals = Array(sp.prefix(p.metalCount))
        func num(_ v: Double) -> String { CSVTable.number(v) }
        var csv = "time_s,outlet,phase,flow_m3_per_s," + sp.map { "\($0)_mol_per_m3" }.joined(separator: ",") + ","
            + metals.map { "\($0)_purity" }.joined(separator: ",") + "," + metals.map { "\($0)_recovery" }.joined(separator: ",") + "\n"
        for (k, snap) in run.snapshots.enumerated() {
            for (o, s) in snap.outlets.enumerated() {
                for (phase, q, c) in [("aqueous", s.aqueousFlow, s.aqueous), ("organic", s.organicFlow, s.organic)] where q > 0 {
                    csv += "\(num(snap.time)),\(CascadeReport.csvField(s.name)),\(phase),\(num(q)),"
                        + c.map(num).joined(separator: ",") + ","
                        + a.purity[k][o].map(num).joined(separator: ",") + "," + a.recovery[k][o].map(num).joined(separator: ",") + "\n"
                }
            }
        }
        try dir.write(csv, "outlets.csv")
        if !dc.recordStages.isEmpty {
            let sectionOf = p.sectionOfStage
            var st = "time_s,stage,section,phase," + sp.map { "\($0)_mol_per_m3" }.joined(separator: ",") + "\n"
            for snap in run.snapshots {
                for s in snap.stages {
                    let sec = CascadeReport.csvField(p.sections[sectionOf[s.stage]].name)
                    st += "\(num(snap.time)),\(s.stage + 1),\(sec),aqueous," + s.aqueous.map(num).joined(separator: ",") + "\n"
                    st += "\(num(snap.time)),\(s.stage + 1),\(sec),organic," + s.organic.map(num).joined(separator: ",") + "\n"
                }
            }
            try dir.write(st, "stages.csv")
        }
        let profiles = CascadeReport.profiles(a.finalProblem, aqueous: run.finalMixerAqueous, organic: run.finalMixerOrganic)
        try dir.write(profiles.profiles, "stage_profiles.csv")
        let plot = DynamicPlot.svg(dc, run: run, analysis: a)
        try dir.write(plot, "outlets.svg")
        try dir.write(try OutputDirectory.json(summary), "summary.json")
        try dir.write(DynamicRunReport.html(dc, summary: summary, plot: plot, text: text, files: files), "report.html")
        return plot
    }

    /// A time in s, min or h, whichever reads best.
    static func time(_ t: Double?) -> String {
        guard let t, t.isFinite else { return "—" }
        if t < 120 { return String(format: "%.3g s", t) }
        if t < 7200 { return String(format: "%.3g min", t / 60) }
        return String(format: "%.3g h", t / 3600)
    }

    /// The readable table `raresep run` prints.
    static func table(_ dc: DynamicCase, summary s: DynamicSummary, wallMs: Double) -> String {
        var lines: [String] = []
        let p = dc.cascade.problem
        lines.append("Dynamic case: \(dc.name) — \(p.stageCount) stages (" + p.sections.map { "\($0.name) \($0.stageCount)" }.joined(separator: ", ")
                     + "), \(s.settler_cells) settler cells per layer, start: \(s.initial), horizon \(time(s.horizon_s))")
        for e in s.events { lines.append("Event at \(time(e.time_s)): \(e.description)") }
        let i = s.integrator
        lines.append("Integrator: \(i.status), \(i.steps) steps (\(i.rejected_steps) rejected), \(i.factorizations) factorisations, \(i.jacobian_evaluations) Jacobians, \(i.unknowns) unknowns"
                     + (wallMs.isFinite ? String(format: ", %.0f ms", wallMs) : "") + (i.failure.map { " — FAILED at \($0)" } ?? ""))
        lines.append("product     outlet                purity end   t99 purity  t99.9 purity  recovery end  t99 recovery  t99.9 recovery")
        func pc(_ v: Double?) -> String { v.map { String(format: "%.4f%%", 100 * $0) } ?? "—" }
        func pad(_ x: String, _ n: Int) -> String { x.padding(toLength: max(n, x.count + 1), withPad: " ", startingAt: 0) }
        for pr in s.products {
            lines.append(pad(pr.metal, 12) + pad(String(pr.outlet.prefix(21)), 22) + pad(pc(pr.purity_end), 13) + pad(time(pr.purity_99_s), 12)
                         + pad(time(pr.purity_99_9_s), 14) + pad(pc(pr.recovery_end), 14) + pad(time(pr.recovery_99_s), 14) + time(pr.recovery_99_9_s))
        }
        if let first = s.products.first { lines.append("Targets: \(first.target)" + (s.end_vs_steady.map { String(format: "; end of run vs steady: %.1e (relative, metal outlet flows)", $0) } ?? "")) }
        lines.append(String(format: "Ledger (in − out − Δhold-up, relative): worst %.1e", s.worst_ledger_closure))
        return lines.joined(separator: "\n")
    }
}
