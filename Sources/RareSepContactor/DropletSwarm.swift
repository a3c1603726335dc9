import Foundation
import RareSepCore

/// How a swarm's droplets and film coefficients are specified: what a contactor unit reads.
public struct DropletSwarmSpec: Sendable {
    /// The two liquids, seen from the droplets.
    public var pair: LiquidPair
    /// Which liquid is dispersed.
    public var dispersedPhase: DispersedPhase
    /// Sauter diameter d32, m (given, or from `DropletSize.sauterDiameter`).
    public var sauterDiameter: Double
    /// Slip-velocity law (given u_K and m, or `SlipLaw.richardsonZaki`).
    public var slip: SlipLaw
    /// Solute diffusivity in the dispersed and continuous phases, m²/s.
    public var dispersedDiffusivity: Double, continuousDiffusivity: Double
    /// Film coefficient models.
    public var dispersedSide: DispersedSideModel, continuousSide: ContinuousSideModel

    /// A swarm specification; values are checked when the swarm is evaluated.
    public init(pair: LiquidPair, dispersedPhase: DispersedPhase, sauterDiameter: Double, slip: SlipLaw,
                dispersedDiffusivity: Double, continuousDiffusivity: Double,
                dispersedSide: DispersedSideModel, continuousSide: ContinuousSideModel) {
        self.pair = pair
        self.dispersedPhase = dispersedPhase
        self.sauterDiameter = sauterDiameter
        self.slip = slip
        self.dispersedDiffusivity = dispersedDiffusivity
        self.continuousDiffusivity = continuousDiffusivity
        self.dispersedSide = dispersedSide
        self.continuousSide = continuousSide
    }
}

/// A swarm at one operating point: hold-up, area and film coefficients, evaluated once; the
/// overall K·a then follows per cell from the local equilibrium slope.
public struct DropletSwarm: Sendable {
    /// Hold-up and flooding state.
    public let hydrodynamics: HoldUpSolution
    /// Interfacial area per unit mixing-zone volume a = 6φ/d32, m²/m³.
    public let interfacialArea: Double
    /// Dispersed- and continuous-side film coefficients, m/s.
    public let dispersedCoefficient: Double, continuousCoefficient: Double
    /// Which liquid is dispersed.
    public let dispersedPhase: DispersedPhase

    /// Evaluate `spec` at superficial velocities U_d > 0 and U_c ≥ 0 (m/s) in a mixing zone of
    /// height `mixingHeight` (m; sets the contact time t = H φ/U_d used by `newmanRigid` when its
    /// time is given as 0 — otherwise the given time is used).
    public init(spec: DropletSwarmSpec, dispersedVelocity ud: Double, continuousVelocity uc: Double,
                mixingHeight: Double) throws {
        try checkDropletDiameter(spec.sauterDiameter, key: "sauter_diameter")
        try ContactorCheck.positive(mixingHeight, "mixing_zone_height", unit: "m", max: 100)
        let h = try Hydrodynamics.holdUp(law: spec.slip, dispersedVelocity: ud, continuousVelocity: uc)
        var dside = spec.dispersedSide
        if case .newmanRigid(let t) = dside, t == 0 { dside = .newmanRigid(contactTime: mixingHeight / h.dropletVelocity) }
        hydrodynamics = h
        interfacialArea = try DropletSize.interfacialArea(holdUp: h.holdUp, sauterDiameter: spec.sauterDiameter)
        dispersedCoefficient = try DropletMassTransfer.dispersedCoefficient(dside, diameter: spec.sauterDiameter,
            diffusivity: spec.dispersedDiffusivity, slipVelocity: h.slipVelocity, pair: spec.pair)
        continuousCoefficient = try DropletMassTransfer.continuousCoefficient(spec.continuousSide, diameter: spec.sauterDiameter,
            diffusivity: spec.continuousDiffusivity, slipVelocity: h.slipVelocity, pair: spec.pair)
        dispersedPhase = spec.dispersedPhase
    }

    /// Volumetric overall coefficients (1/s) at local organic/aqueous equilibrium slope m = dy*/dx:
    /// K_od·a on the dispersed-phase basis and K_oc·a on the continuous-phase basis.
    public func volumetricCoefficients(organicOverAqueousSlope m: Double) throws -> (dispersedBasis: Double, continuousBasis: Double) {
        let mdc = try DropletMassTransfer.dispersedOverContinuousSlope(organicOverAqueous: m, dispersed: dispersedPhase)
        let k = try DropletMassTransfer.overall(dispersedCoefficient: dispersedCoefficient,
                                                continuousCoefficient: continuousCoefficient, slope: mdc)
        return (k.dispersedBasis * interfacialArea, k.continuousBasis * interfacialArea)
    }
}
