import RareSepChemistry
import RareSepCore

/// Preallocated storage for the steady-state cascade solve: state, residual,
/// scales, the block-tridiagonal Jacobian and the model-evaluation buffers.
/// Sized once from the stage and species counts; the Newton iteration allocates
/// nothing. Unknowns are stage-major: for stage s, z[s·m ..< s·m+n] are the
/// aqueous concentrations x_s and z[s·m+n ..< (s+1)·m] the organic y_s (mol/m³), m = 2n.
public final class CascadeWorkspace {
    public let problem: CascadeProblem
    public let flows: StageFlows
    /// Species count n and block size m = 2n.
    public let speciesCount: Int
    public let blockSize: Int
    public let stageCount: Int

    /// The state z (N·m values, mol/m³); `unknowns` of `StagedResidual`.
    let z: UnsafeMutablePointer<Double>
    /// Line-search trial state (N·m values, mol/m³).
    public let trial: UnsafeMutablePointer<Double>
    /// Right-hand side / Newton point of the linear solves (N·m values).
    public let step: UnsafeMutablePointer<Double>
    /// Residual rows: balances in mol/s, closures in mol/m³ (N·m values).
    public let residual: UnsafeMutablePointer<Double>
    /// Row scales, in each row's units (N·m values).
    public let scale: UnsafeMutablePointer<Double>
    /// Row scales the current factorisation was made with (for chord steps).
    public let factorScale: UnsafeMutablePointer<Double>
    let yStar: UnsafeMutablePointer<Double>
    let dYdX: UnsafeMutablePointer<Double>
    let dYdY: UnsafeMutablePointer<Double>
    /// The Newton system: N stages of m×m blocks, with the solvent loop as corner.
    public let system: BlockTridiagonalSystem
    /// 2×2-block system and right-hand side of the species-wise polish.
    let speciesSystem: BlockTridiagonalSystem
    let speciesRHS: UnsafeMutablePointer<Double>
    /// The polish's 2×2 blocks per species and stage (diag, lower, upper: 12 values), species-major.
    let speciesBlocks: UnsafeMutablePointer<Double>
    /// One m×m block of scratch (a stage's diagonal block, assembled to be read once).
    let stageScratch: UnsafeMutablePointer<Double>
    /// Per species: did an entry of it fall more than three decades in the last step.
    let collapsed: UnsafeMutablePointer<Bool>
    /// Row-scale floor ε relative to each species' typical throughput of each stage
    /// (dimensionless): balance rows at least ε·c_j·(A_s + O_s) mol/s, partitioning
    /// closure rows at least ε·c_j mol/m³ (c_j = `typicalConcentration`), never below
    /// `scaleFloor`;
    /// ε = 0 gives the absolute floor of the Newton iteration. Rows of a species absent
    /// from a stage (at the continuation's feed start, the metals of a scrub section)
    /// otherwise carry the absolute floor 1e-200 while the block elimination brings in
    /// their couplings to neighbouring stages that do hold it: such a row wins every
    /// pivot of its columns by two hundred decades, and the elimination overflows.
    /// The floors are applied where the rows are scaled (`evaluateStage`).
    public var relativeScaleFloor = 0.0

    // The per-stage tables the stage kernel reads live in buffers allocated once
    // (unchecked indexing in the hot loops; every index is within the sizes below).
    /// Feed amount per stage and species, mol/s (all phases, make-up included); N·n values.
    let feedAmount: UnsafeMutablePointer<Double>
    /// Organic-phase feed amount per stage and species, mol/s (for the Murphree inlet); N·n values.
    let organicFeedAmount: UnsafeMutablePointer<Double>
    /// Stage → section (N values), Murphree efficiency per stage (N values), role per model and species.
    let sectionOfStage: UnsafeMutablePointer<Int>
    let murphree: UnsafeMutablePointer<Double>
    let roles: [[SpeciesRole]]
    /// `roles` flattened: role of species j under model k at k·n + j.
    let roleTable: UnsafeMutablePointer<SpeciesRole>
    /// Typical concentration of each species (largest in any feed or the make-up,
    /// at least 1e-300 mol/m³): floors the scale of constraint rows, so that round-off
    /// in a stage without the species is not read as a relative error; n values.
    let typicalConcentration: UnsafeMutablePointer<Double>
    /// Species whose stage-1 balance is replaced by the loop inventory condition
    /// y_1,j = make-up concentration: organic-only species (the extractant) in a
    /// closed loop without bleed, whose amount no balance would otherwise fix; n values.
    let loopInventory: UnsafeMutablePointer<Bool>
    /// Finite-rate transfer K·a·V_m per stage (m³/s), set only by the dynamic cascade
    /// (`useDynamicBalances`); nil: the closure rows of partitioning species are Murphree
    /// equilibrium rows.
    private(set) var transferRate: UnsafeMutablePointer<Double>?

    /// Bytes a solve of `stageCount` stages and `speciesCount` species needs, estimated
    /// in floating point (no overflow for absurd counts) before anything is allocated:
    /// the state vectors, the block-tridiagonal Jacobian (diagonal blocks, gains, the
    /// Woodbury columns of a loop), the species-wise polish, the phase flows and the
    /// per-stage rows of the written profiles (about 100 bytes of text per value).
    public static func estimatedBytes(stageCount: Double, speciesCount: Int, hasLoop: Bool = true) -> Double {
        let n = Double(speciesCount), m: Double = 2 * n
        let blocks: Double = hasLoop ? 3 : 2
        let jacobian: Double = blocks * m * m + 6 * m + 2
        let vectors: Double = 6 * m + 18 * n + 2
        let flowsAndPolish: Double = 68
        let report: Double = 25 * n
        return 8 * stageCount * (jacobian + vectors + flowsAndPolish + report)
    }

