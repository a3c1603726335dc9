import Foundation
import RareSepCore

/// Slip-velocity law of a counter-current droplet swarm,
///
///     U_d/φ + U_c/(1−φ) = u_K (1−φ)^m,
///
/// superficial velocities U_d (dispersed) and U_c (continuous, counter-current, both as positive
/// magnitudes), hold-up φ, characteristic velocity u_K and hindrance exponent m. The left side is
/// the relative velocity of droplets and continuous phase. m = 1 is the Gayler–Roberts–Pratt /
/// Thornton form (Gayler, Roberts & Pratt, Trans. Instn Chem. Engrs 31 (1953) 57; Thornton,
/// Chem. Eng. Sci. 5 (1956) 201); m = n − 1 with the Richardson–Zaki exponent n gives the
/// hindered-settling form (Richardson & Zaki 1954: superficial swarm velocity u_t(1−φ)^n in batch,
/// so slip u_t(1−φ)^(n−1)). Godfrey & Slater (Trans. IChemE 69A (1991) 130) review both.
public struct SlipLaw: Sendable, Equatable {
    /// Characteristic velocity u_K, m/s (the slip of a single droplet, φ → 0).
    public let characteristicVelocity: Double
    /// Hindrance exponent m of (1−φ)^m in the slip velocity.
    public let exponent: Double

    /// A law from u_K (0 < u_K ≤ 1 m/s) and m (0 < m ≤ 10; m = 0, no hindrance, has no flooding
    /// point without continuous flow).
    public init(characteristicVelocity: Double, exponent: Double) throws {
        try ContactorCheck.positive(characteristicVelocity, "characteristic_velocity", unit: "m/s", max: 1)
        try ContactorCheck.positive(exponent, "slip_exponent", unit: "", max: 10,
                                    problem: exponent.isFinite && exponent <= 0 ? "a swarm needs a hindrance exponent above 0" : nil)
        self.characteristicVelocity = characteristicVelocity
        self.exponent = exponent
    }

    /// The law of a swarm of equal droplets: u_K = terminal velocity of one droplet by `drag`,
    /// m = n − 1 with the Richardson–Zaki n at the droplet's terminal Reynolds number.
    public static func richardsonZaki(diameter: Double, pair: LiquidPair, drag: DropletDrag,
                                      columnDiameter: Double? = nil) throws -> SlipLaw {
        let ut = try DropletVelocity.terminal(diameter: diameter, pair: pair, drag: drag)
        var ratio = 0.0
        if let columnDiameter {
            try ContactorCheck.positive(columnDiameter, "column_diameter", unit: "m", max: 100)
            ratio = diameter / columnDiameter
        }
        let n = try DropletVelocity.richardsonZakiExponent(reynolds: pair.reynolds(velocity: ut, diameter: diameter), diameterRatio: ratio)
        return try SlipLaw(characteristicVelocity: ut, exponent: n - 1)
    }

    /// Slip velocity u_K (1−φ)^m at hold-up φ, m/s.
    public func slipVelocity(holdUp phi: Double) -> Double { characteristicVelocity * pow(1 - phi, exponent) }

    /// Left minus right side of the slip relation at (U_d, U_c, φ), m/s.
    public func residual(dispersedVelocity ud: Double, continuousVelocity uc: Double, holdUp phi: Double) -> Double {
        ud / phi + uc / (1 - phi) - slipVelocity(holdUp: phi)
    }

    /// Superficial dispersed velocity that gives hold-up φ at a fixed flow ratio r = U_c/U_d:
    /// U_d(φ) = u_K (1−φ)^m / (1/φ + r/(1−φ)), m/s. Zero at φ = 0 and φ = 1, one maximum (flooding).
    public func dispersedVelocity(holdUp phi: Double, flowRatio r: Double) -> Double {
        slipVelocity(holdUp: phi) / (1 / phi + r / (1 - phi))
    }

    /// The flooding point at flow ratio r = U_c/U_d ≥ 0: where dU_d/dφ = 0 along the line of fixed r,
    /// so the lower (operating) and upper branches of the slip relation meet. Setting the derivative
    /// of ln U_d(φ) to zero gives (m+1)(r−1)φ² + (m+2)φ − 1 = 0, whose root in (0, 1) is
    /// φ_f = 2 / ((m+2) + √(m² + 4(m+1)r)); for m = 1 this is Thornton's (1956)
    /// φ_f = (√(L²+8L) − 3L)/(4(1−L)) with L = U_d/U_c.
    public func flooding(flowRatio r: Double) throws -> FloodingPoint {
        try ContactorCheck.positive(r, "flow_ratio", unit: "(U_c/U_d)", max: 1e12, allowZero: true)
        let m = exponent
        let phi = 2 / ((m + 2) + (m * m + 4 * (m + 1) * r).squareRoot())
        let ud = dispersedVelocity(holdUp: phi, flowRatio: r)
        return FloodingPoint(flowRatio: r, holdUp: phi, dispersedVelocity: ud, continuousVelocity: r * ud)
    }
}

