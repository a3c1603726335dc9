import RareSepCascade
import RareSepCore
import RareSepFlowsheet
import RareSepODE

/// A step in a plant input at a stated time: a feed unit's stream, or an unconnected inlet
/// of a cascade unit (a plant feed the cascade's case file states).
public struct PlantEvent: Sendable {
    /// What the event changes.
    public enum Target: Sendable, Equatable {
        /// The stream of a feed unit (unit index).
        case feedUnit(Int)
        /// An unconnected inlet of a cascade unit (unit index, inlet port).
        case cascadeInlet(unit: Int, port: Int)
        /// A saponification unit's degree (unit index).
        case saponificationUnit(Int)
    }
    /// Time of the step, s from the start.
    public var time: Double
    /// What the event changes.
    public var target: Target
    /// New volumetric flow, m³/s (nil: unchanged).
    public var flow: Double?
    /// New concentrations by plant species index, mol/m³ (species not given keep theirs).
    public var concentrations: [Int: Double]
    /// New degree of saponification (fraction of the extractant as the cation salt) of a
    /// saponification unit (nil: unchanged).
    public var degree: Double?

    /// An event at `time` (s) on `target`.
    public init(time: Double, target: Target, flow: Double? = nil, concentrations: [Int: Double] = [:], degree: Double? = nil) {
        self.time = time
        self.target = target
        self.flow = flow
        self.concentrations = concentrations
        self.degree = degree
    }
}

/// How a dynamic plant starts: every cascade unit at the steady flowsheet's state, or
/// every cascade full of fresh solvent (`DynamicInitialState.freshSolvent`).
public enum PlantInitialState: Sendable { case steady, fresh }

/// Options of a dynamic plant run.
public struct DynamicPlantOptions: Sendable {
    /// The cascade units' integrator options.
    public var cascade = DynamicRunOptions()
    /// Communication window, s (the inlets of every unit are constant over a window).
    public var window: Double
    /// A window is converged when no stream's flow or species amount (window average)
    /// changes between sweeps by more than this, relative (amounts below 1e-12 of the
    /// species' largest in the plant count as that floor). Default 1e-4 × rtol.
    public var windowTolerance: Double
    /// Most sweeps per window.
    public var maxSweeps = 60
    /// Depth of the Anderson acceleration of the tear streams' window averages between
    /// sweeps (`AndersonAcceleration`, as the steady flowsheet's tears); 0: plain sweeps.
    public var andersonDepth = 5

    /// Options with a window (s); the window tolerance defaults to 1e-4 × the cascades' rtol.
    public init(window: Double, cascade: DynamicRunOptions = .init(), windowTolerance: Double? = nil) {
        self.window = window
        self.cascade = cascade
        self.windowTolerance = windowTolerance ?? 1e-4 * cascade.rtol
    }
}

