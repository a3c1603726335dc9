import Foundation
import RareSepCore

/// A product fraction: the outlet collected between two times.
public struct FractionSpec: Sendable {
    public var name: String
    /// Cut times (s) from the start of the run.
    public var from: Double
    public var to: Double
    /// Index of the target component (for productivity), or nil.
    public var product: Int?

    public init(name: String, from: Double, to: Double, product: Int?) {
        self.name = name
        self.from = from
        self.to = to
        self.product = product
    }
}

/// Results derived from a column run (all amounts per m² of column cross-section
/// unless stated; multiply by the cross-section for mol).
public struct ColumnSummary: Sendable, Codable {
    public struct Breakthrough: Sendable, Codable {
        public var component: String
        /// Feed concentration of the load section (mol/m³).
        public var feed: Double
        /// Bed volumes fed (u_s·t/L, t from the start of the load section) when the
        /// outlet first reaches 10 % and 50 % of the feed; nil when not reached in the load.
        public var bedVolumes10: Double?
        public var bedVolumes50: Double?
        /// Dynamic binding capacity at 10 % breakthrough, c_feed·u_s·(t_10 − t_0)/L with
        /// t_0 = ε_t·L/u_s the dead time (mol per m³ of bed).
        public var dynamicBindingCapacity10: Double?
    }
    public struct Fraction: Sendable, Codable {
        public var name: String
        public var from_s: Double
        public var to_s: Double
        /// Amount collected per component (mol/m²).
        public var amount: [String: Double]
        /// Purity among binding components (mol fraction).
        public var purity: [String: Double]
        /// Yield: collected / fed over the run.
        public var yield: [String: Double]
        public var product: String?
        /// Product collected per m³ of bed per hour of the whole programme (mol/(m³·h)).
        public var productivity_mol_per_m3_h: Double?
    }
    public struct Balance: Sendable, Codable {
        public var component: String
        /// Fed, eluted, and change of column inventory over the run (mol/m²).
        public var fed: Double
        public var out: Double
        public var inventoryChange: Double
        /// (fed − out − inventory change)/max(fed, initial inventory).
        public var relativeError: Double
    }
    public struct Peak: Sendable, Codable {
        public var component: String
        /// Largest outlet concentration (mol/m³) and when (s).
        public var max: Double
        public var time_s: Double
    }
    public var breakthrough: [Breakthrough]
    public var fractions: [Fraction]
    public var massBalance: [Balance]
    public var peaks: [Peak]
    /// Worst relative mass-balance error over components.
    public var worstMassBalance: Double
}

/// Breakthrough, capacity, fractions, productivity and mass balance from a run.
public enum ColumnAnalysis {
    /// Summarise `run` of `problem`; fraction cut times must have been passed as
    /// probe times to `ColumnSimulator.run` (else they are interpolated linearly in
    /// the cumulative outflow at the output times).
    public static func summarize(_ problem: ColumnProblem, run: ColumnRun, fractions: [FractionSpec]) -> ColumnSummary {
        let n = problem.components.count
        let names = problem.components.symbols
        let col = problem.column
        let binding = (0..<n).filter { problem.isotherm.isBinding($0) }
        // breakthrough in the load section
        var bt: [ColumnSummary.Breakthrough] = []
        for j in binding {
            guard let load = problem.sections.first(where: { $0.name.lowercased() == "load" && $0.inletStart[j] > 0 })
                    ?? problem.sections.first(where: { $0.inletStart[j] > 0 }) else { continue }
            let feed = load.inletStart[j]
            func crossing(_ level: Double) -> Double? {
                var prevT: Double?, prevC = 0.0
                for (k, t) in run.times.enumerated() where t >= load.start && t <= load.end {
                    let c = run.outlet[k][j] / feed
                    if c >= level {
                        if let pt = prevT, c > prevC { return pt + (level - prevC) / (c - prevC) * (t - pt) }
                        return t
                    }
                    prevT = t; prevC = c
                }
                return nil
            }
            let t10 = crossing(0.1), t50 = crossing(0.5)
            let bv = { (t: Double) in (t - load.start) * col.superficialVelocity / col.length }
            bt.append(.init(component: names[j], feed: feed, bedVolumes10: t10.map(bv), bedVolumes50: t50.map(bv),
                            dynamicBindingCapacity10: t10.map { feed * col.superficialVelocity * (($0 - load.start) - col.deadTime) / col.length }))
        }
        // cumulative outflow at a time
        func cumulative(_ t: Double) -> [Double] {
            if let k = run.probeTimes.firstIndex(of: t) { return run.probeOutflow[k] }
            if let k = run.times.firstIndex(of: t) { return run.cumulativeOutflow[k] }
            guard let hi = run.times.firstIndex(where: { $0 > t }), hi > 0 else {
                return t <= (run.times.first ?? 0) ? [Double](repeating: 0, count: n) : run.totalOutflow
            }
            let lo = hi - 1
            let w = (t - run.times[lo]) / (run.times[hi] - run.times[lo])
            return (0..<n).map { run.cumulativeOutflow[lo][$0] * (1 - w) + run.cumulativeOutflow[hi][$0] * w }
        }
        var fr: [ColumnSummary.Fraction] = []
        let hours = problem.duration / 3600
        for f in fractions {
            let a = cumulative(f.from), b = cumulative(f.to)
            let amount = (0..<n).map { b[$0] - a[$0] }
            let total = binding.reduce(0.0) { $0 + max(0, amount[$1]) }
            var am: [String: Double] = [:], pu: [String: Double] = [:], yi: [String: Double] = [:]
            for j in 0..<n { am[names[j]] = amount[j] }
            for j in binding {
                pu[names[j]] = total > 0 ? max(0, amount[j]) / total : 0
                if run.fed[j] > 0 { yi[names[j]] = amount[j] / run.fed[j] }
            }
            var prod: Double?
            if let p = f.product, hours > 0 { prod = amount[p] / col.length / hours }
            fr.append(.init(name: f.name, from_s: f.from, to_s: f.to, amount: am, purity: pu, yield: yi,
                            product: f.product.map { names[$0] }, productivity_mol_per_m3_h: prod))
        }
        var bal: [ColumnSummary.Balance] = []
        var worst = 0.0
        for j in 0..<n {
            let change = run.finalHoldup[j] - run.initialHoldup[j]
            let scale = max(run.fed[j], run.initialHoldup[j], 1e-300)
            let rel = (run.fed[j] - run.totalOutflow[j] - change) / scale
            worst = max(worst, abs(rel))
            bal.append(.init(component: names[j], fed: run.fed[j], out: run.totalOutflow[j], inventoryChange: change, relativeError: rel))
        }
        var peaks: [ColumnSummary.Peak] = []
        for j in 0..<n {
            var best = -Double.infinity, bt = 0.0
            for (k, t) in run.times.enumerated() where run.outlet[k][j] > best { best = run.outlet[k][j]; bt = t }
            peaks.append(.init(component: names[j], max: best, time_s: bt))
        }
        return ColumnSummary(breakthrough: bt, fractions: fr, massBalance: bal, peaks: peaks, worstMassBalance: worst)
    }
}
