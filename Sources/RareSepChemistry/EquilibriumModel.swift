import RareSepCore

/// The species a cascade carries, in solver order: metals first as listed in the
/// case, then any ions the chemistry adds (H, Na, Cl, NO3, SO4, ...).
public struct SpeciesSet: Sendable, Equatable {
    /// Symbols in solver order.
    public let symbols: [String]

    public init(_ symbols: [String]) { self.symbols = symbols }

    /// Number of species n.
    public var count: Int { symbols.count }

    /// Index of a symbol, or nil.
    public func index(of symbol: String) -> Int? { symbols.firstIndex(of: symbol) }
}

/// What a model factory may consult when it binds its parameters to a case.
public struct ModelContext: Sendable {
    /// The cascade's species in solver order.
    public var species: SpeciesSet
    /// Element data (molar masses, charges).
    public var elements: ElementTable
    /// The metals of the case (components the user listed), a prefix of `species`.
    public var metalCount: Int

    public init(species: SpeciesSet, elements: ElementTable, metalCount: Int) {
        self.species = species
        self.elements = elements
        self.metalCount = metalCount
    }
}

/// How the stage closes a species besides its mass balance.
public enum SpeciesRole: Sendable, Equatable {
    /// Moves between phases: y = y_in + E_M·(y* − y_in) with Murphree efficiency E_M
    /// (organic-phase basis; E_M = 1 gives y = y*).
    case partitioning
    /// Held exactly by a constraint in the organic phase: y = y* (e.g. the organic
    /// proton content from the extractant site balance, co-extracted anions).
    case organicConstraint
    /// Stays in the aqueous phase: y = 0 (counter-ions of a cation exchanger,
    /// Na⁺ released from saponified extractant).
    case aqueousOnly
    /// Stays in the organic phase: x = 0 (the extractant itself, total in all forms).
    case organicOnly
}

/// A liquid–liquid equilibrium model: for a stage's aqueous concentrations x and
/// organic concentrations y (mol/m³, one entry per species in `SpeciesSet` order)
/// it returns the organic concentrations y* in equilibrium with the aqueous phase
/// and, on request, the Jacobians ∂y*/∂x and ∂y*/∂y.
///
/// For a partitioning species y*_j = D_j(x, y)·x_j with distribution ratio D_j;
/// for a species fixed by a constraint (an organic site balance, an ion that stays
/// in the aqueous phase) y*_j is that constraint's value and Murphree efficiency
/// does not apply. Models are immutable and hold no per-call state; the stage
/// kernel passes preallocated buffers, so an evaluation allocates nothing.
public protocol EquilibriumModel: Sendable {
    /// Registry id, e.g. "constant-distribution".
    var id: String { get }
    /// Number of species n the model was bound to.
    var speciesCount: Int { get }
    /// How species j is closed in a stage (y* is ignored for aqueousOnly/organicOnly).
    func role(_ j: Int) -> SpeciesRole
    /// Evaluate y*(x, y). `dYdX` and `dYdY`, when non-nil, are n×n row-major
    /// (row j = ∂y*_j), zeroed by the caller; the model writes its nonzeros.
    func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>,
                            yStar: UnsafeMutablePointer<Double>,
                            dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?)
    /// Derived stage quantities for reports (e.g. "pH", "free_extractant_mol_per_m3").
    func stageDiagnostics(x: [Double], y: [Double]) -> [(name: String, value: Double)]
}

extension EquilibriumModel {
    public func stageDiagnostics(x: [Double], y: [Double]) -> [(name: String, value: Double)] { [] }

    /// Distribution ratio D_j = y*_j/x_j at a state (NaN where x_j = 0), for reports.
    public func distributionRatios(x: [Double], y: [Double]) -> [Double] {
        let n = speciesCount
        var ys = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                ys.withUnsafeMutableBufferPointer { sp in
                    equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!, dYdX: nil, dYdY: nil)
                }
            }
        }
        return (0..<n).map { x[$0] > 0 ? ys[$0] / x[$0] : .nan }
    }
}

/// One registry entry: the id a case or model file names, a one-line summary,
/// the extra species the model needs, and the factory binding parameters.
public struct ModelRegistration: Sendable {
    public var id: String
    public var summary: String
    /// Extra species (beyond the case's metals) the model needs, from its parameters.
    public var requiredSpecies: @Sendable (ConfigNode) throws -> [String]
    /// Bind parameters (a mapping node) to a case's species.
    public var make: @Sendable (ConfigNode, ModelContext) throws -> any EquilibriumModel

    public init(id: String, summary: String,
                requiredSpecies: @escaping @Sendable (ConfigNode) throws -> [String] = { _ in [] },
                make: @escaping @Sendable (ConfigNode, ModelContext) throws -> any EquilibriumModel) {
        self.id = id
        self.summary = summary
        self.requiredSpecies = requiredSpecies
        self.make = make
    }
}

extension EquilibriumModel {
    /// Complete an organic inlet composition (a solvent feed or make-up): every
    /// `.organicConstraint` species the user did not give takes the value the model's
    /// chemistry assigns to that stream — for an acidic extractant its exchangeable
    /// protons, extractant minus saponification cation minus ν per loaded metal; for a
    /// solvating ligand the anion that goes with loaded metal and acid
    /// (`AqueousProtonModel.consistentOrganicFeed`); for other models the constraint's
    /// value at zero aqueous concentrations, y_j = y*_j(0, y).
    public func completeOrganicInlet(_ y: inout [Double], specified: [Bool]) {
        let n = speciesCount
        let filled: [Double]
        if let chemistry = self as? any AqueousProtonModel {
            filled = chemistry.consistentOrganicFeed(y)
        } else {
            let x = [Double](repeating: 0, count: n)
            var ys = [Double](repeating: 0, count: n)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    ys.withUnsafeMutableBufferPointer { sp in
                        equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!, dYdX: nil, dYdY: nil)
                    }
                }
            }
            filled = ys
        }
        for j in 0..<n where !specified[j] && role(j) == .organicConstraint { y[j] = filled[j] }
    }
}