/// A unit that cannot run in time, or a plant that cannot start.
public struct DynamicPlantError: Error, Sendable, CustomStringConvertible {
    /// The unit concerned (index), when one is.
    public var unit: Int?
    /// What is wrong, naming the unit or quantity.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// Every stream of the plant averaged over the window ending at `time`.
public struct PlantSnapshot: Sendable {
    /// End of the window, s.
    public var time: Double
    /// Start of the window, s (equal to `time` for the initial state at t = 0).
    public var windowStart: Double
    /// Window averages of every stream (flows m³/s, concentrations mol/m³; `flowsheet.streams` order).
    public var streams: [ProcessStream]
}

/// The result of a dynamic plant run.
public struct DynamicPlantRun {
    /// t = 0 (the starting streams) and the window averages at each output time.
    public var snapshots: [PlantSnapshot]
    /// Plant ledger per species: plant inputs, products and removals, cascade hold-ups (mol).
    public var ledger: [SpeciesLedger]
    /// Integrator statistics summed over the cascade units.
    public var statistics: IntegratorStatistics
    /// Windows, and sweeps summed over them; the largest final change of a window.
    public var windows: Int
    /// Sweeps summed over the windows.
    public var sweeps: Int
    /// Largest final relative change of a stream average in a window (dimensionless).
    public var worstWindowChange: Double
    /// Outcome, method and integrator notes.
    public var report: SolverReport
    /// Each cascade unit's mixer contents at the end (unit index → x, y stage-major, mol/m³).
    public var finalMixers: [Int: (aqueous: [Double], organic: [Double])]
    /// The plant as it runs at the end (feed units and unconnected cascade inlets after the
    /// events): the flowsheet whose steady state the run tends to.
    public var finalFlowsheet: Flowsheet
}

/// Dynamic flowsheets by **waveform relaxation over communication windows**. Time is cut
/// into windows (the `window` option, plus every event and output time). Over a window
/// each stream is represented by its window average (flow and molar flows), i.e. every
/// unit sees constant inlets. Each sweep calls the units in the flowsheet's sequence order
/// (`Flowsheet.sequence`, loops in calling order) with the latest averages: a cascade unit
/// (`DynamicCascadeStepper`) is integrated over the window from its committed state by the
/// dynamic cascade model and the one BDF, and its outlet averages are the increments of its
/// cumulative-outflow (ledger) states over the window divided by its length, exact
/// integrals of what left; instantaneous units (feed, mixer, splitter, saponification,
/// acid make-up, precipitation) are their steady maps applied to the averages (exact for
/// the linear ones: mixer, splitter, saponification). Sweeps repeat until no stream's
/// average changes by more than `windowTolerance`; then every cascade commits its state.
/// Amounts passed between units are thus those that left the upstream unit, so the plant
/// ledger closes to the window tolerance; at steady state the averages are the streams, so
/// the long-time limit is the steady flowsheet's. The coupling is first order in the window
/// (inlets piecewise constant at window averages); the cascades inside a window are
/// integrated to the BDF's tolerance.
public enum DynamicFlowsheetSimulator {
    /// Kinds of unit that are algebraic (instantaneous) maps in time.
    public static let instantaneousKinds: Set<String> = ["feed", "mixer", "splitter", "saponification", "acid_makeup", "oxalate_precipitation"]

