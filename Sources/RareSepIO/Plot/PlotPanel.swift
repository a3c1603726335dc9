import Foundation

/// One plotted series: a line and/or markers, optional ± error bars, named in the legend.
struct PlotSeries {
    var name: String
    var color: String
    var x: [Double]
    var y: [Double]
    /// SVG dash pattern ("6,3"), nil for solid.
    var dash: String? = nil
    var line = true
    var markers = false
    /// ± standard uncertainty per point, in the y data's units (drawn as bars).
    var errors: [Double]? = nil
    /// Plotted against the panel's right axis.
    var rightAxis = false
    /// Hover text per point.
    var tooltips: [String]? = nil
}

/// A shaded range of x (a programme section, a cascade section) with a label.
struct PlotBand {
    var from: Double
    var to: Double
    var label: String
    var color: String
}

/// A marked x position (a section boundary, a feed point), drawn as a vertical line.
struct PlotMark {
    var x: Double
    var label: String
    var color = "#555"
    var dash: String? = "3,3"
}

/// A legend entry for a line style rather than a series ("dashed: organic").
struct StyleKey {
    var label: String
    var dash: String?
    var marker = false
}

/// One panel of a figure: axes, shaded bands, marks and series, with its legend on the right.
struct PlotPanel {
    var x: Axis
    var y: Axis
    var y2: Axis? = nil
    var series: [PlotSeries] = []
    var bands: [PlotBand] = []
    /// Shaded ranges of y (e.g. the ±2 band of standardised residuals).
    var yBands: [(from: Double, to: Double, color: String)] = []
    var marks: [PlotMark] = []
    var styleKeys: [StyleKey] = []
    /// A straight reference line from (x0, y0) to (x1, y1) in data units (e.g. 1:1), named in the legend.
    var reference: (name: String, x0: Double, y0: Double, x1: Double, y1: Double)? = nil
    var height = 300.0

