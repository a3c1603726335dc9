import RareSepCore

/// Constant separation factors against a reference distribution ratio,
/// D_j = β_j·D_ref, y*_j = D_j·x_j (physics.md §1.2; the shortcut-design basis).
public struct ConstantSeparationFactors: EquilibriumModel {
    public let id = "constant-separation-factors"
    /// Reference distribution ratio D_ref (dimensionless).
    public let referenceDistributionRatio: Double
    /// Separation factor β_j = D_j/D_ref per species (dimensionless).
    public let separationFactor: [Double]
    public var speciesCount: Int { separationFactor.count }

    public init(referenceDistributionRatio: Double, separationFactor: [Double]) {
        self.referenceDistributionRatio = referenceDistributionRatio
        self.separationFactor = separationFactor
    }

    public func role(_ j: Int) -> SpeciesRole { .partitioning }

    public func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>,
                                   yStar: UnsafeMutablePointer<Double>,
                                   dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        let n = separationFactor.count
        for j in 0..<n {
            let d = separationFactor[j] * referenceDistributionRatio
            yStar[j] = d * x[j]
            dYdX?[j * n + j] = d
        }
    }

    public static let registration = ModelRegistration(
        id: "constant-separation-factors",
        summary: "D_j = beta_j * D_ref with constant separation factors (keys: reference_D, separation_factors)",
        make: { node, context in
            try node.checkKeys(["id", "reference_D", "separation_factors", "source", "description", "file"])
            let refNode = try node.require("reference_D")
            let ref = try refNode.double()
            if !isDistributionRatio(ref) { throw refNode.error(distributionRatioExpected) }
            let beta = try perSpeciesValues(try node.require("separation_factors"), context: context, defaultValue: nil,
                                            validate: isSeparationFactor, expected: separationFactorExpected)
            return ConstantSeparationFactors(referenceDistributionRatio: ref, separationFactor: beta)
        })
}
