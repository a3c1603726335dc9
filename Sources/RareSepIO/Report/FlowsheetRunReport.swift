import Foundation
import RareSepCascade
import RareSepFlowsheet

/// `report.html` of a flowsheet run: loops, units, the stream table, plant inputs and
/// removals, oxide products, the plant balance, the block diagram and each unit's plots.
enum FlowsheetRunReport {
    static func html(_ sol: FlowsheetSolution, case c: FlowsheetCase, diagram: String, unitPlots: [(unit: String, file: String, svg: String)],
                     text: String, warnings: [String], files: [String]) -> String {
        let s = FlowsheetReport.summary(sol, case: c)
        var page = HTMLReport(title: c.name, kind: "flowsheet", status: s.converged ? "converged" : (s.failure ?? "failed"), ok: s.converged)
        page.section("Summary")
        page.facts([("units / streams", "\(c.flowsheet.units.count) / \(c.flowsheet.streams.count)"), ("unit calls", "\(s.unit_calls)"),
                    ("operating hours per year", HTMLReport.num(s.operating_hours_per_yr, "%.0f")),
                    ("worst plant balance closure (relative)", HTMLReport.num(s.worst_balance_closure, "%.2e"))])
        if !s.loops.isEmpty {
            page.table(["recycle loop (units)", "tear streams", "passes", "tear residual", "converged"],
                       s.loops.map { [$0.units.joined(separator: " → "), $0.tears.joined(separator: ", "), "\($0.iterations)",
                                      HTMLReport.num($0.residual, "%.1e"), $0.converged ? "yes" : "NO" + ($0.message.map { ": \($0)" } ?? "")] },
                       caption: "Recycle loops")
        }
        page.table(["unit", "kind", "calls", "solver status", "Newton iterations"],
                   s.units.map { [$0.name, $0.kind, "\($0.calls)", $0.solver_status ?? "—", $0.newton_iterations.map { "\($0)" } ?? "—"] },
                   caption: "Units")
        let metals = Array(c.flowsheet.species.symbols.prefix(c.flowsheet.metalCount))
        func rows(_ list: [FlowsheetSummary.StreamRow]) -> [[String]] {
            list.map { r in
                [r.name, r.from, r.to, r.phase, HTMLReport.num(r.flow_L_per_h)]
                    + metals.map { HTMLReport.num((r.concentration_mol_per_L[$0] ?? 0) * (c.elements[$0]?.molarMass ?? 0)) }
            }
        }
        let header = ["stream", "from", "to", "phase", "flow L/h"] + metals.map { "\($0) g/L" }
        page.table(header, rows(s.streams), caption: "Stream table (converged state; element concentrations)")
        page.table(["stream"] + metals.map { "\($0) kg/h" } + metals.map { "\($0) t/yr" }, s.streams.map { r in
            [r.name] + metals.map { HTMLReport.num(r.element_kg_per_h[$0]) } + metals.map { HTMLReport.num(r.element_t_per_yr[$0]) }
        }, caption: "Element flows by stream")
        page.table(header, rows(s.inputs + s.removals), caption: "Plant inputs and removals")
        if !s.oxide_products.isEmpty {
            page.table(["product", "oxide", "kg/h", "t/yr", "share of the product's oxide %"],
                       s.oxide_products.map { [$0.product, $0.oxide, HTMLReport.num($0.kg_per_h), HTMLReport.num($0.t_per_yr),
                                               HTMLReport.num(100 * $0.purity_mass_fraction, "%.4f")] },
                       caption: "Oxide products")
        }
        page.table(["species", "in mol/s", "out mol/s", "relative closure"],
                   s.balance.map { [$0.species, HTMLReport.num($0.inflow), HTMLReport.num($0.outflow), HTMLReport.num($0.closure, "%.2e")] },
                   caption: "Plant balance")
        page.section("Plots")
        page.plot(diagram, file: "flowsheet.svg", caption: "Block diagram: streams labelled with their converged flow; torn recycles dashed")
        for u in unitPlots {
            page.subheading("Unit \(u.unit)")
            page.plot(u.svg, file: u.file, caption: "Unit \(u.unit)")
        }
        page.warnings(warnings)
        page.section("Solver report")
        page.pre(text)
        let unitFiles = c.cascadeCases.values.map(\.path).sorted()
        page.inputs(casePath: c.path, others: unitFiles + files)
        return page.html()
    }
}
