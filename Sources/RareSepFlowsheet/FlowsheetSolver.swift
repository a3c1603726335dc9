import RareSepChemistry
import Foundation
import RareSepCore
import RareSepCascade

/// Options of the sequential-modular flowsheet solve.
public struct FlowsheetSolverOptions: Sendable {
    /// Largest number of passes around one recycle loop.
    public var maxIterations = 200
    /// A loop is converged when every tear variable (flow and molar flow of each
    /// species) changes between passes by at most this relative to its value
    /// (amounts below 1e-14 of the species' largest amount in the loop count as that floor).
    public var tolerance = 1e-12
    /// Depth of the Anderson (multisecant quasi-Newton) history.
    public var andersonDepth = 5
    /// Start every tear stream at zero flow instead of the receiving unit's own inlet.
    public var zeroTearStart = false
    /// Let units solve inexactly while a loop is far from converged (`LoopAccuracy`);
    /// false: every unit solves exactly on every pass (as a check: the same answer, slower).
    public var inexactUnitSolves = true

    public init() {}
}

/// How one recycle loop converged.
public struct LoopReport: Sendable, Codable {
    /// Units of the loop, in calling order.
    public var units: [String]
    /// Torn streams.
    public var tears: [String]
    /// Passes around the loop (each calls every unit once).
    public var iterations: Int
    /// Final largest relative change of a tear variable in one pass.
    public var residual: Double
    public var converged: Bool
    /// Why it stopped, when it did not converge.
    public var message: String?
}

/// Why a flowsheet solve stopped: the unit that failed (an infeasible specification
/// or a unit solver that did not converge) or a recycle that did not converge.
public struct FlowsheetFailure: Sendable, CustomStringConvertible {
    public var message: String
    /// The unit that failed, when one did.
    public var unit: Int?
    /// The first torn stream of the loop that failed, when a loop did.
    public var stream: Int?
    /// True for numerical trouble (no convergence), false for an infeasible specification.
    public var numerical: Bool
    public var description: String { message }
}

/// One line of the plant element balance.
public struct SpeciesBalance: Sendable, Codable {
    public var species: String
    /// Entering the plant (feeds, reagents, unconnected cascade feeds), mol/s.
    public var inflow: Double
    /// Leaving the plant (products, removals), mol/s.
    public var outflow: Double
    /// (in − out)/max(in, out); 0 when neither.
    public var closure: Double
}

/// A solved (or failed) flowsheet: every stream, every unit's result, how each
/// recycle converged, and the plant balance.
public struct FlowsheetSolution {
    public var flowsheet: Flowsheet
    /// Value of every stream (index as `flowsheet.streams`).
    public var streams: [ProcessStream]
    /// Result of every unit's last call.
    public var unitResults: [UnitResult?]
    /// Plant inputs that are not streams between units: feeds of unconnected cascade
    /// inlets, feed units, reagents.
    public var inputs: [(name: String, stream: ProcessStream)]
    /// Plant outputs that are not streams between units: removals (precipitate, water formed).
    public var removals: [(name: String, stream: ProcessStream)]
    public var loops: [LoopReport]
    /// Total unit calls.
    public var unitCalls: Int
    /// Nil when solved; otherwise what failed.
    public var failure: FlowsheetFailure?

    public var converged: Bool { failure == nil }

    /// Product streams (streams with no 'to').
    public var products: [(name: String, stream: ProcessStream)] {
        flowsheet.streams.indices.filter { flowsheet.streams[$0].to == nil }.map { (flowsheet.streams[$0].name, streams[$0]) }
    }

    /// Plant balance per species: inputs against products and removals.
    public var balance: [SpeciesBalance] {
        let n = flowsheet.species.count
        var inA = [Double](repeating: 0, count: n), outA = inA
        for (_, s) in inputs { for j in 0..<n { inA[j] += s.flow * s.concentrations[j] } }
        for (_, s) in products + removals { for j in 0..<n { outA[j] += s.flow * s.concentrations[j] } }
        return (0..<n).map { j in
            let d = max(abs(inA[j]), abs(outA[j]))
            return SpeciesBalance(species: flowsheet.species.symbols[j], inflow: inA[j], outflow: outA[j],
                                  closure: d > 0 ? (inA[j] - outA[j]) / d : 0)
        }
    }
}

