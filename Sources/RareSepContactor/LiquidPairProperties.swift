import Foundation
import RareSepCore

/// Which liquid forms the droplets.
public enum DispersedPhase: String, Sendable, CaseIterable {
    /// Organic droplets in the aqueous phase (the counter-current rare-earth form).
    case organic
    /// Aqueous droplets in the organic phase.
    case aqueous
}

/// Density and viscosity of one liquid, SI.
public struct PhaseProperties: Sendable, Equatable {
    /// Density, kg/m³.
    public var density: Double
    /// Dynamic viscosity, Pa·s.
    public var viscosity: Double

    /// Properties in SI units (kg/m³, Pa·s).
    public init(density: Double, viscosity: Double) {
        self.density = density
        self.viscosity = viscosity
    }
}

/// The two liquids of a contactor seen from the droplets: dispersed, continuous, and their
/// interface. Checked on construction (plausible liquid ranges, a density difference).
public struct LiquidPair: Sendable, Equatable {
    /// The droplet liquid.
    public var dispersed: PhaseProperties
    /// The surrounding liquid.
    public var continuous: PhaseProperties
    /// Interfacial tension, N/m.
    public var interfacialTension: Double
    /// Gravitational acceleration, m/s² (standard gravity by default).
    public var gravity: Double

    /// Standard gravity, m/s² (CGPM 1901).
    public static let standardGravity = 9.80665

    /// Checks densities in [100, 5000] kg/m³, viscosities in [1e-5, 10] Pa·s, interfacial tension
    /// in [1e-5, 0.1] N/m, and that the densities differ (buoyancy drives the slip).
    public init(dispersed: PhaseProperties, continuous: PhaseProperties, interfacialTension: Double,
                gravity: Double = LiquidPair.standardGravity) throws {
        for (name, p) in [("dispersed", dispersed), ("continuous", continuous)] {
            try ContactorCheck.inRange(p.density, "\(name).density", 100, 5000, unit: "kg/m³")
            try ContactorCheck.inRange(p.viscosity, "\(name).viscosity", 1e-5, 10, unit: "Pa·s")
        }
        try ContactorCheck.inRange(interfacialTension, "interfacial_tension", 1e-5, 0.1, unit: "N/m")
        try ContactorCheck.inRange(gravity, "gravity", 0.1, 100, unit: "m/s²")
        guard abs(continuous.density - dispersed.density) >= 1e-3 * continuous.density else {
            throw ContactorCheck.error("dispersed.density", dispersed.density,
                                       expected: "a density that differs from the continuous phase's (\(fmt(continuous.density)) kg/m³) by at least 0.1 %",
                                       problem: "no buoyancy, so the droplets do not slip through the continuous phase")
        }
        self.dispersed = dispersed
        self.continuous = continuous
        self.interfacialTension = interfacialTension
        self.gravity = gravity
    }

    /// |ρc − ρd|, kg/m³.
    public var densityDifference: Double { abs(continuous.density - dispersed.density) }
    /// Viscosity ratio κ = μd/μc.
    public var viscosityRatio: Double { dispersed.viscosity / continuous.viscosity }

    /// Droplet Reynolds number ρc·u·d/μc for a slip velocity u (m/s) and diameter d (m).
    public func reynolds(velocity: Double, diameter: Double) -> Double {
        continuous.density * velocity * diameter / continuous.viscosity
    }

    /// Archimedes number ρc·Δρ·g·d³/μc² for a droplet of diameter d (m).
    public func archimedes(diameter: Double) -> Double {
        continuous.density * densityDifference * gravity * pow(diameter, 3) / (continuous.viscosity * continuous.viscosity)
    }
}

/// A droplet diameter check shared by every droplet function: positive, at most 20 mm.
func checkDropletDiameter(_ d: Double, key: String = "droplet_diameter") throws {
    try ContactorCheck.positive(d, key, unit: "m", max: 0.02,
                                problem: d.isFinite && d <= 0 ? "a droplet diameter must be positive" : nil)
}
