import Foundation
import RareSepChemistry
import RareSepContactor
import RareSepCore
import RareSepCascade

/// How an emulsion-flow unit gets its hold-up and K·a: each given, or from the droplet
/// swarm at the phase velocities its inlets set.
public struct EmulsionFlowTransfer: Sendable {
    /// Dispersed-phase hold-up φ, given (nil: from `swarm`).
    public var holdUp: Double?
    /// Overall K·a (1/s, organic-phase basis), given (nil: from `swarm`).
    public var transferCoefficient: Double?
    /// The droplet swarm (needed when either value above is nil).
    public var swarm: DropletSwarmSpec?
    /// Organic/aqueous equilibrium slope m = dy*/dx at which the two film resistances
    /// combine into K·a (two-resistance model).
    public var equilibriumSlope: Double
    /// Multiplier on K·a, given or from the swarm (1: as stated or correlated); the
    /// number a fit to pilot data adjusts when the film correlations set the form.
    public var transferFactor: Double

    /// Memberwise.
    public init(holdUp: Double?, transferCoefficient: Double?, swarm: DropletSwarmSpec?, equilibriumSlope: Double,
                transferFactor: Double = 1) {
        self.holdUp = holdUp
        self.transferCoefficient = transferCoefficient
        self.swarm = swarm
        self.equilibriumSlope = equilibriumSlope
        self.transferFactor = transferFactor
    }
}

/// An emulsion-flow contactor (a counter-current differential column, `ContactorProblem`)
/// as a plant unit. Inlets: "aqueous_in" (enters at the top) and "organic_in" (enters at
/// the bottom); outlets "aqueous_out" (bottom) and "organic_out" (top), each at its
/// inlet's flow. The inlet flows set the superficial velocities (flow / cross-section);
/// hold-up and K·a are given or follow from the droplet swarm at those velocities
/// (`DropletSwarm`), whose errors (flooding, with the flooding throughput and the
/// margin; no dispersed flow) are the unit's failures.
///
/// With separation-zone entrainment (`SeparationZoneEntrainment`) the unit has two more
/// outlets: "entrained_aqueous" (the aqueous carried up with the organic overflow, at the
/// aqueous inlet's composition) and "entrained_organic" (the organic carried down with
/// the aqueous underflow, at the organic inlet's); streams carry one phase, so the
/// flowsheet routes each where the outlet carrying it goes. The mixing zone then sees
/// the inlet flows less what bypasses it.
///
/// Each call starts Newton from the previous call's profiles (scaled by each species'
/// change of inflow, `WarmStartScaling`) in the previous call's workspace (when the
/// velocities, hold-up and K·a did not change) and falls back to the full solve
/// (`ContactorSolver.solve(_:warmStart:...)`); inside a recycle it solves inexactly while
/// the loop is far from converged (`setLoopResidual`, `LoopAccuracy`).
public final class EmulsionFlowUnit: UnitOperation {
    public let name: String
    public let kind = "emulsion_flow"
    public let inlets = [Port(name: "aqueous_in", phase: .aqueous), Port(name: "organic_in", phase: .organic)]
    public let outlets: [Port]
    /// The contactor: geometry, model, dispersion, cells (velocities, hold-up, K·a and
    /// inlets are replaced on each call).
    public let template: ContactorProblem
    /// Hold-up and K·a: given or from the swarm.
    public let transfer: EmulsionFlowTransfer
    /// Entrainment at the separation zones (nil: none, and two outlets).
    public let entrainment: SeparationZoneEntrainment?
    /// Entrained fractions (aqueous in organic e_a, organic in aqueous e_o) of the last call.
    public private(set) var lastEntrainment: (aqueous: Double, organic: Double) = (0, 0)
    /// The last solution and the swarm state it was solved at (nil when both values were given).
    public private(set) var lastSolution: ContactorSolution?
    public private(set) var lastSwarm: DropletSwarm?
    /// The contactor workspace of the last call, reused while the grid operator is unchanged.
    var workspace: ContactorWorkspace?
    /// Newton iterations summed over all calls, and the number of calls.
    public private(set) var totalIterations = 0
    public private(set) var calls = 0

