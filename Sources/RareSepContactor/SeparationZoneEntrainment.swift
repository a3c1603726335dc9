import Foundation
import RareSepCore

/// How much of one phase a separation zone lets out with the other phase's outlet.
///
/// The fraction is either given, or follows an ILLUSTRATIVE power law in the superficial
/// velocity of the carrying phase in the separation zone, U_sep = Q_carrier/A_sep (the
/// velocity after the drop from the mixing zone's cross-section to the wider zone's):
///
///     e = min(e_max, c·(U_sep/u_ref)^n)
///
/// (faster overflow carries more of the other phase's fine drops; c and n are for the
/// user to fit to pilot outlet data — no published form for the emulsion-flow contactor
/// is known to us, so no default values are offered).
public enum EntrainmentLaw: Sendable, Equatable {
    /// A given fraction e, 0 ≤ e < 1.
    case fraction(Double)
    /// e = min(maximum, coefficient·(U_sep/referenceVelocity)^exponent) with
    /// U_sep = Q_carrier/separationArea (m/s; area m², reference velocity m/s).
    case powerLaw(coefficient: Double, exponent: Double, referenceVelocity: Double, separationArea: Double, maximum: Double)

    /// The entrained fraction when the carrying phase flows at `carrierFlow` (m³/s).
    public func fraction(carrierFlow: Double) -> Double {
        switch self {
        case .fraction(let e): return e
        case let .powerLaw(c, n, uref, area, emax):
            let u = carrierFlow / area
            guard u > 0 else { return 0 }
            return min(emax, c * pow(u / uref, n))
        }
    }

    /// Superficial velocity of the carrying phase in the separation zone, m/s (nil for a given fraction).
    public func separationVelocity(carrierFlow: Double) -> Double? {
        if case let .powerLaw(_, _, _, area, _) = self { return carrierFlow / area }
        return nil
    }
}

/// Entrainment at the two separation zones of a counter-current contactor (aqueous enters
/// at the top, organic at the bottom). Each zone is where one phase's inlet meets the other
/// phase's outlet, so the phase entrained into an outlet is that zone's incoming phase:
///
/// - top zone: a fraction e_a of the aqueous inlet is carried up with the organic overflow
///   (carrier: the organic, flow Q_o), at the inlet composition x_in;
/// - bottom zone: a fraction e_o of the organic inlet is carried down with the aqueous
///   underflow (carrier: the aqueous, flow Q_a), at y_in.
///
/// The entrained parts bypass the mixing zone, which then sees (1 − e_a)·Q_a and
/// (1 − e_o)·Q_o: the balance of every species closes exactly, and e = 0 leaves the
/// contactor as it was.
public struct SeparationZoneEntrainment: Sendable, Equatable {
    /// Aqueous carried with the organic outlet (top zone); its carrier is the organic.
    public var aqueousInOrganic: EntrainmentLaw
    /// Organic carried with the aqueous outlet (bottom zone); its carrier is the aqueous.
    public var organicInAqueous: EntrainmentLaw

    /// Memberwise.
    public init(aqueousInOrganic: EntrainmentLaw, organicInAqueous: EntrainmentLaw) {
        self.aqueousInOrganic = aqueousInOrganic
        self.organicInAqueous = organicInAqueous
    }

    /// The fractions (e_a, e_o) at inlet flows Q_a, Q_o (m³/s). Each carrier flows at the
    /// rate it leaves the mixing zone with, which depends on the other fraction: the two
    /// relations are solved together by substitution (each fraction is below 1 and the
    /// laws are monotone, so a few passes settle it; a given fraction needs none).
    /// Throws when a fraction reaches 1 (nothing would pass the mixing zone).
    public func fractions(aqueousFlow qa: Double, organicFlow qo: Double,
                          location: SourceLocation = SourceLocation(file: "contactor")) throws -> (aqueous: Double, organic: Double) {
        var ea = 0.0, eo = 0.0
        for _ in 0..<60 {
            // the organic leaving the mixing zone carries the aqueous up; the aqueous leaving it carries the organic down
            let nea = aqueousInOrganic.fraction(carrierFlow: (1 - eo) * qo)
            let neo = organicInAqueous.fraction(carrierFlow: (1 - ea) * qa)
            let done = abs(nea - ea) <= 1e-15 && abs(neo - eo) <= 1e-15
            ea = nea
            eo = neo
            if done { break }
        }
        for (key, e) in [("entrainment.aqueous_in_organic", ea), ("entrainment.organic_in_aqueous", eo)] where !(e >= 0 && e < 1) {
            throw InputError(location: location, key: key, value: "\(e)", expected: "an entrained fraction from 0 to below 1 (at 1 nothing passes through the mixing zone)")
        }
        return (ea, eo)
    }
}
