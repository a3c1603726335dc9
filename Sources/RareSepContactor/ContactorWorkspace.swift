import Foundation
import RareSepCascade
import RareSepChemistry
import RareSepCore

/// The preallocated state of one contactor solve: the problem, its grid operator, the
/// unknowns (cell-major: cell s holds x and y of the solved species, mol/m³), the Newton
/// buffers and the block-tridiagonal system. Conforms to `StagedResidual`
/// (ContactorResidual.swift), so `StagedNewton` solves it without allocating.
///
/// Solved and fixed species. A one-phase species (aqueous-only, organic-only) whose other
/// phase's inlet carries none of it does not transfer: it is conserved in its own phase,
/// whose constant profile at the inlet value satisfies every cell's balance exactly (the
/// grid operator is conservative, with or without dispersion, upwind or central), and is
/// absent from the other phase. Such a species is left out of the unknowns and carried at
/// those values into the chemistry and the profiles; the unknowns hold only the
/// `solvedCount` other species (partitioning, organic constraints, and one-phase species
/// fed in the wrong phase), so the Newton blocks are 2n′×2n′.
public final class ContactorWorkspace {
    /// The problem (its inlets change with `setInlets`).
    public internal(set) var problem: ContactorProblem
    /// Its finite-volume operator.
    public let grid: ContactorGrid
    /// Species n.
    public let speciesCount: Int
    /// Cells N.
    public let stageCount: Int
    /// Species in the unknowns n′ ≤ n (see the type's note on fixed species).
    public let solvedCount: Int
    /// Unknowns per cell 2n′.
    public let blockSize: Int
    /// Newton system: N cells of 2n′×2n′ blocks, no corner.
    public let system: BlockTridiagonalSystem
    /// Unknowns and Newton buffers (N·2n′ values each).
    public let unknowns, trial, step, residual, scale, factorScale: UnsafeMutablePointer<Double>
    /// Row-scale floor relative to a species' typical concentration (set by the continuation).
    public var relativeScaleFloor = 0.0
    /// The block system holds a complete factorisation of the Newton Jacobian (kept by
    /// `ContactorSolver.solve(_:warmStart:...)` for its chord steps; false when unknown).
    public internal(set) var factorsValid = false

    /// The workspace of the problem on half the cells (`GridSequencing.coarsened`), made on
    /// first use and kept, so repeated solves (a flowsheet's iterations) allocate nothing.
    var coarse: ContactorWorkspace? {
        if !coarseMade {
            coarseMade = true
            coarseStore = GridSequencing.coarsened(problem).flatMap { try? twin($0) }
        }
        return coarseStore
    }
    private var coarseMade = false
    var coarseStore: ContactorWorkspace?

    /// Whether one-phase species are held fixed (`init(problem:condensed:fixesOnePhaseSpecies:)`).
    let fixesOnePhaseSpecies: Bool

    /// A workspace for `problem` made with this one's choices (condensation, fixed species).
    func twin(_ problem: ContactorProblem) throws -> ContactorWorkspace {
        try ContactorWorkspace(problem: problem, condensed: system.condensesBalanceRows, fixesOnePhaseSpecies: fixesOnePhaseSpecies)
    }

    let model: any EquilibriumModel
    let roles: UnsafeMutablePointer<SpeciesRole>
    /// Species index of each solved species (n′ values).
    let solved: UnsafeMutablePointer<Int>
    /// Whether species j is held fixed (n values).
    let isFixed: [Bool]
    /// One cell's full composition (n values each, mol/m³) as the chemistry reads it: the
    /// fixed species hold their constant values, the solved ones are written by `load`.
    let xCell: UnsafeMutablePointer<Double>, yCell: UnsafeMutablePointer<Double>
    /// Typical concentration per species (largest inlet value, or 1e-300), mol/m³.
    let typical: UnsafeMutablePointer<Double>
    let xIn: UnsafeMutablePointer<Double>, yIn: UnsafeMutablePointer<Double>
    // grid operator as raw arrays (read in the hot loop)
    let oL, oD, oU, oIn, aL, aD, aU, aIn, kaV, holdA, holdO: UnsafeMutablePointer<Double>
    // model scratch
    let yStar, dYdX, dYdY: UnsafeMutablePointer<Double>

    /// Allocate for `problem` (validated here; throws its `InputError`). `condensed`: factor
    /// cell blocks by `CondensedBlockLU` where they have its shape (false: always the dense
    /// LU, kept for comparison in the benchmark).
    public convenience init(problem: ContactorProblem, condensed: Bool = true) throws {
        try self.init(problem: problem, condensed: condensed, fixesOnePhaseSpecies: true)
    }

