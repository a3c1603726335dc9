import Foundation
import RareSepContactor
import RareSepCore

/// The duty of one emulsion-flow contactor: flows, the overall organic-phase transfer units
/// it must provide, and how its K·a follows (given, or from the swarm at the equilibrium slope).
public struct ContactorDuty: Sendable {
    /// Contactor name.
    public var name: String
    /// Aqueous and organic flows Q_a, Q_o, m³/s.
    public var aqueousFlow: Double, organicFlow: Double
    /// Overall organic-phase transfer units needed NTU_oy (`ContactorPerformance.transferUnits`).
    public var transferUnits: Double
    /// Organic/aqueous equilibrium slope m = dy*/dx at which the swarm's film coefficients
    /// combine into K·a (two-resistance model).
    public var equilibriumSlope: Double
    /// K·a given (1/s, organic basis) instead of from the swarm; nil: from the swarm.
    public var transferCoefficient: Double?
    /// Dispersed-phase hold-up given (used when there is no swarm), dimensionless.
    public var holdUp: Double?

    /// Memberwise.
    public init(name: String, aqueousFlow: Double, organicFlow: Double, transferUnits: Double, equilibriumSlope: Double = 1,
                transferCoefficient: Double? = nil, holdUp: Double? = nil) {
        self.name = name
        self.aqueousFlow = aqueousFlow
        self.organicFlow = organicFlow
        self.transferUnits = transferUnits
        self.equilibriumSlope = equilibriumSlope
        self.transferCoefficient = transferCoefficient
        self.holdUp = holdUp
    }

    /// Transfer units (organic basis) equivalent to `stages` ideal counter-current stages at
    /// extraction factor ε = m·Q_o/Q_a: NTU_oy = N·ln ε/(ε − 1) (N at ε = 1), the
    /// straight-line relation between stages and overall extract-phase transfer units.
    public static func transferUnits(stages: Int, extractionFactor eps: Double) -> Double {
        let n = Double(stages)
        return abs(eps - 1) < 1e-9 ? n : n * log(eps) / (eps - 1)
    }
}

/// One emulsion-flow contactor sized.
public struct ContactorSize: Codable, Sendable, Equatable {
    public var name: String
    /// Mixing-zone diameter, m, and cross-section, m².
    public var diameter_m: Double
    public var cross_section_m2: Double
    /// What set the diameter: "flooding" (margin to flooding) or "throughput limit".
    public var diameter_set_by: String
    /// Total throughput (Q_a+Q_o)/A at the design, m³/(m²·h), and its approach to flooding
    /// at the duty's flow ratio (nil without a swarm).
    public var specific_throughput_m3_per_m2_h: Double
    public var approach_to_flooding: Double?
    /// Dispersed-phase hold-up at the design, dimensionless.
    public var hold_up: Double
    /// K·a (organic basis), 1/s; HTU_oy = U_o/(K·a), m; NTU_oy needed; mixing height NTU·HTU, m.
    public var transfer_coefficient_per_s: Double
    public var transfer_unit_height_m: Double
    public var transfer_units: Double
    public var mixing_height_m: Double
    /// Units in series and the mixing height of each, m (at most the data's maximum).
    public var units: Int
    public var mixing_height_per_unit_m: Double
    /// Separation zones per unit: diameter and total height, m.
    public var separation_zone_diameter_m: Double
    public var separation_zone_height_m: Double
    /// Volume of all units (mixing + separation zones), m³.
    public var volume_m3: Double
    /// Solvent held in all units, m³.
    public var solvent_m3: Double
    /// Floor area of all units, layout factor included, m².
    public var footprint_m2: Double
}

