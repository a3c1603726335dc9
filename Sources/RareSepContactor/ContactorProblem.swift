import RareSepChemistry
import RareSepCore

/// A counter-current differential contactor (an emulsion-flow column's mixing zone) as a
/// boundary-value problem along its height z ∈ [0, H]: the aqueous phase enters at the
/// top (z = H) and descends, the organic enters at the bottom (z = 0) and rises; one of
/// them is dispersed as droplets (volume fraction φ, the hold-up), the other continuous.
///
/// Balances per unit volume of contactor (concentrations in mol/m³ of their own phase,
/// superficial velocities U in m/s, phase fractions ε_o = φ or 1 − φ, ε_a = 1 − ε_o):
///
///     aqueous:  d/dz(ε_a·E_a·dx_j/dz) + U_a·dx_j/dz − N_j = 0
///     organic:  d/dz(ε_o·E_o·dy_j/dz) − U_o·dy_j/dz + N_j = 0
///     N_j = (K·a)·(y*_j(x, y) − y_j)        (mol/(m³·s), organic-phase basis)
///
/// with Danckwerts conditions: at each inlet the total (convective + dispersive) flux
/// equals the inlet stream's, at each outlet the dispersive flux vanishes. Species that
/// the equilibrium model closes by a constraint (`SpeciesRole.organicConstraint`,
/// `.aqueousOnly`, `.organicOnly`) hold it locally, as a mixer-settler stage does.
/// The hold-up φ and K·a are given (per cell or constant); correlations supply them.
public struct ContactorProblem: Sendable {
    /// Which phase forms the droplets.
    public enum DispersedPhase: String, Sendable {
        /// Organic droplets rising through the descending aqueous (the usual case for rare earths).
        case organic
        /// Aqueous droplets falling through the rising organic.
        case aqueous
    }

    /// Discretisation of the convective fluxes on the height grid.
    public enum ConvectionScheme: String, Sendable {
        /// First-order upwind: monotone at any K·a and cell size; with K·a → ∞ and no
        /// dispersion each cell is an ideal mixer-settler stage.
        case upwind
        /// Second-order central fluxes (the outlet face extrapolated linearly when the
        /// phase has no dispersion): second order for smooth profiles; monotone only while
        /// the cell Péclet number U·h/(ε·E) ≤ 2 in each phase (`GridMonotonicity`), beyond
        /// which (always in plug flow) a large transfer per cell K·a·h·D/U can leave the
        /// grid without a nonnegative solution (the solve then says so).
        case central
    }

    /// Species in solver order (the cascade's set).
    public var species: SpeciesSet
    /// Equilibrium model y*(x, y) bound to `species`.
    public var model: any EquilibriumModel
    /// Height of the mixing zone H, m.
    public var height: Double
    /// Cross-section, m².
    public var crossSection: Double
    /// Superficial velocity of the aqueous phase U_a (downward), m/s.
    public var aqueousVelocity: Double
    /// Superficial velocity of the organic phase U_o (upward), m/s.
    public var organicVelocity: Double
    /// The dispersed phase.
    public var dispersed: DispersedPhase
    /// Dispersed-phase hold-up φ (volume fraction, 0 < φ < 1): one value or one per cell (bottom first).
    public var holdUp: [Double]
    /// Overall volumetric mass-transfer coefficient K·a, 1/s (organic-phase basis, per
    /// volume of contactor): one value or one per cell (bottom first).
    public var transferCoefficient: [Double]
    /// Axial dispersion coefficient of the aqueous phase E_a, m²/s (0: plug flow).
    public var aqueousDispersion: Double
    /// Axial dispersion coefficient of the organic phase E_o, m²/s (0: plug flow).
    public var organicDispersion: Double
    /// Aqueous inlet composition (top), mol/m³ per species.
    public var aqueousInlet: [Double]
    /// Organic inlet composition (bottom), mol/m³ per species.
    public var organicInlet: [Double]
    /// Number of cells N along the height.
    public var cells: Int
    /// Convective flux scheme.
    public var scheme: ConvectionScheme