/// Sequential-modular solve: groups of units in topological order; each recycle
/// loop converged on its tear streams by Anderson acceleration (a multisecant
/// quasi-Newton method on G(t) − t = 0 whose first step is direct substitution), with
/// every unit warm-started from its previous call.
public enum FlowsheetSolver {
    public static func solve(_ fs: Flowsheet, options: FlowsheetSolverOptions = .init()) throws -> FlowsheetSolution {
        let sequence = try fs.sequence()
        let n = fs.species.count
        var values = fs.streams.map { s in ProcessStream.empty(fs.units[s.from.unit].outlets[s.from.port].phase, count: n) }
        var results = [UnitResult?](repeating: nil, count: fs.units.count)
        var loops: [LoopReport] = []
        var calls = 0
        var failure: FlowsheetFailure?

        func call(_ u: Int, tearValues: [Int: ProcessStream]) throws {
            let unit = fs.units[u]
            let inlets: [ProcessStream?] = unit.inlets.indices.map { p in
                guard let k = fs.streamIntoInlet[PortReference(unit: u, port: p)] else { return nil }
                return tearValues[k] ?? values[k]
            }
            if let carried = unit.carriedSpecies {
                for (p, s) in inlets.enumerated() {
                    guard let s else { continue }
                    for (j, c) in s.concentrations.enumerated() where c != 0 && !carried.contains(fs.species.symbols[j]) {
                        throw UnitFailure(unit: unit.name, message: "inlet '\(unit.inlets[p].name)' carries \(fs.species.symbols[j]) (\(c) mol/m³), which the unit does not carry (add it to the unit's model or remove it upstream)")
                    }
                }
            }
            calls += 1
            let r = try unit.solve(inlets: inlets, species: fs.species)
            results[u] = r
            for (p, s) in r.outlets.enumerated() {
                if let k = fs.streamFromOutlet[PortReference(unit: u, port: p)] { values[k] = s }
            }
        }

        groups: for group in sequence.groups {
            let names = group.units.map { fs.units[$0].name }
            if group.tears.isEmpty {
                do { try call(group.units[0], tearValues: [:]) } catch let e as UnitFailure {
                    failure = FlowsheetFailure(message: e.description, unit: group.units[0], stream: nil, numerical: e.report != nil)
                    break groups
                }
                continue
            }
            // Tear start: the receiving unit's default for that inlet, else the loop's fresh
            // inlet of the same phase, else nothing flowing.
            var tear: [Int: ProcessStream] = [:]
            for k in group.tears {
                let to = fs.streams[k].to!
                tear[k] = options.zeroTearStart ? values[k]
                    : fs.units[to.unit].defaultInlet(to.port, species: fs.species) ?? freshInletGuess(tear: k, group: group, fs: fs, values: values) ?? values[k]
            }
            var outcome = converge(group: group, fs: fs, tear: &tear, options: options) { t, r in
                // units solve exactly once the loop is within its own tolerance (a loop with a
                // tolerance looser than LoopAccuracy.exactBelow need not pass below that)
                var exact = true
                for u in group.units where fs.units[u].setLoopResidual(options.inexactUnitSolves && r > options.tolerance ? r : 0) { exact = false }
                for u in group.units { try call(u, tearValues: t) }
                return (group.tears.map { values[$0] }, exact)
            }
            for u in group.units { fs.units[u].setLoopResidual(0) }
            if outcome.failure == nil, let missing = accumulation(group: group, fs: fs, values: values, results: results, tolerance: options.tolerance) {
                outcome.failure = FlowsheetFailure(message: missing, unit: nil, stream: nil, numerical: false)
            }
            let report = LoopReport(units: names, tears: group.tears.map { fs.streams[$0].name }, iterations: outcome.iterations,
                                    residual: outcome.residual, converged: outcome.failure == nil, message: outcome.failure?.message)
            if let f = outcome.failure {
                loops.append(report)
                failure = FlowsheetFailure(message: "recycle through \(names.joined(separator: " → ")) (tears: \(report.tears.joined(separator: ", "))): \(f.message)",
                                           unit: f.unit, stream: group.tears.first, numerical: f.numerical)
                break groups
            }
            loops.append(report)
        }
        var inputs: [(name: String, stream: ProcessStream)] = []
        var removals: [(name: String, stream: ProcessStream)] = []
        for (u, unit) in fs.units.enumerated() {
            for p in unit.inlets.indices where fs.streamIntoInlet[PortReference(unit: u, port: p)] == nil {
                if let d = unit.defaultInlet(p, species: fs.species) { inputs.append(("\(unit.name).\(unit.inlets[p].name)", d)) }
            }
            if let r = results[u] {
                inputs += r.additions
                removals += r.removals
            }
        }
        return FlowsheetSolution(flowsheet: fs, streams: values, unitResults: results, inputs: inputs, removals: removals,
                                 loops: loops, unitCalls: calls, failure: failure)
    }

