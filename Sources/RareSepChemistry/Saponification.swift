import Foundation
import RareSepCore

/// The base that saponifies an acidic extractant.
public enum SaponificationReagent: String, Sendable, CaseIterable {
    /// Sodium hydroxide: HA(org) + NaOH → NaA(org) + H₂O (cation Na).
    case sodiumHydroxide = "NaOH"
    /// Ammonia: HA(org) + NH₃ → NH₄A(org), no water formed (cation NH4).
    case ammonia = "NH3"

    /// Water formed per mole of reagent taken up.
    public var waterPerReagent: Double { self == .sodiumHydroxide ? 1 : 0 }
}

/// A saponified organic stream and what it took.
public struct SaponificationResult: Sendable, Equatable {
    /// Organic composition after saponification, mol/m³ (species order of the layout):
    /// cation raised to degree·y_ext, exchangeable protons lowered by as much.
    public var organic: [Double]
    /// Reagent consumed (NaOH or NH3), mol per m³ of organic.
    public var reagentConsumed: Double
    /// Exchangeable protons taken off the extractant and neutralised, mol per m³ of organic.
    public var protonsNeutralised: Double
    /// Water formed, mol per m³ of organic (NaOH: one per proton; NH3: none).
    public var waterFormed: Double
    /// Degree of saponification reached, y_cation/y_ext (dimensionless).
    public var degree: Double
}

/// Why an organic stream cannot be saponified as asked.
public enum SaponificationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The model names no saponification cation.
    case noSaponificationCation
    /// Saponification needs one proton per cation (ν_Na = 1).
    case unsupportedStoichiometry(protonsReleased: Double)
    /// Degree not a number in [0, 1], or an organic without extractant.
    case invalidDegree(Double)
    /// The organic carries no extractant (or a non-finite composition).
    case noExtractant
    /// The organic already holds more cation than the target degree.
    case alreadyAbove(requested: Double, current: Double)
    /// The target exceeds what the extractant allows: free sites or free extractant.
    case exceedsCapacity(requested: Double, maximum: Double, limit: String)

    public var description: String {
        switch self {
        case .noSaponificationCation:
            return "a model with a saponification_cation (the extractant model names none)"
        case .unsupportedStoichiometry(let nu):
            return "saponification_exchange.protons_released 1 for saponification with NaOH or NH3 (one proton per cation), not \(nu)"
        case .invalidDegree(let d):
            return "a degree of saponification between 0 and 1 (fraction of the extractant's sites), not \(d)"
        case .noExtractant:
            return "an organic stream carrying extractant (finite, positive total) to saponify"
        case .alreadyAbove(let r, let c):
            return "a degree of saponification of at least \(fmt(c)) (the organic already holds that much cation; lowering it takes acid, not base), not \(fmt(r))"
        case .exceedsCapacity(let r, let m, let limit):
            return "a degree of saponification below \(fmt(m)) (\(limit)), not \(fmt(r))"
        }
    }

    private func fmt(_ v: Double) -> String { String(format: "%.4g", v) }
}

/// Saponification of an organic stream with NaOH or NH3 to a stated degree: the
/// chemistry a saponification unit calls. The degree δ is the fraction of the
/// extractant's exchangeable sites (monomer units, one acidic proton each) held as the
/// cation salt, δ = y_Na/y_ext. The reagent is taken up completely (stoichiometric
/// saponification, no aqueous phase left with base):
///
///     HA(org) + NaOH → NaA(org) + H₂O,      HA(org) + NH₃ → NH₄A(org),
///
/// so y_Na rises by Δ = δ·y_ext − y_Na⁰ and the exchangeable protons y_H fall by Δ.
/// Limits: Δ ≥ 0 (base cannot remove cation), Δ ≤ y_H (no more than the free sites: the
/// protons not already exchanged for metal or cation), and, when the cation partitions by
/// mass action (`SaponificationExchange`, 2·n_Na extractant units per ion), a free
/// extractant y_ext − Σ s_i·y_i − 2·n_Na·y_Na that stays positive.
public enum Saponification {
    /// The acid-extractant layout of a model that has one (mass action, empirical pH-dose).
    public static func layout(of model: any EquilibriumModel) -> AcidicExtractantLayout? {
        if let m = model as? MassActionCationExchange { return m.layout }
        if let m = model as? EmpiricalPHDoseCorrelation { return m.layout }
        return nil
    }

