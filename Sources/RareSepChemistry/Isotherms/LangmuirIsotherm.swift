import RareSepCore

/// Competitive multi-component Langmuir isotherm (physics.md §6):
/// q*_i = q_max,i·K_i·c_i / (1 + Σ_j K_j·c_j), with K_i the affinity (m³/mol) and
/// q_max,i the capacity (mol per m³ of solid skeleton). Constant affinities;
/// the acid-dependent forms are `AcidPowerLangmuirIsotherm` and
/// `RisingModifierLangmuirIsotherm`. Keys: `K`, `q_max` (per-component tables or
/// one value for all); components with K = 0 or q_max = 0 do not bind.
public struct LangmuirIsotherm: Isotherm {
    public let id = "langmuir"
    /// Affinity K_i (m³/mol).
    public let affinity: [Double]
    /// Capacity q_max,i (mol/m³ solid).
    public let capacity: [Double]
    public var componentCount: Int { affinity.count }

    public init(affinity: [Double], capacity: [Double]) {
        self.affinity = affinity
        self.capacity = capacity
    }

    public func isBinding(_ i: Int) -> Bool { affinity[i] > 0 && capacity[i] > 0 }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        affinity.withUnsafeBufferPointer { k in
            capacity.withUnsafeBufferPointer { qm in
                competitiveLangmuir(n: affinity.count, c: c, affinity: k.baseAddress!, dAffinityDS: nil,
                                    capacity: qm.baseAddress!, qStar: qStar, dQdC: dQdC, dQdS: nil)
            }
        }
    }

    public static let registration = IsothermRegistration(
        id: "langmuir",
        summary: "competitive Langmuir q*_i = q_max,i K_i c_i/(1 + sum K_j c_j) (keys: K in m3/mol, q_max in mol/m3 solid)",
        make: { node, context in
            try node.checkKeys(["id", "K", "q_max", "source", "description", "file"])
            let k = try perComponentQuantities(try node.require("K"), context: context, dimension: .inverseConcentration, defaultValue: nil)
            let qm = try perComponentQuantities(try node.require("q_max"), context: context, dimension: .concentration, defaultValue: nil,
                                                validate: { $0 > 0 }, expected: capacityRange)
            return LangmuirIsotherm(affinity: k, capacity: qm)
        })
}

/// The competitive Langmuir kernel shared by the Langmuir family: q*_i =
/// q_max,i·K_i·c_i/(1 + Σ K_j c_j) with its Jacobian ∂q*/∂c and, when the
/// affinities depend on the modifier (`dAffinityDS` = dK_i/ds non-nil), ∂q*/∂s.
/// Negative concentrations (solver undershoot) are used as given so that the
/// function stays smooth; the denominator is kept ≥ 1e-12 to avoid division by zero.
@inline(__always)
func competitiveLangmuir(n: Int, c: UnsafePointer<Double>, affinity k: UnsafePointer<Double>,
                         dAffinityDS: UnsafePointer<Double>?, capacity qm: UnsafePointer<Double>,
                         qStar: UnsafeMutablePointer<Double>,
                         dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
    var denom = 1.0
    for j in 0..<n { denom += k[j] * c[j] }
    denom = max(denom, 1e-12)
    let inv = 1 / denom
    for i in 0..<n { qStar[i] = qm[i] * k[i] * c[i] * inv }
    if let dQdC {
        for i in 0..<n {
            let a = qm[i] * k[i] * inv
            for j in 0..<n { dQdC[i * n + j] = -qStar[i] * k[j] * inv }
            dQdC[i * n + i] += a
        }
    }
    if let dQdS, let dk = dAffinityDS {
        var dDenom = 0.0
        for j in 0..<n { dDenom += dk[j] * c[j] }
        for i in 0..<n { dQdS[i] = qm[i] * dk[i] * c[i] * inv - qStar[i] * dDenom * inv }
    }
}
