import Foundation
import RareSepCore

/// Acid–base constants of the aqueous phase on the molar scale (concentrations, not
/// activities), read from the `aqueous` block of a model's parameter file.
public struct AqueousConstants: Sendable, Equatable {
    /// Bisulfate dissociation constant K_a of HSO₄⁻ ⇌ H⁺ + SO₄²⁻, mol/L.
    public var bisulfateKa: Double
    /// Ion product of water K_w = [H⁺][OH⁻], (mol/L)².
    public var waterKw: Double

    public init(bisulfateKa: Double, waterKw: Double) {
        self.bisulfateKa = bisulfateKa
        self.waterKw = waterKw
    }

    /// Read `{pKa_bisulfate: 1.99, pKw: 14.0, source: ...}`; both constants are required
    /// (numbers live in data files) and must be finite.
    public static func read(_ node: ConfigNode) throws -> AqueousConstants {
        try node.checkKeys(["pKa_bisulfate", "pKw", "source", "units"])
        _ = try node.require("source").string()
        let pKaNode = try node.require("pKa_bisulfate")
        let pKa = try pKaNode.double()
        if !(pKa > -3 && pKa < 10) { throw pKaNode.error("a bisulfate pKa between -3 and 10 (1.99 at 25 °C)") }
        let pKwNode = try node.require("pKw")
        let pKw = try pKwNode.double()
        if !(pKw > 10 && pKw < 18) { throw pKwNode.error("a water pKw between 10 and 18 (14.0 at 25 °C)") }
        return AqueousConstants(bisulfateKa: pow(10, -pKa), waterKw: pow(10, -pKw))
    }
}

/// Free proton concentration of an aqueous phase and its sensitivities to the totals.
public struct ProtonSpeciation: Sendable, Equatable {
    /// Free hydrogen ion concentration [H⁺], mol/L.
    public var freeProton: Double
    /// ∂[H⁺]/∂H_T, dimensionless (mol/L per mol/L of total acid).
    public var dFreeProtonDTotalAcid: Double
    /// ∂[H⁺]/∂S_T, dimensionless (mol/L per mol/L of total sulfate).
    public var dFreeProtonDTotalSulfate: Double

    /// pH = −log10 [H⁺] on the molar scale.
    public var pH: Double { -log10(freeProton) }
}

/// Aqueous proton speciation used by every distribution model (physics.md §1, aqueous side).
///
/// Totals: H_T = [H⁺] + [HSO₄⁻] − [OH⁻] (total acid protons, negative when the phase
/// holds net base, e.g. after over-saponification) and S_T = [SO₄²⁻] + [HSO₄⁻].
/// With [HSO₄⁻] = S_T·h/(K_a + h) and [OH⁻] = K_w/h the free proton h solves
///
///     g(h) = h + S_T·h/(K_a + h) − K_w/h − H_T = 0,
///
/// strictly increasing in h > 0, so the root is unique for every H_T and S_T ≥ 0.
/// Without water (K_w → 0) it is the closed-form quadratic
/// h² + (K_a + S_T − H_T)·h − H_T·K_a = 0; with water it is a cubic, which is solved by
/// Newton's method in ln h started from that closed form and kept inside closed-form
/// brackets (converges to round-off in a few steps; no allocation). Without sulfate it is
/// the quadratic h² − H_T·h − K_w = 0, taken in closed form. Derivatives by the
/// implicit-function theorem: ∂h/∂H_T = 1/g'(h), ∂h/∂S_T = −(h/(K_a + h))/g'(h).
public enum AqueousSpeciation {
    /// Free [H⁺] (mol/L) from total acid `totalAcid` H_T (mol/L, may be negative) and total
    /// sulfate `totalSulfate` S_T (mol/L, negative values are treated as zero).
    public static func freeProton(totalAcid: Double, totalSulfate: Double,
                                  constants: AqueousConstants) -> ProtonSpeciation {
        let ka = constants.bisulfateKa
        let kw = constants.waterKw
        let s = max(totalSulfate, 0)
        let hT = totalAcid
        // Brackets (closed forms, written without cancellation): g(hi) ≥ 0 and g(lo) ≤ 0,
        // lo being the positive root of a·h² − H_T·h − K_w = 0 with a = 1 + S_T/K_a.
        let hi = max(hT, 0) + kw.squareRoot() + 1e-300
        let a = 1 + s / ka
        let lo = max(positiveRoot(a: a, b: hT, c: kw), 1e-300)
        // Start: closed-form quadratic without water when there is net acid, else water only.
        var h: Double
        if hT > 0 {
            let b = ka + s - hT
            let disc = (b * b + 4 * hT * ka).squareRoot()
            h = b > 0 ? 2 * hT * ka / (b + disc) : (disc - b) / 2
        } else {
            h = positiveRoot(a: 1, b: hT, c: kw)
        }
        if s == 0 {
            // no sulfate: h − K_w/h = H_T, whose positive root is closed form (no iteration)
            h = positiveRoot(a: 1, b: hT, c: kw)
            if h > 0 && h.isFinite {
                return ProtonSpeciation(freeProton: h, dFreeProtonDTotalAcid: 1 / (1 + kw / (h * h)), dFreeProtonDTotalSulfate: -(h / (ka + h)) / (1 + kw / (h * h)))
            }
        }
        if !(h >= lo && h <= hi) { h = (lo * hi).squareRoot() }
        var lnLo = log(lo), lnHi = log(hi)
        var u = log(h)
        for _ in 0..<100 {
            h = exp(u)
            let g = h + s * h / (ka + h) - kw / h - hT
            if g > 0 { lnHi = min(lnHi, u) } else { lnLo = max(lnLo, u) }
            let dgdu = h + s * h * ka / ((ka + h) * (ka + h)) + kw / h
            var step = -g / dgdu
            var next = u + step
            if !(next > lnLo && next < lnHi) {
                next = 0.5 * (lnLo + lnHi)
                step = next - u
            }
            u = next
            if abs(step) < 1e-15 { break }
        }
        h = exp(u)
        let gPrime = 1 + s * ka / ((ka + h) * (ka + h)) + kw / (h * h)
        return ProtonSpeciation(freeProton: h, dFreeProtonDTotalAcid: 1 / gPrime,
                                dFreeProtonDTotalSulfate: -(h / (ka + h)) / gPrime)
    }

    /// Positive root of a·h² − b·h − c = 0 (a, c > 0), without cancellation for either sign of b.
    @inline(__always)
    static func positiveRoot(a: Double, b: Double, c: Double) -> Double {
        let d = (b * b + 4 * a * c).squareRoot()
        return b >= 0 ? (b + d) / (2 * a) : 2 * c / (d - b)
    }
}