    /// Simulate `flowsheet` to `horizon` (s) with `holdUps` (cascade unit index → its
    /// dynamic specification: hold-ups and settler cells; its problem is replaced by the
    /// unit's), `events`, output at `outputTimes` (window averages ending there).
    public static func run(_ flowsheet: Flowsheet, holdUps: [Int: DynamicCascadeSpecification], initial: PlantInitialState,
                           horizon: Double, events: [PlantEvent] = [], outputTimes: [Double] = [],
                           options: DynamicPlantOptions, steadyOptions: FlowsheetSolverOptions = .init()) throws -> DynamicPlantRun {
        let fs = flowsheet, n = fs.species.count
        guard horizon > 0, horizon.isFinite else { throw DynamicPlantError(unit: nil, message: "dynamics: the horizon must be a finite time > 0 s") }
        guard options.window > 0 else { throw DynamicPlantError(unit: nil, message: "dynamics: the window must be > 0 s") }
        for (u, unit) in fs.units.enumerated() {
            if unit is CascadeUnit {
                if holdUps[u] == nil { throw DynamicPlantError(unit: u, message: "dynamics: cascade unit '\(unit.name)' has no hold-ups") }
            } else if !instantaneousKinds.contains(unit.kind) {
                throw DynamicPlantError(unit: u, message: "dynamics: unit '\(unit.name)' (\(unit.kind)) has no dynamic model; a dynamic flowsheet takes mixer-settler cascades and instantaneous units (\(instantaneousKinds.sorted().joined(separator: ", ")))")
            }
        }
        for e in events where !(e.time > 0 && e.time < horizon) {
            throw DynamicPlantError(unit: nil, message: "dynamics: event at t = \(e.time) s lies outside the horizon (0, \(horizon)) s")
        }
        // The steady plant: the starting state (or the first guess of the streams).
        let steady = try FlowsheetSolver.solve(fs, options: steadyOptions)
        if let f = steady.failure {
            throw DynamicPlantError(unit: f.unit, message: "dynamics: the steady flowsheet to start from did not converge: \(f.message)")
        }
        let sequence = try fs.sequence()
        let order = sequence.groups.flatMap(\.units)
        let tearStreams = sequence.groups.flatMap(\.tears)
        var steppers: [Int: DynamicCascadeStepper] = [:]
        var templates: [Int: CascadeProblem] = [:]   // cascade inlets in force (unconnected ones: plant feeds)
        var toUnit: [Int: SpeciesMap] = [:], toPlant: [Int: SpeciesMap] = [:]
        for (u, unit) in fs.units.enumerated() {
            guard let cu = unit as? CascadeUnit, let sol = cu.lastSolution, var spec = holdUps[u] else { continue }
            spec.problem = sol.problem
            let start: DynamicInitialState = initial == .steady ? .profiles(aqueous: sol.aqueous, organic: sol.organic) : .freshSolvent
            do {
                steppers[u] = try DynamicCascadeStepper(spec, initial: start, options: options.cascade)
            } catch let e as InfeasibleSpecification {
                throw DynamicPlantError(unit: u, message: "cascade unit '\(unit.name)': \(e.message)")
            }
            templates[u] = sol.problem
            toUnit[u] = SpeciesMap(from: fs.species, to: sol.problem.species)
            toPlant[u] = SpeciesMap(from: sol.problem.species, to: fs.species)
        }
        var feedStreams: [Int: ProcessStream] = [:]
        var replaced: [Int: any UnitOperation] = [:]   // instantaneous units whose settings an event changed
        for (u, unit) in fs.units.enumerated() { if let f = unit as? FeedUnit { feedStreams[u] = f.stream } }
        for e in events {
            switch e.target {
            case .feedUnit(let u): guard feedStreams[u] != nil else { throw DynamicPlantError(unit: u, message: "dynamics: event on '\(fs.units[u].name)', which is not a feed unit") }
            case .saponificationUnit(let u):
                guard fs.units[u] is SaponificationUnit, let d = e.degree, d >= 0, d < 1 else {
                    throw DynamicPlantError(unit: u, message: "dynamics: event on '\(fs.units[u].name)': a saponification unit and a degree in [0, 1)")
                }
            case .cascadeInlet(let u, let p):
                guard templates[u] != nil, fs.streamIntoInlet[PortReference(unit: u, port: p)] == nil else {
                    throw DynamicPlantError(unit: u, message: "dynamics: an event may change an unconnected (plant feed) inlet of a cascade unit, not '\(fs.units[u].name)' port \(p + 1)")
                }
            }
        }
        func plant(_ u: Int, _ c: [Double]) -> [Double] { toPlant[u]!.sourceIndex.map { i in i.map { c[$0] } ?? 0 } }

        var values = steady.streams
        // the tear streams' window averages as one vector (as the steady tears)
        func packTears() -> [Double] { TearVector.pack(tearStreams.map { values[$0] }, species: n) }
        var snapshots = [PlantSnapshot(time: 0, windowStart: 0, streams: values)]
        var fed = [Double](repeating: 0, count: n), out = fed
        func holdUp() -> [Double] {
            var h = [Double](repeating: 0, count: n)
            for (u, s) in steppers { for (j, v) in plant(u, s.system.holdUp(s.state)).enumerated() { h[j] += v } }
            return h
        }
        let initialHoldUp = holdUp()
        let times = outputTimes.filter { $0 > 0 && $0 <= horizon }
        var cuts = Set(times + events.map(\.time) + [horizon])
        let w = options.window
        var k = 1.0
        while k * w < horizon { cuts.insert(k * w); k += 1; if cuts.count > 5_000_000 { break } }
        let boundaries = cuts.sorted()
        let outputSet = Set(times + [horizon])
        var t0 = 0.0
        var windows = 0, sweeps = 0, worstChange = 0.0
        var status = IntegratorStatus.success
        var failure: String?
        let progress = ProgressReporter(label: "dynamic plant", total: horizon, unit: "simulated", style: .simulatedTime)
        defer { progress.finish() }
        windowLoop: for t1 in boundaries {
            for e in events where e.time == t0 {
                switch e.target {
                case .feedUnit(let u):
                    if let q = e.flow { feedStreams[u]!.flow = q }
                    for (j, c) in e.concentrations { feedStreams[u]!.concentrations[j] = c }
                case .saponificationUnit(let u):
                    let su = (replaced[u] ?? fs.units[u]) as! SaponificationUnit
                    replaced[u] = SaponificationUnit(name: su.name, degree: e.degree!, reagent: su.reagent, layout: su.layout, modelSpecies: su.modelSpecies)
                case .cascadeInlet(let u, let p):
                    if let q = e.flow { templates[u]!.feeds[p].flow = q }
                    for (j, c) in e.concentrations {
                        if let i = toUnit[u]!.sourceIndex.firstIndex(where: { $0 == j }) { templates[u]!.feeds[p].concentrations[i] = c }
                    }
                }
            }
            let dt = t1 - t0
            var lastInlets: [Int: [ProcessStream?]] = [:]
            var results: [Int: UnitResult] = [:]
            var change = Double.infinity
            var sweep = 0
            var anderson = AndersonAcceleration(depth: options.andersonDepth)
            var tearWeights: [Double]?
            while sweep < options.maxSweeps {
                sweep += 1
                let tearsIn = packTears()
                var scale = [Double](repeating: 0, count: n)
                for s in values { for j in 0..<n { scale[j] = max(scale[j], abs(s.flow * s.concentrations[j])) } }
                change = 0
                for u in order {
                    let unit = replaced[u] ?? fs.units[u]
                    let inlets: [ProcessStream?] = unit.inlets.indices.map { p in fs.streamIntoInlet[PortReference(unit: u, port: p)].map { values[$0] } }
                    if let last = lastInlets[u], last == inlets, results[u] != nil { continue }
                    lastInlets[u] = inlets
                    let outlets: [ProcessStream]
                    if let stepper = steppers[u] {
                        var problem = templates[u]!
                        for (p, s) in inlets.enumerated() {
                            guard let s else { continue }
                            guard case .success(let c) = toUnit[u]!.map(s.concentrations, sourceSymbols: fs.species.symbols) else {
                                throw DynamicPlantError(unit: u, message: "cascade unit '\(unit.name)': inlet '\(unit.inlets[p].name)' carries a species its models do not carry")
                            }
                            problem.feeds[p].flow = s.flow
                            problem.feeds[p].concentrations = c
                        }
                        do {
                            status = try stepper.attempt(problem: problem, until: t1)
                        } catch let e as InfeasibleSpecification {
                            throw DynamicPlantError(unit: u, message: "cascade unit '\(unit.name)' at t = \(t0) s: \(e.message)")
                        }
                        if status != .success {
                            failure = "cascade unit '\(unit.name)' between t = \(t0) s and \(t1) s: \(stepper.integrator.failure.map { "\($0)" } ?? status.returnCode.rawValue)"
                            break windowLoop
                        }
                        let leaving = stepper.trialOutflow()
                        outlets = stepper.system.outlets.enumerated().map { o, port in
                            let phase = unit.outlets[o].phase
                            let q = phase == .aqueous ? port.aqueousFlow : port.organicFlow
                            return ProcessStream.fromAmounts(plant(u, leaving[o].map { $0 / dt }), flow: q, phase: phase)
                        }
                    } else if let f = feedStreams[u] {
                        outlets = [f]
                    } else {
                        let r: UnitResult
                        do { r = try unit.solve(inlets: inlets, species: fs.species) } catch let e as UnitFailure {
                            throw DynamicPlantError(unit: u, message: "dynamics at t = \(t0) s: \(e.description)")
                        }
                        results[u] = r
                        outlets = r.outlets
                    }
                    if steppers[u] != nil || feedStreams[u] != nil { results[u] = UnitResult(outlets: outlets) }
                    for (p, s) in outlets.enumerated() {
                        guard let k = fs.streamFromOutlet[PortReference(unit: u, port: p)] else { continue }
                        change = max(change, relativeChange(values[k], s, scale: scale))
                        values[k] = s
                    }
                }
                if change <= options.windowTolerance { break }
                // Anderson on the tears: the sweep maps their averages at its start to those
                // it produced (every other stream is made from them within the sweep)
                if !tearStreams.isEmpty && options.andersonDepth > 0 {
                    let g = packTears()
                    if tearWeights == nil { tearWeights = TearVector.weights(iterate: tearsIn, image: g, species: n) }
                    let next = anderson.next(x: tearsIn, g: g, weights: tearWeights!)
                    let streams = TearVector.unpack(next, phases: tearStreams.map { values[$0].phase }, species: n)
                    for (k, stream) in zip(tearStreams, streams) { values[k] = stream }
                }
            }
            sweeps += sweep
            windows += 1
            if change > options.windowTolerance {
                failure = "the window from t = \(t0) s to \(t1) s did not converge in \(options.maxSweeps) sweeps (largest relative change of a stream \(change)); try a shorter window"
                status = .convergenceFailure
                break
            }
            worstChange = max(worstChange, change)
            // ledger over the window: plant inputs and outputs at the converged averages
            for (u, unit) in fs.units.enumerated() {
                if let f = feedStreams[u] { for j in 0..<n { fed[j] += dt * f.flow * f.concentrations[j] } }
                if let s = steppers[u] {
                    var a = plant(u, s.system.inletAmounts())
                    for p in unit.inlets.indices {
                        if let k = fs.streamIntoInlet[PortReference(unit: u, port: p)] { for j in 0..<n { a[j] -= values[k].flow * values[k].concentrations[j] } }
                    }
                    for j in 0..<n { fed[j] += dt * a[j] }
                } else if feedStreams[u] == nil, let r = results[u] {
                    for (_, s) in r.additions { for j in 0..<n { fed[j] += dt * s.flow * s.concentrations[j] } }
                    for (_, s) in r.removals { for j in 0..<n { out[j] += dt * s.flow * s.concentrations[j] } }
                }
            }
            for (k, s) in fs.streams.enumerated() where s.to == nil { for j in 0..<n { out[j] += dt * values[k].flow * values[k].concentrations[j] } }
            for (u, s) in steppers { _ = u; s.commit(at: t1) }
            if outputSet.contains(t1) { snapshots.append(PlantSnapshot(time: t1, windowStart: t0, streams: values)) }
            progress.update(to: t1)
            t0 = t1
        }
        let finalHoldUp = holdUp()
        let ledger = (0..<n).map { j in
            SpeciesLedger(species: fs.species.symbols[j], fed: fed[j], out: out[j], initialHoldUp: initialHoldUp[j], finalHoldUp: finalHoldUp[j])
        }
        var st = IntegratorStatistics()
        for s in steppers.values { st.add(s.statistics) }
        let unknowns = steppers.values.reduce(0) { $0 + $1.system.dimension }
        let notes = ["\(steppers.count) cascade units, \(unknowns) unknowns, \(windows) windows, \(sweeps) sweeps (window tolerance \(options.windowTolerance), rtol \(options.cascade.rtol))",
                     "steps \(st.steps) (rejected \(st.rejectedSteps)), f evaluations \(st.rhsEvaluations), Jacobians \(st.jacobianEvaluations), factorisations \(st.factorizations)"]
            + (failure.map { ["stopped: \($0)"] } ?? [])
        let report = SolverReport(code: failure == nil ? .success : status.returnCode, method: "waveform-relaxation-bdf", iterations: sweeps,
                                  residual: worstChange, worstLocation: failure == nil ? "" : "t = \(t0) s", notes: notes)
        var mixers: [Int: (aqueous: [Double], organic: [Double])] = [:]
        for (u, s) in steppers {
            var x = [Double](), y = [Double]()
            s.state.withUnsafeBufferPointer { p in
                for st in 0..<s.system.problem.stageCount { let c = s.system.mixer(st, p.baseAddress!); x += c.aqueous; y += c.organic }
            }
            mixers[u] = (x, y)
        }
        let final = try finalPlant(fs, feeds: feedStreams, cascades: templates, replaced: replaced)
        return DynamicPlantRun(snapshots: snapshots, ledger: ledger, statistics: st, windows: windows, sweeps: sweeps,
                               worstWindowChange: worstChange, report: report, finalMixers: mixers, finalFlowsheet: final)
    }

