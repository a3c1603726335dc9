import RareSepChemistry
import RareSepColumn
import RareSepCore

/// A column train (lead–lag carousel, `ColumnTrainSimulator`) as a plant unit whose
/// steady outlets are the averages over one cycle at the cyclic steady state.
///
/// Inlet "feed" (aqueous) replaces the load inlet (the train feed); the feed flows
/// continuously through the loading columns at the case's superficial velocity, so the
/// column cross-section is A = Q_feed/u_s. Outlets: one per product pool, "raffinate"
/// (the outlet of the last loading column) and "waste" (the off-line outlet outside
/// every pool). A pool's stream is its amount per cycle over its volume per cycle, at
/// the cycle-average flow (volume·A/T); the raffinate leaves at the feed flow. The
/// off-line programme's solutions are plant reagent inputs at their cycle-average flow.
/// A train that does not reach its cyclic steady state within its `max_cycles` fails.
public final class ColumnTrainUnit: UnitOperation {
    public let name: String
    public let kind = "column_train"
    public let inlets: [Port]
    public let outlets: [Port]
    /// The column case (first section: load; the rest: the off-line programme).
    public let template: ColumnProblem
    public let numerics: ColumnNumerics
    public let spec: ColumnTrainSpec
    /// Output times of the off-line programme (for auto cuts), programme time (s).
    public let outputTimes: [Double]
    public let vocabulary: UnitVocabularyMap
    /// Names of the pools (from the case's fractions or its auto cuts), in outlet order.
    public let poolNames: [String]
    /// The last train run, its feed (column order) and the cross-section it was scaled to (m²).
    public private(set) var lastResult: ColumnTrainResult?
    public private(set) var lastFeed: [Double]?
    public private(set) var lastCrossSection = 0.0
    /// Train simulations run, and unit calls (an unchanged feed composition reuses the run).
    public private(set) var simulations = 0
    public private(set) var calls = 0

    public var carriedSpecies: Set<String>? { Set(vocabulary.plantSpecies) }

    public init(name: String, problem: ColumnProblem, numerics: ColumnNumerics, spec: ColumnTrainSpec,
                outputTimes: [Double], vocabulary: UnitVocabularyMap) {
        self.name = name
        template = problem
        self.numerics = numerics
        self.spec = spec
        self.outputTimes = outputTimes
        self.vocabulary = vocabulary
        var names: [String] = []
        if spec.cutTargets.isEmpty {
            for f in spec.pools where !names.contains(f.name) { names.append(f.name) }
        } else {
            names = spec.cutTargets.map { "\(problem.components.symbols[$0.product])-cut" }
        }
        poolNames = names
        inlets = [Port(name: "feed", phase: .aqueous, required: problem.column.crossSection == nil)]
        outlets = (names + ["raffinate", ColumnPool.wasteName]).map { Port(name: $0, phase: .aqueous) }
    }

    /// The case's own feed at u_s·A when the case states its cross-section.
    public func defaultInlet(_ port: Int, species: SpeciesSet) -> ProcessStream? {
        guard let a = template.column.crossSection else { return nil }
        return ProcessStream(phase: .aqueous, flow: template.column.superficialVelocity * a,
                             concentrations: vocabulary.toPlant(template.sections[0].inletStart, species: species))
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        calls += 1
        let (problem, feed) = try vocabulary.feed(template, section: 0, stream: streams[0],
                                                  default: defaultInlet(0, species: species), species: species, unit: name)
        let us = problem.column.superficialVelocity
        let area = feed.flow / us
        lastCrossSection = area
        let result: ColumnTrainResult
        if let last = lastResult, lastFeed == problem.sections[0].inletStart {
            result = last
        } else {
            do {
                result = try ColumnTrainSimulator.run(problem, numerics: numerics, spec: spec, regenerationOutputTimes: outputTimes)
            } catch let e as ColumnTrainError {
                throw UnitFailure(unit: name, message: "the column train failed: \(e.message)")
            }
            simulations += 1
            lastResult = result
            lastFeed = problem.sections[0].inletStart
        }
        guard let k = result.steadyCycle, let c = result.cycles.last, k == c.cycle else {
            throw UnitFailure(unit: name, message: "the column train did not reach its cyclic steady state within \(spec.maxCycles) cycles (last state change \(result.cycles.last?.stateChange ?? .nan), tolerance \(spec.cssTolerance)): raise carousel.max_cycles or the tolerance")
        }
        let n = problem.components.count
        let symbols = problem.components.symbols
        let T = c.end_s - c.start_s
        func stream(_ amount: [Double], volume: Double) -> ProcessStream {
            ProcessStream(phase: .aqueous, flow: area * volume / T,
                          concentrations: vocabulary.toPlant(amount.map { volume > 0 ? $0 / volume : 0 }, species: species))
        }
        var outs: [ProcessStream] = []
        var pooledTime = 0.0
        for name in poolNames {
            let pool = c.pools.first { $0.name == name }
            let time = pool?.windows.reduce(0.0) { $0 + ($1[1] - $1[0]) } ?? 0
            pooledTime += time
            outs.append(stream((0..<n).map { pool?.amount[symbols[$0]] ?? 0 }, volume: us * time))
        }
        outs.append(stream((0..<n).map { c.raffinate[symbols[$0]] ?? 0 }, volume: us * T))
        let offline = (problem.sections.last?.end ?? 0) - problem.sections[0].end
        outs.append(stream((0..<n).map { c.regenerationWaste[symbols[$0]] ?? 0 }, volume: us * max(0, offline - pooledTime)))
        var additions: [(name: String, stream: ProcessStream)] = []
        for s in problem.sections.dropFirst() {
            let d = s.end - s.start
            let mean = s.meanInlet
            guard mean.contains(where: { $0 != 0 }) else { continue }
            additions.append(("\(name): \(s.name) solution", ProcessStream(phase: .aqueous, flow: area * us * d / T,
                                                                           concentrations: vocabulary.toPlant(mean, species: species))))
        }
        return UnitResult(outlets: outs, additions: additions)
    }
}
