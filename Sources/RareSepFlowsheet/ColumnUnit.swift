import RareSepChemistry
import RareSepColumn
import RareSepCore
import RareSepCascade

/// A named product pool of a cyclic column: the outlet collected over one or more
/// time windows of the cycle.
public struct ColumnPool: Sendable, Equatable {
    /// Pool (and outlet port) name.
    public var name: String
    /// Collection windows [from, to], s from the start of the cycle.
    public var windows: [ClosedRange<Double>]

    public init(name: String, windows: [ClosedRange<Double>]) {
        self.name = name
        self.windows = windows
    }

    /// Name of the pool that takes the outlet outside every stated window.
    public static let wasteName = "waste"

    /// The stated pools plus, when they leave parts of [0, duration] uncovered, a
    /// "waste" pool of those parts, so that everything leaving the column in the cycle
    /// leaves through some pool. Overlapping windows, windows outside the cycle and a
    /// stated "waste" pool that leaves gaps are errors (the message names the pools).
    public static func covering(_ pools: [ColumnPool], duration: Double) -> Result<[ColumnPool], VocabularyError> {
        let tol = 1e-9 * duration
        var all: [(name: String, w: ClosedRange<Double>)] = []
        for p in pools {
            for w in p.windows {
                if w.lowerBound < -tol || w.upperBound > duration + tol || !(w.upperBound > w.lowerBound) {
                    return .failure(VocabularyError(message: "pool '\(p.name)': window \(w.lowerBound)–\(w.upperBound) s must lie within the cycle (0–\(duration) s) with 'to' after 'from'"))
                }
                all.append((p.name, w))
            }
        }
        all.sort { $0.w.lowerBound < $1.w.lowerBound }
        var gaps: [ClosedRange<Double>] = []
        var t = 0.0
        var previous: String?
        for (name, w) in all {
            if w.lowerBound < t - tol {
                return .failure(VocabularyError(message: "pools '\(previous!)' and '\(name)' overlap at \(w.lowerBound) s: the outlet would be counted twice"))
            }
            if w.lowerBound > t + tol { gaps.append(t...w.lowerBound) }
            t = max(t, w.upperBound)
            previous = name
        }
        if t < duration - tol { gaps.append(t...duration) }
        // snap window ends to the cycle ends so the pools add up to the whole outflow
        var out = pools.map { p in ColumnPool(name: p.name, windows: p.windows.map { w in
            max(0, w.lowerBound < tol ? 0 : w.lowerBound)...(abs(w.upperBound - duration) <= tol ? duration : w.upperBound) }) }
        if !gaps.isEmpty {
            if pools.contains(where: { $0.name == wasteName }) {
                return .failure(VocabularyError(message: "the pools leave parts of the cycle uncovered (\(gaps.map { "\($0.lowerBound)–\($0.upperBound) s" }.joined(separator: ", "))) and the name '\(wasteName)' that would take them is already a stated pool"))
            }
            out.append(ColumnPool(name: wasteName, windows: gaps))
        }
        return .success(out)
    }
}

/// An adsorption or extraction-chromatography column as a cyclic plant unit.
///
/// Inlet "feed" (aqueous) replaces the load section's inlet: its composition, mapped
/// to the column's components by `UnitVocabularyMap`, is the load inlet; its flow is
/// the plant's cycle-average flow, so the column cross-section A is sized to take
/// one cycle's feed in the load section at the case's superficial velocity:
/// A = Q_feed·T_cycle/(u_s·t_load) (a feed tank before the column, or a staggered
/// set of columns; the per-area column solution does not depend on A). The other
/// sections keep the case's own solutions, counted as plant reagent inputs at their
/// cycle-average flow.
///
/// Each call runs one cycle of the programme with `ColumnSimulator` from the case's
/// initial state, and collects the outlet into pools (`ColumnPool.covering`): each
/// pool is an outlet port whose stream is the pool's volume-averaged composition at
/// the cycle-average flow (pool volume / cycle time). The time-resolved run and its
/// fraction analysis stay available (`lastRun`, `lastSummary`).
public final class ColumnUnit: UnitOperation {
    public let name: String
    public let kind = "column"
    public let inlets: [Port]
    public let outlets: [Port]
    /// The column as its case file states it.
    public let template: ColumnProblem
    /// Discretisation and integrator settings.
    public let numerics: ColumnNumerics
    /// Output times of the time-resolved run (s).
    public let outputTimes: [Double]
    /// Index of the programme section the feed replaces.
    public let loadSection: Int
    /// Pools, in outlet order (the stated ones, then "waste" when windows leave gaps).
    public let pools: [ColumnPool]
    /// Column components ↔ plant species.
    public let vocabulary: UnitVocabularyMap
    /// The problem of the last call (load inlet replaced), its run and its analysis
    /// with one fraction per pool window (named by the pool).
    public private(set) var lastProblem: ColumnProblem?
    public private(set) var lastRun: ColumnRun?
    public private(set) var lastSummary: ColumnSummary?
    /// Cross-section of the last call, m² (the feed flow sets it).
    public private(set) var lastCrossSection = 0.0
    /// Column simulations run, and unit calls (a call whose feed composition equals the
    /// previous one reuses its run: the per-area run does not depend on the flow).
    public private(set) var simulations = 0
    public private(set) var calls = 0