    public var carriedSpecies: Set<String>? { Set(template.species.symbols) }

    /// The loop residual the flowsheet last passed (`setLoopResidual`; 0: solve exactly).
    public private(set) var loopResidual = 0.0

    /// Inexact while the loop is far from converged (`LoopAccuracy`); once exact, the warm
    /// Newton aims a hundred times below the full tolerance, so that the tear iteration is
    /// not left moving in the inner solves' round (a result at the full tolerance is kept
    /// when Newton cannot get further).
    public func setLoopResidual(_ residual: Double) -> Bool {
        loopResidual = residual
        return LoopAccuracy.innerTolerance(loopResidual: residual, full: ContactorSolver.defaultOptions.residualTolerance) > ContactorSolver.defaultOptions.residualTolerance
    }

    /// Newton options of the warm-started solve at the current loop residual.
    func warmOptions() -> StagedNewtonOptions {
        var o = ContactorSolver.defaultOptions
        let full = o.residualTolerance
        let tol = LoopAccuracy.innerTolerance(loopResidual: loopResidual, full: full)
        o.residualTolerance = tol > full ? tol : 1e-2 * full
        o.looseResidualTolerance = max(o.looseResidualTolerance, tol)
        return o
    }

    /// A unit from its contactor template and transfer specification.
    public init(name: String, template: ContactorProblem, transfer: EmulsionFlowTransfer, entrainment: SeparationZoneEntrainment? = nil) {
        self.name = name
        self.template = template
        self.transfer = transfer
        self.entrainment = entrainment
        outlets = [Port(name: "aqueous_out", phase: .aqueous), Port(name: "organic_out", phase: .organic)]
            + (entrainment == nil ? [] : [Port(name: "entrained_aqueous", phase: .aqueous), Port(name: "entrained_organic", phase: .organic)])
    }

