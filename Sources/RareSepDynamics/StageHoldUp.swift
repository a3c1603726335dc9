import RareSepCascade

/// Hold-ups of every stage of one cascade section (physics.md §4): a well-mixed mixer and
/// a settler whose aqueous and organic layers are plug flow, each approximated by the
/// cascade's `settlerCells` well-mixed cells in series (dead time and back-mixing).
public struct StageHoldUp: Sendable, Equatable {
    /// Mixer volume V_m, m³ (both phases).
    public var mixerVolume: Double
    /// Organic volume fraction of the mixer, dimensionless; nil: the stage's flow ratio
    /// O/(A + O) at the start of the run (kept fixed afterwards).
    public var mixerOrganicFraction: Double?
    /// Aqueous-layer volume of the settler, m³.
    public var settlerAqueousVolume: Double
    /// Organic-layer volume of the settler, m³.
    public var settlerOrganicVolume: Double
    /// Finite-rate transfer coefficient K·a, 1/s: the mixer exchanges N = K·a·V_m·(y* − y)
    /// (mol/s) instead of reaching equilibrium; nil: equilibrium (Murphree) closure.
    public var transferCoefficient: Double?

    public init(mixerVolume: Double, mixerOrganicFraction: Double? = nil, settlerAqueousVolume: Double,
                settlerOrganicVolume: Double, transferCoefficient: Double? = nil) {
        self.mixerVolume = mixerVolume
        self.mixerOrganicFraction = mixerOrganicFraction
        self.settlerAqueousVolume = settlerAqueousVolume
        self.settlerOrganicVolume = settlerOrganicVolume
        self.transferCoefficient = transferCoefficient
    }

    /// A settler given as area (m²) × height (m) with the organic layer taking
    /// `organicFraction` of the height (dimensionless).
    public init(mixerVolume: Double, mixerOrganicFraction: Double? = nil, settlerArea: Double, settlerHeight: Double,
                settlerOrganicFraction: Double = 0.5, transferCoefficient: Double? = nil) {
        let v = settlerArea * settlerHeight
        self.init(mixerVolume: mixerVolume, mixerOrganicFraction: mixerOrganicFraction,
                  settlerAqueousVolume: v * (1 - settlerOrganicFraction), settlerOrganicVolume: v * settlerOrganicFraction,
                  transferCoefficient: transferCoefficient)
    }
}

/// A cascade with hold-ups: the steady problem, the hold-ups of each section (same order
/// as `problem.sections`) and the number of well-mixed cells per settler layer.
public struct DynamicCascadeSpecification: Sendable {
    public var problem: CascadeProblem
    /// Hold-ups per section.
    public var holdUps: [StageHoldUp]
    /// Well-mixed cells per settler phase layer (0: no settler, the mixer's outlets leave directly).
    public var settlerCells: Int

    public init(problem: CascadeProblem, holdUps: [StageHoldUp], settlerCells: Int = 3) {
        self.problem = problem
        self.holdUps = holdUps
        self.settlerCells = settlerCells
    }

    /// What is wrong with the specification, or nil.
    public func validationError() -> String? {
        if holdUps.count != problem.sections.count {
            return "dynamics: \(holdUps.count) hold-up entries for \(problem.sections.count) sections"
        }
        if settlerCells < 0 { return "dynamics: settler cells must be ≥ 0, got \(settlerCells)" }
        for (h, sec) in zip(holdUps, problem.sections) {
            let name = "section \(sec.name)"
            func bad(_ v: Double) -> Bool { !(v >= 0) || !v.isFinite }
            if bad(h.mixerVolume) { return "dynamics: \(name): mixer volume must be a finite volume ≥ 0 m³, got \(h.mixerVolume)" }
            if bad(h.settlerAqueousVolume) || bad(h.settlerOrganicVolume) {
                return "dynamics: \(name): settler layer volumes must be finite and ≥ 0 m³"
            }
            if let f = h.mixerOrganicFraction, !(f >= 0 && f <= 1) {
                return "dynamics: \(name): mixer organic fraction must lie in [0, 1], got \(f)"
            }
            if let k = h.transferCoefficient {
                if bad(k) { return "dynamics: \(name): transfer coefficient K·a must be finite and ≥ 0 1/s, got \(k)" }
                if sec.murphree.contains(where: { $0 != 1 }) {
                    return "dynamics: \(name): a finite transfer rate replaces the Murphree efficiency; give one or the other"
                }
            }
            if settlerCells > 0 && (sec.aqueousInOrganic > 0 || sec.organicInAqueous > 0) {
                return "dynamics: \(name): entrainment is modelled only without settler cells (settler_cells: 0)"
            }
        }
        return nil
    }
}
