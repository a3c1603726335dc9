import RareSepCascade

/// What a design search returns: the chosen design verified by a full solve (the value
/// equipment sizing reads: its problem carries stage counts and flows, its solution the
/// stage flows and profiles), or the infeasibility with the best reachable points and the
/// target and bounds that bind; the shortcut that started it and every explored design.
public struct DesignResult: Sendable {
    /// Feasible: `chosen` meets every target (verified); infeasible: no design within the bounds does.
    public enum Status: String, Sendable, Codable {
        case feasible, infeasible
    }
    public var status: Status
    /// The chosen design's point (variable values and the search's purities and recoveries).
    public var chosen: DesignPoint?
    /// The chosen cascade (stage counts and flows) and its verifying cold solve.
    public var chosenProblem: CascadeProblem?
    public var verification: CascadeSolution?
    /// Purity and recovery of each target in the verifying solve, fractions (target order).
    public var verifiedPurity: [Double]?
    public var verifiedRecovery: [Double]?
    /// Sections where one stage fewer was evaluated and failed the targets (stage minimality).
    public var minimalSections: [Int]
    /// When infeasible: the best reachable point (largest worst margin to all targets),
    /// per target the point that comes closest to it, the target that binds (index), and
    /// the bounds that bind, in words.
    public var bestReachable: DesignPoint?
    public var bestPerTarget: [DesignPoint?]
    public var bindingTarget: Int?
    public var binding: [String]
    public var shortcut: DesignShortcut
    /// Every evaluated stage tuple, in order.
    public var explored: [DesignPoint]
    /// Cascade solves in the search (all evaluations, excluding the base and verifying solves),
    /// and how many converged from their warm start.
    public var solves: Int
    public var warmSolves: Int
    /// Batches of candidate designs evaluated, and the threads they ran on.
    public var batches: Int
    public var threads: Int
    /// Wall time of the search and of the base case's cold solve, ms.
    public var searchMilliseconds: Double
    public var coldSolveMilliseconds: Double
}
