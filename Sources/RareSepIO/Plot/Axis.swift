import Foundation

/// One plot axis: a linear or log scale over [lo, hi] in plotted units, its tick
/// values (1-2-5 steps on linear axes, decades on log axes) and their labels. Data
/// are given in their own units and multiplied by `valueScale` before plotting
/// (a time axis in min shows seconds / 60).
struct Axis {
    /// Linear or logarithmic (base 10) scale.
    enum Scale { case linear, log }
    var scale: Scale
    /// Ends of the axis in plotted units (positive on a log axis).
    var lo: Double
    var hi: Double
    /// Axis title, with its unit.
    var label: String
    /// Labelled tick values, in plotted units.
    var ticks: [Double]
    /// Unlabelled minor ticks (decades between labelled ones on a long log axis).
    var minorTicks: [Double] = []
    /// Plotted value = data value × valueScale.
    var valueScale: Double = 1

    /// Position of data value `v` along the axis: 0 at `lo`, 1 at `hi`; outside [0, 1]
    /// beyond the ends, −∞ for a non-positive value on a log axis, NaN for NaN.
    func fraction(_ v: Double) -> Double {
        let u = v * valueScale
        switch scale {
        case .linear: return (u - lo) / (hi - lo)
        case .log:
            if u.isNaN { return .nan }
            if u <= 0 { return -.infinity }
            return (log10(u) - log10(lo)) / (log10(hi) - log10(lo))
        }
    }

    /// A tick label as it is printed (plain decimals, or a power of ten on a log axis).
    func label(for t: Double) -> String {
        switch scale {
        case .log: return Axis.decadeLabel(t)
        case .linear: return Axis.format(t, step: ticks.count > 1 ? abs(ticks[1] - ticks[0]) : abs(t))
        }
    }

    /// "1", "10", "100", "0.1", "0.01" near 1, else "1e-6" style.
    static func decadeLabel(_ t: Double) -> String {
        let e = Int(log10(t).rounded())
        if (-2...3).contains(e) { return format(pow(10, Double(e)), step: pow(10, Double(min(e, 0)))) }
        return "1e\(e)"
    }

    /// The 1-2-5 step nearest to `raw` (1, 2 or 5 times a power of ten, at least raw).
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * p >= raw * (1 - 1e-9) { return m * p }
        return 10 * p
    }

    /// `v` printed with as many decimals as `step` needs; very large or small steps in e-notation.
    static func format(_ v: Double, step: Double) -> String {
        let s = abs(step)
        let v = abs(v) < s * 1e-9 ? 0 : v
        if v == 0 { return s >= 1 || s >= 1e6 || s < 1e-4 ? "0" : String(format: "%.\(Int(ceil(-log10(s) - 1e-9)))f", 0.0) }
        if s >= 1e6 || (s < 1e-4 && s > 0) {
            let e = Int(floor(log10(abs(v))))
            let m = v / pow(10, Double(e))
            let digits = max(0, Int(-floor(log10(s / pow(10, Double(e)) + 1e-12))))
            return String(format: "%.\(digits)fe%d", m, e)
        }
        let decimals = s >= 1 ? 0 : Int(ceil(-log10(s) - 1e-9))
        return String(format: "%.\(decimals)f", v)
    }

    /// A linear axis covering [lo, hi] with about `target` ticks on a 1-2-5 step;
    /// the ends are rounded out to whole steps.
    static func linear(_ lo: Double, _ hi: Double, label: String, target: Int = 6, valueScale: Double = 1) -> Axis {
        var a = lo * valueScale, b = hi * valueScale
        if !a.isFinite || !b.isFinite { a = 0; b = 1 }
        if a > b { swap(&a, &b) }
        if b - a < 1e-300 * max(1, abs(a)) || b == a { let d = a == 0 ? 1 : abs(a) * 0.1; a -= d; b += d }
        let step = niceStep((b - a) / Double(max(target - 1, 1)))
        let l = floor(a / step + 1e-9) * step, h = ceil(b / step - 1e-9) * step
        var ticks: [Double] = []
        var k = 0
        while true {
            let t = l + Double(k) * step
            if t > h + step * 1e-6 { break }
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            k += 1
        }
        return Axis(scale: .linear, lo: l, hi: h, label: label, ticks: ticks, valueScale: valueScale)
    }

    /// A log axis from the decade at or below `lo` to the decade at or above `hi`, at
    /// most `maxDecades` decades (the top kept); every decade ticked, labelled every
    /// decade up to 8 decades and every second or third beyond.
    static func log(_ lo: Double, _ hi: Double, label: String, maxDecades: Int = 14) -> Axis {
        var top = ceil(log10(max(hi, 1e-300)) - 1e-9)
        var bottom = floor(log10(max(lo, 1e-300)) + 1e-9)
        if !top.isFinite { top = 0 }
        if !bottom.isFinite || bottom >= top { bottom = top - 1 }
        bottom = max(bottom, top - Double(maxDecades))
        let n = Int(top - bottom)
        let every = n <= 8 ? 1 : (n <= 16 ? 2 : 3)
        var ticks: [Double] = [], minor: [Double] = []
        for k in 0...n {
            let d = top - Double(k)
            if k % every == 0 { ticks.append(pow(10, d)) } else { minor.append(pow(10, d)) }
        }
        return Axis(scale: .log, lo: pow(10, bottom), hi: pow(10, top), label: label, ticks: ticks.reversed(), minorTicks: minor)
    }

    /// A time axis for data in seconds from 0 to `span`: in s, min or h as fits the span;
    /// the axis ends at the span, ticked on 1-2-5 steps inside it.
    static func time(span: Double, target: Int = 9) -> Axis {
        let (unit, f): (String, Double) = span <= 300 ? ("s", 1) : (span <= 3 * 3600 ? ("min", 60) : ("h", 3600))
        var a = linear(0, max(span, 1e-9), label: "time (\(unit))", target: target, valueScale: 1 / f)
        a.hi = max(span, 1e-9) / f
        let step = a.ticks.count > 1 ? a.ticks[1] - a.ticks[0] : a.hi
        a.ticks = a.ticks.filter { $0 <= a.hi + step * 1e-6 }
        return a
    }
}