    public var carriedSpecies: Set<String>? { Set(vocabulary.plantSpecies) }

    /// Cycle time T (s): the whole programme.
    public var cycleTime: Double { template.duration }

    public init(name: String, problem: ColumnProblem, numerics: ColumnNumerics, outputTimes: [Double],
                loadSection: Int, pools: [ColumnPool], vocabulary: UnitVocabularyMap) {
        self.name = name
        template = problem
        self.numerics = numerics
        self.outputTimes = outputTimes
        self.loadSection = loadSection
        self.pools = pools
        self.vocabulary = vocabulary
        // With a stated cross-section the case's own load solution is a default feed.
        inlets = [Port(name: "feed", phase: .aqueous, required: problem.column.crossSection == nil)]
        outlets = pools.map { Port(name: $0.name, phase: .aqueous) }
    }

    /// Mean inlet composition of section `s` over its duration (mol/m³, column order).
    func meanInlet(_ s: OperatingSection) -> [Double] { s.meanInlet }

    /// The case's own load solution at the cycle-average flow u_s·A·t_load/T, when the
    /// case states the column's cross-section.
    public func defaultInlet(_ port: Int, species: SpeciesSet) -> ProcessStream? {
        guard let a = template.column.crossSection, cycleTime > 0 else { return nil }
        let load = template.sections[loadSection]
        let flow = template.column.superficialVelocity * a * (load.end - load.start) / cycleTime
        return ProcessStream(phase: .aqueous, flow: flow, concentrations: vocabulary.toPlant(meanInlet(load), species: species))
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        calls += 1
        let fed = try vocabulary.feed(template, section: loadSection, stream: streams[0],
                                      default: defaultInlet(0, species: species), species: species, unit: name)
        var problem = fed.0
        let feed = fed.1
        let col = problem.column
        let load = problem.sections[loadSection]
        let T = cycleTime
        let area = feed.flow * T / (col.superficialVelocity * (load.end - load.start))
        problem.column.crossSection = area
        lastCrossSection = area

        let windows = pools.flatMap { p in p.windows.map { FractionSpec(name: p.name, from: $0.lowerBound, to: $0.upperBound, product: nil) } }
        let run: ColumnRun
        if let last = lastRun, let lp = lastProblem, lp.sections[loadSection].inletStart == load.inletStart {
            run = last
        } else {
            run = ColumnSimulator.run(problem, numerics: numerics, outputTimes: outputTimes,
                                      probeTimes: windows.flatMap { [$0.from, $0.to] })
            simulations += 1
        }
        guard run.report.code == .success else {
            throw UnitFailure(unit: name, message: "the column simulation failed (\(run.report.code.rawValue): \(run.report.notes.joined(separator: "; ")))", report: run.report)
        }
        let summary = ColumnAnalysis.summarize(problem, run: run, fractions: windows)
        lastProblem = problem
        lastRun = run
        lastSummary = summary

        let n = problem.components.count
        let symbols = problem.components.symbols
        let us = col.superficialVelocity
        var outs: [ProcessStream] = []
        for p in pools {
            // mol per m² and m³ per m² collected over the pool's windows
            var amount = [Double](repeating: 0, count: n)
            for f in summary.fractions where f.name == p.name {
                for j in 0..<n { amount[j] += f.amount[symbols[j]] ?? 0 }
            }
            let volume = us * p.windows.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
            let c = amount.map { volume > 0 ? $0 / volume : 0 }
            outs.append(ProcessStream(phase: .aqueous, flow: area * volume / T, concentrations: vocabulary.toPlant(c, species: species)))
        }
        var additions: [(name: String, stream: ProcessStream)] = []
        for (k, s) in problem.sections.enumerated() where k != loadSection {
            let c = meanInlet(s)
            guard c.contains(where: { $0 != 0 }) else { continue }
            additions.append(("\(name): \(s.name) solution",
                              ProcessStream(phase: .aqueous, flow: area * us * (s.end - s.start) / T, concentrations: vocabulary.toPlant(c, species: species))))
        }
        return UnitResult(outlets: outs, additions: additions, report: run.report)
    }

