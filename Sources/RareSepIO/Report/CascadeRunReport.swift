import Foundation
import RareSepCore
import RareSepCascade

/// `report.html` of a cascade run, and the cascade tables a flowsheet report reuses.
enum CascadeRunReport {
    /// The whole page: summary tables, the stage-profile plot, inputs, warnings, solver report.
    static func html(_ sol: CascadeSolution, case c: CascadeCase, summary: CascadeSummary, plot: String, mcCabeThiele: String? = nil, text: String,
                     warnings: [String], files: [String]) -> String {
        let r = sol.report
        var page = HTMLReport(title: sol.problem.name, kind: "cascade", status: r.code.rawValue, ok: r.converged)
        page.section("Summary")
        tables(summary, case: c, into: &page)
        page.section("Plots")
        plots(plot: plot, mcCabeThiele: mcCabeThiele, into: &page)
        page.warnings(warnings)
        page.section("Solver report")
        solverFacts(r, into: &page)
        page.pre(text)
        page.inputs(casePath: c.path, others: files)
        return page.html()
    }

    /// The stage-profile plot and the key pair's McCabe–Thiele diagram (when there is one);
    /// `prefix` is the folder the SVG files were written in.
    static func plots(plot: String, mcCabeThiele: String?, prefix: String = "", into page: inout HTMLReport) {
        page.plot(plot, file: prefix + "stage_profiles.svg", caption: "Stage profiles: aqueous (solid) and organic (dashed) concentration of each metal; sections shaded, feed stages marked")
        if let mcCabeThiele {
            page.plot(mcCabeThiele, file: prefix + "mccabe_thiele.svg", caption: "McCabe–Thiele diagram of the key pair: each stage's aqueous and organic composition of the pair, and the staircase through the passing streams")
        }
    }

    /// The solver's status, method, iterations, residual and notes.
    static func solverFacts(_ r: SolverReport, into page: inout HTMLReport) {
        page.facts([("status", r.code.rawValue), ("method", r.method), ("iterations", "\(r.iterations)"),
                    ("scaled residual", HTMLReport.num(r.residual, "%.3e")), ("worst location", r.worstLocation)]
                   + r.notes.enumerated().map { ("note \($0.offset + 1)", $0.element) })
    }

    /// Sections, inlets, outlets (g/L of element, purity and recovery) and the mass balance.
    static func tables(_ s: CascadeSummary, case c: CascadeCase, into page: inout HTMLReport) {
        page.table(["section", "first stage", "stages", "model", "Murphree efficiency"],
                   s.sections.map { sec in
                       let e = Set(sec.murphree).count == 1 ? HTMLReport.num(sec.murphree.first, "%.3g")
                           : sec.murphree.map { HTMLReport.num($0, "%.3g") }.joined(separator: " ")
                       return [sec.name, "\(sec.first_stage)", "\(sec.stages)", sec.model, e]
                   }, caption: "Sections")
        func gpl(_ m: [String: Double], _ sym: String) -> String {
            HTMLReport.num((m[sym] ?? 0) * (c.elements[sym]?.molarMass ?? 0) / 1000)
        }
        let metals = s.metals
        page.table(["inlet", "stage", "aqueous L/h", "organic L/h"] + metals.map { "\($0) aq. g/L" } + metals.map { "\($0) org. g/L" },
                   s.inlets.map { i in
                       [i.name, "\(i.stage)", HTMLReport.num(i.aqueous_flow_m3_per_s * 3.6e6), HTMLReport.num(i.organic_flow_m3_per_s * 3.6e6)]
                           + metals.map { gpl(i.aqueous_mol_per_m3, $0) } + metals.map { gpl(i.organic_mol_per_m3, $0) }
                   }, caption: "Inlets (element concentrations)")
        // One row per outlet and metal: a table as long as needed, never wider than the page.
        var outRows: [[String]] = []
        for o in s.outlets {
            for (k, m) in metals.enumerated() {
                outRows.append([k == 0 ? o.name : "", k == 0 ? "\(o.stage)" : "", k == 0 ? HTMLReport.num(o.aqueous_flow_m3_per_s * 3.6e6) : "",
                                k == 0 ? HTMLReport.num(o.organic_flow_m3_per_s * 3.6e6) : "", m,
                                gpl(o.aqueous_mol_per_m3, m), gpl(o.organic_mol_per_m3, m),
                                HTMLReport.num((o.purity?[m] ?? nil).map { 100 * $0 }, "%.4f"),
                                HTMLReport.num((o.recovery?[m] ?? nil).map { 100 * $0 }, "%.3f")])
            }
        }
        page.table(["outlet", "stage", "aqueous L/h", "organic L/h", "metal", "aqueous g/L", "organic g/L", "purity %", "recovery %"],
                   outRows, caption: "Outlets (element concentrations; purity and recovery of each metal)")
        page.table(["species", "relative closure (out − in)/in"],
                   s.species.map { [$0, HTMLReport.num(s.mass_balance.closure_by_species[$0], "%.2e")] }
                   + [["worst stage", HTMLReport.num(s.mass_balance.worst_stage_closure, "%.2e")]],
                   caption: "Mass balance")
        if !s.model_sources.isEmpty {
            page.table(["model", "source"], s.model_sources.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }, caption: "Models")
        }
    }
}
