import Foundation
import RareSepCascade

/// `mccabe_thiele.svg` of a cascade run: the McCabe–Thiele diagram of a key pair (A, B)
/// in the pair's own composition, x = A/(A+B) in the aqueous and y = A/(A+B) in the
/// organic of each stage. A stage's two phases (the mixer's equilibrium, or its Murphree
/// approach) give one point (x_s, y_s); the passing streams between stages s and s+1
/// (organic leaving s, aqueous leaving s+1: the aqueous flows towards stage 1, the organic
/// away from it) give the operating point (x_{s+1}, y_s). The staircase through them is
/// the cascade's stage-by-stage path; the 1:1 diagonal is drawn for reference.
///
/// Key pair: of the metals whose largest share leaves by different outlets, the two
/// neighbours in order of their mean distribution ratio with the largest combined feed —
/// the pair the cascade separates. A is the better-extracted one. No plot (nil) when the
/// cascade has fewer than two metals or sends every metal mostly to one outlet.
enum McCabeThielePlot {
    /// The key pair (indices of species A, B; A the better extracted), or nil.
    static func keyPair(_ sol: CascadeSolution) -> (a: Int, b: Int)? {
        let p = sol.problem
        let n = p.species.count, N = p.stageCount, m = p.metalCount
        guard m >= 2, N >= 2 else { return nil }
        let outlets = sol.outlets
        let fed = (0..<m).map { j in sol.inlets.reduce(0) { $0 + $1.amounts[j] } }
        let mainOutlet = (0..<m).map { j in
            outlets.indices.max(by: { outlets[$0].amounts[j] < outlets[$1].amounts[j] }) ?? 0
        }
        // mean log distribution ratio over the stages where both phases hold the metal
        let meanLogD: [Double] = (0..<m).map { j in
            var acc = 0.0, count = 0
            for s in 0..<N {
                let x = sol.aqueous[s * n + j], y = sol.organic[s * n + j]
                if x > 0, y > 0 { acc += log(y / x); count += 1 }
            }
            return count > 0 ? acc / Double(count) : -.infinity
        }
        let order = (0..<m).filter { fed[$0] > 0 && meanLogD[$0].isFinite }.sorted { meanLogD[$0] > meanLogD[$1] }
        var best: (a: Int, b: Int, amount: Double)?
        for k in 0..<max(0, order.count - 1) {
            let a = order[k], b = order[k + 1]
            guard mainOutlet[a] != mainOutlet[b] else { continue }
            if best == nil || fed[a] + fed[b] > best!.amount { best = (a, b, fed[a] + fed[b]) }
        }
        return best.map { ($0.a, $0.b) }
    }

    static func svg(_ sol: CascadeSolution) -> String? {
        guard let (a, b) = keyPair(sol) else { return nil }
        let p = sol.problem
        let n = p.species.count, N = p.stageCount
        func fraction(_ v: [Double], _ s: Int) -> Double? {
            let va = v[s * n + a], vb = v[s * n + b]
            return va + vb > 0 ? va / (va + vb) : nil
        }
        var eqX: [Double] = [], eqY: [Double] = [], stairX: [Double] = [], stairY: [Double] = [], tips: [String] = []
        for s in 0..<N {
            guard let x = fraction(sol.aqueous, s), let y = fraction(sol.organic, s) else { continue }
            eqX.append(x); eqY.append(y); tips.append("stage \(s + 1)")
            if let last = stairY.last, stairX.count > 0 {   // horizontal to the operating point (x_s, y_{s-1})
                stairX.append(x); stairY.append(last)
            }
            stairX.append(x); stairY.append(y)
        }
        guard eqX.count >= 2 else { return nil }
        let A = p.species.symbols[a], B = p.species.symbols[b]
        let colors = Palette.colors(for: [A])
        let axis = Axis.linear(0, 1, label: "x = \(A)/(\(A)+\(B)) in the aqueous", target: 10)
        let yAxis = Axis.linear(0, 1, label: "y = \(A)/(\(A)+\(B)) in the organic", target: 10)
        let series = [
            PlotSeries(name: "stage (x, y)", color: colors[0], x: eqX, y: eqY, line: false, markers: true, tooltips: tips),
            PlotSeries(name: "passing streams", color: "#555", x: stairX, y: stairY, dash: "4,2"),
        ]
        let panel = PlotPanel(x: axis, y: yAxis, series: series, reference: ("y = x", 0, 0, 1, 1), height: 420)
        return PlotFigure(title: "McCabe–Thiele diagram of \(A)/\(B)", panels: [panel]).svg()
    }
}