    /// Change of the column's inventory over the last cycle per plant species
    /// (mol/s at the cycle average: (end − start hold-up)·A/T); zero when the
    /// programme returns the column to its initial state.
    public func inventoryChange(species: SpeciesSet) -> [Double] {
        guard let run = lastRun, cycleTime > 0 else { return [Double](repeating: 0, count: species.count) }
        let d = zip(run.finalHoldup, run.initialHoldup).map { ($0 - $1) * lastCrossSection / cycleTime }
        return vocabulary.toPlant(d, species: species)
    }

    /// The column's own mass-balance error per plant species over the last cycle
    /// (fed − out − inventory change, mol/s at the cycle average).
    public func balanceError(species: SpeciesSet) -> [Double] {
        guard let run = lastRun, cycleTime > 0 else { return [Double](repeating: 0, count: species.count) }
        let e = (0..<run.fed.count).map { j in
            (run.fed[j] - run.totalOutflow[j] - (run.finalHoldup[j] - run.initialHoldup[j])) * lastCrossSection / cycleTime
        }
        return vocabulary.toPlant(e, species: species)
    }

    /// Warnings about the last cycle: a programme that does not return the column to
    /// its initial state (inventory change above 1e-6 of what entered) means the plant
    /// is not at a cyclic steady state, and the plant balance shows that change.
    public func warnings(species: SpeciesSet) -> [String] {
        guard let run = lastRun, cycleTime > 0 else { return [] }
        var out: [String] = []
        for (j, sym) in template.components.symbols.enumerated() {
            let change = run.finalHoldup[j] - run.initialHoldup[j]
            let scale = max(run.fed[j], run.initialHoldup[j])
            if scale > 0 && abs(change) > 1e-6 * scale {
                out.append("the column holds \(change > 0 ? "more" : "less") \(sym) at the end of the cycle than at its start (\(change / scale) of what entered and was held): the programme does not regenerate the column, so one cycle is not a cyclic steady state and the plant balance of \(sym) is off by that amount")
            }
        }
        return out
    }
}

extension OperatingSection {
    /// Mean inlet composition over the section (mol/m³, column order; gradients averaged).
    var meanInlet: [Double] {
        let d = end - start
        return (0..<inletStart.count).map { d > 0 ? inletIntegral($0) / d : 0 }
    }
}

extension UnitVocabularyMap {
    /// `template` with section `k`'s inlet replaced by the plant stream `stream` mapped to
    /// the column's components (unchanged when the inlet is unconnected), and the stream
    /// that feeds it (`stream`, else the unit's `default`); failures name the unit's inlet.
    func feed(_ template: ColumnProblem, section k: Int, stream: ProcessStream?, default fallback: ProcessStream?,
              species: SpeciesSet, unit: String) throws -> (ColumnProblem, ProcessStream) {
        guard let feed = stream ?? fallback else { throw UnitFailure(unit: unit, message: "inlet 'feed' has no stream") }
        var problem = template
        if stream != nil {
            switch toUnit(feed.concentrations, species: species) {
            case .success(let c):
                problem.sections[k].inletStart = c
                problem.sections[k].inletEnd = c
            case .failure(let e):
                throw UnitFailure(unit: unit, message: "inlet 'feed' \(e.message)")
            }
        }
        return (problem, feed)
    }
}