    /// Hold-up and K·a at superficial velocities (U_a, U_o); throws the swarm's `InputError`.
    public func holdUpAndTransfer(aqueousVelocity ua: Double, organicVelocity uo: Double) throws -> (holdUp: Double, ka: Double, swarm: DropletSwarm?) {
        if let phi = transfer.holdUp, let ka = transfer.transferCoefficient { return (phi, ka * transfer.transferFactor, nil) }
        guard let spec = transfer.swarm else {
            throw InputError(location: contactorFunctionLocation, key: "hydrodynamics", value: nil,
                             expected: "an equipment file for the hold-up and K·a not given")
        }
        let organicDispersed = spec.dispersedPhase == .organic
        let swarm = try DropletSwarm(spec: spec, dispersedVelocity: organicDispersed ? uo : ua,
                                     continuousVelocity: organicDispersed ? ua : uo, mixingHeight: template.height)
        let phi = transfer.holdUp ?? swarm.hydrodynamics.holdUp
        let ka: Double
        if let given = transfer.transferCoefficient {
            ka = given
        } else {
            let k = try swarm.volumetricCoefficients(organicOverAqueousSlope: transfer.equilibriumSlope)
            ka = organicDispersed ? k.dispersedBasis : k.continuousBasis
        }
        return (phi, ka * transfer.transferFactor, swarm)
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let aq = try inlet(streams, 0), org = try inlet(streams, 1)
        var p = template
        let toUnit = SpeciesMap(from: species, to: template.species)
        for (k, s) in [aq, org].enumerated() {
            switch toUnit.map(s.concentrations, sourceSymbols: species.symbols) {
            case .success(let c): if k == 0 { p.aqueousInlet = c } else { p.organicInlet = c }
            case .failure(let m):
                throw UnitFailure(unit: name, message: "inlet '\(inlets[k].name)' carries \(m.symbol) (\(m.concentration) mol/m³), which the unit's model does not carry")
            }
        }
        calls += 1
        do {
            var ea = 0.0, eo = 0.0
            if let entrainment { (ea, eo) = try entrainment.fractions(aqueousFlow: aq.flow, organicFlow: org.flow) }
            lastEntrainment = (ea, eo)
            // the entrained parts bypass the mixing zone (e = 0 leaves the flows exactly as given)
            p.aqueousVelocity = (1 - ea) * aq.flow / p.crossSection
            p.organicVelocity = (1 - eo) * org.flow / p.crossSection
            let (phi, ka, swarm) = try holdUpAndTransfer(aqueousVelocity: p.aqueousVelocity, organicVelocity: p.organicVelocity)
            p.holdUp = [phi]
            p.transferCoefficient = [ka]
            lastSwarm = swarm
            // the workspace of the last call when only the inlets changed (no allocation)
            let ws: ContactorWorkspace
            if let kept = workspace, kept.problem.cells == p.cells, kept.problem.aqueousVelocity == p.aqueousVelocity,
               kept.problem.organicVelocity == p.organicVelocity, kept.problem.holdUp == p.holdUp,
               kept.problem.transferCoefficient == p.transferCoefficient,
               kept.setInlets(aqueous: p.aqueousInlet, organic: p.organicInlet) {
                ws = kept
            } else {
                ws = try ContactorWorkspace(problem: p)
                workspace = ws
            }
            // Newton from the last profiles, each species scaled by its change of inflow
            // (WarmStartScaling, as the cascade unit), else the full solve
            func inflow(_ q: ContactorProblem) -> [Double] {
                (0..<q.species.count).map { q.aqueousFlow * q.aqueousInlet[$0] + q.organicFlow * q.organicInlet[$0] }
            }
            let full = ContactorSolver.defaultOptions.residualTolerance
            let sol = ContactorSolver.solve(ws, warmStart: lastSolution,
                                            scaling: lastSolution.map { WarmStartScaling.factors(before: inflow($0.problem), now: inflow(p)) },
                                            warmOptions: warmOptions(), acceptBelow: full, keptFactors: true)
            totalIterations += sol.report.iterations
            if CascadeUnit.debug {
                print("unit \(name): \(sol.report.method) in \(sol.report.iterations) iterations, residual \(sol.report.residual); \(sol.report.notes.first ?? "")")
            }
            guard sol.report.converged else {
                // the last note says why where the solver knows (a central grid that is not monotone)
                let why = sol.report.notes.last.map { "; \($0)" } ?? ""
                throw UnitFailure(unit: name, message: "the contactor did not converge (\(sol.report.code.rawValue), scaled residual \(sol.report.residual) at \(sol.report.worstLocation))\(why)", report: sol.report)
            }
            lastSolution = sol
            let toPlant = SpeciesMap(from: template.species, to: species)
            func plant(_ c: [Double]) -> [Double] { toPlant.sourceIndex.map { i in i.map { c[$0] } ?? 0 } }
            var out = [ProcessStream(phase: .aqueous, flow: (1 - ea) * aq.flow, concentrations: plant(sol.aqueousOutlet)),
                       ProcessStream(phase: .organic, flow: (1 - eo) * org.flow, concentrations: plant(sol.organicOutlet))]
            if entrainment != nil {
                out += [ProcessStream(phase: .aqueous, flow: ea * aq.flow, concentrations: aq.concentrations),
                        ProcessStream(phase: .organic, flow: eo * org.flow, concentrations: org.concentrations)]
            }
            return UnitResult(outlets: out, report: sol.report)
        } catch let e as InputError {
            // hydrodynamics or contactor input: located at the unit by the flowsheet
            let what = e.value.map { "\(e.key) = \($0)" } ?? e.key
            let why = e.problem.map { ": \($0)" } ?? ""
            throw UnitFailure(unit: name, message: "\(what)\(why); expected \(e.expected)")
        }
    }
}
