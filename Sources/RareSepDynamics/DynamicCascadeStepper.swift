import RareSepCascade
import RareSepCore
import RareSepODE

/// One dynamic cascade advanced window by window from a committed state, for a caller that
/// sets its inlets per window and may repeat a window (the waveform relaxation of
/// `DynamicFlowsheetSimulator`): `attempt` integrates [time, t1] from the committed state
/// with the given inlets (steps in the kernel, as events), `commit` accepts that window.
public final class DynamicCascadeStepper {
    /// The cascade model (its `problem` is the inlets of the last attempt).
    public let system: DynamicCascade
    let integrator: BDFIntegrator<DynamicCascade>
    /// Committed state (chain and ledger) at `time`.
    public private(set) var state: [Double]
    /// Time of the committed state, s.
    public private(set) var time = 0.0
    /// State at the end of the last attempt.
    public private(set) var trial: [Double]
    /// Integrator statistics summed over every attempt.
    public var statistics: IntegratorStatistics { integrator.statistics }

    /// A stepper for `spec` starting consistent from `initial` at t = 0.
    public init(_ spec: DynamicCascadeSpecification, initial: DynamicInitialState, options: DynamicRunOptions) throws {
        system = try DynamicCascade(spec)
        state = try system.initialState(initial, floorFraction: options.rtol)
        trial = state
        integrator = BDFIntegrator(system: system, rtol: options.rtol,
                                   atol: system.absoluteTolerances(state, inlets: [spec.problem], options: options), maxStep: options.maxStep)
    }

    /// Integrate from the committed state to `t1` (s) with `problem`'s inlets (same stages,
    /// species, loop and outlets as the cascade's): the algebraic rows are re-solved at the
    /// committed state under these inlets and the BDF restarts at order 1.
    public func attempt(problem: CascadeProblem, until t1: Double) throws -> IntegratorStatus {
        if !Self.sameInlets(problem, system.problem) { try system.apply(problem: problem) }
        var u = state
        try system.makeConsistent(&u, floorFraction: integrator.rtol)
        var status = u.withUnsafeBufferPointer { integrator.restart(t0: time, y0: $0.baseAddress!) }
        if status == .success { status = integrator.advance(to: t1) }
        integrator.copyState(into: &trial)
        return status
    }

    /// Accept the last attempt: its end becomes the committed state at `t1`.
    public func commit(at t1: Double) {
        state = trial
        time = t1
    }

    /// Amount of each species that left through each outlet during the last attempt, mol
    /// (`system.outlets` order): the ledger states' increments.
    public func trialOutflow() -> [[Double]] {
        let n = system.speciesCount, c = system.chainSize
        return system.outlets.indices.map { o in (0..<n).map { trial[c + o * n + $0] - state[c + o * n + $0] } }
    }

    static func sameInlets(_ a: CascadeProblem, _ b: CascadeProblem) -> Bool {
        a.feeds.count == b.feeds.count && zip(a.feeds, b.feeds).allSatisfy { $0.flow == $1.flow && $0.concentrations == $1.concentrations }
            && a.loop?.flow == b.loop?.flow && a.loop?.makeupConcentrations == b.loop?.makeupConcentrations
    }
}