    /// The panel's SVG drawn with its plot area at (left, top) of size w × h; the legend
    /// starts at `legendX`.
    func render(left: Double, top: Double, width w: Double, legendX: Double) -> String {
        let h = height
        func X(_ f: Double) -> Double { left + w * f }
        func Y(_ f: Double) -> Double { top + h * (1 - f) }
        func n(_ v: Double) -> String { SVG.coordinate(v) }
        var s = "<g class=\"panel\">\n"
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"#fff\"/>\n"
        // shaded x ranges, labelled at the top
        var narrow = 0
        for b in bands {
            let f0 = min(max(x.fraction(b.from), 0), 1), f1 = min(max(x.fraction(b.to), 0), 1)
            guard f1 > f0 else { continue }
            s += "<rect class=\"band\" x=\"\(n(X(f0)))\" y=\"\(n(top))\" width=\"\(n(X(f1) - X(f0)))\" height=\"\(n(h))\" fill=\"\(b.color)\" fill-opacity=\"0.35\"><title>\(SVG.escape(b.label))</title></rect>\n"
            // A label wider than its band drops to a second row, alternating, so neighbours do not overlap.
            let fits = X(f1) - X(f0) >= Double(b.label.count) * 6.2 + 6
            let row = fits ? 0 : 1 + narrow % 2
            if !fits { narrow += 1 }
            s += "<text class=\"band-label\" x=\"\(n((X(f0) + X(f1)) / 2))\" y=\"\(n(top + 13 + 13 * Double(row)))\" text-anchor=\"middle\" fill=\"#444\" font-size=\"11\">\(SVG.escape(b.label))</text>\n"
        }
        for b in yBands {
            let f0 = min(max(y.fraction(b.from), 0), 1), f1 = min(max(y.fraction(b.to), 0), 1)
            s += "<rect x=\"\(n(left))\" y=\"\(n(Y(f1)))\" width=\"\(n(w))\" height=\"\(n(Y(f0) - Y(f1)))\" fill=\"\(b.color)\"/>\n"
        }
        // grid and ticks
        for t in x.ticks {
            let px = X(x.fraction(t / x.valueScale))
            s += "<line x1=\"\(n(px))\" y1=\"\(n(top))\" x2=\"\(n(px))\" y2=\"\(n(top + h))\" stroke=\"#e4e4e4\"/>\n"
            s += "<text class=\"tick\" data-axis=\"x\" data-value=\"\(x.label(for: t))\" x=\"\(n(px))\" y=\"\(n(top + h + 16))\" text-anchor=\"middle\">\(x.label(for: t))</text>\n"
        }
        for t in y.ticks {
            let py = Y(y.fraction(t / y.valueScale))
            s += "<line x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(left + w))\" y2=\"\(n(py))\" stroke=\"#e4e4e4\"/>\n"
            s += "<text class=\"tick\" data-axis=\"y\" data-value=\"\(y.label(for: t))\" x=\"\(n(left - 6))\" y=\"\(n(py + 4))\" text-anchor=\"end\">\(y.label(for: t))</text>\n"
        }
        for t in y.minorTicks {
            let py = Y(y.fraction(t / y.valueScale))
            s += "<line x1=\"\(n(left - 4))\" y1=\"\(n(py))\" x2=\"\(n(left))\" y2=\"\(n(py))\" stroke=\"#444\"/>\n"
        }
        if let y2 {
            for t in y2.ticks {
                let py = Y(y2.fraction(t / y2.valueScale))
                s += "<text class=\"tick\" data-axis=\"y2\" data-value=\"\(y2.label(for: t))\" x=\"\(n(left + w + 6))\" y=\"\(n(py + 4))\">\(y2.label(for: t))</text>\n"
            }
            s += "<text x=\"\(n(left + w + 52))\" y=\"\(n(top + h / 2))\" transform=\"rotate(90 \(n(left + w + 52)) \(n(top + h / 2)))\" text-anchor=\"middle\">\(SVG.escape(y2.label))</text>\n"
        }
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"none\" stroke=\"#444\"/>\n"
        s += "<text class=\"axis-label\" x=\"\(n(left + w / 2))\" y=\"\(n(top + h + 34))\" text-anchor=\"middle\">\(SVG.escape(x.label))</text>\n"
        s += "<text class=\"axis-label\" x=\"\(n(left - 52))\" y=\"\(n(top + h / 2))\" transform=\"rotate(-90 \(n(left - 52)) \(n(top + h / 2)))\" text-anchor=\"middle\">\(SVG.escape(y.label))</text>\n"
        for m in marks {
            let f = x.fraction(m.x)
            guard f >= 0, f <= 1 else { continue }
            let dash = m.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            s += "<line class=\"mark\" x1=\"\(n(X(f)))\" y1=\"\(n(top))\" x2=\"\(n(X(f)))\" y2=\"\(n(top + h))\" stroke=\"\(m.color)\"\(dash)><title>\(SVG.escape(m.label))</title></line>\n"
            if !m.label.isEmpty {
                s += "<text class=\"mark-label\" x=\"\(n(X(f) + 3))\" y=\"\(n(top + h - 6))\" fill=\"\(m.color)\" font-size=\"10\" transform=\"rotate(-90 \(n(X(f) + 3)) \(n(top + h - 6)))\">\(SVG.escape(m.label))</text>\n"
            }
        }
        if let r = reference {
            s += "<line x1=\"\(n(X(x.fraction(r.x0))))\" y1=\"\(n(Y(y.fraction(r.y0))))\" x2=\"\(n(X(x.fraction(r.x1))))\" y2=\"\(n(Y(y.fraction(r.y1))))\" stroke=\"#999\" stroke-dasharray=\"4,3\"/>\n"
        }
        // series
        var legend: [(name: String, color: String, dash: String?, line: Bool, marker: Bool, note: String)] = []
        for ser in series {
            let ya = ser.rightAxis ? (y2 ?? y) : y
            let (body, drawn) = Self.seriesSVG(ser, x: x, y: ya, X: X, Y: Y)
            s += "<g class=\"series\" data-series=\"\(SVG.escape(ser.name))\">\n" + body + "</g>\n"
            legend.append((ser.name, ser.color, ser.dash, ser.line, ser.markers,
                           drawn ? (ser.rightAxis ? " (right axis)" : "") : " (below axis)"))
        }
        // legend
        var ly = top + 6
        s += "<g class=\"legend\">\n"
        for e in legend {
            let dash = e.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            s += "<g class=\"legend-entry\" data-series=\"\(SVG.escape(e.name))\">"
            if e.line {
                s += "<line x1=\"\(n(legendX))\" y1=\"\(n(ly))\" x2=\"\(n(legendX + 22))\" y2=\"\(n(ly))\" stroke=\"\(e.color)\" stroke-width=\"2\"\(dash)/>"
            }
            if e.marker || !e.line { s += "<circle cx=\"\(n(legendX + 11))\" cy=\"\(n(ly))\" r=\"3\" fill=\"\(e.color)\"/>" }
            s += "<text x=\"\(n(legendX + 28))\" y=\"\(n(ly + 4))\">\(SVG.escape(e.name + e.note))</text></g>\n"
            ly += 17
        }
        if let r = reference {
            s += "<g class=\"legend-entry\" data-series=\"\(SVG.escape(r.name))\"><line x1=\"\(n(legendX))\" y1=\"\(n(ly))\" x2=\"\(n(legendX + 22))\" y2=\"\(n(ly))\" stroke=\"#999\" stroke-dasharray=\"4,3\"/><text x=\"\(n(legendX + 28))\" y=\"\(n(ly + 4))\">\(SVG.escape(r.name))</text></g>\n"
            ly += 17
        }
        for k in styleKeys {
            ly += 4
            let dash = k.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            s += "<g class=\"style-key\">"
            s += k.marker ? "<circle cx=\"\(n(legendX + 11))\" cy=\"\(n(ly))\" r=\"3\" fill=\"#555\"/>"
                : "<line x1=\"\(n(legendX))\" y1=\"\(n(ly))\" x2=\"\(n(legendX + 22))\" y2=\"\(n(ly))\" stroke=\"#555\" stroke-width=\"1.5\"\(dash)/>"
            s += "<text x=\"\(n(legendX + 28))\" y=\"\(n(ly + 4))\" fill=\"#555\">\(SVG.escape(k.label))</text></g>\n"
            ly += 13
        }
        return s + "</g>\n</g>\n"
    }

