import RareSepCascade
import RareSepCore
import RareSepODE

/// Tolerances of a dynamic run.
public struct DynamicRunOptions: Sendable {
    /// Relative tolerance of the BDF error test (dimensionless).
    public var rtol: Double
    /// Absolute tolerance of a concentration as a fraction of its species' concentration
    /// scale (`DynamicCascade.concentrationScales`: the largest in any inlet or the initial
    /// state, floored at rtol × the plant-wide scale), dimensionless.
    public var relativeAbsoluteTolerance: Double
    /// Largest step, s.
    public var maxStep: Double

    public init(rtol: Double = 1e-6, relativeAbsoluteTolerance: Double = 1e-9, maxStep: Double = .infinity) {
        self.rtol = rtol
        self.relativeAbsoluteTolerance = relativeAbsoluteTolerance
        self.maxStep = maxStep
    }
}

/// The cascade at one output time.
public struct DynamicSnapshot: Sendable {
    /// Time, s.
    public var time: Double
    /// Every outlet (as `CascadeSolution.outlets`: flows m³/s, concentrations mol/m³).
    public var outlets: [CascadeStream]
    /// The recorded stages' mixer contents (0-based stage, x and y in mol/m³).
    public var stages: [(stage: Int, aqueous: [Double], organic: [Double])]
}

/// One species' balance over a run, mol: what entered, what left (the ledger states
/// integrated with the cascade), the hold-up at the start and at the end.
public struct SpeciesLedger: Sendable {
    public var species: String
    public var fed: Double
    public var out: Double
    public var initialHoldUp: Double
    public var finalHoldUp: Double
    /// (in − out − Δhold-up) over the largest of the four terms, dimensionless.
    public var relativeClosure: Double {
        let d = max(abs(fed), abs(out), abs(initialHoldUp), abs(finalHoldUp))
        return d > 0 ? (fed - out - (finalHoldUp - initialHoldUp)) / d : 0
    }
}

/// The result of a dynamic run.
public struct DynamicCascadeRun: Sendable {
    public var snapshots: [DynamicSnapshot]
    /// Cumulative outflow of each outlet per species at the end, mol (`outletNames` order).
    public var cumulativeOutflow: [[Double]]
    public var outletNames: [String]
    public var ledger: [SpeciesLedger]
    public var statistics: IntegratorStatistics
    public var report: SolverReport
    /// The state at the end (chain and ledger; see `DynamicCascade`).
    public var finalState: [Double]
    /// Settler-outlet and mixer profiles at the end, stage-major (mol/m³).
    public var finalMixerAqueous: [Double]
    public var finalMixerOrganic: [Double]
}

extension DynamicCascade {
    /// Hold-up of each species in the cascade (mixers and settler cells), mol.
    public func holdUp(_ u: [Double]) -> [Double] {
        let n = speciesCount
        var h = [Double](repeating: 0, count: n)
        for e in 0..<E {
            if case .mixer(let s) = layout.aqueous[e] {
                for j in 0..<n { h[j] += mixerAqueousVolume[s] * u[e * m + j] + mixerOrganicVolume[s] * u[e * m + n + j] }
                continue
            }
            if aqueousStage[e] >= 0 { for j in 0..<n { h[j] += cellAqueousVolume[aqueousStage[e]] * u[e * m + j] } }
            if organicStage[e] >= 0 { for j in 0..<n { h[j] += cellOrganicVolume[organicStage[e]] * u[e * m + n + j] } }
        }
        return h
    }

    /// Compositions leaving each settler (x, y stage-major, mol/m³): what the outlets carry.
    public func settlerOutlets(_ u: UnsafePointer<Double>) -> (aqueous: [Double], organic: [Double]) {
        let n = speciesCount
        var x = [Double](repeating: 0, count: N * n), y = x
        for s in 0..<N {
            for j in 0..<n {
                x[s * n + j] = u[layout.aqueousOutlet[s] + j]
                y[s * n + j] = u[layout.organicOutlet[s] + j]
            }
        }
        return (x, y)
    }

    /// Mixer contents of stage s (x, y in mol/m³).
    public func mixer(_ s: Int, _ u: UnsafePointer<Double>) -> (aqueous: [Double], organic: [Double]) {
        let base = layout.mixerElement[s] * m, n = speciesCount
        return ((0..<n).map { u[base + $0] }, (0..<n).map { u[base + n + $0] })
    }

    /// The cascade's outlets at state u, as the steady solver reports them.
    public func outletStreams(_ u: UnsafePointer<Double>) -> [CascadeStream] {
        let p = settlerOutlets(u)
        return Self.view(problem, flows, aqueous: p.aqueous, organic: p.organic).outlets
    }

    /// Molar inflow of each species (feeds and make-up), mol/s.
    public func inletAmounts() -> [Double] {
        var a = [Double](repeating: 0, count: speciesCount)
        for s in Self.view(problem, flows).inlets { for (j, v) in s.amounts.enumerated() { a[j] += v } }
        return a
    }
}

