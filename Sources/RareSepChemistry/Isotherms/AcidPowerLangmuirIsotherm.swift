import Foundation
import RareSepCore

/// Competitive Langmuir with affinities set by the modifier (acid) concentration s
/// through a power and an exponential term, for ion exchange and HDEHP/HEH[EHP]-type
/// extraction chromatography, where a trivalent ion displaces three protons:
/// K_i(s) = K_ref,i·e^{γ_i (s − s_ref)}·(s/s_ref)^(−β_i),
/// q*_i = q_max,i·K_i(s)·c_i/(1 + Σ_j K_j(s)·c_j),
/// with β ≈ 3 for M³⁺ (Peppard et al. 1965: inverse third power on [H⁺], see
/// research-data literature-notes.md). s is the liquid concentration of the
/// column's modifier component (mol/m³). Assumption: below `s_min` (default
/// 1e-3·s_ref) the affinity is held at K_i(s_min), so that K stays finite when the
/// acid is washed out; ∂K/∂s = 0 there.
///
/// Two registrations build it:
/// - `langmuir-acid-power` (γ = 0): in the kinetic form all of the acid dependence
///   is in adsorption, dq_i/dt = k_d,i·[q_max,i K_i(s) c_i (1 − Σ q_j/q_max,j) − q_i];
/// - `langmuir-mpm`, the mobile-phase-modulator Langmuir of CADET (MPM): desorption
///   rises as s^β and adsorption carries e^{γs},
///   dq_i/dt = k_d,i·[K_ref,i e^{γ_i (s − s_ref)} q_max,i c_i (1 − Σ q_j/q_max,j) − (s/s_ref)^{β_i} q_i],
///   i.e. CADET's k_a,i e^{γ_i s} c_i q_max,i (1 − Σ q_j/q_max,j) − k_d,i s^{β_i} q_i with
///   k_a,i(CADET) = k_d,i K_ref,i e^{−γ_i s_ref} and k_d,i(CADET) = k_d,i s_ref^{−β_i}.
/// Both have the same equilibrium for the same K_i(s).
/// Keys: `K_ref` (m³/mol), `q_max` (mol/m³ solid), `reference_modifier` (s_ref, a
/// concentration), `beta` (per component or one number), optional `minimum_modifier`,
/// and for `langmuir-mpm` optional `gamma` (m³/mol, default 0).
public struct AcidPowerLangmuirIsotherm: Isotherm {
    /// Registry id: "langmuir-acid-power" or "langmuir-mpm".
    public let id: String
    /// K_ref,i at s = s_ref (m³/mol).
    public let referenceAffinity: [Double]
    /// q_max,i (mol/m³ solid).
    public let capacity: [Double]
    /// β_i (dimensionless exponent).
    public let exponent: [Double]
    /// γ_i (m³/mol), the exponential modulator coefficient (0 for `langmuir-acid-power`).
    public let modulator: [Double]
    /// Whether the kinetic form puts (s/s_ref)^β into desorption (MPM) rather than K(s) into adsorption.
    public let desorptionFollowsModifier: Bool
    /// s_ref (mol/m³).
    public let referenceModifier: Double
    /// s_min (mol/m³).
    public let minimumModifier: Double
    public var componentCount: Int { capacity.count }

    /// `modulator` nil means γ = 0; `desorptionFollowsModifier` selects the MPM kinetic form (id `langmuir-mpm`).
    public init(referenceAffinity: [Double], capacity: [Double], exponent: [Double],
                referenceModifier: Double, minimumModifier: Double,
                modulator: [Double]? = nil, desorptionFollowsModifier: Bool = false) {
        self.referenceAffinity = referenceAffinity
        self.capacity = capacity
        self.exponent = exponent
        self.referenceModifier = referenceModifier
        self.minimumModifier = minimumModifier
        self.modulator = modulator ?? [Double](repeating: 0, count: capacity.count)
        self.desorptionFollowsModifier = desorptionFollowsModifier
        id = desorptionFollowsModifier ? "langmuir-mpm" : "langmuir-acid-power"
    }

    public func isBinding(_ i: Int) -> Bool { referenceAffinity[i] > 0 && capacity[i] > 0 }

    /// e^{γ_i (s − s_ref)} with the exponent held within ±700 (no overflow).
    @inline(__always)
    func exponential(_ i: Int, _ se: Double) -> Double {
        modulator[i] == 0 ? 1 : exp(min(700, max(-700, modulator[i] * (se - referenceModifier))))
    }

