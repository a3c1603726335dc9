import RareSepChemistry
import RareSepCore

/// Which column model: all have axial dispersion, Danckwerts inlet and a natural
/// (zero-dispersive-flux) outlet, and binding kinetics dq_i/dt = k_i·(q*_i − q_i)
/// (LDF, or kinetic Langmuir) where the solid meets the liquid.
public enum ColumnModelKind: String, Sendable, CaseIterable {
    /// Lumped rate model: the pore liquid is in equilibrium with the interstitial
    /// liquid, so the mobile phase is the total liquid fraction ε_t = ε + (1−ε)·ε_p:
    /// ε_t ∂c/∂t + (1−ε_t) ∂q/∂t = −u_s ∂c/∂z + ε_t·D_ax ∂²c/∂z²,
    /// i.e. ∂c/∂t = −(u_s/ε_t) ∂c/∂z + D_ax ∂²c/∂z² − ((1−ε_t)/ε_t) ∂q/∂t
    /// (the convention of CADET's LRM with its "total porosity"; u_s/ε_t is the
    /// velocity of a pore-penetrating non-binding tracer).
    case lrm
    /// Lumped rate model with pores: interstitial liquid c (porosity ε), pore liquid
    /// c_p (particle porosity ε_p) and solid q, film transfer k_f (m/s) over the
    /// bead surface 3/r_p per bead volume:
    /// ε ∂c/∂t = −u_s ∂c/∂z + ε·D_ax ∂²c/∂z² − (1−ε)·(3k_f/r_p)·(c − c_p),
    /// ε_p ∂c_p/∂t + (1−ε_p) ∂q/∂t = (3k_f/r_p)·(c − c_p).
    case lrmp
    /// General rate model: interstitial liquid c (porosity ε), film transfer k_f to
    /// spherical beads of radius r_p, radial diffusion of the pore liquid c_p(r)
    /// (pore diffusivity D_p, particle porosity ε_p) and binding in the pores:
    /// ε ∂c/∂t = −u_s ∂c/∂z + ε·D_ax ∂²c/∂z² − (1−ε)·(3/r_p)·k_f·(c − c_p(r_p)),
    /// ε_p ∂c_p/∂t + (1−ε_p) ∂q/∂t = ε_p·D_p·(1/r²) ∂/∂r(r² ∂c_p/∂r),
    /// ε_p·D_p ∂c_p/∂r = k_f·(c − c_p) at r = r_p, ∂c_p/∂r = 0 at r = 0;
    /// ∂q/∂t = k·(q*(c_p) − q) locally (a large k gives local equilibrium).
    /// In r: finite volumes on equal-volume spherical shells (see `ParticleShells`).
    case grm
}

/// How the solid phase approaches equilibrium.
public enum BindingKinetics: String, Sendable, CaseIterable {
    /// Linear driving force dq_i/dt = k_i·(q*_i(c, s) − q_i), any isotherm.
    case ldf
    /// The isotherm's own kinetic form (`KineticBinding`), with the same equilibrium:
    /// kinetic competitive Langmuir dq_i/dt = k_d,i·[a_i(s) q_max,i c_i (1 − Σ_j q_j/q_max,j) − d_i(s) q_i]
    /// (Langmuir family, incl. MPM), or steric mass action. Case files also accept
    /// the older name `langmuir-kinetic`.
    case kinetic
}

/// Column geometry, packing, flow and mass-transfer parameters (SI). The flow is
/// given as the superficial velocity u_s = Q/A (m/s, empty-column basis); the
/// interstitial velocity of the model is u_s/ε_m with ε_m the mobile porosity
/// (ε_t for the LRM, ε for the LRMP), so the statement is unambiguous.
public struct ColumnParameters: Sendable {
    public var kind: ColumnModelKind
    /// Bed length L (m).
    public var length: Double
    /// Bed (interparticle) porosity ε (dimensionless).
    public var bedPorosity: Double
    /// Particle porosity ε_p (dimensionless; 0 for non-porous beads in the LRM).
    public var particlePorosity: Double
    /// Superficial velocity u_s = Q/A (m/s).
    public var superficialVelocity: Double
    /// Axial dispersion coefficient D_ax (m²/s) in the mobile-phase form ∂c/∂t = … + D_ax ∂²c/∂z².
    public var axialDispersion: Double
    /// Binding kinetics (LDF by default).
    public var binding: BindingKinetics = .ldf
    /// Rate constant per component (1/s): the LDF constant k_i, or the desorption
    /// constant k_d,i for `.kinetic` (ignored for non-binding components).
    public var ldfRate: [Double]
    /// Film mass-transfer coefficient k_f,i (m/s) per component (LRMP and GRM).
    public var filmTransfer: [Double]
    /// Bead radius r_p (m) (LRMP and GRM).
    public var particleRadius: Double
    /// Pore diffusivity D_p,i (m²/s) per component, in ε_p·D_p ∂c_p/∂r (GRM only).
    public var poreDiffusivity: [Double]
    /// Column cross-section A (m²), only to report amounts in mol (optional).
    public var crossSection: Double?

