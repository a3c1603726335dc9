import RareSepChemistry

/// A linear stand-in for an equilibrium model, for the contactor's linear start:
/// partitioning species y*_j = D_j·x_j with D_j frozen, constraint species y*_j a fixed
/// value; the roles are the original model's.
struct FrozenLinearModel: EquilibriumModel {
    let id = "frozen-linear"
    /// Roles of the original model.
    let roles: [SpeciesRole]
    /// Frozen distribution ratios (partitioning species).
    let ratio: [Double]
    /// Fixed constraint values y*_j (other species), mol/m³.
    let fixed: [Double]
    var speciesCount: Int { roles.count }

    func role(_ j: Int) -> SpeciesRole { roles[j] }

    func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>, yStar: UnsafeMutablePointer<Double>,
                            dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        let n = roles.count
        for j in 0..<n {
            if roles[j] == .partitioning {
                yStar[j] = ratio[j] * x[j]
                dYdX?[j * n + j] = ratio[j]
            } else {
                yStar[j] = fixed[j]
            }
        }
    }
}
