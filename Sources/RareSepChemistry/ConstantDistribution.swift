import RareSepCore

/// Constant distribution ratio per species, y*_j = D_j·x_j (physics.md §1.1).
/// The basis of the Kremser and McCabe–Thiele checks. Species not listed fall
/// back to `default_D` (if given) and ions added by other models stay aqueous.
public struct ConstantDistribution: EquilibriumModel {
    public let id = "constant-distribution"
    /// Distribution ratio D_j (organic/aqueous, dimensionless) per species.
    public let distributionRatio: [Double]
    public var speciesCount: Int { distributionRatio.count }

    public init(distributionRatio: [Double]) { self.distributionRatio = distributionRatio }

    public func role(_ j: Int) -> SpeciesRole { .partitioning }

    public func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>,
                                   yStar: UnsafeMutablePointer<Double>,
                                   dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        let n = distributionRatio.count
        for j in 0..<n {
            yStar[j] = distributionRatio[j] * x[j]
            dYdX?[j * n + j] = distributionRatio[j]
        }
    }

    public static let registration = ModelRegistration(
        id: "constant-distribution",
        summary: "constant distribution ratio per component, D_j (keys: D, default_D)",
        make: { node, context in
            try node.checkKeys(["id", "D", "default_D", "source", "description", "file"])
            let defaultNode = try node.optional("default_D")
            let defaultD = try defaultNode?.double()
            if let defaultNode, let defaultD, !isDistributionRatio(defaultD) { throw defaultNode.error(distributionRatioExpected) }
            let d = try perSpeciesValues(try node.require("D"), context: context, defaultValue: defaultD,
                                         validate: isDistributionRatio, expected: distributionRatioExpected)
            return ConstantDistribution(distributionRatio: d)
        })
}
