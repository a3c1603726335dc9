import Foundation
import RareSepCascade
import RareSepFlowsheet

/// SVG block diagram of a flowsheet: units as boxes in layers (a unit's layer is the
/// longest chain of non-torn streams leading to it), streams as arrows labelled with
/// name and flow, torn recycle streams dashed below the units, products leaving right.
enum FlowsheetDiagram {
    static func svg(_ sol: FlowsheetSolution, case c: FlowsheetCase) -> String {
        let fs = c.flowsheet
        let groups = (try? fs.sequence().groups) ?? []
        let order = groups.isEmpty ? Array(fs.units.indices) : groups.flatMap { $0.units }
        let torn = Set(groups.flatMap { $0.tears })
        // Layers: longest path over non-torn streams, in calling order (a topological order of them).
        var layer = [Int](repeating: 0, count: fs.units.count)
        for u in order {
            for (k, s) in fs.streams.enumerated() where s.to?.unit == u && !torn.contains(k) && s.from.unit != u {
                layer[u] = max(layer[u], layer[s.from.unit] + 1)
            }
        }
        var row = [Int](repeating: 0, count: fs.units.count), filled: [Int: Int] = [:]
        for u in order { row[u] = filled[layer[u], default: 0]; filled[layer[u], default: 0] += 1 }
        let layers = (layer.max() ?? 0) + 1, rows = filled.values.max() ?? 1
        let boxW = 150.0, boxH = 50.0, gapX = 150.0, gapY = 46.0, top = 60.0
        func x(_ u: Int) -> Double { 30 + Double(layer[u]) * (boxW + gapX) }
        func y(_ u: Int) -> Double { top + Double(row[u]) * (boxH + gapY) }
        let unitsBottom = top + Double(rows) * (boxH + gapY)
        let recycles = fs.streams.indices.filter { torn.contains($0) }.count
        let width = Double(layers) * (boxW + gapX) + 260
        let height = unitsBottom + Double(recycles) * 26 + 60
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n"
        out += "<text x=\"20\" y=\"24\" font-size=\"14\">\(SVG.escape(c.name))</text>\n"
        // Ports spread along a box's edge so that arrows do not share an end point.
        func portY(_ u: Int, _ p: Int, _ count: Int) -> Double { y(u) + boxH * Double(p + 1) / Double(count + 1) }
        var recycleDepth = 0
        for (k, s) in fs.streams.enumerated() {
            let flow = String(format: "%.3g L/h", sol.streams[k].flow * 3.6e6)
            let label = SVG.escape("\(s.name) (\(flow))")
            let color = sol.streams[k].phase == .organic ? "#b8860b" : "#1f77b4"
            let from = fs.units[s.from.unit]
            let x1 = x(s.from.unit) + boxW, y1 = portY(s.from.unit, s.from.port, from.outlets.count)
            guard let to = s.to else {
                let x2 = x1 + 40
                out += "<path d=\"M\(x1),\(y1) L\(x2),\(y1)\" stroke=\"\(color)\" fill=\"none\" marker-end=\"url(#arrow)\"/>\n"
                out += "<text x=\"\(x2 + 4)\" y=\"\(y1 + 4)\" fill=\"\(color)\">\(label)</text>\n"
                continue
            }
            let y2 = portY(to.unit, to.port, fs.units[to.unit].inlets.count)
            if torn.contains(k) || layer[to.unit] <= layer[s.from.unit] {
                recycleDepth += 1
                let low = unitsBottom + Double(recycleDepth) * 26
                let xa = x1 + 12, xb = x(to.unit) - 12
                out += "<path d=\"M\(x1),\(y1) L\(xa),\(y1) L\(xa),\(low) L\(xb),\(low) L\(xb),\(y2) L\(x(to.unit)),\(y2)\" stroke=\"\(color)\" stroke-dasharray=\"5,3\" fill=\"none\" marker-end=\"url(#arrow)\"/>\n"
                out += "<text x=\"\(min(xa, xb) + 6)\" y=\"\(low - 4)\" fill=\"\(color)\">\(label) — recycle</text>\n"
            } else {
                let x2 = x(to.unit), xm = (x1 + x2) / 2
                out += "<path d=\"M\(x1),\(y1) C\(xm),\(y1) \(xm),\(y2) \(x2),\(y2)\" stroke=\"\(color)\" fill=\"none\" marker-end=\"url(#arrow)\"/>\n"
                out += "<text x=\"\(x1 + 6)\" y=\"\(y1 - 4)\" fill=\"\(color)\" font-size=\"10\">\(label)</text>\n"
            }
        }
        for u in order {
            let unit = fs.units[u]
            out += "<rect x=\"\(x(u))\" y=\"\(y(u))\" width=\"\(boxW)\" height=\"\(boxH)\" rx=\"6\" fill=\"#f4f4f4\" stroke=\"#333\"/>\n"
            out += "<text x=\"\(x(u) + boxW / 2)\" y=\"\(y(u) + 21)\" text-anchor=\"middle\" font-weight=\"bold\">\(SVG.escape(unit.name))</text>\n"
            out += "<text x=\"\(x(u) + boxW / 2)\" y=\"\(y(u) + 38)\" text-anchor=\"middle\" fill=\"#555\">\(SVG.escape(unit.kind))</text>\n"
        }
        out += "<text x=\"20\" y=\"\(height - 14)\" fill=\"#555\">blue: aqueous, gold: organic; dashed: torn recycle streams (converged by Anderson acceleration); flows at the converged state</text>\n"
        return out + "</svg>\n"
    }
}