/// The flooding point of a swarm at one flow ratio.
public struct FloodingPoint: Sendable, Equatable {
    /// r = U_c/U_d.
    public var flowRatio: Double
    /// Hold-up at flooding φ_f.
    public var holdUp: Double
    /// Superficial dispersed velocity at flooding, m/s.
    public var dispersedVelocity: Double
    /// Superficial continuous velocity at flooding, m/s.
    public var continuousVelocity: Double
    /// Total throughput at flooding U_d + U_c, m/s (m³ per m² of cross-section per second).
    public var totalThroughput: Double { dispersedVelocity + continuousVelocity }
}

/// The operating state of a swarm: hold-up on the lower branch, velocities, and the distance to flooding.
public struct HoldUpSolution: Sendable, Equatable {
    /// Dispersed-phase hold-up φ (volume fraction of the mixing zone).
    public var holdUp: Double
    /// Slip velocity u_K(1−φ)^m, m/s.
    public var slipVelocity: Double
    /// Superficial dispersed velocity U_d, m/s.
    public var dispersedVelocity: Double
    /// Superficial continuous velocity U_c, m/s.
    public var continuousVelocity: Double
    /// The flooding point at the same flow ratio.
    public var flooding: FloodingPoint

    /// Droplet velocity relative to the column U_d/φ, m/s.
    public var dropletVelocity: Double { dispersedVelocity / holdUp }
    /// Total throughput U_d + U_c, m/s.
    public var totalThroughput: Double { dispersedVelocity + continuousVelocity }
    /// Fractional approach to flooding (U_d + U_c)/(U_d + U_c)_f at the same flow ratio (1 = flooding).
    public var approachToFlooding: Double { totalThroughput / flooding.totalThroughput }
    /// Margin to flooding 1 − approach (0.3 = 30 % more throughput would flood the column).
    public var marginToFlooding: Double { 1 - approachToFlooding }
}

/// Hold-up of a counter-current droplet swarm.
public enum Hydrodynamics {
    /// Largest superficial velocity accepted, m/s.
    static let maxSuperficialVelocity = 1.0

    /// The hold-up φ on the physically relevant (lower) branch of the slip relation for superficial
    /// velocities U_d > 0 (dispersed) and U_c ≥ 0 (continuous, counter-current), m/s.
    ///
    /// Solved as g(φ) = u_K(1−φ)^(m+1)φ − U_d(1−φ) − U_cφ = 0 on the bracket (0, φ_f]: g(0) = −U_d < 0,
    /// and g(φ_f) ≥ 0 exactly when the throughput is at or below flooding. Since
    /// g = ((1−φ) + rφ)(U_d(φ; r) − U_d) and U_d(φ; r) rises on (0, φ_f), g changes sign once there:
    /// the root is unique (safeguarded Newton). Throws when U_d ≤ 0 (no dispersed flow,
    /// no swarm), a velocity is out of range, or the throughput exceeds flooding (the message gives
    /// the flooding throughput at this flow ratio and the negative margin).
    public static func holdUp(law: SlipLaw, dispersedVelocity ud: Double, continuousVelocity uc: Double) throws -> HoldUpSolution {
        try ContactorCheck.positive(ud, "dispersed_velocity", unit: "m/s", max: maxSuperficialVelocity,
                                    problem: ud.isFinite && ud <= 0 ? "the dispersed phase has no flow, so there is no droplet swarm" : nil)
        try ContactorCheck.positive(uc, "continuous_velocity", unit: "m/s", max: maxSuperficialVelocity, allowZero: true)
        let r = uc / ud
        guard r <= 1e12 else {
            throw ContactorCheck.error("dispersed_velocity", ud, expected: "a dispersed flow at least 1e-12 of the continuous flow",
                                       problem: "the dispersed phase has practically no flow")
        }
        let flood = try law.flooding(flowRatio: r)
        let total = ud + uc
        // Past flooding beyond rounding: refuse with the numbers a user needs.
        if total > flood.totalThroughput * (1 + 1e-12) {
            let margin = 1 - total / flood.totalThroughput
            throw ContactorCheck.error("dispersed_velocity", ud,
                expected: "a total throughput U_d + U_c below the flooding throughput \(fmt(flood.totalThroughput)) m/s at this flow ratio (U_c/U_d = \(fmt(r)), flooding hold-up \(fmt(flood.holdUp)))",
                problem: "total throughput \(fmt(total)) m/s with U_c = \(fmt(uc)) m/s is beyond flooding, margin to flooding \(fmt(100 * margin)) %; lower the flows or widen the column")
        }
        let uk = law.characteristicVelocity, m = law.exponent
        let g: (Double) -> Double = { phi in uk * pow(1 - phi, m + 1) * phi - ud * (1 - phi) - uc * phi }
        let dg: (Double) -> Double = { phi in
            uk * (pow(1 - phi, m + 1) - (m + 1) * phi * pow(1 - phi, m)) + ud - uc
        }
        let phi: Double
        if g(flood.holdUp) <= 0 {
            phi = flood.holdUp      // at flooding within rounding
        } else {
            phi = try BracketedRoot.solve(lower: 0, upper: flood.holdUp, f: g, derivative: dg)
        }
        return HoldUpSolution(holdUp: phi, slipVelocity: law.slipVelocity(holdUp: phi), dispersedVelocity: ud,
                              continuousVelocity: uc, flooding: flood)
    }
}
