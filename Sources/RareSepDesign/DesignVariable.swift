import RareSepCascade

/// One continuous quantity of a design searched at fixed stage counts: the organic flow,
/// an aqueous stream's flow (the scrub, the strip), or a stream's acid strength. The
/// search works in the logarithm of the value; a variable whose bounds are one value is
/// fixed.
public struct DesignVariable: Sendable, Equatable {
    /// What the value sets in the cascade.
    public enum Kind: Sendable, Equatable {
        /// The solvent loop's circulating flow, or the organic fed to stage 1 without a loop, m³/s.
        case organicFlow
        /// The flow of `feeds[index]`, m³/s.
        case streamFlow(feed: Int)
        /// The concentration of species `species` in `feeds[feed]`, mol/m³; every
        /// concentration of that (metal-free) stream scales with it, so an acid keeps its
        /// counter-ion (the scrub acid's strength).
        case streamStrength(feed: Int, species: Int)
    }

    public var kind: Kind
    /// Name in messages and outputs ("organic flow", "scrub flow", "strip flow", "scrub acid").
    public var name: String
    /// Allowed values (m³/s for flows, mol/m³ for a strength); lower = upper fixes the variable.
    public var bounds: ClosedRange<Double>

    public init(kind: Kind, name: String, bounds: ClosedRange<Double>) {
        self.kind = kind
        self.name = name
        self.bounds = bounds
    }

    /// Whether the search moves it.
    public var isFree: Bool { bounds.lowerBound < bounds.upperBound }

    /// Its value in a cascade.
    public func value(in p: CascadeProblem) -> Double {
        switch kind {
        case .organicFlow: return DesignProblem.organicFlow(of: p)
        case .streamFlow(let i): return p.feeds[i].flow
        case .streamStrength(let i, let j): return p.feeds[i].concentrations[j]
        }
    }

    /// Set it to `v` in `p`.
    public func apply(_ v: Double, to p: inout CascadeProblem) {
        switch kind {
        case .organicFlow:
            if p.loop != nil {
                p.loop!.flow = v
            } else {
                let organic = p.feeds.indices.filter { p.feeds[$0].phase == .organic && p.feeds[$0].stage == 0 }
                let total = organic.reduce(0) { $0 + p.feeds[$1].flow }
                for i in organic { p.feeds[i].flow *= v / total }
            }
        case .streamFlow(let i):
            p.feeds[i].flow = v
        case .streamStrength(let i, let j):
            let c0 = p.feeds[i].concentrations[j]
            if c0 > 0 { p.feeds[i].concentrations = p.feeds[i].concentrations.map { $0 * v / c0 } }
        }
    }
}
