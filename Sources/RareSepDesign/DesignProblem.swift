import RareSepCascade
import RareSepCore

/// A product target: purity and recovery of one metal in one outlet of the cascade.
public struct DesignTarget: Sendable {
    /// Outlet name ("strip liquor", "raffinate", "loaded organic", ...).
    public var outlet: String
    /// Index of the metal in the problem's species.
    public var species: Int
    /// Minimum purity (molar share among the metals), fraction.
    public var purity: Double
    /// Minimum recovery (share of the fed amount), fraction.
    public var recovery: Double

    public init(outlet: String, species: Int, purity: Double, recovery: Double) {
        self.outlet = outlet
        self.species = species
        self.purity = purity
        self.recovery = recovery
    }
}

/// What the search minimises.
public enum DesignObjective: Sendable, Equatable {
    /// Fewest total stages; among those, the least organic flow.
    case totalStages
    /// Least organic flow within the stage budget; among equal flows, fewest stages.
    case solventFlow
    /// w_stages·N_total + w_solvent·O/F (O/F organic over aqueous feed flow).
    case weighted(stages: Double, solvent: Double)
}

/// The bounds of the search.
public struct DesignBounds: Sendable {
    /// Stage counts allowed per section (base-problem section order).
    public var stages: [ClosedRange<Int>]
    /// Organic flow O, m³/s.
    public var organicFlow: ClosedRange<Double>
    /// Scrub stream flow W, m³/s.
    public var scrubFlow: ClosedRange<Double>
    /// Organic-to-aqueous flow ratio O/A allowed in every stage, dimensionless.
    public var phaseRatio: ClosedRange<Double>

    public init(stages: [ClosedRange<Int>], organicFlow: ClosedRange<Double>, scrubFlow: ClosedRange<Double>,
                phaseRatio: ClosedRange<Double> = 0.1...10) {
        self.stages = stages
        self.organicFlow = organicFlow
        self.scrubFlow = scrubFlow
        self.phaseRatio = phaseRatio
    }
}

/// A design problem: a base cascade whose section stage counts, organic flow (the
/// solvent loop's flow, or the organic feed at stage 1 without a loop) and one aqueous
/// stream's flow (the scrub) are free; a product target; bounds; an objective.
/// Chemistry-agnostic: any equilibrium model the cascade solves.
public struct DesignProblem: Sendable {
    public var base: CascadeProblem
    /// Index in `base.feeds` of the scrub stream whose flow is searched.
    public var scrubFeed: Int
    public var target: DesignTarget
    public var bounds: DesignBounds
    public var objective: DesignObjective
    public var options: CascadeSolverOptions
    /// Largest number of design evaluations (stage-count tuples) the search may make.
    public var maxEvaluations: Int

    public init(base: CascadeProblem, scrubFeed: Int, target: DesignTarget, bounds: DesignBounds,
                objective: DesignObjective = .totalStages, options: CascadeSolverOptions = .init(), maxEvaluations: Int = 200) {
        self.base = base
        self.scrubFeed = scrubFeed
        self.target = target
        self.bounds = bounds
        self.objective = objective
        self.options = options
        self.maxEvaluations = maxEvaluations
    }

    /// Organic flow of a cascade: the loop's flow, else the organic feeds entering stage 1, m³/s.
    public static func organicFlow(of p: CascadeProblem) -> Double {
        p.loop?.flow ?? p.feeds.filter { $0.phase == .organic && $0.stage == 0 }.reduce(0) { $0 + $1.flow }
    }

    /// Aqueous feed flow F: the aqueous streams that carry metals, other than the scrub
    /// (the flow the objective's O/F and the shortcut's extraction factor use), m³/s.
    public var feedFlow: Double {
        base.feeds.enumerated().filter { i, f in
            i != scrubFeed && f.phase == .aqueous && f.concentrations.prefix(base.metalCount).contains { $0 > 0 }
        }.reduce(0) { $0 + $1.element.flow }
    }

    /// The cascade with `stages` per section, organic flow O and scrub flow W (m³/s).
    public func cascade(stages: [Int], organicFlow o: Double, scrubFlow w: Double) -> CascadeProblem {
        var p = base.withStageCounts(stages)
        p.feeds[scrubFeed].flow = w
        if p.loop != nil {
            p.loop!.flow = o
        } else {
            let organic = p.feeds.indices.filter { p.feeds[$0].phase == .organic && p.feeds[$0].stage == 0 }
            let total = organic.reduce(0) { $0 + p.feeds[$1].flow }
            for i in organic { p.feeds[i].flow *= o / total }
        }
        return p
    }
}
