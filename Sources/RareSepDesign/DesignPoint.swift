/// One explored design: stage counts and the least organic flow (with the other
/// variables) found to meet every target at those counts, or why none was found.
public struct DesignPoint: Sendable, Codable {
    /// Stage count per section (base-problem order).
    public var stages: [Int]
    /// Values of the problem's variables at the last iterate (their units; `values[0]` the organic flow, m³/s).
    public var values: [Double]
    /// Each target's metal purity and recovery in its outlet at that iterate, fractions (target order).
    public var purity: [Double]
    public var recovery: [Double]
    /// Whether every target is met within the bounds at these stage counts.
    public var feasible: Bool
    /// Cascade solves this evaluation took.
    public var solves: Int
    /// Value of the objective (smaller is better; +∞ when infeasible).
    public var objective: Double
    /// When infeasible, the target that binds (the one furthest from being met), by index.
    public var bindingTarget: Int?
    /// Why infeasible (the target that binds and the bounds the flows ran into, or the
    /// numerical failure); empty when feasible.
    public var note: String

    /// Total stages.
    public var totalStages: Int { stages.reduce(0, +) }
    /// Organic flow, m³/s.
    public var organicFlow: Double { values[0] }
}