    public init(problem: CascadeProblem) throws {
        self.problem = problem
        _ = debugNewton  // initialise the lazy global here, not inside the iteration
        flows = try StageFlows.solve(problem)
        let n = problem.species.count
        let N = problem.stageCount
        speciesCount = n
        blockSize = 2 * n
        stageCount = N
        let total = N * 2 * n
        z = .allocate(capacity: total); z.update(repeating: 0, count: total)
        trial = .allocate(capacity: total)
        step = .allocate(capacity: total)
        residual = .allocate(capacity: total)
        scale = .allocate(capacity: total)
        factorScale = .allocate(capacity: total)
        yStar = .allocate(capacity: n)
        dYdX = .allocate(capacity: n * n)
        dYdY = .allocate(capacity: n * n)
        system = BlockTridiagonalSystem(stageCount: N, blockSize: 2 * n, hasCorner: problem.loop != nil)
        speciesSystem = BlockTridiagonalSystem(stageCount: N, blockSize: 2, hasCorner: problem.loop != nil)
        speciesRHS = .allocate(capacity: 2 * N)
        speciesBlocks = .allocate(capacity: 12 * N * n)
        stageScratch = .allocate(capacity: 4 * n * n)
        collapsed = .allocate(capacity: n)
        collapsed.update(repeating: false, count: n)
        var fa = [Double](repeating: 0, count: N * n)
        var fo = [Double](repeating: 0, count: N * n)
        for f in problem.feeds {
            for j in 0..<n {
                fa[f.stage * n + j] += f.flow * f.concentrations[j]
                if f.phase == .organic { fo[f.stage * n + j] += f.flow * f.concentrations[j] }
            }
        }
        if let loop = problem.loop {
            for j in 0..<n {
                fa[j] += flows.makeup * loop.makeupConcentrations[j]
                fo[j] += flows.makeup * loop.makeupConcentrations[j]
            }
        }
        feedAmount = Self.buffer(fa)
        organicFeedAmount = Self.buffer(fo)
        sectionOfStage = Self.buffer(problem.sectionOfStage)
        var e = [Double](repeating: 1, count: N)
        for sec in problem.sections {
            for (k, s) in sec.stages.enumerated() { e[s] = sec.murphree[k] }
        }
        murphree = Self.buffer(e)
        let roles = problem.models.map { m in (0..<n).map { m.role($0) } }
        self.roles = roles
        roleTable = Self.buffer(roles.flatMap { $0 })
        var typical = [Double](repeating: 1e-300, count: n)
        for f in problem.feeds { for j in 0..<n { typical[j] = max(typical[j], f.concentrations[j]) } }
        if let loop = problem.loop { for j in 0..<n { typical[j] = max(typical[j], loop.makeupConcentrations[j]) } }
        typicalConcentration = Self.buffer(typical)
        let firstRoles = roles[problem.sections[0].modelIndex]
        loopInventory = Self.buffer((0..<n).map { j in
            problem.loop.map { $0.bleedFraction == 0 } ?? false && firstRoles[j] == .organicOnly
        })
    }

    deinit {
        z.deallocate(); trial.deallocate(); step.deallocate(); residual.deallocate(); scale.deallocate(); factorScale.deallocate()
        yStar.deallocate(); dYdX.deallocate(); dYdY.deallocate(); speciesRHS.deallocate(); speciesBlocks.deallocate(); stageScratch.deallocate(); collapsed.deallocate()
        feedAmount.deallocate(); organicFeedAmount.deallocate(); sectionOfStage.deallocate(); murphree.deallocate()
        roleTable.deallocate(); typicalConcentration.deallocate(); loopInventory.deallocate()
        transferRate?.deallocate()
    }

    /// Turn this workspace into the mixer kernel of a dynamic cascade: every stage keeps
    /// its real species balances (no loop-inventory rows: in a dynamic run the inventory of
    /// a closed loop is that of its initial state), and stage s with `transferRate[s]` > 0
    /// (K·a·V_m, m³/s) exchanges partitioning species at a finite rate instead of reaching
    /// equilibrium. The steady iteration must not be run on the workspace afterwards.
    package func useDynamicBalances(transferRate rates: [Double]) {
        precondition(rates.count == stageCount)
        loopInventory.update(repeating: false, count: speciesCount)
        transferRate?.deallocate()
        transferRate = rates.contains { $0 > 0 } ? Self.buffer(rates) : nil
    }

    /// Role of species j in stage s's equilibrium model.
    package func role(stage s: Int, species j: Int) -> SpeciesRole {
        roleTable[problem.sections[sectionOfStage[s]].modelIndex &* speciesCount &+ j]
    }

    /// A buffer holding a copy of `values` (at least one element's capacity).
    private static func buffer<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: values.count) } }
        return p
    }

    /// Current state as arrays (x and y, stage-major N×n each).
    public func state() -> (x: [Double], y: [Double]) {
        let n = speciesCount, m = blockSize
        var x = [Double](repeating: 0, count: stageCount * n), y = x
        for s in 0..<stageCount {
            for j in 0..<n {
                x[s * n + j] = z[s * m + j]
                y[s * n + j] = z[s * m + n + j]
            }
        }
        return (x, y)
    }

    /// Overwrite the state (stage-major N×n arrays).
    public func setState(x: [Double], y: [Double]) {
        let n = speciesCount, m = blockSize
        for s in 0..<stageCount {
            for j in 0..<n {
                z[s * m + j] = x[s * n + j]
                z[s * m + n + j] = y[s * n + j]
            }
        }
    }
}
