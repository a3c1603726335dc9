import Foundation
import RareSepCore

/// Competitive Langmuir with affinities rising with the modifier concentration and
/// levelling off, for diglycolamide (TODGA/DGA) sorbents, whose Kd for trivalent
/// lanthanides rises with HNO3 and plateaus near 2.5 mol/L (Husain et al.,
/// Desalination 229 (2008) 294; Eichrom DGA resin data; research-data
/// literature-notes.md §D): the extracted complex carries nitrate, so K grows as
/// s^β at low s and saturates:
/// K_i(s) = K_plateau,i·x^β_i/(1 + x^β_i), x = s/s_half,
/// q*_i = q_max,i·K_i(s)·c_i/(1 + Σ_j K_j(s)·c_j). s is the liquid concentration of
/// the column's modifier component (mol/m³); for s ≤ 0, K_i = 0.
/// Keys: `K_plateau` (m³/mol), `q_max` (mol/m³ solid), `beta`, `half_saturation` (s_half).
public struct RisingModifierLangmuirIsotherm: Isotherm {
    public let id = "langmuir-dga-rising"
    /// K_plateau,i (m³/mol), the affinity at high modifier concentration.
    public let plateauAffinity: [Double]
    /// q_max,i (mol/m³ solid).
    public let capacity: [Double]
    /// β_i (dimensionless).
    public let exponent: [Double]
    /// s_half (mol/m³): the modifier concentration at which K = K_plateau/2.
    public let halfSaturation: Double
    public var componentCount: Int { capacity.count }

    public init(plateauAffinity: [Double], capacity: [Double], exponent: [Double], halfSaturation: Double) {
        self.plateauAffinity = plateauAffinity
        self.capacity = capacity
        self.exponent = exponent
        self.halfSaturation = halfSaturation
    }

    public func isBinding(_ i: Int) -> Bool { plateauAffinity[i] > 0 && capacity[i] > 0 }

    /// Affinity K_i(s) (m³/mol).
    public func affinity(_ i: Int, modifier s: Double) -> Double {
        guard s > 0 else { return 0 }
        let xb = pow(s / halfSaturation, exponent[i])
        return plateauAffinity[i] * xb / (1 + xb)
    }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = capacity.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { buf in
            let k = buf.baseAddress!
            let dk = k + n
            for i in 0..<n {
                if s > 0 {
                    let xb = pow(s / halfSaturation, exponent[i])
                    k[i] = plateauAffinity[i] * xb / (1 + xb)
                    dk[i] = k[i] * exponent[i] / (s * (1 + xb))
                } else {
                    k[i] = 0
                    dk[i] = 0
                }
            }
            capacity.withUnsafeBufferPointer { qm in
                competitiveLangmuir(n: n, c: c, affinity: k, dAffinityDS: dk, capacity: qm.baseAddress!,
                                    qStar: qStar, dQdC: dQdC, dQdS: dQdS)
            }
        }
    }

    public static let registration = IsothermRegistration(
        id: "langmuir-dga-rising",
        summary: "competitive Langmuir with K_i = K_plateau,i x^b/(1+x^b), x = s/s_half, rising with acid (DGA sorbents; keys: K_plateau, q_max, beta, half_saturation)",
        make: { node, context in
            try node.checkKeys(["id", "K_plateau", "q_max", "beta", "half_saturation", "source", "description", "file"])
            guard context.modifierIndex != nil else {
                throw node.error("a column with a modifier component (key 'modifier' in the case) for an acid-dependent isotherm", value: "langmuir-dga-rising")
            }
            let k = try perComponentQuantities(try node.require("K_plateau"), context: context, dimension: .inverseConcentration, defaultValue: nil)
            let qm = try perComponentQuantities(try node.require("q_max"), context: context, dimension: .concentration, defaultValue: nil,
                                                validate: { $0 > 0 }, expected: capacityRange)
            let beta = try perComponentQuantities(try node.require("beta"), context: context, dimension: .dimensionless, defaultValue: nil,
                                                  validate: { $0 >= 0 && $0 <= 20 }, expected: exponentRange)
            let sHalf = try node.require("half_saturation").positiveQuantity(.concentration)
            return RisingModifierLangmuirIsotherm(plateauAffinity: k, capacity: qm, exponent: beta, halfSaturation: sHalf)
        })
}
