import Foundation

/// `report.html` of a dynamic cascade run.
enum DynamicRunReport {
    static func html(_ dc: DynamicCase, summary s: DynamicSummary, plot: String, text: String, files: [String]) -> String {
        let i = s.integrator
        let ok = i.status == "success"
        var page = HTMLReport(title: dc.name, kind: "dynamic cascade", status: i.status, ok: ok)
        page.section("Summary")
        page.facts([("stages", "\(s.stages)"), ("settler cells per layer", "\(s.settler_cells)"), ("initial state", s.initial),
                    ("horizon", DynamicReport.time(s.horizon_s)), ("output points", "\(s.output_points)"),
                    ("cascade", s.cascade_file),
                    ("ledger, worst species (in − out − Δhold-up, relative)", HTMLReport.num(s.worst_ledger_closure, "%.1e")),
                    ("end of run vs steady state (metal outlet flows, relative)", HTMLReport.num(s.end_vs_steady, "%.1e"))])
        page.table(["section", "mixer m³", "mixer organic fraction", "settler aqueous m³", "settler organic m³", "K·a 1/s"],
                   s.hold_ups.map { h in
                       [h.section, HTMLReport.num(h.mixer_volume_m3), h.mixer_organic_fraction.map { HTMLReport.num($0) } ?? "flow ratio",
                        HTMLReport.num(h.settler_aqueous_volume_m3), HTMLReport.num(h.settler_organic_volume_m3),
                        h.transfer_coefficient_per_s.map { HTMLReport.num($0) } ?? "equilibrium"]
                   }, caption: "Hold-ups")
        if !s.events.isEmpty {
            page.table(["time", "change"], s.events.map { [DynamicReport.time($0.time_s), $0.description] }, caption: "Events")
        }
        func pc(_ v: Double?) -> String { HTMLReport.num(v.map { 100 * $0 }, "%.4f") }
        page.table(["metal", "outlet", "purity target %", "purity at end %", "within 1 %", "within 0.1 %",
                    "recovery target %", "recovery at end %", "within 1 %", "within 0.1 %"],
                   s.products.map { p in
                       [p.metal, p.outlet, pc(p.purity_target), pc(p.purity_end), DynamicReport.time(p.purity_99_s), DynamicReport.time(p.purity_99_9_s),
                        pc(p.recovery_target), pc(p.recovery_end), DynamicReport.time(p.recovery_99_s), DynamicReport.time(p.recovery_99_9_s)]
                   }, caption: "Products: times (from t = 0) after which purity and recovery stay within 1 % and 0.1 % of the target (" + (s.products.first?.target ?? "") + ")")
        ledgerTable(&page, s.ledger, caption: "Ledger over the run")
        page.section("Plots")
        page.plot(plot, file: "outlets.svg", caption: "Outlet compositions, product purity and recovery over time; events marked")
        page.warnings(s.warnings)
        page.section("Solver report")   // the integrator's statistics, as every run report names it
        page.facts([("status", i.status), ("method", i.method), ("relative tolerance", HTMLReport.num(i.relative_tolerance)),
                    ("steps", "\(i.steps) (\(i.rejected_steps) rejected)"), ("f evaluations", "\(i.rhs_evaluations)"),
                    ("Jacobians", "\(i.jacobian_evaluations)"), ("factorisations", "\(i.factorizations)"),
                    ("Newton iterations", "\(i.newton_iterations)"), ("unknowns", "\(i.unknowns)"), ("failure", i.failure ?? "none")])
        page.pre(text)
        page.inputs(casePath: dc.path, others: files)
        return page.html()
    }

    /// The ledger table (per species: fed, out, hold-up at start and end, closure), as
    /// dynamic cascades and dynamic plants report it.
    static func ledgerTable(_ page: inout HTMLReport, _ ledger: [DynamicSummary.Ledger], caption: String) {
        page.table(["species", "fed mol", "out mol", "hold-up at start mol", "hold-up at end mol", "closure (relative)"],
                   ledger.map { l in
                       [l.species, HTMLReport.num(l.fed_mol), HTMLReport.num(l.out_mol), HTMLReport.num(l.initial_hold_up_mol),
                        HTMLReport.num(l.final_hold_up_mol), HTMLReport.num(l.relative_closure, "%.1e")]
                   }, caption: caption)
    }
}
