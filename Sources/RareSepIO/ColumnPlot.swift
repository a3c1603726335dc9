import Foundation
import RareSepColumn

/// A dependency-free SVG plot of the outlet curves: binding components on the
/// left axis (mol/m³), the modifier (if any) dashed on its own right axis.
enum ColumnPlot {
    static let colors = SVG.colors

    static func svg(_ cc: ColumnCase, run: ColumnRun) -> String {
        let w = 900.0, h = 420.0, left = 70.0, right = 70.0, top = 30.0, bottom = 50.0
        let pw = w - left - right, ph = h - top - bottom
        let names = cc.problem.components.symbols
        let mod = cc.problem.modifierIndex
        let tMax = max(run.times.last ?? 1, 1e-12)
        var yMax = 1e-30, sMax = 1e-30
        for row in run.outlet {
            for (j, v) in row.enumerated() where v.isFinite {
                if j == mod { sMax = max(sMax, v) } else { yMax = max(yMax, v) }
            }
        }
        yMax *= 1.05; sMax *= 1.05
        func x(_ t: Double) -> Double { left + pw * t / tMax }
        func y(_ v: Double, _ top2: Double) -> Double { top + ph * (1 - min(max(v / top2, -0.05), 1.05)) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(ph)\" fill=\"none\" stroke=\"#444\"/>\n"
        s += "<text x=\"\(left)\" y=\"18\">\(SVG.escape(cc.name)): outlet concentrations</text>\n"
        for k in 0...5 {
            let t = tMax * Double(k) / 5, v = yMax * Double(k) / 5
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.4g</text>\n", x(t), h - bottom + 18, t)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n", left - 6, y(v, yMax) + 4, v)
            if mod != nil {
                s += String(format: "<text x=\"%.1f\" y=\"%.1f\">%.3g</text>\n", w - right + 6, y(sMax * Double(k) / 5, sMax) + 4, sMax * Double(k) / 5)
            }
        }
        s += "<text x=\"\(left + pw / 2)\" y=\"\(h - 10)\" text-anchor=\"middle\">time (s)</text>\n"
        s += "<text x=\"16\" y=\"\(top + ph / 2)\" transform=\"rotate(-90 16 \(top + ph / 2))\" text-anchor=\"middle\">c_out (mol/m³)</text>\n"
        for j in 0..<names.count {
            let color = colors[j % colors.count]
            let top2 = j == mod ? sMax : yMax
            var pts: [String] = []
            pts.reserveCapacity(run.times.count)
            for (k, t) in run.times.enumerated() where run.outlet[k][j].isFinite {
                pts.append(String(format: "%.1f,%.1f", x(t), y(run.outlet[k][j], top2)))
            }
            s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(j == mod ? " stroke-dasharray=\"5,3\"" : "") points=\"\(pts.joined(separator: " "))\"/>\n"
            let label = j == mod ? "\(SVG.escape(names[j])) (right axis, mol/m³)" : SVG.escape(names[j])
            s += "<text x=\"\(left + 10 + Double(j) * 130)\" y=\"\(top + 16)\" fill=\"\(color)\">\(label)</text>\n"
        }
        return s + "</svg>\n"
    }
}
