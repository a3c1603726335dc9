import Foundation
import RareSepCore

/// Drag law for the terminal velocity of a single droplet.
public enum DropletDrag: String, Sendable, CaseIterable {
    /// Rigid sphere in creeping flow: u_t = Δρ g d²/(18 μc) (Stokes 1851); Re ≤ 1.
    case stokes
    /// Fully circulating drop in creeping flow: Stokes × 3(1+κ)/(2+3κ), κ = μd/μc
    /// (Hadamard 1911, Rybczynski 1911); Re ≤ 1.
    case hadamardRybczynski = "hadamard-rybczynski"
    /// Rigid sphere with C_D = 24/Re·(1 + 0.15 Re^0.687) (Schiller & Naumann 1933, as given in
    /// Clift, Grace & Weber, *Bubbles, Drops and Particles*, 1978, Table 5.2); Re ≤ 800.
    case schillerNaumann = "schiller-naumann"

    /// Largest droplet Reynolds number the law is used for.
    public var maxReynolds: Double { self == .schillerNaumann ? 800 : 1 }
}

/// Single-droplet terminal velocity and the Richardson–Zaki swarm exponent.
public enum DropletVelocity {
    /// Terminal velocity (m/s) of one droplet of diameter `diameter` (m) in the continuous phase.
    /// Throws when the diameter is not positive or the resulting Reynolds number is beyond the
    /// drag law's range (then use another law or give the characteristic velocity directly).
    public static func terminal(diameter: Double, pair: LiquidPair, drag: DropletDrag) throws -> Double {
        try checkDropletDiameter(diameter)
        let mu = pair.continuous.viscosity
        let stokes = pair.densityDifference * pair.gravity * diameter * diameter / (18 * mu)
        let u: Double
        switch drag {
        case .stokes:
            u = stokes
        case .hadamardRybczynski:
            let k = pair.viscosityRatio
            u = stokes * 3 * (1 + k) / (2 + 3 * k)
        case .schillerNaumann:
            // Force balance C_D Re² = (4/3) Ar → Re (1 + 0.15 Re^0.687) = Ar/18, increasing in Re.
            let target = pair.archimedes(diameter: diameter) / 18
            let re = try BracketedRoot.solve(lower: 0, upper: max(target, 1e-300)) { re in
                re * (1 + 0.15 * pow(re, 0.687)) - target
            }
            u = re * mu / (pair.continuous.density * diameter)
        }
        let re = pair.reynolds(velocity: u, diameter: diameter)
        guard re <= drag.maxReynolds else {
            throw ContactorCheck.error("droplet_diameter", diameter,
                                       expected: "a droplet small enough for the \(drag.rawValue) drag law (Re ≤ \(fmt(drag.maxReynolds)))",
                                       problem: "droplet Reynolds number \(fmt(re)); use \(drag == .schillerNaumann ? "a given characteristic velocity" : "schiller-naumann or a given characteristic velocity")")
        }
        return u
    }

    /// Richardson–Zaki exponent n of U = u_t·(1−φ)^n (hindered settling of a uniform swarm),
    /// from the single-particle Reynolds number and the particle-to-column diameter ratio d/D
    /// (Richardson & Zaki, Trans. Instn Chem. Engrs 32 (1954) 35–53):
    /// 4.65 + 19.5 d/D (Re < 0.2); (4.35 + 17.5 d/D) Re^−0.03 (0.2–1); (4.45 + 18 d/D) Re^−0.1 (1–200);
    /// 4.45 Re^−0.1 (200–500); 2.39 (Re > 500). The slip-velocity exponent is n − 1.
    public static func richardsonZakiExponent(reynolds re: Double, diameterRatio dD: Double = 0) throws -> Double {
        try ContactorCheck.positive(re, "reynolds", unit: "", max: 1e6, allowZero: true)
        try ContactorCheck.inRange(dD, "diameter_ratio", 0, 0.2, unit: "(droplet/column diameter)")
        switch re {
        case ..<0.2: return 4.65 + 19.5 * dD
        case ..<1: return (4.35 + 17.5 * dD) * pow(re, -0.03)
        case ..<200: return (4.45 + 18 * dD) * pow(re, -0.1)
        case ..<500: return 4.45 * pow(re, -0.1)
        default: return 2.39
        }
    }
}
