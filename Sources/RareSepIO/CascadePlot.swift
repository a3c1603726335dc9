import Foundation
import RareSepCascade

/// `stage_profiles.svg` of a cascade run: the metals' aqueous (solid) and organic
/// (dashed) concentrations against stage on a log axis, sections shaded with their
/// boundaries and feed points marked, and below it the stage pH when the chemistry
/// reports one.
enum CascadePlot {
    /// Decades shown below the largest concentration; smaller values leave the axis.
    static let decades = 12

    /// Alternating shades of the sections.
    static let sectionShades = ["#e8eef7", "#f5efe0", "#e9f3e6", "#f3e6ef"]

    static func svg(_ sol: CascadeSolution) -> String {
        let p = sol.problem
        let n = p.species.count, N = p.stageCount
        let metals = Array(p.species.symbols.prefix(p.metalCount))
        let sectionOf = p.sectionOfStage
        var pH: [Double] = []
        for s in 0..<N {
            let x = Array(sol.aqueous[(s * n)..<((s + 1) * n)]), y = Array(sol.organic[(s * n)..<((s + 1) * n)])
            let d = p.models[p.sections[sectionOf[s]].modelIndex].stageDiagnostics(x: x, y: y)
            if let v = d.first(where: { $0.name == "pH" })?.value { pH.append(v) }
        }
        let stages = (0..<N).map { Double($0 + 1) }
        var hi = 1e-300
        for s in 0..<N { for j in 0..<metals.count { hi = max(hi, sol.aqueous[s * n + j], sol.organic[s * n + j]) } }
        var lo = hi
        for s in 0..<N { for j in 0..<metals.count { for v in [sol.aqueous[s * n + j], sol.organic[s * n + j]] where v > 0 { lo = min(lo, v) } } }
        // Stages on whole-number 1-2-5 steps; the axis runs half a stage beyond the ends.
        let step = max(1, Axis.niceStep(Double(N - 1) / 10))
        let x = Axis(scale: .linear, lo: 0.5, hi: Double(N) + 0.5, label: "stage",
                     ticks: Array(Swift.stride(from: step, through: Double(N), by: step)))
        let bands = p.sections.enumerated().map { k, sec in
            PlotBand(from: Double(sec.firstStage) + 0.5, to: Double(sec.firstStage + sec.stageCount) + 0.5,
                     label: sec.name, color: sectionShades[k % sectionShades.count])
        }
        var marks = p.sections.dropFirst().map { PlotMark(x: Double($0.firstStage) + 0.5, label: "", color: "#888") }
        marks += p.feeds.map { PlotMark(x: Double($0.stage + 1), label: "▼ \($0.name)", color: "#b22222", dash: "1,2") }
        var series: [PlotSeries] = []
        let colors = Palette.colors(for: metals)
        for (j, name) in metals.enumerated() {
            let color = colors[j]
            series.append(PlotSeries(name: name, color: color, x: stages, y: (0..<N).map { sol.aqueous[$0 * n + j] }))
            series.append(PlotSeries(name: "\(name) organic", color: color, x: stages, y: (0..<N).map { sol.organic[$0 * n + j] }, dash: "6,3"))
        }
        var panels = [PlotPanel(x: x, y: Axis.log(max(lo, hi * pow(10, -Double(decades))), hi, label: "concentration (mol/m³)", maxDecades: decades),
                                series: series, bands: bands, marks: marks,
                                styleKeys: [StyleKey(label: "solid: aqueous", dash: nil), StyleKey(label: "dashed: organic", dash: "6,3"),
                                            StyleKey(label: "red dotted: feed stage", dash: "1,2")],
                                height: 320)]
        if pH.count == N {
            let y = Axis.linear(pH.min()!, pH.max()!, label: "pH", target: 5)
            panels.append(PlotPanel(x: x, y: y, series: [PlotSeries(name: "pH (aqueous)", color: "#333", x: stages, y: pH)],
                                    bands: bands, marks: Array(marks.prefix(p.sections.count - 1)), height: 150))
        }
        return PlotFigure(title: "\(p.name): stage profiles", panels: panels).svg()
    }
}
