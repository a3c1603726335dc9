import Foundation
import RareSepCore

/// Freundlich isotherm, non-competitive: q*_i = K_F,i·(c_i/c_ref)^(1/n_i), with K_F,i
/// the loading (mol/m³ solid) at the reference concentration c_ref (default
/// 1 mol/m³, so K_F is the classical Freundlich constant in mol/m³ units) and n_i > 0
/// (n > 1: favourable). Its slope is infinite at c = 0 for n > 1, which no
/// implicit integrator tolerates; as in CADET's Freundlich LDF, below a threshold
/// c_t (`linear_below`, default 1e-8·c_ref) the isotherm is replaced by the
/// quadratic a·c + b·c² that matches value and slope at c_t (q*(0) = 0,
/// continuously differentiable). No modifier dependence. Column binding is LDF.
/// Keys: `K_F` (mol/m³ solid), `n` (dimensionless), optional `reference_concentration`,
/// `linear_below`.
public struct FreundlichIsotherm: Isotherm {
    public let id = "freundlich"
    /// K_F,i (mol/m³ solid), the loading at c_ref; 0 for non-binding components.
    public let coefficient: [Double]
    /// n_i (dimensionless), q* ∝ c^(1/n).
    public let exponentN: [Double]
    /// c_ref (mol/m³).
    public let referenceConcentration: Double
    /// c_t (mol/m³), below which the quadratic continuation is used.
    public let threshold: Double
    public var componentCount: Int { coefficient.count }

    public init(coefficient: [Double], exponentN: [Double], referenceConcentration: Double = 1, threshold: Double? = nil) {
        self.coefficient = coefficient
        self.exponentN = exponentN
        self.referenceConcentration = referenceConcentration
        self.threshold = threshold ?? 1e-8 * referenceConcentration
    }

    public func isBinding(_ i: Int) -> Bool { coefficient[i] > 0 }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = coefficient.count
        for i in 0..<n {
            guard coefficient[i] > 0 else { qStar[i] = 0; continue }
            let p = 1 / exponentN[i]
            let ci = c[i]
            if ci >= threshold {
                qStar[i] = coefficient[i] * pow(ci / referenceConcentration, p)
                dQdC?[i * n + i] = p * qStar[i] / ci
            } else {
                let v = coefficient[i] * pow(threshold / referenceConcentration, p)   // value at c_t
                let slope = p * v / threshold
                let b = (slope - v / threshold) / threshold
                let a = slope - 2 * b * threshold
                qStar[i] = (a + b * ci) * ci
                dQdC?[i * n + i] = a + 2 * b * ci
            }
        }
    }

    public static let registration = IsothermRegistration(
        id: "freundlich",
        summary: "Freundlich q*_i = K_F,i (c_i/c_ref)^(1/n_i), quadratic below a small threshold (keys: K_F in mol/m3 solid, n, reference_concentration, linear_below)",
        make: { node, context in
            try node.checkKeys(["id", "K_F", "n", "reference_concentration", "linear_below", "source", "description", "file"])
            let kf = try perComponentQuantities(try node.require("K_F"), context: context, dimension: .concentration, defaultValue: 0)
            let nn = try perComponentQuantities(try node.require("n"), context: context, dimension: .dimensionless, defaultValue: 1,
                                                validate: { $0 >= 0.05 && $0 <= 20 },
                                                expected: "a Freundlich exponent n in the allowed range 0.05 to 20 (q* ∝ c^(1/n); n > 1 favourable)")
            let cRef = try node.optional("reference_concentration")?.positiveQuantity(.concentration) ?? 1
            var threshold: Double?
            if let t = try node.optional("linear_below") {
                let v = try t.positiveQuantity(.concentration)
                if v >= cRef { throw t.error("a threshold below the reference concentration (\(cRef) mol/m3)") }
                threshold = v
            }
            return FreundlichIsotherm(coefficient: kf, exponentN: nn.map { $0 == 0 ? 1 : $0 }, referenceConcentration: cRef, threshold: threshold)
        })
}
