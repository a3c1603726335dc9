import Foundation
import GSLBridge

/// `report.html` of a sweep (beside sweep.csv): the plan, statistics per recorded
/// output, the first rows of the table, the failed points with their errors, and one
/// scatter figure per output against each varied input (also written as SVG files).
enum SweepRunReport {
    /// Rows shown in the page's table (all rows are in sweep.csv).
    static let shownRows = 50
    /// Points drawn per scatter panel (the first ones by index; statistics use all).
    static let plottedPoints = 5000

    /// Statistics of one output over the points that solved (status ok).
    struct OutputStatistics: Equatable {
        var count: Int
        var min: Double
        var mean: Double
        var max: Double
        /// 2.5 %, 50 % and 97.5 % quantiles (type 7), for Monte Carlo sweeps.
        var quantiles: (Double, Double, Double)?

        static func == (a: Self, b: Self) -> Bool {
            a.count == b.count && a.min == b.min && a.mean == b.mean && a.max == b.max
                && a.quantiles?.0 == b.quantiles?.0 && a.quantiles?.1 == b.quantiles?.1 && a.quantiles?.2 == b.quantiles?.2
        }

        /// Statistics of `values` (NaN and missing values left out); nil when none is left.
        init?(_ values: [Double?], quantiles withQuantiles: Bool) {
            let v = values.compactMap { $0 }.filter(\.isFinite).sorted()
            guard let lo = v.first, let hi = v.last else { return nil }
            count = v.count
            min = lo
            max = hi
            mean = v.reduce(0, +) / Double(v.count)
            quantiles = withQuantiles ? (SampleStatistics.quantile(sorted: v, probability: 0.025),
                                         SampleStatistics.quantile(sorted: v, probability: 0.5),
                                         SampleStatistics.quantile(sorted: v, probability: 0.975)) : nil
        }
    }

