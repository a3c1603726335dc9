import RareSepCore

/// Linear (Henry) isotherm q*_i = H_i·c_i, with H_i the dimensionless Henry
/// coefficient (m³ liquid per m³ solid skeleton). No modifier dependence.
/// Keys: `H` (per-component table or one number for all; components not listed
/// have H = 0 and do not bind).
public struct LinearIsotherm: Isotherm {
    public let id = "linear"
    /// Henry coefficient H_i (dimensionless, m³ liquid/m³ solid).
    public let henry: [Double]
    public var componentCount: Int { henry.count }

    public init(henry: [Double]) { self.henry = henry }

    public func isBinding(_ i: Int) -> Bool { henry[i] > 0 }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = henry.count
        for i in 0..<n {
            qStar[i] = henry[i] * c[i]
            dQdC?[i * n + i] = henry[i]
        }
    }

    public static let registration = IsothermRegistration(
        id: "linear",
        summary: "linear (Henry) isotherm q*_i = H_i c_i (keys: H, dimensionless)",
        make: { node, context in
            try node.checkKeys(["id", "H", "source", "description", "file"])
            let h = try perComponentQuantities(try node.require("H"), context: context, dimension: .dimensionless, defaultValue: 0)
            return LinearIsotherm(henry: h)
        })
}
