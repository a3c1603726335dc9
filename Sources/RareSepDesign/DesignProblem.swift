import Foundation
import RareSepCascade
import RareSepCore

/// A product target: purity and recovery of one metal in one outlet of the cascade.
public struct DesignTarget: Sendable, Equatable {
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

/// The bounds of the stage search (the continuous variables carry their own bounds).
public struct DesignBounds: Sendable {
    /// Stage counts allowed per section (base-problem section order).
    public var stages: [ClosedRange<Int>]
    /// Organic-to-aqueous flow ratio O/A allowed in every stage, dimensionless.
    public var phaseRatio: ClosedRange<Double>

    public init(stages: [ClosedRange<Int>], phaseRatio: ClosedRange<Double> = 0.1...10) {
        self.stages = stages
        self.phaseRatio = phaseRatio
    }
}

/// A design problem: a base cascade whose section stage counts and continuous variables
/// (the organic flow first, then stream flows such as the scrub and strip, and acid
/// strengths) are free within bounds; product targets that must all hold; an objective.
/// Chemistry-agnostic: any equilibrium model the cascade solves.
public struct DesignProblem: Sendable {
    public var base: CascadeProblem
    /// Index in `base.feeds` of the scrub stream (the shortcut's scrub; not counted in the feed flow).
    public var scrubFeed: Int
    /// Product targets; a design is feasible when every one is met.
    public var targets: [DesignTarget]
    /// The continuous variables; `variables[0]` is the organic flow.
    public var variables: [DesignVariable]
    public var bounds: DesignBounds
    public var objective: DesignObjective
    public var options: CascadeSolverOptions
    /// Largest number of design evaluations (stage-count tuples) the search may make.
    public var maxEvaluations: Int
    /// Threads evaluating a batch of candidate designs (nil: every core). The result does
    /// not depend on it.
    public var threads: Int?

    public init(base: CascadeProblem, scrubFeed: Int, targets: [DesignTarget], variables: [DesignVariable], bounds: DesignBounds,
                objective: DesignObjective = .totalStages, options: CascadeSolverOptions = .init(), maxEvaluations: Int = 200,
                threads: Int? = nil) {
        precondition(!targets.isEmpty && variables.first?.kind == .organicFlow, "a target, and the organic flow as the first variable")
        self.base = base
        self.scrubFeed = scrubFeed
        self.targets = targets
        self.variables = variables
        self.bounds = bounds
        self.objective = objective
        self.options = options
        self.maxEvaluations = maxEvaluations
        self.threads = threads
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

    /// The base case's values of the variables.
    public var baseValues: [Double] { variables.map { $0.value(in: base) } }

    /// The cascade with `stages` per section and the variables at `values` (their units).
    public func cascade(stages: [Int], values: [Double]) -> CascadeProblem {
        var p = base.withStageCounts(stages)
        for (v, x) in zip(variables, values) { v.apply(x, to: &p) }
        return p
    }

    /// Threads a batch runs on.
    var threadCount: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }
}