    /// A series' SVG: its line split where it leaves the y range (ending at the edge
    /// with an outward triangle, class "off-axis"), markers, error bars. Also whether
    /// any of it lies inside the plot.
    static func seriesSVG(_ ser: PlotSeries, x: Axis, y: Axis, X: (Double) -> Double, Y: (Double) -> Double) -> (String, Bool) {
        func n(_ v: Double) -> String { SVG.coordinate(v) }
        var out = "", drawn = false
        var runs: [[(Double, Double)]] = [], cur: [(Double, Double)] = []
        var exits: [(Double, Double)] = []   // (fx, edge) where the line leaves or re-enters
        var prev: (fx: Double, fy: Double)?
        // Within 0.2 % of an end counts as on it (round-off around zero is not "leaving the axis").
        func clampF(_ f: Double) -> Double {
            if f.isNaN { return f }
            if f < 0 && f > -2e-3 { return 0 }
            if f > 1 && f < 1 + 2e-3 { return 1 }
            return min(max(f, -1e3), 1e3)
        }
        func flush() { if cur.count > 1 { runs.append(cur) }; cur = [] }
        let count = min(ser.x.count, ser.y.count)
        if ser.line {
            for i in 0..<count {
                let fx = x.fraction(ser.x[i]), fy = clampF(y.fraction(ser.y[i]))
                guard fx.isFinite, !fy.isNaN else { flush(); prev = nil; continue }
                let inside = fy >= 0 && fy <= 1
                if let p = prev {
                    let pin = p.fy >= 0 && p.fy <= 1
                    if pin && inside {
                        cur.append((fx, fy))
                    } else if pin {
                        let edge = fy < 0 ? 0.0 : 1.0, t = (edge - p.fy) / (fy - p.fy)
                        let ex = p.fx + t * (fx - p.fx)
                        cur.append((ex, edge)); flush(); exits.append((ex, edge))
                    } else if inside {
                        let edge = p.fy < 0 ? 0.0 : 1.0, t = (edge - p.fy) / (fy - p.fy)
                        let ex = p.fx + t * (fx - p.fx)
                        cur = [(ex, edge), (fx, fy)]; exits.append((ex, edge))
                    }
                } else if inside {
                    cur = [(fx, fy)]
                }
                prev = (fx, fy)
            }
            flush()
            let dash = ser.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            for r in runs {
                drawn = true
                let pts = r.map { "\(n(X($0.0))),\(n(Y($0.1)))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(ser.color)\" stroke-width=\"1.6\"\(dash) points=\"\(pts)\"/>\n"
            }
        }
        // Markers and error bars; a marker beyond the range sits on the edge as a triangle.
        for i in 0..<count where ser.markers {
            let fx = x.fraction(ser.x[i]), fy = clampF(y.fraction(ser.y[i]))
            guard fx.isFinite, !fy.isNaN else { continue }
            let tip = ser.tooltips.map { "<title>\(SVG.escape($0[i]))</title>" } ?? ""
            if let e = ser.errors?[i], e.isFinite, e > 0 {
                let a = min(max(y.fraction(ser.y[i] - e), 0), 1), b = min(max(y.fraction(ser.y[i] + e), 0), 1)
                if b > a {
                    out += "<path class=\"error-bar\" d=\"M\(n(X(fx) - 3)),\(n(Y(a)))h6M\(n(X(fx))),\(n(Y(a)))V\(n(Y(b)))M\(n(X(fx) - 3)),\(n(Y(b)))h6\" stroke=\"\(ser.color)\" fill=\"none\"/>\n"
                }
            }
            if fy >= 0 && fy <= 1 {
                drawn = true
                out += "<circle cx=\"\(n(X(fx)))\" cy=\"\(n(Y(fy)))\" r=\"3\" fill=\"\(ser.color)\">\(tip)</circle>\n"
            } else {
                exits.append((fx, fy < 0 ? 0 : 1))
            }
        }
        for (fx, edge) in exits {
            let px = X(fx), py = Y(edge), d = edge == 0 ? 1.0 : -1.0   // points down at the floor, up at the top
            out += "<path class=\"off-axis\" d=\"M\(n(px - 4)),\(n(py - 7 * d))L\(n(px + 4)),\(n(py - 7 * d))L\(n(px)),\(n(py))z\" fill=\"\(ser.color)\"><title>\(SVG.escape(ser.name)) leaves the axis</title></path>\n"
        }
        return (out, drawn)
    }
}

/// A figure: a title and panels stacked vertically, sharing the left margin and the
/// legend column on the right.
struct PlotFigure {
    var title: String
    var panels: [PlotPanel]
    var width = 900.0
    var legendWidth = 190.0

    /// The figure as a standalone SVG document.
    func svg() -> String {
        let left = 78.0, hasY2 = panels.contains { $0.y2 != nil }
        let right = legendWidth + (hasY2 ? 62 : 14)
        let w = width - left - right
        let gap = 56.0, top = 40.0
        let height = top + panels.reduce(0) { $0 + $1.height } + Double(panels.count) * gap + 4
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(left)\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(SVG.escape(title))</text>\n"
        var y = top
        for p in panels {
            s += p.render(left: left, top: y, width: w, legendX: width - legendWidth + 4)
            y += p.height + gap
        }
        return s + "</svg>\n"
    }
}
