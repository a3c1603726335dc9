import Foundation

/// `report.html` of a dynamic flowsheet run (a flowsheet case with a `dynamics:` block).
enum DynamicPlantRunReport {
    static func html(_ dc: DynamicFlowsheetCase, summary s: DynamicPlantSummary, plot: String, text: String, warnings: [String], files: [String]) -> String {
        let ok = s.status == "success"
        var page = HTMLReport(title: s.name, kind: "dynamic plant", status: s.status, ok: ok)
        page.section("Summary")
        page.facts([("method", s.method), ("horizon", DynamicReport.time(s.horizon_s)), ("communication window", DynamicReport.time(s.window_s)),
                    ("windows", "\(s.windows)"), ("sweeps (summed over windows)", "\(s.sweeps)"),
                    ("largest final stream change in a window (relative)", HTMLReport.num(s.worst_window_change, "%.1e")),
                    ("plant ledger, worst species (in − out − Δhold-up, relative)", HTMLReport.num(s.worst_ledger_closure, "%.1e")),
                    ("end of run vs steady flowsheet (product molar flows, relative)", HTMLReport.num(s.end_vs_steady, "%.1e"))])
        if !s.events.isEmpty { page.table(["event"], s.events.map { [$0] }, caption: "Events") }
        func pc(_ v: Double) -> String { HTMLReport.num(100 * v, "%.4f") }
        page.table(["metal", "product stream", "purity target %", "purity at end %", "purity within 1 %", "within 0.1 %",
                    "flow target mol/h", "flow at end mol/h", "flow within 1 %", "within 0.1 %"],
                   s.products.map { p in
                       [p.metal, p.stream, pc(p.purity_target), pc(p.purity_end), DynamicReport.time(p.purity_99_s), DynamicReport.time(p.purity_99_9_s),
                        HTMLReport.num(p.amount_target_mol_per_s * 3600), HTMLReport.num(p.amount_end_mol_per_s * 3600),
                        DynamicReport.time(p.amount_99_s), DynamicReport.time(p.amount_99_9_s)]
                   }, caption: "Products: times (from t = 0) after which purity and molar flow stay within 1 % and 0.1 % of the target (the steady flowsheet as the plant runs at the end)")
        DynamicRunReport.ledgerTable(&page, s.ledger, caption: "Plant ledger over the run")
        page.section("Plots")
        page.plot(plot, file: "streams.svg", caption: "Product streams over time (window averages); events marked")
        page.warnings(warnings)
        page.section("Solver report")
        page.facts([("status", s.status), ("method", s.method), ("BDF steps (all cascade units)", "\(s.steps)"),
                    ("factorisations", "\(s.factorizations)")] + s.notes.map { ("note", $0) })
        page.pre(text)
        page.inputs(casePath: dc.flowsheetCase.path, others: files)
        return page.html()
    }
}
