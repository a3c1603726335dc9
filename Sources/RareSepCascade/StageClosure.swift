import RareSepChemistry

/// What every staged unit (a mixer-settler stage, a contactor cell) closes the same way:
/// the closure row of a species held by a constraint rather than by transfer, and the
/// smallest row scale.
public enum StageClosure {
    /// Smallest scale of any residual row (the row's own units: mol/s for balances,
    /// mol/m³ for closures), for rows of a species absent from everything.
    public static let scaleFloor = 1e-200

    /// Residual and row scale (mol/m³) of the closure row of a species that does not
    /// partition: an organic constraint y = y*, an aqueous-only species y = 0, an
    /// organic-only species x = 0. `x`, `y`, `yStar` are the cell's or stage's
    /// concentrations (mol/m³); `typical` the species' typical concentration, whose
    /// 1e-14 floors the scale so that round-off is not read as a relative error.
    /// A partitioning species' row belongs to the unit (Murphree stage, rate transfer).
    @inlinable @inline(__always)
    public static func constraintRow(_ role: SpeciesRole, x: Double, y: Double, yStar: Double,
                                     typical: Double) -> (residual: Double, scale: Double) {
        switch role {
        case .organicConstraint: return (y - yStar, max(abs(y) + abs(yStar), 1e-14 * typical, scaleFloor))
        case .aqueousOnly: return (y, max(abs(y) + abs(x), 1e-14 * typical, scaleFloor))
        case .organicOnly: return (x, max(abs(x) + abs(y), 1e-14 * typical, scaleFloor))
        case .partitioning: preconditionFailure("a partitioning species is closed by its unit's transfer law")
        }
    }
}
