import Foundation
import RareSepCascade
import RareSepChemistry
import RareSepCore

/// The preallocated state of one contactor solve: the problem, its grid operator, the
/// unknowns (cell-major: cell s holds x_0..x_{n−1}, y_0..y_{n−1}, mol/m³), the Newton
/// buffers and the block-tridiagonal system. Conforms to `StagedResidual`
/// (ContactorResidual.swift), so `StagedNewton` solves it without allocating.
public final class ContactorWorkspace {
    /// The problem (its inlets change with `setInlets`).
    public internal(set) var problem: ContactorProblem
    /// Its finite-volume operator.
    public let grid: ContactorGrid
    /// Species n.
    public let speciesCount: Int
    /// Cells N.
    public let stageCount: Int
    /// Unknowns per cell 2n.
    public let blockSize: Int
    /// Newton system: N cells of 2n×2n blocks, no corner.
    public let system: BlockTridiagonalSystem
    /// Unknowns and Newton buffers (N·2n values each).
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
            coarseStore = GridSequencing.coarsened(problem).flatMap { try? ContactorWorkspace(problem: $0, condensed: system.condensesBalanceRows) }
        }
        return coarseStore
    }
    private var coarseMade = false
    var coarseStore: ContactorWorkspace?

    let model: any EquilibriumModel
    let roles: UnsafeMutablePointer<SpeciesRole>
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
    public init(problem: ContactorProblem, condensed: Bool = true) throws {
        try problem.validate()
        self.problem = problem
        let g = ContactorGrid(problem)
        grid = g
        let n = problem.species.count, N = problem.cells, m = 2 * n
        speciesCount = n
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
                  oL, oD, oU, oIn, aL, aD, aU, aIn, kaV, holdA, holdO, yStar, dYdX, dYdY] { p.deallocate() }
        roles.deallocate()
    }

    /// Aqueous concentrations of cell s, mol/m³.
    public func aqueous(_ s: Int) -> [Double] { (0..<speciesCount).map { unknowns[s * blockSize + $0] } }
    /// Organic concentrations of cell s, mol/m³.
    public func organic(_ s: Int) -> [Double] { (0..<speciesCount).map { unknowns[s * blockSize + speciesCount + $0] } }

    /// Human-readable location of unknown / row `index`.
    public func describe(index: Int) -> String {
        let m = blockSize, n = speciesCount
        let s = index / m, k = index % m
        let sp = problem.species.symbols[k % n]
        let kind: String
        if k < n { kind = "species balance" } else {
            switch roles[k - n] {
            case .partitioning: kind = "organic-phase balance"
            case .organicConstraint: kind = "organic constraint"
            case .aqueousOnly: kind = "aqueous-only closure"
            case .organicOnly: kind = "organic-only closure"
            }
        }
        return String(format: "cell %d (z = %.4g m), %@, %@", s + 1, grid.centre(s), sp, kind)
    }
}