    /// Largest relative change between two values of a stream: flow, and each species' molar
    /// flow against max(|a|, 1e-12 × the species' largest in the plant).
    static func relativeChange(_ a: ProcessStream, _ b: ProcessStream, scale: [Double]) -> Double {
        var worst = abs(a.flow - b.flow) / max(abs(a.flow), abs(b.flow), 1e-300)
        if a.flow == 0 && b.flow == 0 { worst = 0 }
        for j in scale.indices where scale[j] > 0 {
            let x = a.flow * a.concentrations[j], y = b.flow * b.concentrations[j]
            worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1e-12 * scale[j]))
        }
        return worst
    }

    /// The flowsheet with the feed units' streams and the cascade units' inlets as given
    /// (the plant after its events), other units shared.
    static func finalPlant(_ fs: Flowsheet, feeds: [Int: ProcessStream], cascades: [Int: CascadeProblem], replaced: [Int: any UnitOperation]) throws -> Flowsheet {
        let units: [any UnitOperation] = fs.units.enumerated().map { u, unit in
            if let r = replaced[u] { return r }
            if let f = feeds[u] { return FeedUnit(name: unit.name, stream: f) }
            if let c = unit as? CascadeUnit, let p = cascades[u] { return CascadeUnit(name: c.name, problem: p, options: c.options) }
            return unit
        }
        return try Flowsheet(species: fs.species, metalCount: fs.metalCount, units: units, streams: fs.streams, tears: fs.requestedTears)
    }
}
