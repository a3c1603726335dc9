import Foundation
import RareSepCore

/// Dispersed-side (inside the drop) film coefficient model.
public enum DispersedSideModel: Sendable, Equatable {
    /// A coefficient given directly, m/s.
    case given(Double)
    /// Rigid (stagnant) drop, transient diffusion in a sphere after contact time t (s) with no
    /// outside resistance (Newman, Trans. AIChE 27 (1931) 203):
    /// 1 − E = (6/π²) Σ n⁻² exp(−n²π² D t/r²), k_d = −(d/6t) ln(1 − E).
    case newmanRigid(contactTime: Double)
    /// Rigid drop, long-time limit of Newman: Sh_d = k_d d/D_d = 2π²/3 ≈ 6.58.
    case rigidAsymptotic
    /// Drop with laminar internal circulation, long-time limit (Kronig & Brink, Appl. Sci. Res. A2
    /// (1950) 142): Sh_d = 17.9 (= 32λ₁/3, λ₁ = 1.678).
    case kronigBrink
    /// Oscillating drop with turbulent internal circulation (Handlos & Baron, AIChE J. 3 (1957) 127):
    /// k_d = 0.00375 u_s/(1 + μd/μc), u_s the slip velocity. Meant for large drops (Re ≳ 200).
    case handlosBaron
}

/// Continuous-side (outside the drop) film coefficient model.
public enum ContinuousSideModel: Sendable, Equatable {
    /// A coefficient given directly, m/s.
    case given(Double)
    /// Sh_c = 2 + 0.6 Re^½ Sc^⅓, Re = ρc u_s d/μc, Sc = μc/(ρc D_c) (Ranz & Marshall, Chem. Eng.
    /// Prog. 48 (1952) 141, 173).
    case ranzMarshall
    /// Small drops or bubbles (d < 2.5 mm) rising freely: k_c = 0.31 Sc^−⅔ (Δρ μc g/ρc²)^⅓
    /// (Calderbank & Moo-Young, Chem. Eng. Sci. 16 (1961) 39).
    case calderbankMooYoung
}

/// The overall coefficient of the two-resistance model on both phase bases.
public struct OverallCoefficient: Sendable, Equatable {
    /// K_od, m/s: flux = K_od (C_d* − C_d), C_d* the dispersed concentration in equilibrium with the continuous bulk.
    public var dispersedBasis: Double
    /// K_oc, m/s: flux = K_oc (C_c − C_c*), C_c* the continuous concentration in equilibrium with the dispersed bulk.
    public var continuousBasis: Double
    /// Share of the total resistance that lies inside the drop, (1/k_d)/(1/K_od).
    public var dispersedResistanceFraction: Double
}

/// Film coefficients of a droplet swarm and the overall coefficient.
public enum DropletMassTransfer {
    /// Sh_d of a rigid drop at long times, 2π²/3 (Newman 1931).
    public static let rigidSherwood = 2 * Double.pi * Double.pi / 3
    /// Sh_d of a circulating drop at long times, 17.9 (Kronig & Brink 1950).
    public static let circulatingSherwood = 17.9

    /// Dispersed-side coefficient k_d, m/s, for a drop of diameter d (m), solute diffusivity in the
    /// drop D_d (m²/s) and slip velocity u_s (m/s, used by Handlos–Baron only).
    public static func dispersedCoefficient(_ model: DispersedSideModel, diameter d: Double, diffusivity dd: Double,
                                            slipVelocity us: Double, pair: LiquidPair) throws -> Double {
        try checkDropletDiameter(d)
        try checkDiffusivity(dd, "dispersed.diffusivity")
        switch model {
        case .given(let k):
            try ContactorCheck.positive(k, "dispersed_coefficient", unit: "m/s", max: 1)
            return k
        case .rigidAsymptotic:
            return rigidSherwood * dd / d
        case .kronigBrink:
            return circulatingSherwood * dd / d
        case .handlosBaron:
            try ContactorCheck.positive(us, "slip_velocity", unit: "m/s", max: 10)
            return 0.00375 * us / (1 + pair.viscosityRatio)
        case .newmanRigid(let t):
            try ContactorCheck.positive(t, "contact_time", unit: "s", max: 1e7)
            return -d / (6 * t) * newmanLogUnextracted(fourier: dd * t / (0.25 * d * d))
        }
    }