    /// First guess of a tear stream whose receiving unit has no default for that inlet:
    /// the streams of the tear's phase that enter the loop from upstream (already solved),
    /// mixed — e.g. the fresh solvent of a train of counter-current units whose organic
    /// returns from the next unit, so a unit that needs a flowing inlet (an emulsion-flow
    /// contactor) gets the loop's own solvent flow, metal-free, instead of zero flow; or
    /// the leach feed with the scrub acid, so the aqueous tears of an extraction–scrub loop
    /// start carrying metal instead of building it up from none over many passes (the
    /// emulsion-flow Tb/Dy plant: 25 passes instead of 31). Nil when no such stream flows.
    static func freshInletGuess(tear k: Int, group: FlowsheetSequence.Group, fs: Flowsheet, values: [ProcessStream]) -> ProcessStream? {
        let source = fs.streams[k].from
        let phase = fs.units[source.unit].outlets[source.port].phase
        let inLoop = Set(group.units)
        var flow = 0.0, amounts = [Double](repeating: 0, count: fs.species.count)
        for (i, st) in fs.streams.enumerated() {
            guard let to = st.to, inLoop.contains(to.unit), !inLoop.contains(st.from.unit) else { continue }
            let v = values[i]
            guard v.phase == phase && v.flow > 0 else { continue }
            flow += v.flow
            for j in amounts.indices { amounts[j] += v.flow * v.concentrations[j] }
        }
        return flow > 0 ? ProcessStream.fromAmounts(amounts, flow: flow, phase: phase) : nil
    }

    struct LoopOutcome {
        var iterations: Int
        var residual: Double
        var failure: FlowsheetFailure?
    }

    /// Anderson-accelerated fixed-point iteration t ← G(t) on the tear streams'
    /// variables (flow, then molar flow of each species). A unit failure ends the
    /// iteration with its message; so does a loop without steady state, named by the
    /// species that accumulates.
    static func converge(group: FlowsheetSequence.Group, fs: Flowsheet, tear: inout [Int: ProcessStream],
                         options: FlowsheetSolverOptions,
                         pass: ([Int: ProcessStream], Double) throws -> (tears: [ProcessStream], exact: Bool)) -> LoopOutcome {
        let n = fs.species.count
        let width = n + 1
        let tears = group.tears
        let dim = tears.count * width
        func pack(_ streams: [ProcessStream]) -> [Double] { TearVector.pack(streams, species: n) }
        func unpack(_ v: [Double]) -> [Int: ProcessStream] {
            let streams = TearVector.unpack(v, phases: tears.map { tear[$0]!.phase }, species: n)
            return Dictionary(uniqueKeysWithValues: zip(tears, streams))
        }
        var x = pack(tears.map { tear[$0]! })
        var anderson = AndersonAcceleration(depth: options.andersonDepth)
        var weights: [Double]?
        var speciesTotals: [[Double]] = []  // tear amount per species, per pass (accumulation diagnosis)
        var residual = Double.infinity
        for iteration in 1...max(1, options.maxIterations) {
            let g: [Double]
            var exact = true   // every unit solved to its full tolerance in this pass (LoopAccuracy)
            do {
                let out = try pass(unpack(x), residual)
                g = pack(out.tears)
                exact = out.exact
            } catch {
                return LoopOutcome(iterations: iteration, residual: residual, failure: unitFailure(error, fs))
            }
            // Relative change per variable, with a floor per kind of variable.
            var largest = [Double](repeating: 0, count: width)
            for i in 0..<dim { largest[i % width] = max(largest[i % width], abs(g[i]), abs(x[i])) }
            residual = 0
            for i in 0..<dim {
                let floor = 1e-14 * largest[i % width]
                let d = abs(g[i] - x[i])
                if d > 0 { residual = max(residual, d / max(abs(g[i]), floor, 1e-300)) }
            }
            if CascadeUnit.debug { print("pass \(iteration): tear residual \(residual)\(exact ? "" : " (inexact unit solves)")") }
            speciesTotals.append((0..<n).map { j in tears.indices.reduce(0) { $0 + g[$1 * width + 1 + j] } })
            if residual <= options.tolerance && exact {
                // The streams hold this pass, made from tears that differ from the returned
                // ones by at most the tolerance (relative): the plant balance closes to that.
                tear = unpack(g)
                return LoopOutcome(iterations: iteration, residual: residual, failure: nil)
            }
            if weights == nil { weights = TearVector.weights(iterate: x, image: g, species: n) }
            x = anderson.next(x: x, g: g, weights: weights!).map { max(0, $0) }
        }
        // No convergence: a species whose amount in the tears keeps growing has no way out.
        let last = speciesTotals.count
        if last >= 6 {
            var growing: [String] = []
            for j in 0..<n {
                let tail = speciesTotals[(last - 6)..<last].map { $0[j] }
                if zip(tail, tail.dropFirst()).allSatisfy({ $1 > $0 * (1 + 1e-9) }) && tail.last! > 0 {
                    growing.append(fs.species.symbols[j])
                }
            }
            if !growing.isEmpty {
                return LoopOutcome(iterations: options.maxIterations, residual: residual,
                                   failure: FlowsheetFailure(message: "no steady state: \(growing.joined(separator: ", ")) accumulates in the loop (its flow in the tear streams grew on every one of the last passes); it enters the loop and no stream or bleed takes it out", unit: nil, stream: nil, numerical: false))
            }
        }
        return LoopOutcome(iterations: options.maxIterations, residual: residual,
                           failure: FlowsheetFailure(message: "the tear streams did not converge in \(options.maxIterations) passes (largest relative change per pass \(residual))", unit: nil, stream: nil, numerical: true))
    }

