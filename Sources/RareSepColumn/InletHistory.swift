/// A column inlet given as a sampled history — the outlet of the column before it in
/// a train (`ColumnTrainSimulator`) — interpolated linearly between samples and held
/// constant beyond the first and last sample. Samples are appended in increasing time
/// while the upstream column advances; the lookup keeps a cursor, so the nearly
/// monotone times of a BDF integration cost O(1) per call.
public final class InletHistory {
    /// Number of components n.
    public let components: Int
    /// Sample times (s), increasing.
    public private(set) var times: [Double] = []
    /// Sampled concentrations, times.count × n (mol/m³), sample-major.
    public private(set) var values: [Double] = []
    var cursor = 0

    /// An empty history of `components` components.
    public init(components: Int) { self.components = components }

    /// Forget every sample (keeps the storage).
    public func removeAll() {
        times.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        cursor = 0
    }

    /// Append the sample c(t) (n values, mol/m³); t must exceed the last sample time.
    public func append(_ t: Double, _ c: [Double]) {
        times.append(t)
        values.append(contentsOf: c)
    }

    /// c(t) into `out` (n values): linear between samples, constant outside them, 0 when empty.
    public func value(at t: Double, into out: UnsafeMutablePointer<Double>) {
        let n = components, count = times.count
        guard count > 0 else { out.update(repeating: 0, count: n); return }
        if t <= times[0] || count == 1 { for j in 0..<n { out[j] = values[j] }; return }
        if t >= times[count - 1] { for j in 0..<n { out[j] = values[(count - 1) * n + j] }; return }
        var k = min(cursor, count - 2)
        while k + 1 < count - 1 && times[k + 1] <= t { k += 1 }
        while k > 0 && times[k] > t { k -= 1 }
        cursor = k
        let w = (t - times[k]) / (times[k + 1] - times[k])
        let a = k * n, b = a + n
        for j in 0..<n { out[j] = values[a + j] + w * (values[b + j] - values[a + j]) }
    }

    /// ∫ c_j dt from the first sample to `t` (mol·s/m³), exact for the linear interpolant.
    public func integral(_ j: Int, upTo t: Double) -> Double {
        let n = components
        var s = 0.0
        var k = 1
        while k < times.count && times[k - 1] < t {
            let t1 = min(times[k], t)
            let a = values[(k - 1) * n + j], b = values[k * n + j]
            let w = (t1 - times[k - 1]) / (times[k] - times[k - 1])
            s += 0.5 * (a + (a + w * (b - a))) * (t1 - times[k - 1])
            k += 1
        }
        return s
    }

    /// ∫ c_j dt over the sampled span (mol·s/m³), exact for the linear interpolant
    /// (the trapezoid rule on the samples).
    public func integral(_ j: Int) -> Double {
        let n = components
        var s = 0.0
        for k in 1..<max(1, times.count) { s += 0.5 * (values[(k - 1) * n + j] + values[k * n + j]) * (times[k] - times[k - 1]) }
        return s
    }
}
