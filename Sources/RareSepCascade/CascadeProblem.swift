import RareSepChemistry
import RareSepCore

/// Phase of a stream or of a stage's contents.
public enum Phase: String, Sendable, Codable {
    case aqueous
    case organic
}

/// A named group of consecutive stages (extraction, scrub, strip, wash) sharing an
/// equilibrium model, a Murphree efficiency and entrainment fractions.
public struct CascadeSection: Sendable {
    /// Section name, e.g. "extraction".
    public var name: String
    /// First stage (0-based, solver numbering) and count.
    public var firstStage: Int
    public var stageCount: Int
    /// Index into `CascadeProblem.models`.
    public var modelIndex: Int
    /// Murphree efficiency E_M per stage of the section, organic-phase basis:
    /// y = y_in + E_M·(y* − y_in), with y* evaluated at the stage's outlet state.
    public var murphree: [Double]
    /// Fraction ε_a of the aqueous phase leaving a stage that is carried with the
    /// organic outlet (entrainment of aqueous in organic), dimensionless.
    public var aqueousInOrganic: Double
    /// Fraction ε_o of the organic phase leaving a stage that is carried with the
    /// aqueous outlet (entrainment of organic in aqueous), dimensionless.
    public var organicInAqueous: Double
    /// Name of the outlet that receives the aqueous leaving the section's first
    /// stage; nil when it flows on into the previous section. The first section's
    /// aqueous always leaves (it is the raffinate).
    public var aqueousOutlet: String?

    public init(name: String, firstStage: Int, stageCount: Int, modelIndex: Int, murphree: [Double],
                aqueousInOrganic: Double = 0, organicInAqueous: Double = 0, aqueousOutlet: String? = nil) {
        self.name = name
        self.firstStage = firstStage
        self.stageCount = stageCount
        self.modelIndex = modelIndex
        self.murphree = murphree
        self.aqueousInOrganic = aqueousInOrganic
        self.organicInAqueous = organicInAqueous
        self.aqueousOutlet = aqueousOutlet
    }

    /// Stages of the section (0-based).
    public var stages: Range<Int> { firstStage..<(firstStage + stageCount) }
}

/// A stream entering the cascade at a stage.
public struct CascadeFeed: Sendable {
    public var name: String
    /// Stage it enters (0-based).
    public var stage: Int
    /// Phase it joins.
    public var phase: Phase
    /// Volumetric flow Q, m³/s.
    public var flow: Double
    /// Concentration per species (SpeciesSet order), mol/m³.
    public var concentrations: [Double]

    public init(name: String, stage: Int, phase: Phase, flow: Double, concentrations: [Double]) {
        self.name = name
        self.stage = stage
        self.phase = phase
        self.flow = flow
        self.concentrations = concentrations
    }
}

/// A side draw: part of one phase leaving a stage sent to a named product.
public struct CascadeDraw: Sendable {
    public var name: String
    public var stage: Int
    public var phase: Phase
    /// Volumetric flow drawn, m³/s.
    public var flow: Double

    public init(name: String, stage: Int, phase: Phase, flow: Double) {
        self.name = name
        self.stage = stage
        self.phase = phase
        self.flow = flow
    }
}

/// The solvent loop: organic leaving the last stage returns to the first, with
/// an optional bleed and a make-up of fresh organic that keeps the circulating
/// flow at `flow`.
public struct SolventLoop: Sendable {
    /// Organic flow entering stage 1 from the loop (recycled + make-up), m³/s.
    public var flow: Double
    /// Fraction of the returning organic bled off, dimensionless.
    public var bleedFraction: Double
    /// Composition of fresh make-up organic per species, mol/m³.
    public var makeupConcentrations: [Double]

    public init(flow: Double, bleedFraction: Double, makeupConcentrations: [Double]) {
        self.flow = flow
        self.bleedFraction = bleedFraction
        self.makeupConcentrations = makeupConcentrations
    }
}

/// A steady-state counter-current cascade, immutable: stages 0..<N in a line,
/// organic flowing from stage 0 to N−1, aqueous from N−1 to 0 within each
/// aqueous segment (a section with an `aqueousOutlet` starts a new segment).
public struct CascadeProblem: Sendable {
    /// Case name for reports.
    public var name: String
    /// Species in solver order.
    public var species: SpeciesSet
    /// Number of leading species that are the case's metals (reported for purity/recovery).
    public var metalCount: Int
    /// Equilibrium models referenced by sections.
    public var models: [any EquilibriumModel]
    public var sections: [CascadeSection]
    public var feeds: [CascadeFeed]
    public var draws: [CascadeDraw]
    /// The solvent loop; nil when the organic leaving stage N is a product ("loaded organic").
    public var loop: SolventLoop?

    public init(name: String, species: SpeciesSet, metalCount: Int, models: [any EquilibriumModel],
                sections: [CascadeSection], feeds: [CascadeFeed], draws: [CascadeDraw] = [], loop: SolventLoop? = nil) {
        self.name = name
        self.species = species
        self.metalCount = metalCount
        self.models = models
        self.sections = sections
        self.feeds = feeds
        self.draws = draws
        self.loop = loop
    }

    /// Total number of stages N.
    public var stageCount: Int { sections.reduce(0) { $0 + $1.stageCount } }

    /// Section index of every stage.
    public var sectionOfStage: [Int] {
        var out: [Int] = []
        for (i, s) in sections.enumerated() { out += Array(repeating: i, count: s.stageCount) }
        return out
    }
}
