import Foundation
import RareSepCore

/// How droplets leave the holes of a multi-hole nozzle head.
public enum NozzleRegime: String, Sendable, CaseIterable {
    /// Drop by drop at low hole velocity: Tate's law, buoyancy against the surface-tension force
    /// at the hole rim, (π/6)d³Δρg = πd_nσ → d = (6 d_n σ/(Δρ g))^(1/3) (Tate, Phil. Mag. 27 (1864) 176;
    /// without the Harkins–Brown correction factor, so an upper estimate).
    case dripping
    /// Laminar jet broken up by the fastest-growing Rayleigh disturbance (wavelength 4.51 d_j):
    /// d = (1.5 × 4.508)^(1/3) d_j = 1.891 d_j, jet diameter taken equal to the hole diameter
    /// (Rayleigh, Proc. London Math. Soc. 10 (1878) 4). Gives uniform drops, so d32 = d.
    case jetting
}

/// Droplet Sauter diameter and interfacial area of the swarm.
public enum DropletSize {
    /// Sauter mean diameter d32 (m) from a hole diameter (m) and a nozzle regime.
    public static func sauterDiameter(holeDiameter dn: Double, regime: NozzleRegime, pair: LiquidPair) throws -> Double {
        try ContactorCheck.positive(dn, "nozzle.hole_diameter", unit: "m", max: 0.01)
        switch regime {
        case .dripping:
            return cbrt(6 * dn * pair.interfacialTension / (pair.densityDifference * pair.gravity))
        case .jetting:
            return cbrt(1.5 * 4.508) * dn
        }
    }

    /// Mean velocity in each hole, m/s, for a dispersed volumetric flow (m³/s) through `holes` holes.
    public static func holeVelocity(dispersedFlow q: Double, holes: Int, holeDiameter dn: Double) throws -> Double {
        try ContactorCheck.positive(q, "dispersed_flow", unit: "m³/s", max: 1e3)
        guard holes >= 1, holes <= 10_000_000 else {
            throw ContactorCheck.error("nozzle.holes", Double(holes), expected: "a hole count from 1 to 1e7")
        }
        try ContactorCheck.positive(dn, "nozzle.hole_diameter", unit: "m", max: 0.01)
        return q / (Double(holes) * Double.pi / 4 * dn * dn)
    }

    /// Hole Weber number ρd u_n² d_n/σ: small for dripping; jetting needs it of order 1 and above
    /// (Clift, Grace & Weber 1978, ch. 12). Reported so a user can check the regime chosen.
    public static func holeWeber(holeVelocity u: Double, holeDiameter dn: Double, pair: LiquidPair) -> Double {
        pair.dispersed.density * u * u * dn / pair.interfacialTension
    }

    /// Interfacial area per unit volume of the mixing zone a = 6φ/d32, m²/m³.
    public static func interfacialArea(holdUp phi: Double, sauterDiameter d32: Double) throws -> Double {
        try checkDropletDiameter(d32, key: "sauter_diameter")
        guard phi.isFinite, phi >= 0, phi < 1 else {
            throw ContactorCheck.error("hold_up", phi, expected: "a hold-up in [0, 1)")
        }
        return 6 * phi / d32
    }
}
