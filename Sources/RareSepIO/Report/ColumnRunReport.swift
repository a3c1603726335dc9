import Foundation
import RareSepColumn

/// `report.html` of a column run.
enum ColumnRunReport {
    static func html(_ cc: ColumnCase, run: ColumnRun, summary: ColumnSummary, plot: String, text: String, files: [String]) -> String {
        let r = run.report, p = cc.problem, col = p.column
        var page = HTMLReport(title: cc.name, kind: "column", status: r.code.rawValue, ok: r.converged)
        page.section("Summary")
        page.facts([("model", col.kind.rawValue.uppercased()), ("length", "\(HTMLReport.num(col.length)) m"),
                    ("bed porosity ε", HTMLReport.num(col.bedPorosity)), ("total porosity ε_t", HTMLReport.num(col.totalPorosity)),
                    ("superficial velocity", "\(HTMLReport.num(col.superficialVelocity * 1e3)) mm/s"),
                    ("axial dispersion", "\(HTMLReport.num(col.axialDispersion)) m²/s"),
                    ("one bed volume", "\(HTMLReport.num(col.bedVolumeTime)) s"),
                    ("isotherm", "\(p.isotherm.id) (\(cc.isothermSource))"), ("cells", "\(cc.numerics.cells)")])
        page.table(["section", "start s", "end s", "duration min", "inlet at start mol/m³", "inlet at end mol/m³"],
                   p.sections.map { s in
                       [s.name, HTMLReport.num(s.start), HTMLReport.num(s.end), HTMLReport.num((s.end - s.start) / 60),
                        zip(p.components.symbols, s.inletStart).map { "\($0) \(HTMLReport.num($1))" }.joined(separator: ", "),
                        zip(p.components.symbols, s.inletEnd).map { "\($0) \(HTMLReport.num($1))" }.joined(separator: ", ")]
                   }, caption: "Programme")
        page.table(["component", "peak mol/m³", "at s", "BV at 10 %", "BV at 50 %", "DBC10 mol/m³ bed", "mass balance (relative)"],
                   p.components.symbols.enumerated().map { j, s in
                       let b = summary.breakthrough.first { $0.component == s }
                       return [s, HTMLReport.num(summary.peaks[j].max), HTMLReport.num(summary.peaks[j].time_s, "%.0f"),
                               HTMLReport.num(b?.bedVolumes10), HTMLReport.num(b?.bedVolumes50), HTMLReport.num(b?.dynamicBindingCapacity10),
                               HTMLReport.num(summary.massBalance[j].relativeError, "%.1e")]
                   }, caption: "Outlet by component")
        if !summary.fractions.isEmpty {
            let syms = p.components.symbols
            page.table(["fraction", "from s", "to s"] + syms.map { "\($0) purity %" } + syms.map { "\($0) yield %" } + ["productivity mol/(m³ bed·h)"],
                       summary.fractions.map { f in
                           [f.name, HTMLReport.num(f.from_s, "%.0f"), HTMLReport.num(f.to_s, "%.0f")]
                               + syms.map { HTMLReport.num(f.purity[$0].map { 100 * $0 }, "%.2f") }
                               + syms.map { HTMLReport.num(f.yield[$0].map { 100 * max(0, $0) }, "%.2f") }
                               + [HTMLReport.num(f.productivity_mol_per_m3_h)]
                       }, caption: "Fractions")
        }
        page.section("Plots")
        page.plot(plot, file: "outlet.svg", caption: "Outlet concentrations; programme sections shaded")
        page.warnings([])
        page.section("Solver report")
        CascadeRunReport.solverFacts(r, into: &page)
        page.pre(text)
        page.inputs(casePath: cc.path, others: files)
        return page.html()
    }
}