/// Runs a dynamic cascade over a horizon: consistent start, BDF integration (RareSepODE)
/// restarted at order 1 at every event, output at requested times, and the species ledger.
public enum DynamicCascadeSimulator {
    /// Simulate `spec` from `initial` to `horizon` (s) with `events` (times in (0, horizon)),
    /// recording the outlets and `recordStages` (0-based) at `outputTimes` (s, in [0, horizon]).
    public static func run(_ spec: DynamicCascadeSpecification, initial: DynamicInitialState, horizon: Double,
                           events: [CascadeEvent] = [], outputTimes: [Double] = [], recordStages: [Int] = [],
                           options: DynamicRunOptions = .init()) throws -> DynamicCascadeRun {
        guard horizon > 0, horizon.isFinite else { throw InfeasibleSpecification("dynamics: the horizon must be a finite time > 0 s, got \(horizon)") }
        for e in events where !(e.time > 0 && e.time < horizon) {
            throw InfeasibleSpecification("dynamics: event at t = \(e.time) s lies outside the horizon (0, \(horizon)) s")
        }
        for t in outputTimes where !(t >= 0 && t <= horizon) {
            throw InfeasibleSpecification("dynamics: output time \(t) s lies outside the horizon [0, \(horizon)] s")
        }
        let times = outputTimes.sorted()
        let sys = try DynamicCascade(spec)
        for s in recordStages where !(s >= 0 && s < sys.problem.stageCount) {
            throw InfeasibleSpecification("dynamics: recorded stage \(s + 1) is not a stage of the cascade (1…\(sys.problem.stageCount))")
        }
        // events: validate every change against the problem before integrating
        var check = spec.problem
        for e in events.sorted(by: { $0.time < $1.time }) { for c in e.changes { check = try check.applying(c) } }
        var u = try sys.initialState(initial, floorFraction: options.rtol)
        let n = sys.speciesCount
        let atol = sys.absoluteTolerances(u, inlets: [spec.problem, check], options: options)
        let integ = BDFIntegrator(system: sys, rtol: options.rtol, atol: atol, maxStep: options.maxStep)
        let initialHoldUp = sys.holdUp(u)
        var fed = [Double](repeating: 0, count: n)
        var snapshots: [DynamicSnapshot] = []
        func snapshot(_ t: Double, _ y: UnsafePointer<Double>) -> DynamicSnapshot {
            DynamicSnapshot(time: t, outlets: sys.outletStreams(y),
                            stages: recordStages.map { s in let c = sys.mixer(s, y); return (s, c.aqueous, c.organic) })
        }
        var outIndex = 0
        while outIndex < times.count && times[outIndex] <= 0 {
            snapshots.append(u.withUnsafeBufferPointer { snapshot(0, $0.baseAddress!) })
            outIndex += 1
        }
        let ordered = events.sorted { $0.time < $1.time }
        var boundaries = ordered.map(\.time) + [horizon]
        boundaries = boundaries.enumerated().filter { $0.offset == 0 || $0.element > boundaries[$0.offset - 1] }.map(\.element)
        var t0 = 0.0
        var status = IntegratorStatus.success
        var problem = spec.problem
        let progress = ProgressReporter(label: "dynamic cascade", total: horizon, unit: "simulated", style: .simulatedTime)
        defer { progress.finish() }
        for tEnd in boundaries {
            status = u.withUnsafeBufferPointer { integ.restart(t0: t0, y0: $0.baseAddress!) }
            if status == .success {
                status = integ.advance(to: tEnd, outputTimes: times, outputIndex: &outIndex) { _, t, y in
                    progress.update(to: t)
                    snapshots.append(snapshot(t, y))
                }
            }
            integ.copyState(into: &u)
            let rate = sys.inletAmounts()
            let reached = status == .success ? tEnd : integ.t
            for j in 0..<n { fed[j] += rate[j] * (reached - t0) }
            if status != .success { break }
            for e in ordered where e.time == tEnd {
                for c in e.changes { problem = try problem.applying(c) }
            }
            if tEnd < horizon {
                try sys.apply(problem: problem)
                try sys.makeConsistent(&u, floorFraction: options.rtol)
            }
            t0 = tEnd
        }
        let finalHoldUp = sys.holdUp(u)
        let outlets = sys.outlets
        let cumulative = outlets.indices.map { o in (0..<n).map { u[sys.chainSize + o * n + $0] } }
        let ledger = (0..<n).map { j in
            SpeciesLedger(species: spec.problem.species.symbols[j], fed: fed[j], out: cumulative.reduce(0) { $0 + $1[j] },
                          initialHoldUp: initialHoldUp[j], finalHoldUp: finalHoldUp[j])
        }
        let st = integ.statistics
        let code = status.returnCode
        var notes = ["\(sys.problem.stageCount) stages × \(spec.settlerCells) settler cells per phase, \(sys.dimension) unknowns, rtol \(options.rtol)",
                     "steps \(st.steps) (rejected \(st.rejectedSteps)), f evaluations \(st.rhsEvaluations), Jacobians \(st.jacobianEvaluations), factorisations \(st.factorizations)"]
        if let f = integ.failure { notes.append("integration stopped: \(f)") }
        let report = SolverReport(code: code, method: "bdf-dae-block-tridiagonal", iterations: st.steps, residual: 0,
                                  worstLocation: integ.failure.map { "t = \($0.t) s" } ?? "", notes: notes)
        var mx = [Double](), my = [Double]()
        u.withUnsafeBufferPointer { up in
            for s in 0..<sys.problem.stageCount { let c = sys.mixer(s, up.baseAddress!); mx += c.aqueous; my += c.organic }
        }
        return DynamicCascadeRun(snapshots: snapshots, cumulativeOutflow: cumulative, outletNames: outlets.map(\.name), ledger: ledger,
                                 statistics: st, report: report, finalState: u, finalMixerAqueous: mx, finalMixerOrganic: my)
    }
}
