import RareSepChemistry
import RareSepCore
import RareSepCascade

/// Mixer: streams of one phase joined into one; flows and molar flows add (no
/// volume change of mixing).
public final class MixerUnit: UnitOperation {
    public let name: String
    public let kind = "mixer"
    public let inlets: [Port]
    public let outlets: [Port]

    /// A mixer of the named inlets of one phase into outlet "out".
    public init(name: String, phase: Phase, inletNames: [String]) {
        self.name = name
        inlets = inletNames.map { Port(name: $0, phase: phase) }
        outlets = [Port(name: "out", phase: phase)]
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let present = try (0..<streams.count).map { try inlet(streams, $0) }
        return UnitResult(outlets: [ProcessStream.mix(present, phase: outlets[0].phase, count: species.count)])
    }
}

/// How a splitter divides its inlet.
public enum SplitSpecification: Sendable, Equatable {
    /// Fraction of the inlet flow to each outlet (sum 1), dimensionless.
    case fractions([Double])
    /// A fixed volumetric flow (m³/s) to outlet `index`; the rest to the other outlet
    /// of a two-way splitter.
    case flow(index: Int, flow: Double)
}

/// Splitter: one stream divided into outlets of the same composition.
public final class SplitterUnit: UnitOperation {
    public let name: String
    public let kind = "splitter"
    public let inlets: [Port]
    public let outlets: [Port]
    /// The split.
    public let split: SplitSpecification

    /// A splitter of inlet "in" into the named outlets.
    public init(name: String, phase: Phase, outletNames: [String], split: SplitSpecification) {
        self.name = name
        inlets = [Port(name: "in", phase: phase)]
        outlets = outletNames.map { Port(name: $0, phase: phase) }
        self.split = split
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let s = try inlet(streams, 0)
        let fractions: [Double]
        switch split {
        case .fractions(let f): fractions = f
        case .flow(let index, let flow):
            guard flow <= s.flow * (1 + 1e-12) else {
                throw UnitFailure(unit: name, message: "the flow to outlet '\(outlets[index].name)' (\(flow * 3.6e6) L/h) exceeds the inlet flow (\(s.flow * 3.6e6) L/h)")
            }
            let f = s.flow > 0 ? min(1, flow / s.flow) : 0
            fractions = index == 0 ? [f, 1 - f] : [1 - f, f]
        }
        return UnitResult(outlets: fractions.map { ProcessStream(phase: s.phase, flow: $0 * s.flow, concentrations: s.concentrations) })
    }
}