    /// ln(1 − E) for diffusion into a sphere at Fourier number Fo = D t/r² (Crank, *The Mathematics
    /// of Diffusion*, 2nd ed. 1975, eqs 6.20–6.21): the eigenfunction series for Fo ≥ 0.01, the
    /// short-time form E = 6√(Fo/π) − 3Fo (exact up to terms of order exp(−1/Fo)) below.
    public static func newmanLogUnextracted(fourier fo: Double) -> Double {
        if fo < 0.01 { return log1p(-(6 * (fo / Double.pi).squareRoot() - 3 * fo)) }
        let pi2 = Double.pi * Double.pi
        // (6/π²) e^{−π²Fo} (1 + Σ_{n≥2} e^{−(n²−1)π²Fo}/n²), summed until terms are negligible.
        var tail = 0.0
        var n = 2.0
        while true {
            let term = exp(-(n * n - 1) * pi2 * fo) / (n * n)
            tail += term
            if term < 1e-18 * (1 + tail) { break }
            n += 1
        }
        return log(6 / pi2) - pi2 * fo + log1p(tail)
    }

    /// Continuous-side coefficient k_c, m/s, for diameter d (m), solute diffusivity in the
    /// continuous phase D_c (m²/s) and slip velocity u_s (m/s).
    public static func continuousCoefficient(_ model: ContinuousSideModel, diameter d: Double, diffusivity dc: Double,
                                             slipVelocity us: Double, pair: LiquidPair) throws -> Double {
        try checkDropletDiameter(d)
        try checkDiffusivity(dc, "continuous.diffusivity")
        let c = pair.continuous
        let sc = c.viscosity / (c.density * dc)
        switch model {
        case .given(let k):
            try ContactorCheck.positive(k, "continuous_coefficient", unit: "m/s", max: 1)
            return k
        case .ranzMarshall:
            try ContactorCheck.positive(us, "slip_velocity", unit: "m/s", max: 10, allowZero: true)
            let re = pair.reynolds(velocity: us, diameter: d)
            return (2 + 0.6 * re.squareRoot() * cbrt(sc)) * dc / d
        case .calderbankMooYoung:
            return 0.31 * pow(sc, -2.0 / 3) * cbrt(pair.densityDifference * c.viscosity * pair.gravity / (c.density * c.density))
        }
    }

    /// Local slope of the dispersed-phase equilibrium concentration against the continuous-phase
    /// concentration, m_dc = dC_d*/dC_c, from the organic/aqueous slope m = dy*/dx (at low loading
    /// the distribution ratio D): m when the organic is dispersed, 1/m when the aqueous is.
    public static func dispersedOverContinuousSlope(organicOverAqueous m: Double, dispersed: DispersedPhase) throws -> Double {
        try ContactorCheck.positive(m, "distribution_slope", unit: "(organic/aqueous)", max: 1e12,
                                    problem: m.isFinite && m <= 0 ? "an equilibrium slope must be positive" : nil)
        return dispersed == .organic ? m : 1 / m
    }

    /// Two-resistance (two-film) overall coefficient with interface equilibrium C_d,i = m_dc C_c,i
    /// linearised locally (Lewis & Whitman 1924; Treybal, *Liquid Extraction*, 1963):
    /// 1/K_od = 1/k_d + m_dc/k_c,  1/K_oc = 1/k_c + 1/(m_dc k_d),  K_oc = m_dc K_od.
    /// With organic droplets, m_dc = dy*/dx; with aqueous droplets, m_dc = 1/(dy*/dx), so
    /// 1/K_od = 1/k_d + 1/(m k_c) (the aqueous-dispersed form).
    public static func overall(dispersedCoefficient kd: Double, continuousCoefficient kc: Double,
                               slope mdc: Double) throws -> OverallCoefficient {
        try ContactorCheck.positive(kd, "dispersed_coefficient", unit: "m/s", max: 1)
        try ContactorCheck.positive(kc, "continuous_coefficient", unit: "m/s", max: 1)
        try ContactorCheck.positive(mdc, "distribution_slope", unit: "", max: 1e12)
        let rd = 1 / kd, rc = mdc / kc
        let kod = 1 / (rd + rc)
        return OverallCoefficient(dispersedBasis: kod, continuousBasis: mdc * kod, dispersedResistanceFraction: rd / (rd + rc))
    }

    static func checkDiffusivity(_ d: Double, _ key: String) throws {
        try ContactorCheck.positive(d, key, unit: "m²/s", max: 1e-6)
    }
}
