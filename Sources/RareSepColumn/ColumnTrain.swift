import RareSepODE
import Foundation
import RareSepCore

/// When the lead column of a train leaves it.
public enum TrainSwitching: Sendable {
    /// Every `interval` seconds.
    case interval(Double)
    /// When the outlet of the last column in the train reaches `fraction` of the feed
    /// concentration of `component`; an interval longer than `horizon` (s) is an error.
    case breakthrough(component: Int, fraction: Double, horizon: Double)
}

/// Layout and operation of a column train (lead–lag carousel): `columns` identical
/// columns, `inSeries` of them loading in series (feed into the lead, each outlet into
/// the next), the others off-line running the regeneration programme (the sections
/// after the load section of the problem: wash, elute, re-equilibrate). At a switch the
/// lead leaves for regeneration and the regenerated column that has been ready longest
/// joins at the tail.
public struct ColumnTrainSpec: Sendable {
    /// Total number of columns N.
    public var columns: Int
    /// Columns loading in series (1 ≤ inSeries < N).
    public var inSeries: Int
    public var switching: TrainSwitching
    /// Cyclic steady state when the state change and the pool change between two
    /// consecutive cycles are both below this (see `TrainCycle.stateChange`).
    public var cssTolerance: Double
    /// Give up (not an error: reported) after this many cycles.
    public var maxCycles: Int
    /// Sampling step (s) of the outlet of each train column: the next column's inlet
    /// is the linear interpolant of these samples, and a breakthrough switch happens at
    /// the first sample at or above the criterion (the switch-time resolution).
    public var recordStep: Double
    /// Product pools as windows in programme time (within the regeneration sections);
    /// windows with the same name form one pool.
    public var pools: [FractionSpec]
    /// Purity targets: when not empty, the pools are chosen each cycle by `FractionCuts`
    /// on the regeneration outlet (within `cutRange`, programme time) instead of `pools`.
    public var cutTargets: [CutTarget]
    public var cutRange: ClosedRange<Double>?

    public init(columns: Int, inSeries: Int, switching: TrainSwitching, cssTolerance: Double = 1e-4, maxCycles: Int = 60,
                recordStep: Double, pools: [FractionSpec] = [], cutTargets: [CutTarget] = [], cutRange: ClosedRange<Double>? = nil) {
        self.columns = columns
        self.inSeries = inSeries
        self.switching = switching
        self.cssTolerance = cssTolerance
        self.maxCycles = maxCycles
        self.recordStep = recordStep
        self.pools = pools
        self.cutTargets = cutTargets
        self.cutRange = cutRange
    }
}

/// One cycle of a train: the loading interval between two switches plus the
/// regeneration of the column that left at its end. Amounts in mol per m² of column
/// cross-section, per component symbol.
public struct TrainCycle: Sendable, Codable {
    public struct Pool: Sendable, Codable {
        public var name: String
        /// Windows in programme time of the regeneration (s).
        public var windows: [[Double]]
        public var amount: [String: Double]
        /// Mol fraction among binding components.
        public var purity: [String: Double]
        public var product: String?
        /// Product in the pool / product fed to the train in the cycle.
        public var recovery: Double?
        /// Product per m³ of bed (all N columns) per hour of cycle, mol/(m³·h).
        public var productivity_mol_per_m3_h: Double?
        /// Bed volume (all N columns) per product rate, m³ bed per (mol/h): 1/productivity.
        public var resin_m3_per_mol_per_h: Double?
        /// Modifier (acid) fed in the cycle per mol of product.
        public var acid_mol_per_mol_product: Double?
    }
    /// 1-based cycle number.
    public var cycle: Int
    public var start_s: Double
    public var end_s: Double
    /// "time", "breakthrough", or "breakthrough, waited for regeneration".
    public var switchReason: String
    /// Outlet of the last train column at the switch over the feed (component of the criterion, or max over components).
    public var breakthroughAtSwitch: Double
    /// Fed to the lead column, out of the last column (raffinate).
    public var fed: [String: Double]
    public var raffinate: [String: Double]
    /// Regeneration solutions in, and regeneration outlet outside every pool.
    public var regenerationFed: [String: Double]
    public var regenerationWaste: [String: Double]
    public var pools: [Pool]
    /// Modifier (acid) fed in the cycle (feed and regeneration), mol/m²; nil without a modifier.
    public var acidFed: Double?
    /// Per component: (in − out − change of inventory)/in over the cycle.
    public var balance: [String: Double]
    /// Largest change of the column states (train positions after the switch) against the
    /// previous cycle, per entry over the largest value of that component in the states.
    public var stateChange: Double
    /// Largest change of a pool or raffinate amount against the previous cycle, over the amount fed per cycle.
    public var poolChange: Double
    /// Interstage transfer error: |fed to column p+1 (interpolated record) − out of column p| over the amount fed, largest.
    public var transferError: Double
}

