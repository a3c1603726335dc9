import RareSepChemistry
import RareSepCore
import RareSepCascade

/// An end of a connection: unit index and port index.
public struct PortReference: Sendable, Hashable {
    public var unit: Int
    public var port: Int
    public init(unit: Int, port: Int) {
        self.unit = unit
        self.port = port
    }
}

/// A named stream of the flowsheet: from a unit's outlet to another unit's inlet, or
/// to nowhere (a plant product).
public struct FlowsheetStream: Sendable {
    /// Stream name, unique in the flowsheet.
    public var name: String
    /// The outlet it leaves.
    public var from: PortReference
    /// The inlet it enters, or nil for a product.
    public var to: PortReference?

    public init(name: String, from: PortReference, to: PortReference?) {
        self.name = name
        self.from = from
        self.to = to
    }
}

/// A flowsheet that cannot be built: which stream or unit, and why. The case loader
/// attaches the file and line of that entry.
public struct FlowsheetDefinitionError: Error, Sendable, CustomStringConvertible {
    /// What the error is about.
    public enum Subject: Sendable, Equatable {
        case stream(Int)
        case unit(Int)
        case tear(Int)
    }
    public var subject: Subject
    public var message: String
    public var description: String { message }
}

/// Units joined by named streams; recycles allowed. Knows ports and streams, never a
/// unit's internals. Immutable once built; `FlowsheetSolver` solves it.
public struct Flowsheet {
    /// Plant vocabulary: every species any unit or feed carries, metals first.
    public let species: SpeciesSet
    /// Number of leading species that are the plant's metals.
    public let metalCount: Int
    public let units: [any UnitOperation]
    public let streams: [FlowsheetStream]
    /// Streams to tear, when the case names them (indices into `streams`); otherwise chosen.
    public let requestedTears: [Int]?
    /// Stream index entering each (unit, inlet), and leaving each (unit, outlet).
    public let streamIntoInlet: [PortReference: Int]
    public let streamFromOutlet: [PortReference: Int]

    /// Check and build: every stream leaves an existing outlet and enters an existing
    /// inlet of the same phase; no port is connected twice; every required inlet and
    /// every outlet is connected (an outlet to an inlet or as a product).
    public init(species: SpeciesSet, metalCount: Int, units: [any UnitOperation], streams: [FlowsheetStream],
                tears: [Int]? = nil) throws {
        self.species = species
        self.metalCount = metalCount
        self.units = units
        self.streams = streams
        requestedTears = tears
        var into: [PortReference: Int] = [:], from: [PortReference: Int] = [:]
        var names: [String: Int] = [:]
        for (k, s) in streams.enumerated() {
            if let first = names[s.name] {
                throw FlowsheetDefinitionError(subject: .stream(k), message: "stream name '\(s.name)' is used twice (first by stream \(first + 1))")
            }
            names[s.name] = k
            let outPort = units[s.from.unit].outlets[s.from.port]
            if let prev = from[s.from] {
                throw FlowsheetDefinitionError(subject: .stream(k), message: "outlet '\(units[s.from.unit].name).\(outPort.name)' is connected twice (streams '\(streams[prev].name)' and '\(s.name)')")
            }
            from[s.from] = k
            if let to = s.to {
                let inPort = units[to.unit].inlets[to.port]
                if let prev = into[to] {
                    throw FlowsheetDefinitionError(subject: .stream(k), message: "inlet '\(units[to.unit].name).\(inPort.name)' is connected twice (streams '\(streams[prev].name)' and '\(s.name)')")
                }
                into[to] = k
                if inPort.phase != outPort.phase {
                    throw FlowsheetDefinitionError(subject: .stream(k), message: "an \(outPort.phase.rawValue) outlet ('\(units[s.from.unit].name).\(outPort.name)') is connected to an \(inPort.phase.rawValue) inlet ('\(units[to.unit].name).\(inPort.name)')")
                }
            }
        }
        for (u, unit) in units.enumerated() {
            for (p, port) in unit.inlets.enumerated() where port.required && into[PortReference(unit: u, port: p)] == nil {
                throw FlowsheetDefinitionError(subject: .unit(u), message: "inlet '\(unit.name).\(port.name)' is connected to nothing (every \(unit.kind) inlet needs a stream)")
            }
            for (p, port) in unit.outlets.enumerated() where from[PortReference(unit: u, port: p)] == nil {
                throw FlowsheetDefinitionError(subject: .unit(u), message: "outlet '\(unit.name).\(port.name)' is connected to nothing: connect it to an inlet or list it as a product (a stream with no 'to')")
            }
        }
        streamIntoInlet = into
        streamFromOutlet = from
        if let tears {
            for t in tears where streams[t].to == nil {
                throw FlowsheetDefinitionError(subject: .tear(t), message: "stream '\(streams[t].name)' is a product; only a stream between two units can be torn")
            }
        }
    }

    /// Unit indices downstream of unit `u` (one per connected outlet).
    func successors(_ u: Int) -> [Int] {
        units[u].outlets.indices.compactMap { p in
            streamFromOutlet[PortReference(unit: u, port: p)].flatMap { streams[$0].to?.unit }
        }
    }
}