    /// Memberwise, with plug flow, organic dispersed and the upwind scheme by default.
    public init(species: SpeciesSet, model: any EquilibriumModel, height: Double, crossSection: Double,
                aqueousVelocity: Double, organicVelocity: Double, dispersed: DispersedPhase = .organic,
                holdUp: [Double], transferCoefficient: [Double], aqueousDispersion: Double = 0,
                organicDispersion: Double = 0, aqueousInlet: [Double], organicInlet: [Double],
                cells: Int, scheme: ConvectionScheme = .upwind) {
        self.species = species
        self.model = model
        self.height = height
        self.crossSection = crossSection
        self.aqueousVelocity = aqueousVelocity
        self.organicVelocity = organicVelocity
        self.dispersed = dispersed
        self.holdUp = holdUp
        self.transferCoefficient = transferCoefficient
        self.aqueousDispersion = aqueousDispersion
        self.organicDispersion = organicDispersion
        self.aqueousInlet = aqueousInlet
        self.organicInlet = organicInlet
        self.cells = cells
        self.scheme = scheme
    }

    /// Aqueous volumetric flow Q_a = U_a·A, m³/s.
    public var aqueousFlow: Double { aqueousVelocity * crossSection }
    /// Organic volumetric flow Q_o = U_o·A, m³/s.
    public var organicFlow: Double { organicVelocity * crossSection }

    /// Check the numbers; errors name the quantity (`location` is the input they came from).
    public func validate(location: SourceLocation = SourceLocation(file: "contactor")) throws {
        func fail(_ key: String, _ value: Double, _ expected: String) -> InputError {
            InputError(location: location, key: key, value: "\(value)", expected: expected)
        }
        let n = species.count
        guard model.speciesCount == n else {
            throw InputError(location: location, key: "model", value: nil,
                             expected: "an equilibrium model bound to the contactor's \(n) species (it has \(model.speciesCount))")
        }
        guard cells >= 1 else { throw fail("cells", Double(cells), "at least 1 height cell") }
        for (key, v) in [("height", height), ("cross_section", crossSection)] where !(v > 0 && v.isFinite) {
            throw fail(key, v, "a positive, finite number")
        }
        for (key, v) in [("aqueous_velocity", aqueousVelocity), ("organic_velocity", organicVelocity)] where !(v > 0 && v.isFinite) {
            throw fail(key, v, "a positive superficial velocity (m/s): both phases must flow through a counter-current contactor")
        }
        for (key, v) in [("aqueous_dispersion", aqueousDispersion), ("organic_dispersion", organicDispersion)] where !(v >= 0 && v.isFinite) {
            throw fail(key, v, "an axial dispersion coefficient ≥ 0 m²/s (0: plug flow)")
        }
        for (key, a) in [("hold_up", holdUp), ("transfer_coefficient", transferCoefficient)] where a.count != 1 && a.count != cells {
            throw InputError(location: location, key: key, value: "\(a.count) values",
                             expected: "one value or one per cell (\(cells))")
        }
        for v in holdUp where !(v > 0 && v < 1) { throw fail("hold_up", v, "a dispersed-phase volume fraction between 0 and 1 (exclusive)") }
        for v in transferCoefficient where !(v >= 0 && v.isFinite) { throw fail("transfer_coefficient", v, "K·a ≥ 0 (1/s), finite") }
        for (key, a) in [("aqueous_inlet", aqueousInlet), ("organic_inlet", organicInlet)] {
            guard a.count == n else {
                throw InputError(location: location, key: key, value: "\(a.count) values", expected: "one concentration per species (\(n))")
            }
            for (j, v) in a.enumerated() where !(v >= 0 && v.isFinite) {
                throw fail("\(key).\(species.symbols[j])", v, "a concentration ≥ 0 (mol/m³)")
            }
        }
    }
}