    /// The figures (file name, SVG, caption) and the page.
    static func render(plan: SweepPlan, manifest: SweepTable.Manifest, rows: [SweepRunner.Row], facts: [(String, String)],
                       warnings: [String]) -> (figures: [(file: String, svg: String, caption: String)], html: String) {
        let header = SweepTable.header(plan)
        let nv = plan.variables.count
        let ok = rows.filter { $0.status == "ok" }
        func column(_ c: Int, of rs: [SweepRunner.Row]) -> [Double?] { rs.map { Double($0.cells[c]) } }
        let failed = rows.filter { $0.status != "ok" }
        let title = ((plan.path as NSString).lastPathComponent as NSString).deletingPathExtension
        var page = HTMLReport(title: "Sweep " + title, kind: "sweep", status: failed.isEmpty ? "all \(rows.count) points ok" : "\(failed.count) of \(rows.count) points failed",
                              ok: failed.isEmpty)
        page.section("Summary")
        page.facts([("plan", (plan.path as NSString).lastPathComponent), ("base case", "\((plan.casePath as NSString).lastPathComponent) (\(plan.kind.id))"),
                    ("method", plan.method.rawValue + (plan.samples.map { ", \($0) samples" } ?? "") + (plan.method == .grid ? "" : ", seed \(plan.seed)")),
                    ("warm start", plan.warmStart == .base ? "from the base case's solution (cold when Newton fails from it)" : "none (every point cold)"),
                    ("points", "\(rows.count) in this file of \(manifest.points)" + (manifest.shard.map { " (shard \($0.index)/\($0.count))" } ?? "")),
                    ("plan fingerprint", manifest.fingerprint)] + facts)
        page.table(["varied key", "unit", "values"], plan.variables.enumerated().map { k, v in
            [v.keyPath, v.unit.isEmpty ? "-" : v.unit, describe(v.values, plan: plan, index: k)]
        }, caption: "Varied inputs (case key paths)")
        let mc = plan.method == .monte_carlo
        let stats = plan.outputs.indices.map { OutputStatistics(column(nv + $0, of: ok), quantiles: mc) }
        page.table(["output", "unit", "summary key", "points", "min", "mean", "max"] + (mc ? ["2.5 %", "50 %", "97.5 %"] : []),
                   plan.outputs.enumerated().map { j, o in
                       let s = stats[j]
                       var r = [o.name, o.unit.isEmpty ? "-" : o.unit, o.keyPath, "\(s?.count ?? 0)",
                                HTMLReport.num(s?.min, "%.6g"), HTMLReport.num(s?.mean, "%.6g"), HTMLReport.num(s?.max, "%.6g")]
                       if mc { r += [HTMLReport.num(s?.quantiles?.0, "%.6g"), HTMLReport.num(s?.quantiles?.1, "%.6g"), HTMLReport.num(s?.quantiles?.2, "%.6g")] }
                       return r
                   }, caption: "Recorded outputs over the points that solved (status ok)"
                       + (mc ? "; quantiles by linear interpolation between order statistics (type 7)" : ""))

        page.section("Points")
        let shown = rows.prefix(shownRows)
        page.table(header, shown.map { r in [String(r.index)] + r.cells.map { Double($0).map { HTMLReport.num($0, "%.6g") } ?? $0 } + [r.status, r.message] },
                   caption: "Points (inputs, then outputs, in the units of their headers)")
        if rows.count > shown.count {
            page.paragraph("The first \(shown.count) of \(rows.count) points; every point is in sweep.csv (numbers there in full precision).")
        }
        page.section("Failed points")
        if failed.isEmpty {
            page.paragraph("Every point solved.")
        } else {
            page.table(["point"] + header[1...nv] + ["status", "error"], failed.prefix(shownRows * 4).map { r in
                [String(r.index)] + Array(r.cells.prefix(nv)) + [r.status, r.message]
            }, caption: "Points that did not solve (not_converged rows still hold the outputs of the unconverged solution)")
            if failed.count > shownRows * 4 { page.paragraph("The first \(shownRows * 4) of \(failed.count) failed points; all are in sweep.csv.") }
        }

        page.section("Plots")
        var figures: [(file: String, svg: String, caption: String)] = []
        let xs = (0..<nv).filter { c in rows.contains { Double($0.cells[c]) != nil } && rows.allSatisfy { Double($0.cells[c]) != nil } }
        let skipped = (0..<nv).filter { !xs.contains($0) }.map { plan.variables[$0].keyPath }
        let plotted = Array(rows.prefix(plottedPoints))
        let groups: [(name: String, rows: [SweepRunner.Row])] = [("ok", plotted.filter { $0.status == "ok" }),
                                                                  ("not converged", plotted.filter { $0.status == "not_converged" })]
        for (j, o) in plan.outputs.enumerated() where !xs.isEmpty {
            let c = nv + j
            let ys = plotted.compactMap { Double($0.cells[c]) }.filter(\.isFinite)
            guard let ylo = ys.min(), let yhi = ys.max() else { continue }
            let yLabel = header[1 + c]
            let panels = xs.map { v -> PlotPanel in
                let xv = plotted.compactMap { Double($0.cells[v]) }
                let series = groups.enumerated().compactMap { g, group -> PlotSeries? in
                    let pts = group.rows.compactMap { r -> (Double, Double)? in
                        guard let x = Double(r.cells[v]), let y = Double(r.cells[c]), y.isFinite else { return nil }
                        return (x, y)
                    }
                    if pts.isEmpty { return nil }
                    return PlotSeries(name: group.name, color: Palette.color(index: g), x: pts.map(\.0), y: pts.map(\.1),
                                      line: false, markers: true)
                }
                // a little room at the ends so that the points on the extreme values stay visible
                let lo = xv.min() ?? 0, hi = xv.max() ?? 1, pad = 0.04 * (hi - lo)
                return PlotPanel(x: Axis.linear(lo - pad, hi + pad, label: header[1 + v]), y: Axis.linear(ylo, yhi, label: yLabel),
                                 series: series, height: 220)
            }
            let file = "sweep-\(j + 1)-\(slug(o.name)).svg"
            let svg = PlotFigure(title: "\(yLabel) against the varied inputs", panels: panels).svg()
            let cut = rows.count > plotted.count ? " (the first \(plotted.count) of \(rows.count) points)" : ""
            figures.append((file, svg, "\(o.name): one marker per sweep point\(cut) (points that did not converge in their own colour), one panel per varied input"))
            page.plot(svg, file: file, caption: figures.last!.caption)
        }
        if !skipped.isEmpty { page.paragraph("Not plotted against (values are not numbers): " + skipped.joined(separator: ", ")) }
        if figures.isEmpty { page.paragraph("No numeric output to plot.") }
        page.warnings(warnings)
        page.section("Solver report")
        let counts = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        page.facts(["ok", "not_converged", "input_error", "failed"].map { ("points \($0)", "\(counts[$0] ?? 0)") })
        page.inputs(casePath: plan.path, others: [plan.casePath])
        return (figures, page.html())
    }

    /// The values of a varied key as the plan gives them.
    static func describe(_ values: SweepPlan.Variable.Values, plan: SweepPlan, index: Int) -> String {
        switch values {
        case .list(let t): return t.joined(separator: ", ")
        case .range(let from, let to, let count, let log):
            return "\(SweepTable.number(from)) to \(SweepTable.number(to))" + (count.map { ", \($0) values" } ?? "") + (log ? ", log spaced" : "")
        case .fitted(let i):
            guard let f = plan.fitted, i < f.mean.count else { return "fitted parameter" }
            return "fitted: mean \(HTMLReport.num(f.mean[i], "%.6g")), standard error \(HTMLReport.num(f.covariance[i][i].squareRoot(), "%.3g"))"
        }
    }

    /// A file-name fragment: lowercase letters and digits, other runs as "-".
    static func slug(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
        }
        let t = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return t.isEmpty ? "output" : String(t.prefix(40))
    }
}
