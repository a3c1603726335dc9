import Foundation
import RareSepCascade

/// `stage_profiles.svg` of a cascade run: the metals' aqueous (solid) and organic
/// (dashed) concentrations against stage on a log axis, section boundaries
/// marked, and below it the stage pH when the chemistry reports one.
enum CascadePlot {
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
        let hasPH = pH.count == N
        let w = 900.0, left = 70.0, right = 30.0, top = 40.0, panel = 300.0, gap = 60.0
        let h = top + panel + (hasPH ? gap + 160 : 0) + 50
        let pw = w - left - right
        func px(_ stage: Double) -> Double { left + pw * (N > 1 ? (stage - 1) / Double(N - 1) : 0.5) }
        // log axis over the metals' range, at most 14 decades below the largest value
        var hi = 1e-300
        for s in 0..<N { for j in 0..<metals.count { hi = max(hi, sol.aqueous[s * n + j], sol.organic[s * n + j]) } }
        let logHi = ceil(log10(hi)), logLo = logHi - 14
        func py(_ v: Double) -> Double {
            let l = min(max(log10(max(v, 1e-300)), logLo), logHi)
            return top + panel * (logHi - l) / (logHi - logLo)
        }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<text x=\"\(left)\" y=\"20\">\(SVG.escape(p.name)): stage profiles (solid aqueous, dashed organic)</text>\n"
        s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(panel)\" fill=\"none\" stroke=\"#444\"/>\n"
        var d = logLo
        while d <= logHi {
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>\n", left - 6, py(pow(10, d)) + 4, Int(d))
            d += 2
        }
        s += "<text x=\"16\" y=\"\(top + panel / 2)\" transform=\"rotate(-90 16 \(top + panel / 2))\" text-anchor=\"middle\">mol/m³</text>\n"
        for sec in p.sections.dropFirst() {
            let xb = px(Double(sec.firstStage) + 0.5)
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>\n", xb, top, xb, top + panel)
        }
        for sec in p.sections {
            let xm = px(Double(sec.firstStage) + Double(sec.stageCount + 1) / 2)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#666\">%@</text>\n", xm, top - 6, SVG.escape(sec.name))
        }
        for (j, name) in metals.enumerated() {
            let color = SVG.colors[j % SVG.colors.count]
            for (phase, dash) in [(sol.aqueous, ""), (sol.organic, " stroke-dasharray=\"6,3\"")] {
                let pts = (0..<N).map { String(format: "%.1f,%.1f", px(Double($0 + 1)), py(phase[$0 * n + j])) }
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dash) points=\"\(pts.joined(separator: " "))\"/>\n"
            }
            s += "<text x=\"\(left + 10 + Double(j) * 70)\" y=\"\(top + panel - 8)\" fill=\"\(color)\">\(SVG.escape(name))</text>\n"
        }
        var bottomAxis = top + panel
        if hasPH {
            let t2 = top + panel + gap, ph2 = 160.0
            let lo = floor(pH.min()! * 2) / 2, hiPH = max(ceil(pH.max()! * 2) / 2, lo + 0.5)
            func qy(_ v: Double) -> Double { t2 + ph2 * (hiPH - v) / (hiPH - lo) }
            s += "<rect x=\"\(left)\" y=\"\(t2)\" width=\"\(pw)\" height=\"\(ph2)\" fill=\"none\" stroke=\"#444\"/>\n"
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2g</text>\n", left - 6, qy(hiPH) + 4, hiPH)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2g</text>\n", left - 6, qy(lo) + 4, lo)
            s += "<text x=\"16\" y=\"\(t2 + ph2 / 2)\" transform=\"rotate(-90 16 \(t2 + ph2 / 2))\" text-anchor=\"middle\">pH</text>\n"
            let pts = (0..<N).map { String(format: "%.1f,%.1f", px(Double($0 + 1)), qy(pH[$0])) }
            s += "<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
            bottomAxis = t2 + ph2
        }
        for k in 0...min(N - 1, 10) {
            let stage = 1 + Double(k) * Double(max(N - 1, 1)) / Double(min(max(N - 1, 1), 10))
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", px(stage), bottomAxis + 18, Int(stage.rounded()))
        }
        s += "<text x=\"\(left + pw / 2)\" y=\"\(h - 8)\" text-anchor=\"middle\">stage</text>\n"
        return s + "</svg>\n"
    }
}
