import Foundation
import RareSepCascade
import RareSepDynamics

/// outlets.svg of a dynamic run: one panel per outlet with its metals' concentrations in
/// the phase it carries (log axis when they span more than two decades), then the product
/// purities and recoveries (%); time in s, min or h as fits the horizon; events marked.
enum DynamicPlot {
    static func svg(_ dc: DynamicCase, run: DynamicCascadeRun, analysis a: DynamicAnalysis) -> String {
        let p = dc.cascade.problem, sp = p.species.symbols, metals = p.metalCount
        let times = run.snapshots.map(\.time)
        let x = Axis.time(span: dc.horizon)
        let colors = Palette.colors(for: sp)
        let marks = dc.eventLabels.map { PlotMark(x: $0.time, label: "", color: "#a33") }
        var panels: [PlotPanel] = []
        let outlets = run.snapshots.first?.outlets ?? []
        for (o, first) in outlets.enumerated() {
            let organic = first.aqueousFlow <= 0 && first.organicFlow > 0
            let series = (0..<metals).map { j -> [Double] in
                run.snapshots.map { organic ? $0.outlets[o].organic[j] : $0.outlets[o].aqueous[j] }
            }
            let positive = series.flatMap { $0 }.filter { $0 > 0 && $0.isFinite }
            guard let hi = positive.max() else { continue }
            let lo = positive.min()!
            let label = "\(first.name): \(organic ? "organic" : "aqueous") (mol/m³)"
            let y = hi / lo > 100 ? Axis.log(max(lo, hi * 1e-8), hi, label: label, maxDecades: 8) : Axis.linear(0, hi * 1.02, label: label)
            panels.append(PlotPanel(x: x, y: y, series: (0..<metals).map { PlotSeries(name: sp[$0], color: colors[$0], x: times, y: series[$0]) },
                                    marks: marks, height: 220))
        }
        if !a.products.isEmpty {
            let names = outlets.map(\.name)
            var ps: [PlotSeries] = [], rs: [PlotSeries] = []
            for pr in a.products {
                guard let o = names.firstIndex(of: pr.outlet), let j = sp.firstIndex(of: pr.metal) else { continue }
                ps.append(PlotSeries(name: "\(pr.metal) in \(pr.outlet)", color: colors[j], x: times, y: a.purity.map { 100 * $0[o][j] }))
                rs.append(PlotSeries(name: "\(pr.metal) in \(pr.outlet)", color: colors[j], x: times, y: a.recovery.map { 100 * $0[o][j] }))
            }
            panels.append(PlotPanel(x: x, y: Axis.linear(0, 100, label: "purity (%)"), series: ps, marks: marks, height: 220))
            panels.append(PlotPanel(x: x, y: Axis.linear(0, 100, label: "recovery (%)"), series: rs, marks: marks, height: 220))
        }
        return PlotFigure(title: "\(dc.name): outlets over time (events marked)", panels: panels).svg()
    }
}
