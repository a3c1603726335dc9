import Foundation
import RareSepFitting

/// A self-contained SVG of a fit: observed against predicted (with ±σ bars and
/// the 1:1 line) and the standardised residuals point by point (with ±2 band).
enum FitPlot {
    /// Most points drawn; larger datasets are thinned evenly (the CSV and JSON keep every point).
    static let maxPlotted = 2000

    static func svg(_ r: FitReport) -> String {
        let w = 900.0, h = 420.0, pad = 60.0, gap = 60.0
        let pw = (w - 2 * pad - gap) / 2, ph = h - 2 * pad
        let finite = r.points.filter { $0.observed.isFinite && $0.predicted.isFinite }
        // A plot of more than `maxPlotted` markers is unreadable and huge: every k-th point is drawn.
        let stride = max(1, (finite.count + maxPlotted - 1) / maxPlotted)
        let pts = stride == 1 ? finite : Swift.stride(from: 0, to: finite.count, by: stride).map { finite[$0] }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        let thinned = stride == 1 ? "" : " (every \(stride)th of \(finite.count) points shown)"
        s += "<text x=\"\(pad)\" y=\"24\" font-size=\"14\">\(SVG.escape(r.title))\(thinned)</text>\n"
        guard !pts.isEmpty else { return s + "<text x=\"\(pad)\" y=\"60\">no finite points</text></svg>\n" }
        // Panel 1: observed vs predicted.
        let values = pts.flatMap { p -> [Double] in
            let u = p.uncertainty.isFinite ? p.uncertainty : 0
            return [p.observed - u, p.observed + u, p.predicted]
        }
        var lo = values.min()!, hi = values.max()!
        if hi <= lo { lo -= 1; hi += 1 }
        let m = 0.05 * (hi - lo)
        lo -= m; hi += m
        func px(_ v: Double) -> Double { pad + (v - lo) / (hi - lo) * pw }
        func py(_ v: Double) -> Double { pad + ph - (v - lo) / (hi - lo) * ph }
        s += frame(x: pad, y: pad, w: pw, h: ph)
        s += "<line x1=\"\(px(lo))\" y1=\"\(py(lo))\" x2=\"\(px(hi))\" y2=\"\(py(hi))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        for p in pts {
            let x = px(p.predicted), y = py(p.observed)
            if p.uncertainty.isFinite && p.uncertainty > 0 {
                s += "<line x1=\"\(x)\" y1=\"\(py(p.observed - p.uncertainty))\" x2=\"\(x)\" y2=\"\(py(p.observed + p.uncertainty))\" stroke=\"#4a7fb5\"/>\n"
            }
            s += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"3\" fill=\"#1f4e79\"><title>\(SVG.escape(p.label))</title></circle>\n"
        }
        s += axisLabels(x: pad, y: pad, w: pw, h: ph, xLabel: "predicted", yLabel: "observed " + SVG.escape(r.observable),
                        xRange: (lo, hi), yRange: (lo, hi))
        // Panel 2: standardised residuals.
        let x0 = pad + pw + gap
        let z = pts.map { $0.standardized.isFinite ? $0.standardized : 0 }
        let zmax = max(3, (z.map(abs).max() ?? 0) * 1.1)
        func qx(_ i: Int) -> Double { x0 + (Double(i) + 0.5) / Double(pts.count) * pw }
        func qy(_ v: Double) -> Double { pad + ph / 2 - v / zmax * ph / 2 }
        s += frame(x: x0, y: pad, w: pw, h: ph)
        s += "<rect x=\"\(x0)\" y=\"\(qy(2))\" width=\"\(pw)\" height=\"\(qy(-2) - qy(2))\" fill=\"#eef3f8\"/>\n"
        s += "<line x1=\"\(x0)\" y1=\"\(qy(0))\" x2=\"\(x0 + pw)\" y2=\"\(qy(0))\" stroke=\"#999\"/>\n"
        for (i, v) in z.enumerated() {
            s += "<circle cx=\"\(qx(i))\" cy=\"\(qy(v))\" r=\"3\" fill=\"#1f4e79\"><title>\(SVG.escape(pts[i].label))</title></circle>\n"
        }
        s += axisLabels(x: x0, y: pad, w: pw, h: ph, xLabel: "point (file order)", yLabel: "standardised residual (band ±2)",
                        xRange: nil, yRange: (-zmax, zmax))
        return s + "</svg>\n"
    }

    static func frame(x: Double, y: Double, w: Double, h: Double) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"none\" stroke=\"#333\"/>\n"
    }

    static func axisLabels(x: Double, y: Double, w: Double, h: Double, xLabel: String, yLabel: String,
                           xRange: (Double, Double)?, yRange: (Double, Double)) -> String {
        var s = "<text x=\"\(x + w / 2)\" y=\"\(y + h + 40)\" text-anchor=\"middle\">\(xLabel)</text>\n"
        s += "<text transform=\"translate(\(x - 45),\(y + h / 2)) rotate(-90)\" text-anchor=\"middle\">\(yLabel)</text>\n"
        let f = { (v: Double) in String(format: "%.3g", v) }
        if let xr = xRange {
            s += "<text x=\"\(x)\" y=\"\(y + h + 16)\" text-anchor=\"start\">\(f(xr.0))</text>\n"
            s += "<text x=\"\(x + w)\" y=\"\(y + h + 16)\" text-anchor=\"end\">\(f(xr.1))</text>\n"
        }
        s += "<text x=\"\(x - 4)\" y=\"\(y + h)\" text-anchor=\"end\">\(f(yRange.0))</text>\n"
        s += "<text x=\"\(x - 4)\" y=\"\(y + 10)\" text-anchor=\"end\">\(f(yRange.1))</text>\n"
        return s
    }
}