/// A train simulation that could not go on (a criterion never met, an integration failure).
public struct ColumnTrainError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Whether the cause is numerical (integrator) rather than the operation asked for.
    public var numerical: Bool
    public var description: String { message }
}

/// Outcome of a train run.
public struct ColumnTrainResult: Sendable {
    public var cycles: [TrainCycle]
    /// First cycle at which the cyclic steady state was detected (1-based), nil if not within `maxCycles`.
    public var steadyCycle: Int?
    /// The regeneration run of the last cycle (outlet history for plots and cuts), in programme time.
    public var lastRegeneration: ColumnRun
    /// Outlet of the last train column over the last cycle, sampled every record step:
    /// times from the start of the cycle (s) and concentrations (mol/m³), sample-major.
    public var lastTrainOutletTimes: [Double]
    public var lastTrainOutlet: [[Double]]
    /// Integrator statistics summed over all column runs.
    public var statistics: IntegratorStatistics
    /// Length of the last cycle (s).
    public var cycleTime: Double { cycles.last.map { $0.end_s - $0.start_s } ?? 0 }
}

/// Simulates a column train cycle by cycle until the cyclic steady state.
///
/// Each column is the single-column model (`ColumnDiscretization`, its BDF integrator with the
/// Newton solver `ColumnNumerics.integrator(for:)` chooses — condensed for the GRM —,
/// and `ColumnSimulator` for the off-line programme). In a loading interval the
/// columns are integrated one after the other, chunk by chunk: column p advances over
/// the chunk and its outlet is sampled every `recordStep`; column p+1 then advances
/// over the same chunk with that record, interpolated linearly, as its inlet
/// (`InletHistory`). The transfer error this makes is measured every cycle
/// (`TrainCycle.transferError`: the interpolated inlet integral against the upstream
/// column's exact cumulative outflow). Column states pass between positions as they
/// are (the leaving column's state starts its regeneration; the regenerated state
/// rejoins at the tail); an off-line column that finished its programme waits without
/// flow, its state kept.
public enum ColumnTrainSimulator {
    /// Run `problem` (first section: load, whose inlet is the train feed and must be
    /// constant; the other sections: the off-line programme) as the train `spec`.
    /// `regenerationOutputTimes` (programme time) sample the regeneration outlet
    /// for the auto cuts and plots. `progress` is called after every cycle.
    public static func run(_ problem: ColumnProblem, numerics: ColumnNumerics, spec: ColumnTrainSpec,
                           regenerationOutputTimes: [Double],
                           progress: ((TrainCycle) -> Void)? = nil) throws -> ColumnTrainResult {
        let n = problem.components.count
        let names = problem.components.symbols
        let col = problem.column
        let us = col.superficialVelocity
        guard let load = problem.sections.first, problem.sections.count >= 1 else {
            throw ColumnTrainError(message: "the programme has no load section", numerical: false)
        }
        let feed = load.inletStart
        let regenSections = Array(problem.sections.dropFirst())
        let regenStart = load.end
        let regenDuration = (problem.sections.last?.end ?? regenStart) - regenStart
        let offline = spec.columns - spec.inSeries
        let binding = (0..<n).filter { problem.isotherm.isBinding($0) }

        // Loading columns: one discretisation and integrator per train position.
        var discs: [ColumnDiscretization] = []
        var integs: [any ColumnIntegration] = []
        var histories: [InletHistory] = []
        for p in 0..<spec.inSeries {
            let d = ColumnDiscretization(problem: problem, cells: numerics.cells, particleCells: numerics.particleCells,
                                         wenoRelativeEpsilon: numerics.wenoRelativeEpsilon)
            d.section = OperatingSection(name: load.name, start: 0, end: .infinity, inletStart: feed)
            if p > 0 { d.inletHistory = histories[p - 1] }
            discs.append(d)
            integs.append(numerics.integrator(for: d).integrator)
            histories.append(InletHistory(components: n))
        }
        let disc0 = discs[0]
        let dim = disc0.dimension, cumBase = disc0.cells * disc0.m
        let fresh = disc0.initialState()
        var train = [[Double]](repeating: fresh, count: spec.inSeries)
        var waiting: [(state: [Double], ready: Double)] = (0..<offline).map { _ in (fresh, 0) }
        var stats = IntegratorStatistics()
        func holdup(_ y: [Double]) -> [Double] { y.withUnsafeBufferPointer { disc0.holdup($0.baseAddress!) } }
        let probes = spec.pools.flatMap { [$0.from, $0.to] }
        let regenProblem: ColumnProblem = {
            var p = problem
            p.sections = regenSections
            return p
        }()
        let regenTimes = regenerationOutputTimes.filter { $0 >= regenStart && $0 <= regenStart + regenDuration }

        var cycles: [TrainCycle] = []
        var previousStates: [[Double]]?
        var steady: Int?
        var t = 0.0
        var lastRegen: ColumnRun?
        let criterion: (component: Int, level: Double)?
        let horizon: Double
        switch spec.switching {
        case .interval(let T):
            criterion = nil; horizon = T
            if regenDuration > Double(offline) * T * (1 + 1e-12) {
                throw ColumnTrainError(message: "the off-line programme takes \(regenDuration) s but a column is off-line for only \(offline) × \(T) s (the switching interval times the columns off-line): shorten the programme, switch less often or add a column", numerical: false)
            }
        case .breakthrough(let j, let f, let h):
            criterion = (j, f * feed[j]); horizon = h
        }
        let chunk = 64
        // The train's line counts cycles (up to max_cycles; it ends early at the cyclic
        // steady state); the columns' own lines stay silent while it draws.
        let cycleProgress = ProgressReporter(label: "column train", total: max(1, spec.maxCycles), unit: "cycles at most")
        defer { cycleProgress.finish() }

        for cycle in 1...max(1, spec.maxCycles) {
            let ts = t
            let nextReady = waiting.map(\.ready).min() ?? ts
            // sample grid of this interval
            let uniform = Int((horizon / spec.recordStep).rounded(.up))
            var grid = (0...uniform).map { ts + Double($0) * horizon / Double(uniform) }
            grid[uniform] = ts + horizon
            // a switch that waits for the regenerated column happens exactly when it is ready
            if criterion != nil, nextReady > ts, nextReady < ts + horizon, !grid.contains(nextReady) {
                grid.insert(nextReady, at: grid.firstIndex { $0 > nextReady }!)
            }
            let count = grid.count - 1
            // restart every position at its state, cumulative outflow reset
            for p in 0..<spec.inSeries {
                histories[p].removeAll()
                for j in 0..<n { train[p][cumBase + j] = 0 }
                let st = train[p].withUnsafeBufferPointer { integs[p].restart(t0: ts, y0: $0.baseAddress!) }
                if st != .success { throw failure(st, position: p, at: ts, cycle: cycle) }
                train[p].withUnsafeBufferPointer { buf in histories[p].append(ts, (0..<n).map { disc0.outlet($0, buf.baseAddress!) }) }
            }
            // advance chunk by chunk
            var index = [Int](repeating: 1, count: spec.inSeries)
            var chunkStates = [[[Double]]](repeating: [], count: spec.inSeries)
            var switchSample: Int?
            var lastLevel = 0.0, maxLevel = 0.0, maxLevelAt = ts
            var firstCross: Double?
            // the criterion is armed once the outlet is below it (a freshly joined column may
            // first bleed what its regeneration left, which is not a breakthrough)
            var armed = false
            var s0 = 0, chunkStart = 0
            while switchSample == nil && s0 < count {
                let s1 = criterion == nil ? count : min(count, s0 + chunk)
                chunkStart = s0
                for p in 0..<spec.inSeries {
                    // states at the samples s0 ... s1 of this chunk (s0: the previous chunk's last)
                    if criterion != nil { chunkStates[p] = [chunkStates[p].last ?? train[p]] }
                    let d = discs[p], h = histories[p]
                    // without a criterion only the outlet is read: interpolate just that
                    let status = integs[p].advance(to: grid[s1], outputTimes: grid, outputIndex: &index[p],
                                                   outputComponents: criterion == nil ? d.recordedComponents : nil) { _, tq, y in
                        h.append(tq, (0..<n).map { d.outlet($0, y) })
                        if criterion != nil { chunkStates[p].append(Array(UnsafeBufferPointer(start: y, count: dim))) }
                    }
                    if status != .success { throw failure(status, position: p, at: integs[p].t, cycle: cycle) }
                }
                if let crit = criterion {
                    let h = histories[spec.inSeries - 1]
                    for s in (s0 + 1)...s1 {
                        let c = h.values[s * n + crit.component]
                        lastLevel = c / feed[crit.component]
                        if lastLevel > maxLevel { maxLevel = lastLevel; maxLevelAt = grid[s] }
                        if c < crit.level { armed = true; continue }
                        guard armed else { continue }
                        if firstCross == nil { firstCross = grid[s] }
                        if grid[s] >= nextReady { switchSample = s; break }
                    }
                }
                s0 = s1
            }
            let te: Double
            var ends: [[Double]]
            var reason = "time"
            if let crit = criterion {
                guard let s = switchSample else {
                    throw ColumnTrainError(message: "cycle \(cycle): the outlet of train column \(spec.inSeries) did not reach \(crit.level / feed[crit.component]) of the feed \(names[crit.component]) within the horizon of \(horizon) s after the switch at \(ts) s (the highest it reached was \(maxLevel) of the feed, at \(maxLevelAt) s; at the horizon \(lastLevel)): lower the criterion, lengthen the horizon, or switch by time", numerical: false)
                }
                let k = s - chunkStart
                let h = histories[spec.inSeries - 1]
                let cPrev = h.values[(s - 1) * n + crit.component], cNow = h.values[s * n + crit.component]
                reason = (firstCross ?? grid[s]) < grid[s] ? "breakthrough, waited for regeneration" : "breakthrough"
                if cPrev < crit.level && cNow > cPrev {
                    // the crossing between the samples (linear in the record), not before the ready time;
                    // the train is integrated again from the previous sample to it
                    let tCross = max(nextReady, grid[s - 1] + (crit.level - cPrev) / (cNow - cPrev) * (grid[s] - grid[s - 1]))
                    te = min(grid[s], tCross)
                } else {
                    te = grid[s]
                }
                if te == grid[s] {
                    ends = (0..<spec.inSeries).map { chunkStates[$0][k] }
                } else {
                    ends = []
                    for p in 0..<spec.inSeries {
                        var y = chunkStates[p][k - 1]
                        var st = y.withUnsafeBufferPointer { integs[p].restart(t0: grid[s - 1], y0: $0.baseAddress!) }
                        var none = 0
                        if st == .success { st = integs[p].advance(to: te, outputTimes: [], outputIndex: &none) { _, _, _ in } }
                        if st != .success { throw failure(st, position: p, at: integs[p].t, cycle: cycle) }
                        integs[p].copyState(into: &y)
                        ends.append(y)
                    }
                }
            } else {
                te = grid[count]
                ends = (0..<spec.inSeries).map { p in
                    var y = [Double](repeating: 0, count: dim)
                    integs[p].copyState(into: &y)
                    return y
                }
            }
            // amounts of the interval
            let fedCycle = (0..<n).map { us * feed[$0] * (te - ts) }
            let raffinate = (0..<n).map { ends[spec.inSeries - 1][cumBase + $0] }
            var transfer = 0.0
            for p in 1..<max(1, spec.inSeries) {
                let h = histories[p - 1]
                for j in 0..<n where fedCycle[j] > 0 {
                    let integral = h.integral(j, upTo: te)
                    transfer = max(transfer, abs(us * integral - ends[p - 1][cumBase + j]) / fedCycle[j])
                }
            }
            let startHold = train.map(holdup).reduce([Double](repeating: 0, count: n)) { a, b in zip(a, b).map { $0 + $1 } }
            // regeneration of the leaving column
            let leaving = ends[0]
            let regen = ColumnSimulator.run(regenProblem, numerics: numerics, outputTimes: regenTimes,
                                            probeTimes: probes, initialState: leaving)
            stats.add(regen.statistics)
            guard regen.report.code == .success else {
                throw ColumnTrainError(message: "cycle \(cycle): the off-line programme of the leaving column failed (\(regen.report.code.rawValue): \(regen.report.notes.joined(separator: "; ")))", numerical: true)
            }
            lastRegen = regen
            // pools
            let windows: [FractionSpec]
            var cutTexts: [ChosenCut] = []
            if !spec.cutTargets.isEmpty {
                var lo = 0, hi = regen.times.count - 1
                if let r = spec.cutRange {
                    lo = regen.times.firstIndex { $0 >= r.lowerBound - 1e-9 } ?? 0
                    hi = regen.times.lastIndex { $0 <= r.upperBound + 1e-9 } ?? hi
                }
                cutTexts = FractionCuts.choose(times: regen.times, cumulative: regen.cumulativeOutflow, range: lo...max(lo, hi),
                                               binding: binding, targets: spec.cutTargets, normaliser: fedCycle, names: names)
                windows = zip(spec.cutTargets, cutTexts).compactMap { tg, c in
                    guard let a = c.from_s, let b = c.to_s else { return nil }
                    return FractionSpec(name: "\(names[tg.product])-cut", from: a, to: b, product: tg.product)
                }
            } else {
                windows = spec.pools
            }
            func cumulative(_ time: Double) -> [Double] {
                if let k = regen.probeTimes.firstIndex(of: time) { return regen.probeOutflow[k] }
                if let k = regen.times.firstIndex(of: time) { return regen.cumulativeOutflow[k] }
                return regen.totalOutflow   // not reached: windows are probe or output times
            }
            let acidIndex = problem.modifierIndex
            let acidFed = acidIndex.map { fedCycle[$0] + regen.fed[$0] }
            let hours = (te - ts) / 3600
            let bed = Double(spec.columns) * col.length
            var pools: [TrainCycle.Pool] = []
            var pooled = [Double](repeating: 0, count: n)
            var poolOrder: [String] = []
            for w in windows where !poolOrder.contains(w.name) { poolOrder.append(w.name) }
            for name in poolOrder {
                let ws = windows.filter { $0.name == name }
                var amount = [Double](repeating: 0, count: n)
                for w in ws { let a = cumulative(w.from), b = cumulative(w.to); for j in 0..<n { amount[j] += b[j] - a[j] } }
                for j in 0..<n { pooled[j] += amount[j] }
                let total = binding.reduce(0.0) { $0 + max(0, amount[$1]) }
                var pool = TrainCycle.Pool(name: name, windows: ws.map { [$0.from, $0.to] }, amount: [:], purity: [:])
                for j in 0..<n { pool.amount[names[j]] = amount[j] }
                for j in binding { pool.purity[names[j]] = total > 0 ? max(0, amount[j]) / total : 0 }
                if let p = ws.first?.product {
                    pool.product = names[p]
                    if fedCycle[p] > 0 { pool.recovery = amount[p] / fedCycle[p] }
                    if hours > 0 && amount[p] > 0 {
                        let prod = amount[p] / bed / hours
                        pool.productivity_mol_per_m3_h = prod
                        pool.resin_m3_per_mol_per_h = 1 / prod
                        if let acidFed { pool.acid_mol_per_mol_product = acidFed / amount[p] }
                    }
                }
                pools.append(pool)
            }
            // balance over the cycle: train at ts → remaining train at te + regenerated leaver
            let regenEnd = regen.finalState
            var endHold = holdup(regenEnd)
            for p in 1..<max(1, spec.inSeries) { endHold = zip(endHold, holdup(ends[p])).map { $0 + $1 } }
            var balance: [String: Double] = [:]
            for j in 0..<n {
                let inflow = fedCycle[j] + regen.fed[j]
                let out = raffinate[j] + regen.totalOutflow[j]
                let scale = max(inflow, startHold[j], 1e-300)
                balance[names[j]] = (inflow - out - (endHold[j] - startHold[j])) / scale
            }
            // rotate: leaver off-line, the longest-ready column joins at the tail
            waiting.append((regenEnd, te + regenDuration))
            let joinIndex = waiting.indices.min { waiting[$0].ready < waiting[$1].ready }!
            var joining = waiting.remove(at: joinIndex).state
            for j in 0..<n { joining[cumBase + j] = 0 }
            var newTrain = Array(ends.dropFirst())
            newTrain.append(joining)
            for p in 0..<newTrain.count { for j in 0..<n { newTrain[p][cumBase + j] = 0 } }
            // cyclic steady state measures
            var stateChange = Double.infinity, poolChange = Double.infinity
            if let prev = previousStates {
                var scale = [Double](repeating: 0, count: n), change = [Double](repeating: 0, count: n)
                for p in 0..<newTrain.count {
                    for e in 0..<cumBase {
                        let j = e % n
                        scale[j] = max(scale[j], abs(newTrain[p][e]))
                        change[j] = max(change[j], abs(newTrain[p][e] - prev[p][e]))
                    }
                }
                stateChange = (0..<n).map { scale[$0] > 0 ? change[$0] / scale[$0] : 0 }.max() ?? 0
                let before = cycles[cycles.count - 1]
                poolChange = 0
                for j in 0..<n {
                    let f = max(fedCycle[j], 1e-300)
                    guard fedCycle[j] > 0 else { continue }
                    poolChange = max(poolChange, abs(raffinate[j] - (before.raffinate[names[j]] ?? 0)) / f)
                    for pool in pools {
                        let old = before.pools.first { $0.name == pool.name }?.amount[names[j]] ?? 0
                        poolChange = max(poolChange, abs((pool.amount[names[j]] ?? 0) - old) / f)
                    }
                }
            }
            // outlet of the last train column at the switch, over the feed
            let tail = ends[spec.inSeries - 1]
            func outletOverFeed(_ j: Int) -> Double { tail.withUnsafeBufferPointer { disc0.outlet(j, $0.baseAddress!) } / feed[j] }
            var level = 0.0
            if let crit = criterion { level = outletOverFeed(crit.component) } else {
                for j in 0..<n where feed[j] > 0 { level = max(level, outletOverFeed(j)) }
            }
            func dict(_ v: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(names, v)) }
            let c = TrainCycle(cycle: cycle, start_s: ts, end_s: te, switchReason: reason, breakthroughAtSwitch: level,
                               fed: dict(fedCycle), raffinate: dict(raffinate), regenerationFed: dict(regen.fed),
                               regenerationWaste: dict((0..<n).map { regen.totalOutflow[$0] - pooled[$0] }), pools: pools,
                               acidFed: acidFed, balance: balance, stateChange: stateChange, poolChange: poolChange,
                               transferError: transfer)
            cycles.append(c)
            progress?(c)
            cycleProgress.advance()
            previousStates = newTrain
            train = newTrain
            t = te
            if stateChange < spec.cssTolerance && poolChange < spec.cssTolerance { steady = cycle; break }
        }
        for p in 0..<spec.inSeries { stats.add(integs[p].statistics) }
        let h = histories[spec.inSeries - 1]
        let end = cycles.last.map { $0.end_s } ?? 0, start = cycles.last.map { $0.start_s } ?? 0
        let kept = h.times.indices.filter { h.times[$0] <= end + 1e-9 * max(1, end) }
        return ColumnTrainResult(cycles: cycles, steadyCycle: steady, lastRegeneration: lastRegen!,
                                 lastTrainOutletTimes: kept.map { h.times[$0] - start },
                                 lastTrainOutlet: kept.map { k in (0..<n).map { h.values[k * n + $0] } }, statistics: stats)
    }

    static func failure(_ st: IntegratorStatus, position: Int, at t: Double, cycle: Int) -> ColumnTrainError {
        ColumnTrainError(message: "cycle \(cycle): the integration of train column \(position + 1) stopped at t = \(t) s (\(st.rawValue))", numerical: true)
    }
}