    /// Degree of saponification y_cation/y_ext of an organic composition (0 without cation).
    public static func degree(of organic: [Double], layout: AcidicExtractantLayout) -> Double {
        guard let c = layout.saponificationIndex, organic[layout.extractantIndex] > 0 else { return 0 }
        return organic[c] / organic[layout.extractantIndex]
    }

    /// Largest degree the organic allows and the limit that sets it: the free sites
    /// (δ ≤ (y_Na + y_H/ν_Na)/y_ext) or, with a partitioning cation, the free extractant
    /// (δ < (y_Na + F/(2·n_Na))/y_ext). nil without a cation or extractant.
    public static func maximumDegree(of organic: [Double], layout: AcidicExtractantLayout)
        -> (degree: Double, limit: String, strict: Bool)? {
        guard let c = layout.saponificationIndex else { return nil }
        let total = organic[layout.extractantIndex]
        guard total > 0 else { return nil }
        let sites = (organic[c] + max(organic[layout.protonIndex], 0) / layout.saponificationSites) / total
        var best = (degree: sites, limit: "the free sites: exchangeable protons not yet taken by metal or cation", strict: false)
        if let ex = layout.saponificationExchange {
            let free = organic.withUnsafeBufferPointer { layout.rawFreeExtractant($0.baseAddress!) }
            let byExtractant = (organic[c] + max(free, 0) / ex.extractantBound) / total
            if byExtractant <= sites {
                best = (byExtractant, "the free extractant: each cation holds \(ex.extractantBound) extractant units (NaA(HA)), and some must stay free",
                        true)
            }
        }
        return best
    }

    /// The same organic at another degree: its cation first returned to exchangeable
    /// protons (y_H += ν·y_cation, y_cation = 0: the unsaponified extractant with the same
    /// loading), then saponified to `degree` by `saponify` (so a degree may also fall).
    /// Throws as `saponify`.
    public static func resaponify(organic: [Double], degree: Double, layout: AcidicExtractantLayout,
                                  reagent: SaponificationReagent) throws -> SaponificationResult {
        guard let c = layout.saponificationIndex else { throw SaponificationError.noSaponificationCation }
        var base = organic
        base[layout.protonIndex] += layout.saponificationSites * base[c]
        base[c] = 0
        return try saponify(organic: base, degree: degree, layout: layout, reagent: reagent)
    }

    /// Saponify `organic` (mol/m³, layout species order) to `degree` with `reagent`.
    /// Throws `SaponificationError` when the model has no cation, the degree is not in
    /// [0, 1], the organic already holds more cation, or the degree exceeds
    /// `maximumDegree`.
    public static func saponify(organic: [Double], degree: Double, layout: AcidicExtractantLayout,
                                reagent: SaponificationReagent) throws -> SaponificationResult {
        guard let c = layout.saponificationIndex else { throw SaponificationError.noSaponificationCation }
        let nu = layout.saponificationSites
        if nu != 1 { throw SaponificationError.unsupportedStoichiometry(protonsReleased: nu) }
        guard degree.isFinite, degree >= 0, degree <= 1 else { throw SaponificationError.invalidDegree(degree) }
        let total = organic[layout.extractantIndex]
        guard total > 0, total.isFinite, organic.allSatisfy({ $0.isFinite }) else { throw SaponificationError.noExtractant }
        let current = organic[c] / total
        // Round-off of a degree read back from a stream is not a request to remove cation.
        let delta = degree * total - organic[c]
        if delta < -1e-12 * total { throw SaponificationError.alreadyAbove(requested: degree, current: current) }
        let added = max(delta, 0)
        if let maximum = maximumDegree(of: organic, layout: layout) {
            let over = maximum.strict ? degree >= maximum.degree : degree > maximum.degree * (1 + 1e-12)
            if over && added > 0 {
                throw SaponificationError.exceedsCapacity(requested: degree, maximum: maximum.degree, limit: maximum.limit)
            }
        }
        var out = organic
        out[c] += added
        out[layout.protonIndex] -= nu * added
        return SaponificationResult(organic: out, reagentConsumed: added, protonsNeutralised: nu * added,
                                    waterFormed: reagent.waterPerReagent * added, degree: out[c] / total)
    }
}