    /// Affinity K_i(s) (m³/mol).
    public func affinity(_ i: Int, modifier s: Double) -> Double {
        let se = max(s, minimumModifier)
        return referenceAffinity[i] * exponential(i, se) * pow(se / referenceModifier, -exponent[i])
    }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = capacity.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { buf in
            let k = buf.baseAddress!
            let dk = k + n
            affinities(modifier: s, k: k, dkds: dk)
            capacity.withUnsafeBufferPointer { qm in
                competitiveLangmuir(n: n, c: c, affinity: k, dAffinityDS: dk, capacity: qm.baseAddress!,
                                    qStar: qStar, dQdC: dQdC, dQdS: dQdS)
            }
        }
    }

    /// Reads K_ref, q_max, beta, reference_modifier, minimum_modifier (and gamma when `mpm`).
    static func make(_ node: ConfigNode, _ context: IsothermContext, mpm: Bool) throws -> AcidPowerLangmuirIsotherm {
        let id = mpm ? "langmuir-mpm" : "langmuir-acid-power"
        try node.checkKeys(["id", "K_ref", "q_max", "beta", "reference_modifier", "minimum_modifier", "source", "description", "file"]
                           + (mpm ? ["gamma"] : []))
        guard context.modifierIndex != nil else {
            throw node.error("a column with a modifier component (key 'modifier' in the case) for an acid-dependent isotherm", value: id)
        }
        let k = try perComponentQuantities(try node.require("K_ref"), context: context, dimension: .inverseConcentration, defaultValue: nil)
        let qm = try perComponentQuantities(try node.require("q_max"), context: context, dimension: .concentration, defaultValue: nil,
                                            validate: { $0 > 0 }, expected: capacityRange)
        let beta = try perComponentQuantities(try node.require("beta"), context: context, dimension: .dimensionless, defaultValue: nil,
                                              validate: { $0 >= 0 && $0 <= 20 }, expected: exponentRange)
        let sRefNode = try node.require("reference_modifier")
        let sRef = try sRefNode.positiveQuantity(.concentration)
        let sMin = try node.optional("minimum_modifier")?.positiveQuantity(.concentration) ?? 1e-3 * sRef
        var gamma: [Double]?
        if mpm, let g = try node.optional("gamma") {
            // γ·s_ref within ±50 keeps e^{γ(s − s_ref)} finite over the acid range of a column
            gamma = try perComponentQuantities(g, context: context, dimension: .inverseConcentration, defaultValue: 0,
                                               validate: { abs($0 * sRef) <= 50 },
                                               expected: "a modulator coefficient gamma with |gamma·reference_modifier| ≤ 50 (e.g. 0.001 m3/mol for s_ref = 1 mol/L)")
        }
        return AcidPowerLangmuirIsotherm(referenceAffinity: k, capacity: qm, exponent: beta, referenceModifier: sRef,
                                         minimumModifier: sMin, modulator: gamma, desorptionFollowsModifier: mpm)
    }

    public static let registration = IsothermRegistration(
        id: "langmuir-acid-power",
        summary: "competitive Langmuir with K_i = K_ref,i (s/s_ref)^-beta_i (ion exchange, HDEHP-type; keys: K_ref, q_max, beta, reference_modifier, minimum_modifier)",
        make: { node, context in try make(node, context, mpm: false) })

    /// The mobile-phase-modulator Langmuir (CADET MPM): K_i = K_ref,i e^{γ(s−s_ref)} (s/s_ref)^-β, desorption ∝ (s/s_ref)^β.
    public static let modulatorRegistration = IsothermRegistration(
        id: "langmuir-mpm",
        summary: "mobile-phase-modulator Langmuir (CADET MPM): K_i = K_ref,i e^(gamma_i (s - s_ref)) (s/s_ref)^-beta_i; kinetic desorption k_d,i (s/s_ref)^beta_i (keys: K_ref, q_max, beta, gamma, reference_modifier, minimum_modifier)",
        make: { node, context in try make(node, context, mpm: true) })
}

extension AcidPowerLangmuirIsotherm: LangmuirFamilyIsotherm {
    public func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>) {
        let clipped = s <= minimumModifier
        let se = max(s, minimumModifier)
        for i in 0..<capacity.count {
            k[i] = referenceAffinity[i] * exponential(i, se) * pow(se / referenceModifier, -exponent[i])
            dkds[i] = clipped ? 0 : (modulator[i] == 0 ? -exponent[i] * k[i] / se : k[i] * (modulator[i] - exponent[i] / se))
        }
    }

    public func kineticFactors(modifier s: Double, adsorption a: UnsafeMutablePointer<Double>, dads: UnsafeMutablePointer<Double>,
                               desorption d: UnsafeMutablePointer<Double>, ddds: UnsafeMutablePointer<Double>) {
        guard desorptionFollowsModifier else {
            affinities(modifier: s, k: a, dkds: dads)
            for i in 0..<capacity.count { d[i] = 1; ddds[i] = 0 }
            return
        }
        let clipped = s <= minimumModifier
        let se = max(s, minimumModifier)
        for i in 0..<capacity.count {
            a[i] = referenceAffinity[i] * exponential(i, se)
            d[i] = pow(se / referenceModifier, exponent[i])
            dads[i] = clipped ? 0 : modulator[i] * a[i]
            ddds[i] = clipped ? 0 : exponent[i] * d[i] / se
        }
    }
}
