import Foundation
import RareSepCore

/// Competitive Langmuir with affinities falling as a power of the modifier
/// (acid) concentration, for ion exchange and HDEHP/HEH[EHP]-type extraction
/// chromatography, where a trivalent ion displaces three protons:
/// K_i(s) = K_ref,i·(s/s_ref)^(−β_i), q*_i = q_max,i·K_i(s)·c_i/(1 + Σ_j K_j(s)·c_j),
/// with β ≈ 3 for M³⁺ (Peppard et al. 1965: inverse third power on [H⁺], see
/// research-data literature-notes.md). s is the liquid concentration of the
/// column's modifier component (mol/m³). Assumption: below `s_min` (default
/// 1e-3·s_ref) the affinity is held at K_i(s_min), so that K stays finite when the
/// acid is washed out; ∂K/∂s = 0 there.
/// Keys: `K_ref` (m³/mol), `q_max` (mol/m³ solid), `reference_modifier` (s_ref, a
/// concentration), `beta` (per component or one number), optional `minimum_modifier`.
public struct AcidPowerLangmuirIsotherm: Isotherm {
    public let id = "langmuir-acid-power"
    /// K_ref,i at s = s_ref (m³/mol).
    public let referenceAffinity: [Double]
    /// q_max,i (mol/m³ solid).
    public let capacity: [Double]
    /// β_i (dimensionless exponent).
    public let exponent: [Double]
    /// s_ref (mol/m³).
    public let referenceModifier: Double
    /// s_min (mol/m³).
    public let minimumModifier: Double
    public var componentCount: Int { capacity.count }

    public init(referenceAffinity: [Double], capacity: [Double], exponent: [Double],
                referenceModifier: Double, minimumModifier: Double) {
        self.referenceAffinity = referenceAffinity
        self.capacity = capacity
        self.exponent = exponent
        self.referenceModifier = referenceModifier
        self.minimumModifier = minimumModifier
    }

    public func isBinding(_ i: Int) -> Bool { referenceAffinity[i] > 0 && capacity[i] > 0 }

    /// Affinity K_i(s) (m³/mol).
    public func affinity(_ i: Int, modifier s: Double) -> Double {
        referenceAffinity[i] * pow(max(s, minimumModifier) / referenceModifier, -exponent[i])
    }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = capacity.count
        let clipped = s <= minimumModifier
        let se = max(s, minimumModifier)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { buf in
            let k = buf.baseAddress!
            let dk = k + n
            for i in 0..<n {
                k[i] = referenceAffinity[i] * pow(se / referenceModifier, -exponent[i])
                dk[i] = clipped ? 0 : -exponent[i] * k[i] / se
            }
            capacity.withUnsafeBufferPointer { qm in
                competitiveLangmuir(n: n, c: c, affinity: k, dAffinityDS: dk, capacity: qm.baseAddress!,
                                    qStar: qStar, dQdC: dQdC, dQdS: dQdS)
            }
        }
    }

    public static let registration = IsothermRegistration(
        id: "langmuir-acid-power",
        summary: "competitive Langmuir with K_i = K_ref,i (s/s_ref)^-beta_i (ion exchange, HDEHP-type; keys: K_ref, q_max, beta, reference_modifier, minimum_modifier)",
        make: { node, context in
            try node.checkKeys(["id", "K_ref", "q_max", "beta", "reference_modifier", "minimum_modifier", "source", "description", "file"])
            guard context.modifierIndex != nil else {
                throw node.error("a column with a modifier component (key 'modifier' in the case) for an acid-dependent isotherm", value: "langmuir-acid-power")
            }
            let k = try perComponentQuantities(try node.require("K_ref"), context: context, dimension: .inverseConcentration, defaultValue: nil)
            let qm = try perComponentQuantities(try node.require("q_max"), context: context, dimension: .concentration, defaultValue: nil,
                                                validate: { $0 > 0 }, expected: capacityRange)
            let beta = try perComponentQuantities(try node.require("beta"), context: context, dimension: .dimensionless, defaultValue: nil,
                                                  validate: { $0 >= 0 && $0 <= 20 }, expected: exponentRange)
            let sRef = try node.require("reference_modifier").positiveQuantity(.concentration)
            let sMin = try node.optional("minimum_modifier")?.positiveQuantity(.concentration) ?? 1e-3 * sRef
            return AcidPowerLangmuirIsotherm(referenceAffinity: k, capacity: qm, exponent: beta,
                                             referenceModifier: sRef, minimumModifier: sMin)
        })
}
