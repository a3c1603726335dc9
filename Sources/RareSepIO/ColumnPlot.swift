import Foundation
import RareSepColumn

/// The outlet curves of a column run: binding components on the left axis (mol/m³),
/// the modifier (if any) dashed on its own right axis; time in s, min or h as fits
/// the run; the programme's sections (load, wash, elute, gradient) shaded.
enum ColumnPlot {
    static func svg(_ cc: ColumnCase, run: ColumnRun) -> String {
        svg(name: cc.name, problem: cc.problem, run: run)
    }

    /// Shade of a programme section by what it does: gradients (inlet changing over the
    /// section) hatched orange, loads blue, washes grey, elutions and strips green.
    static func shade(_ sec: OperatingSection) -> (color: String, label: String) {
        let name = sec.name.lowercased()
        if sec.inletStart != sec.inletEnd { return ("#f6d7b0", "\(sec.name) (gradient)") }
        if name.contains("load") || name.contains("feed") { return ("#d6e4f5", sec.name) }
        if name.contains("wash") || name.contains("rinse") { return ("#e6e6e6", sec.name) }
        if name.contains("elu") || name.contains("strip") || name.contains("regen") { return ("#d9efd3", sec.name) }
        return ("#efe6f5", sec.name)
    }

    static func svg(name: String, problem: ColumnProblem, run: ColumnRun) -> String {
        let names = problem.components.symbols
        let mod = problem.modifierIndex
        let tMax = max(run.times.last ?? 1, problem.sections.last?.end ?? 0, 1e-9)
        var yMax = 0.0, sMax = 0.0
        for row in run.outlet {
            for (j, v) in row.enumerated() where v.isFinite {
                if j == mod { sMax = max(sMax, v) } else { yMax = max(yMax, v) }
            }
        }
        let x = Axis.time(span: tMax)
        let y = Axis.linear(0, yMax > 0 ? yMax * 1.02 : 1, label: "outlet concentration (mol/m³)")
        let y2 = mod.map { Axis.linear(0, sMax > 0 ? sMax * 1.02 : 1, label: "\(names[$0]) (mol/m³, dashed)", target: 6) }
        let colors = Palette.colors(for: names)
        let series = names.indices.map { j in
            PlotSeries(name: names[j], color: colors[j], x: run.times, y: run.outlet.map { $0[j] },
                       dash: j == mod ? "6,3" : nil, rightAxis: j == mod)
        }
        let bands = problem.sections.map { sec -> PlotBand in
            let sh = shade(sec)
            return PlotBand(from: sec.start, to: sec.end, label: sh.label, color: sh.color)
        }
        let panel = PlotPanel(x: x, y: y, y2: y2, series: series, bands: bands, height: 320)
        return PlotFigure(title: "\(name): outlet concentrations", panels: [panel]).svg()
    }
}