/// What stops a sizing: a duty the data cannot size (no swarm and no K·a, zero flows).
public struct SizingError: Error, Sendable, CustomStringConvertible {
    /// What is missing or wrong, naming the unit.
    public var message: String
    /// Memberwise.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Emulsion-flow contactor sizing (docs/sizing.md, "Emulsion-flow contactors"), using the
/// contactor's own flooding and swarm functions.
public enum EmulsionFlowSizing {
    /// Size a contactor for `duty`: the cross-section A = max(Q/((1−margin)·U_f(r)), Q/u_cap)
    /// with Q = Q_d + Q_c and U_f(r) the total flooding throughput of the swarm at r = Q_c/Q_d
    /// (`SlipLaw.flooding`); K·a at the design velocities (`DropletSwarm`) unless given;
    /// H = NTU_oy·U_o/(K·a), split into ⌈H/H_max⌉ units.
    public static func size(_ duty: ContactorDuty, data: EmulsionFlowSizingData) throws -> ContactorSize {
        guard duty.aqueousFlow > 0, duty.organicFlow > 0 else {
            throw SizingError("contactor '\(duty.name)': both phase flows must be positive (aqueous \(duty.aqueousFlow) m³/s, organic \(duty.organicFlow) m³/s)")
        }
        guard duty.transferUnits.isFinite, duty.transferUnits >= 0 else {
            throw SizingError("contactor '\(duty.name)': transfer units needed must be a non-negative number (got \(duty.transferUnits))")
        }
        let q = duty.aqueousFlow + duty.organicFlow
        var area = q / data.maximumSpecificThroughput
        var setBy = "throughput limit"
        let organicDispersed = (data.swarm?.dispersedPhase ?? .organic) == .organic
        let qd = organicDispersed ? duty.organicFlow : duty.aqueousFlow
        let qc = organicDispersed ? duty.aqueousFlow : duty.organicFlow
        if let spec = data.swarm {
            let flood = try spec.slip.flooding(flowRatio: qc / qd)
            let floodArea = q / ((1 - data.floodingMargin) * flood.totalThroughput)
            if floodArea >= area { area = floodArea; setBy = "flooding" }
        }
        let diameter = (4 * area / Double.pi).squareRoot()
        let uo = duty.organicFlow / area
        var holdUp = duty.holdUp
        var approach: Double?
        var ka = duty.transferCoefficient
        if let spec = data.swarm {
            let swarm = try DropletSwarm(spec: spec, dispersedVelocity: qd / area, continuousVelocity: qc / area,
                                         mixingHeight: data.maximumMixingHeight)
            approach = swarm.hydrodynamics.approachToFlooding
            if holdUp == nil { holdUp = swarm.hydrodynamics.holdUp }
            if ka == nil {
                let k = try swarm.volumetricCoefficients(organicOverAqueousSlope: duty.equilibriumSlope)
                ka = organicDispersed ? k.dispersedBasis : k.continuousBasis
            }
        }
        guard let ka, ka > 0, let phi = holdUp else {
            throw SizingError("contactor '\(duty.name)': neither a droplet swarm (equipment file) nor a given hold-up and K·a to size it from")
        }
        let htu = uo / ka
        let height = duty.transferUnits * htu
        let units = max(1, Int((height / data.maximumMixingHeight).rounded(.up)))
        let perUnit = height / Double(units)
        let sepD = data.separationDiameterRatio * diameter, sepH = data.separationHeightRatio * diameter
        let sepVolume = Double.pi / 4 * sepD * sepD * sepH
        let organicInMixing = organicDispersed ? phi : 1 - phi
        let n = Double(units)
        return ContactorSize(name: duty.name, diameter_m: diameter, cross_section_m2: area, diameter_set_by: setBy,
                             specific_throughput_m3_per_m2_h: q / area * 3600, approach_to_flooding: approach, hold_up: phi,
                             transfer_coefficient_per_s: ka, transfer_unit_height_m: htu, transfer_units: duty.transferUnits,
                             mixing_height_m: height, units: units, mixing_height_per_unit_m: perUnit,
                             separation_zone_diameter_m: sepD, separation_zone_height_m: sepH,
                             volume_m3: n * (area * perUnit + sepVolume),
                             solvent_m3: n * (area * perUnit * organicInMixing + sepVolume * data.separationOrganicFraction),
                             footprint_m2: n * data.layoutFactor * sepD * sepD)
    }
}