    /// `init(problem:condensed:)`; `fixesOnePhaseSpecies` false keeps every species in the
    /// unknowns (the full 2n system, for tests comparing the two).
    init(problem: ContactorProblem, condensed: Bool, fixesOnePhaseSpecies: Bool) throws {
        try problem.validate()
        self.problem = problem
        self.fixesOnePhaseSpecies = fixesOnePhaseSpecies
        let g = ContactorGrid(problem)
        grid = g
        let n = problem.species.count, N = problem.cells
        let fixed = fixesOnePhaseSpecies ? Self.fixedSpecies(problem) : Array(repeating: nil, count: n)
        // (a problem of fixed species only keeps them all: a Newton system needs unknowns)
        let free = (0..<n).filter { fixed[$0] == nil }
        let kept = free.isEmpty ? Array(0..<n) : free
        let m = 2 * kept.count
        speciesCount = n
        solvedCount = kept.count
        stageCount = N
        blockSize = m
        model = problem.model
        // every cell's blocks are written (or zeroed) by its assembly (ContactorResidual)
        system = BlockTridiagonalSystem(stageCount: N, blockSize: m, hasCorner: false, zeroed: false)
        // upwind plug flow: each cell's balance rows stay diagonal in y (CondensedBlockLU)
        system.condensesBalanceRows = condensed
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            return p
        }
        func copy(_ a: [Double]) -> UnsafeMutablePointer<Double> {
            let p = buffer(a.count)
            for (i, v) in a.enumerated() { p[i] = v }
            return p
        }
        unknowns = buffer(N * m); trial = buffer(N * m); step = buffer(N * m)
        residual = buffer(N * m); scale = buffer(N * m); factorScale = buffer(N * m)
        roles = .allocate(capacity: n)
        for j in 0..<n { roles[j] = problem.model.role(j) }
        isFixed = (0..<n).map { !kept.contains($0) }
        solved = .allocate(capacity: max(kept.count, 1))
        for (k, j) in kept.enumerated() { solved[k] = j }
        xCell = copy((0..<n).map { fixed[$0]?.x ?? 0 })
        yCell = copy((0..<n).map { fixed[$0]?.y ?? 0 })
        typical = copy((0..<n).map { max(problem.aqueousInlet[$0], problem.organicInlet[$0], 1e-300) })
        xIn = copy(problem.aqueousInlet)
        yIn = copy(problem.organicInlet)
        oL = copy(g.oL); oD = copy(g.oD); oU = copy(g.oU); oIn = copy(g.oIn)
        aL = copy(g.aL); aD = copy(g.aD); aU = copy(g.aU); aIn = copy(g.aIn)
        kaV = copy(g.transferConductance)
        holdA = copy(g.aqueousFraction.map { $0 * g.cellVolume })
        holdO = copy(g.organicFraction.map { $0 * g.cellVolume })
        yStar = buffer(n); dYdX = buffer(n * n); dYdY = buffer(n * n)
    }

    deinit {
        for p in [unknowns, trial, step, residual, scale, factorScale, typical, xIn, yIn,
                  oL, oD, oU, oIn, aL, aD, aU, aIn, kaV, holdA, holdO, yStar, dYdX, dYdY, xCell, yCell] { p.deallocate() }
        roles.deallocate()
        solved.deallocate()
    }

    /// The constant profile (x, y), mol/m³, of each species left out of the unknowns, nil
    /// for a solved one: an aqueous-only species with no organic inlet is (x_in, 0), an
    /// organic-only species with no aqueous inlet is (0, y_in).
    static func fixedSpecies(_ p: ContactorProblem) -> [(x: Double, y: Double)?] {
        (0..<p.species.count).map { j in
            switch p.model.role(j) {
            case .aqueousOnly where p.organicInlet[j] == 0: return (p.aqueousInlet[j], 0)
            case .organicOnly where p.aqueousInlet[j] == 0: return (0, p.organicInlet[j])
            default: return nil
            }
        }
    }

    /// Whether inlets x, y (mol/m³, n values each) keep every fixed species fixed (none fed
    /// in its other phase); if so and `apply`, the fixed species' constant values are set
    /// from them. Solved species stay solved (exact whatever their inlets).
    func refixSpecies(aqueous x: [Double], organic y: [Double], apply: Bool) -> Bool {
        for j in 0..<speciesCount where isFixed[j] {
            switch roles[j] {
            case .aqueousOnly: guard y[j] == 0 else { return false }
            case .organicOnly: guard x[j] == 0 else { return false }
            case .partitioning, .organicConstraint: return false
            }
        }
        for j in 0..<speciesCount where apply && isFixed[j] {
            if roles[j] == .aqueousOnly { xCell[j] = x[j]; yCell[j] = 0 } else { xCell[j] = 0; yCell[j] = y[j] }
        }
        return true
    }

    /// Write the solved species of the cell whose unknowns start at `z` into `xCell`/`yCell`.
    @inline(__always)
    func load(_ z: UnsafePointer<Double>) {
        let n1 = solvedCount
        for k in 0..<n1 {
            let j = solved[k]
            xCell[j] = z[k]
            yCell[j] = z[n1 &+ k]
        }
    }

    /// Aqueous concentrations of cell s (every species), mol/m³.
    public func aqueous(_ s: Int) -> [Double] {
        load(unknowns + s * blockSize)
        return Array(UnsafeBufferPointer(start: xCell, count: speciesCount))
    }
    /// Organic concentrations of cell s (every species), mol/m³.
    public func organic(_ s: Int) -> [Double] {
        load(unknowns + s * blockSize)
        return Array(UnsafeBufferPointer(start: yCell, count: speciesCount))
    }

    /// Set cell s's unknowns from full compositions x, y (n values each, mol/m³, clipped
    /// at 0); the fixed species keep their constant values.
    func store(_ s: Int, aqueous x: [Double], organic y: [Double]) {
        let n1 = solvedCount, z = unknowns + s * blockSize
        for k in 0..<n1 {
            z[k] = max(x[solved[k]], 0)
            z[n1 + k] = max(y[solved[k]], 0)
        }
    }

    /// Human-readable location of unknown / row `index`.
    public func describe(index: Int) -> String {
        let m = blockSize, n1 = solvedCount
        let s = index / m, k = index % m
        let j = solved[k % n1]
        let sp = problem.species.symbols[j]
        let kind: String
        if k < n1 { kind = "species balance" } else {
            switch roles[j] {
            case .partitioning: kind = "organic-phase balance"
            case .organicConstraint: kind = "organic constraint"
            case .aqueousOnly: kind = "aqueous-only closure"
            case .organicOnly: kind = "organic-only closure"
            }
        }
        return String(format: "cell %d (z = %.4g m), %@, %@", s + 1, grid.centre(s), sp, kind)
    }
}
