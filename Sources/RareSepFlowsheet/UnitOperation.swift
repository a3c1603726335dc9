import RareSepChemistry
import RareSepCore
import RareSepCascade

/// A named connection point of a unit, carrying one phase.
public struct Port: Sendable, Equatable {
    /// Port name, unique among the unit's inlets (or outlets), e.g. "feed", "raffinate".
    public var name: String
    /// Phase the port carries.
    public var phase: Phase
    /// False when the unit has a default for an unconnected inlet (a cascade feed
    /// whose case file gives flow and composition): that inlet is then a plant feed.
    public var required: Bool

    public init(name: String, phase: Phase, required: Bool = true) {
        self.name = name
        self.phase = phase
        self.required = required
    }
}

/// What a unit returns for given inlets.
public struct UnitResult: Sendable {
    /// One stream per outlet port, in `outlets` order.
    public var outlets: [ProcessStream]
    /// Material the unit brings in besides its inlets (reagents: acid, NaOH, fresh
    /// solvent), named, in the plant vocabulary; counted as plant inputs in the balance.
    public var additions: [(name: String, stream: ProcessStream)]
    /// Material the unit takes out besides its outlets (precipitate, water formed),
    /// named, in the plant vocabulary; counted as plant outputs in the balance.
    public var removals: [(name: String, stream: ProcessStream)]
    /// The unit's own solver report, when it has a solver.
    public var report: SolverReport?

    public init(outlets: [ProcessStream], additions: [(name: String, stream: ProcessStream)] = [],
                removals: [(name: String, stream: ProcessStream)] = [], report: SolverReport? = nil) {
        self.outlets = outlets
        self.additions = additions
        self.removals = removals
        self.report = report
    }
}

/// A unit that could not produce outlets for the inlets it was given (an infeasible
/// specification, a solver that did not converge); the flowsheet names the unit.
public struct UnitFailure: Error, Sendable, CustomStringConvertible {
    /// Unit name.
    public var unit: String
    /// What went wrong, with the quantity and its limit.
    public var message: String
    /// The unit's solver report, when it has one.
    public var report: SolverReport?

    public init(unit: String, message: String, report: SolverReport? = nil) {
        self.unit = unit
        self.message = message
        self.report = report
    }

    public var description: String { "unit '\(unit)': \(message)" }
}

/// How exactly units solve inside a recycle (`UnitOperation.setLoopResidual`): while
/// the tear streams are far from converged a unit may stop its own iteration early
/// (an inexact inner solve costs fewer iterations and only perturbs a pass that is far
/// from the fixed point anyway); once the loop residual is below `exactBelow` every unit
/// solves to its full tolerance, and the flowsheet accepts a converged loop only from a
/// pass in which every unit solved exactly, so the answer is the one exact inner solves give.
public enum LoopAccuracy {
    /// Loop residual (largest relative change of a tear variable in one pass) below
    /// which units solve exactly.
    public static let exactBelow = 1e-9
    /// Inner tolerance for loop residual `r`: `fraction`·r, between `full` and `loosest`
    /// (`full` once r ≤ `exactBelow`).
    public static func innerTolerance(loopResidual r: Double, full: Double, loosest: Double = 1e-6, fraction: Double = 1e-3) -> Double {
        r <= exactBelow ? full : max(full, min(loosest, fraction * r))
    }
}

/// A unit operation of a plant: named inlet and outlet ports, solved for given
/// inlet streams. Units are reference types so that a unit with a solver keeps its
/// last solution as the warm start of the next call (the flowsheet calls a unit on a
/// recycle many times with nearly the same inlets).
public protocol UnitOperation: AnyObject {
    /// Unit name, unique in the flowsheet.
    var name: String { get }
    /// Unit type id, e.g. "cascade", "mixer".
    var kind: String { get }
    /// Inlet ports, in the order `solve` takes them.
    var inlets: [Port] { get }
    /// Outlet ports, in the order `solve` returns them.
    var outlets: [Port] { get }
    /// Plant species the unit can carry (a cascade carries the species of its models);
    /// nil when it carries any. A species outside this set reaching the unit is an error.
    var carriedSpecies: Set<String>? { get }
    /// Outlets for the given inlets (one per inlet port; nil for an unconnected
    /// optional inlet, which then takes the unit's default), all in the plant's
    /// vocabulary `species`.
    func solve(inlets: [ProcessStream?], species: SpeciesSet) throws -> UnitResult
    /// The unit's default for an unconnected optional inlet (used as a plant feed and
    /// as the first guess of a tear stream entering there), in the plant vocabulary.
    func defaultInlet(_ port: Int, species: SpeciesSet) -> ProcessStream?
    /// Told by the flowsheet before each pass around a recycle: the largest relative
    /// change of the loop's tear variables in the previous pass (infinity before the
    /// first; 0 outside loops). A unit may solve less exactly while it is large (an
    /// inexact inner solve), and must solve to its full tolerance once it is below
    /// `LoopAccuracy.exactBelow`. Returns true when the unit's next calls will be inexact.
    @discardableResult
    func setLoopResidual(_ residual: Double) -> Bool
}

extension UnitOperation {
    public var carriedSpecies: Set<String>? { nil }
    public func setLoopResidual(_ residual: Double) -> Bool { false }
    public func defaultInlet(_ port: Int, species: SpeciesSet) -> ProcessStream? { nil }

    /// The connected inlet at `port`, or the unit's failure naming the port.
    func inlet(_ inlets: [ProcessStream?], _ port: Int) throws -> ProcessStream {
        guard let s = inlets[port] else {
            throw UnitFailure(unit: name, message: "inlet '\(self.inlets[port].name)' has no stream")
        }
        return s
    }
}
