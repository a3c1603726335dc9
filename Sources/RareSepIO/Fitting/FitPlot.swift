import Foundation
import RareSepFitting

/// How a fit's data are drawn against one input: x per point, the series each point
/// belongs to (one per value of the other inputs and per target), and the fitted
/// curve of each series.
struct FitPlotView {
    var xLabel: String
    var x: [Double]
    /// Per point, its series (index into `seriesNames`).
    var series: [Int]
    var seriesNames: [String]
    /// ŷ of series `k` at input x, for the fitted estimates.
    var curve: (_ estimates: [ParameterEstimate], _ series: Int, _ x: Double) -> Double

    /// For a closed-form function: x is its first input; the other inputs' values (and
    /// the target, when several) name the series, e.g. "dose 5 vol%".
    static func function(model: FunctionModel, table: DataTable, inputColumns: [String], targets: [String],
                         fixed: [String: Double]) throws -> FitPlotView? {
        guard let first = inputColumns.first, let xc = table.column(first) else { return nil }
        let inputs = try inputColumns.map { try table.numbers(try table.require($0, purpose: "plot")) }
        let rows = table.rowCount
        var names: [String] = [], keyIndex: [String: Int] = [:], reps: [Int] = [], series: [Int] = [], x: [Double] = []
        for (t, target) in targets.enumerated() {
            for row in 0..<rows {
                var parts: [String] = inputColumns.indices.dropFirst().map { k in
                    let col = table.column(inputColumns[k])
                    return "\(inputColumns[k]) \(col?.cells[row] ?? "\(inputs[k][row])")" + (col?.unit.map { " \($0)" } ?? "")
                }
                if targets.count > 1 { parts.insert(target, at: 0) }
                let key = parts.isEmpty ? target : parts.joined(separator: ", ")
                if keyIndex[key] == nil { keyIndex[key] = names.count; names.append(key); reps.append(row) }
                series.append(keyIndex[key]!)
                x.append(inputs[0][row])
                _ = t
            }
        }
        let xLabel = first + (xc.unit.map { $0 == "-" || $0.isEmpty ? "" : " (\($0))" } ?? "")
        return FitPlotView(xLabel: xLabel, x: x, series: series, seriesNames: names) { est, k, xv in
            let theta = model.parameters.map { name in est.first { $0.name == name }?.estimate ?? fixed[name] ?? 0 }
            var point = inputs.map { $0[reps[k]] }
            point[0] = xv
            return model.value(point, theta)
        }
    }
}

/// A self-contained SVG of a fit. With a plot view: the data (±σ error bars where the
/// dataset has uncertainties) and the fitted curve per series against the input, and
/// the standardised residuals against the same input. Otherwise observed against
/// predicted (with the 1:1 line) and the standardised residuals point by point.
/// Both with the ±2 band shaded.
enum FitPlot {
    /// Most points drawn; larger datasets are thinned evenly (the CSV and JSON keep every point).
    static let maxPlotted = 2000

    static func svg(_ r: FitReport, view: FitPlotView? = nil) -> String {
        let all = Array(r.points.indices)
        let finite = all.filter { r.points[$0].observed.isFinite && r.points[$0].predicted.isFinite }
        // A plot of more than `maxPlotted` markers is unreadable and huge: every k-th point is drawn.
        let stride = max(1, (finite.count + maxPlotted - 1) / maxPlotted)
        let idx = stride == 1 ? finite : Swift.stride(from: 0, to: finite.count, by: stride).map { finite[$0] }
        let thinned = stride == 1 ? "" : " (every \(stride)th of \(finite.count) points shown)"
        let title = r.title + thinned
        guard !idx.isEmpty else {
            return PlotFigure(title: title + ": no finite points", panels: []).svg()
        }
        let pts = idx.map { r.points[$0] }
        let z = pts.map { $0.standardized.isFinite ? $0.standardized : 0 }
        let zmax = max(3, (z.map(abs).max() ?? 0) * 1.1)
        let zAxis = Axis.linear(-zmax, zmax, label: "standardised residual", target: 7)
        let band = [(from: -2.0, to: 2.0, color: "#eef3f8")]
        let errs = pts.map { $0.uncertainty.isFinite ? $0.uncertainty : 0 }
        let tips = pts.map(\.label)
        if let v = view, v.x.count == r.points.count {
            let xs = idx.map { v.x[$0] }
            let x = Axis.linear(xs.min()!, xs.max()!, label: v.xLabel)
            var lo = Double.infinity, hi = -Double.infinity
            for (k, p) in pts.enumerated() { lo = min(lo, p.observed - errs[k], p.predicted); hi = max(hi, p.observed + errs[k], p.predicted) }
            let y = Axis.linear(lo, hi, label: r.observable)
            var data: [PlotSeries] = [], resid: [PlotSeries] = []
            for (k, name) in v.seriesNames.enumerated() {
                let mine = idx.indices.filter { v.series[idx[$0]] == k }
                guard !mine.isEmpty else { continue }
                let color = Palette.color(index: k)
                let grid = (0...80).map { x.lo + (x.hi - x.lo) * Double($0) / 80 }
                data.append(PlotSeries(name: "\(name) data", color: color, x: mine.map { xs[$0] }, y: mine.map { pts[$0].observed },
                                       line: false, markers: true, errors: errs.contains { $0 > 0 } ? mine.map { errs[$0] } : nil,
                                       tooltips: mine.map { tips[$0] }))
                data.append(PlotSeries(name: "\(name) fit", color: color, x: grid, y: grid.map { v.curve(r.parameters, k, $0) }))
                resid.append(PlotSeries(name: name, color: color, x: mine.map { xs[$0] }, y: mine.map { z[$0] }, line: false, markers: true,
                                        tooltips: mine.map { tips[$0] }))
            }
            let keys = [StyleKey(label: "points: data (bars ±σ)", dash: nil, marker: true), StyleKey(label: "lines: fitted model", dash: nil)]
            return PlotFigure(title: title, panels: [
                PlotPanel(x: x, y: y, series: data, styleKeys: keys, height: 320),
                PlotPanel(x: x, y: zAxis, series: resid, yBands: band, styleKeys: [StyleKey(label: "band: ±2", dash: nil)], height: 180),
            ], legendWidth: 200).svg()
        }
        var lo = Double.infinity, hi = -Double.infinity
        for (k, p) in pts.enumerated() { lo = min(lo, p.observed - errs[k], p.predicted); hi = max(hi, p.observed + errs[k], p.predicted) }
        let axis = Axis.linear(lo, hi, label: "predicted \(r.observable)")
        var yAxis = axis
        yAxis.label = "observed \(r.observable)"
        let obs = PlotSeries(name: "data (bars ±σ)", color: Palette.color(index: 0), x: pts.map(\.predicted), y: pts.map(\.observed),
                             line: false, markers: true, errors: errs.contains { $0 > 0 } ? errs : nil, tooltips: tips)
        let order = pts.indices.map { Double($0 + 1) }
        let res = PlotSeries(name: "standardised residual", color: Palette.color(index: 0), x: order, y: z, line: false, markers: true, tooltips: tips)
        return PlotFigure(title: title, panels: [
            PlotPanel(x: axis, y: yAxis, series: [obs], reference: (name: "1:1 (perfect fit)", x0: axis.lo, y0: axis.lo, x1: axis.hi, y1: axis.hi), height: 300),
            PlotPanel(x: Axis.linear(1, Double(max(pts.count, 2)), label: "point (file order)"), y: zAxis, series: [res], yBands: band,
                      styleKeys: [StyleKey(label: "band: ±2", dash: nil)], height: 180),
        ]).svg()
    }
}
