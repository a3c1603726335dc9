/// One explored design: stage counts and the least organic flow (with its scrub flow)
/// found to meet the target at those counts, or why none was found.
public struct DesignPoint: Sendable, Codable {
    /// Stage count per section (base-problem order).
    public var stages: [Int]
    /// Organic flow O and scrub flow W of the last iterate, m³/s.
    public var organicFlow: Double
    public var scrubFlow: Double
    /// Target metal's purity and recovery in the target outlet at that iterate, fractions.
    public var purity: Double
    public var recovery: Double
    /// Whether the target is met within the bounds at these stage counts.
    public var feasible: Bool
    /// Cascade solves this evaluation took.
    public var solves: Int
    /// Value of the objective (smaller is better; +∞ when infeasible).
    public var objective: Double
    /// Why infeasible (the bound that binds, or the numerical failure); empty when feasible.
    public var note: String

    /// Total stages.
    public var totalStages: Int { stages.reduce(0, +) }
}