    public init(kind: ColumnModelKind, length: Double, bedPorosity: Double, particlePorosity: Double,
                superficialVelocity: Double, axialDispersion: Double, ldfRate: [Double],
                filmTransfer: [Double] = [], particleRadius: Double = 0, poreDiffusivity: [Double] = [],
                crossSection: Double? = nil) {
        self.kind = kind
        self.length = length
        self.bedPorosity = bedPorosity
        self.particlePorosity = particlePorosity
        self.superficialVelocity = superficialVelocity
        self.axialDispersion = axialDispersion
        self.ldfRate = ldfRate
        self.filmTransfer = filmTransfer
        self.particleRadius = particleRadius
        self.poreDiffusivity = poreDiffusivity
        self.crossSection = crossSection
    }

    /// Total porosity ε_t = ε + (1−ε)·ε_p (liquid volume per bed volume).
    public var totalPorosity: Double { bedPorosity + (1 - bedPorosity) * particlePorosity }
    /// Mobile-phase porosity ε_m of the model: ε_t (LRM) or ε (LRMP, GRM).
    public var mobilePorosity: Double { kind == .lrm ? totalPorosity : bedPorosity }
    /// Velocity of the model's mobile phase, u_s/ε_m (m/s).
    public var mobileVelocity: Double { superficialVelocity / mobilePorosity }
    /// Hold-up (dead) time of a pore-penetrating non-binding tracer, ε_t·L/u_s (s).
    public var deadTime: Double { totalPorosity * length / superficialVelocity }
    /// Time to pump one bed volume, L/u_s (s).
    public var bedVolumeTime: Double { length / superficialVelocity }
}

/// One section of the operating programme (load, wash, elute, regenerate): the
/// inlet concentration of each component moves linearly from `inletStart` to
/// `inletEnd` over [start, end] (a step when both are equal).
public struct OperatingSection: Sendable {
    public var name: String
    /// Start and end time (s) from the start of the run.
    public var start: Double
    public var end: Double
    /// Inlet concentrations at start and end (mol/m³), one per component.
    public var inletStart: [Double]
    public var inletEnd: [Double]

    public init(name: String, start: Double, end: Double, inletStart: [Double], inletEnd: [Double]? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.inletStart = inletStart
        self.inletEnd = inletEnd ?? inletStart
    }

    /// Inlet concentration of component j at time t in this section (mol/m³).
    @inline(__always)
    public func inlet(_ j: Int, at t: Double) -> Double {
        let a = inletStart[j], b = inletEnd[j]
        if a == b { return a }
        return a + (b - a) * (t - start) / (end - start)
    }

    /// ∫ c_in,j dt over the section (mol·s/m³), exact for the linear profile.
    public func inletIntegral(_ j: Int) -> Double { 0.5 * (inletStart[j] + inletEnd[j]) * (end - start) }
}

/// A complete column problem: components, modifier, isotherm, column, programme
/// and the initial state (column equilibrated with `initialConcentration`).
public struct ColumnProblem: Sendable {
    /// Component symbols in solver order.
    public var components: SpeciesSet
    /// Index of the non-binding modifier (acid) component, or nil.
    public var modifierIndex: Int?
    public var isotherm: any Isotherm
    public var column: ColumnParameters
    /// Contiguous sections from t = 0.
    public var sections: [OperatingSection]
    /// Initial liquid concentration per component (mol/m³); solid at q*(c0).
    public var initialConcentration: [Double]

    public init(components: SpeciesSet, modifierIndex: Int?, isotherm: any Isotherm, column: ColumnParameters,
                sections: [OperatingSection], initialConcentration: [Double]? = nil) {
        self.components = components
        self.modifierIndex = modifierIndex
        self.isotherm = isotherm
        self.column = column
        self.sections = sections
        self.initialConcentration = initialConcentration ?? [Double](repeating: 0, count: components.count)
    }

    /// End of the programme (s).
    public var duration: Double { sections.last?.end ?? 0 }
}