    /// At a converged loop, material entering the loop from outside must leave it: a
    /// species (or the liquid flow) whose inflow exceeds its outflow by more than 1e-8
    /// relative — or, for a loop converged to a looser `tolerance`, 100 × that tolerance
    /// (the tears' own error, amplified around the loop), at most 1e-3 — has no steady
    /// state: the tear iteration "converged" only because the recycled amount grew so
    /// large that one more pass changed it little.
    static func accumulation(group: FlowsheetSequence.Group, fs: Flowsheet, values: [ProcessStream],
                             results: [UnitResult?], tolerance: Double) -> String? {
        let n = fs.species.count
        let members = Set(group.units)
        var inA = [Double](repeating: 0, count: n + 1), outA = inA
        func add(_ s: ProcessStream, to a: inout [Double]) {
            a[n] += s.flow
            for j in 0..<n { a[j] += s.flow * s.concentrations[j] }
        }
        for u in group.units {
            let unit = fs.units[u]
            for p in unit.inlets.indices {
                if let k = fs.streamIntoInlet[PortReference(unit: u, port: p)] {
                    if !members.contains(fs.streams[k].from.unit) { add(values[k], to: &inA) }
                } else if let d = unit.defaultInlet(p, species: fs.species) { add(d, to: &inA) }
            }
            for p in unit.outlets.indices {
                guard let k = fs.streamFromOutlet[PortReference(unit: u, port: p)] else { continue }
                if fs.streams[k].to.map({ !members.contains($0.unit) }) ?? true { add(values[k], to: &outA) }
            }
            for a in results[u]?.additions ?? [] { add(a.stream, to: &inA) }
            for r in results[u]?.removals ?? [] { add(r.stream, to: &outA) }
        }
        var growing: [String] = []
        let allowed = min(1e-3, max(1e-8, 100 * tolerance))
        for j in 0...n where inA[j] - outA[j] > allowed * max(inA[j], outA[j]) {
            growing.append(j == n ? "the liquid flow" : fs.species.symbols[j])
        }
        guard !growing.isEmpty else { return nil }
        let names = group.units.map { fs.units[$0].name }.joined(separator: " → ")
        let detail = growing.map { g -> String in
            let j = g == "the liquid flow" ? n : fs.species.index(of: g)!
            return "\(g) enters at \(inA[j]) \(j == n ? "m³/s" : "mol/s") and leaves at \(outA[j])"
        }.joined(separator: "; ")
        return "no steady state: \(growing.joined(separator: ", ")) accumulates in the loop \(names) (\(detail)); give it a way out (a bleed or a product split)"
    }

    static func unitFailure(_ error: Error, _ fs: Flowsheet) -> FlowsheetFailure {
        if let e = error as? UnitFailure {
            return FlowsheetFailure(message: e.description, unit: fs.units.firstIndex { $0.name == e.unit }, stream: nil, numerical: e.report != nil)
        }
        return FlowsheetFailure(message: "\(error)", unit: nil, stream: nil, numerical: true)
    }
}
