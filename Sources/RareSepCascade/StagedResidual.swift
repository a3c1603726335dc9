/// A steady-state residual on a chain of stages (or cells) whose Jacobian is block
/// tridiagonal: the unknowns come in `stageCount` blocks of `blockSize`, and the rows
/// of stage s depend only on the unknowns of stages s−1, s, s+1 (and, for s = 0, on
/// the last stage through an optional corner block, e.g. a recycle). The stage-structured
/// Newton iteration, its chord steps, line search and pseudo-transient continuation
/// (`StagedNewton`) are generic over this protocol; a mixer-settler cascade
/// (`CascadeWorkspace`) is one conformer, and so can be any unit discretised into
/// stages or cells — an emulsion-flow contactor on a height grid, a dynamic
/// mixer-settler's implicit time step.
///
/// Layout and units. The unknowns are stage-major: z[s·m ..< (s+1)·m] belong to stage s,
/// m = `blockSize`, in the conformer's units (a cascade: concentrations, mol/m³). The
/// coupling blocks of `system` are pair-diagonal (see `BlockTridiagonalSystem`): unknown
/// pair (p, m/2+p) of a stage couples only to the same pair of its neighbours.
/// Every residual row r_i carries a positive scale σ_i in the row's own units (a balance
/// in mol/s: its throughput; a closure in mol/m³: its magnitude); the iteration
/// measures r_i/σ_i (dimensionless) and solves with rows divided by σ_i.
///
/// Storage. The conformer owns the vectors below (each `stageCount·blockSize` values,
/// allocated once) and the system, so the iteration allocates nothing.
public protocol StagedResidual: AnyObject {
    /// Number of stages (or cells) N ≥ 1.
    var stageCount: Int { get }
    /// Unknowns (and residual rows) per stage m, even (pairs (p, m/2+p)).
    var blockSize: Int { get }
    /// The block-tridiagonal Newton system, N stages of m×m blocks; `hasCorner` when
    /// stage 0's rows couple to the last stage's unknowns.
    var system: BlockTridiagonalSystem { get }

    /// The current state z (N·m values, conformer units); the iteration updates it in place.
    var unknowns: UnsafeMutablePointer<Double> { get }
    /// Scratch state of the line search (N·m values, conformer units): the trial point.
    var trial: UnsafeMutablePointer<Double> { get }
    /// Right-hand side and solution of the linear solves (N·m values): after
    /// `assembleNewtonStage` of every stage and the solve, the Newton point z_new
    /// (conformer units); in a chord step, the increment.
    var step: UnsafeMutablePointer<Double> { get }
    /// Residual F at the state last evaluated (N·m rows, each in its row's units).
    var residual: UnsafeMutablePointer<Double> { get }
    /// Row scales σ > 0 at the state last evaluated (N·m rows, each in its row's units).
    var scale: UnsafeMutablePointer<Double> { get }
    /// Row scales the current factorisation was made with (N·m values, row units); the
    /// iteration copies `scale` here stage by stage as it factors, for chord steps.
    var factorScale: UnsafeMutablePointer<Double> { get }

    /// Row-scale floor relative to each row's typical magnitude (dimensionless), set by
    /// the continuation while it follows the transient (`StagedNewtonOptions.pseudoTransientScaleFloor`)
    /// and reset to 0 (the conformer's absolute floor) for Newton. Conformers whose rows
    /// never vanish may ignore it.
    var relativeScaleFloor: Double { get set }

    /// Whether every unknown is a nonnegative quantity (concentrations, amounts). Then
    /// the line search keeps the state positive (`StagedNewtonOptions.linearStepLimit`,
    /// `collapseFactor`, `maxLogIncrease`) and chord steps stop at a negative value;
    /// otherwise the damped Newton step is taken as it is. Default: true.
    static var unknownsAreNonnegative: Bool { get }

    /// Evaluate F(state) into `residual` and the row scales into `scale` (every stage).
    /// `state` is N·m values in conformer units (`unknowns` or `trial`).
    func evaluateResidual(at state: UnsafeMutablePointer<Double>)

    /// Assemble stage s for the Newton solve at `unknowns`: evaluate its rows (into
    /// `residual` and `scale`), write its Jacobian blocks — diagonal D_s, couplings L_s
    /// and U_s, and for s = 0 the corner — into `system`, every row divided by its scale
    /// σ_i, with the pseudo-time term `rate`·∂(hold-up)/∂z subtracted from the diagonal
    /// block (`rate` = 1/Δτ in 1/s, 0 for Newton; the hold-up is the conformer's content
    /// of each balanced quantity, e.g. one second of flow per stage), and write stage s's
    /// rows of the right-hand side into `rhs` in the non-incremental form
    /// (J·z − F − rate·hold-up)/σ, so that the solve yields the Newton point itself.
    /// Called for s = 0, 1, …, N−1 in order, each followed by the factorisation and
    /// forward elimination of that stage. Must not allocate.
    func assembleNewtonStage(_ s: Int, rate: Double, rhs: UnsafeMutablePointer<Double>)

    /// Called before each line-search trial point is formed (e.g. to clear per-species
    /// flags set by `noteCollapse`). Default: nothing.
    func willFormTrial()
    /// The line search moved unknown `index` geometrically: it fell by more than the
    /// `linearStepLimit` factor, or Newton sent it to or below zero. Default: nothing.
    func noteCollapse(at index: Int)
    /// Correct the projected trial state in place before it is evaluated (a cascade
    /// solves collapsing trace species' profiles exactly). Returns true when it
    /// overwrote the blocks of `system`, so the factorisation can no longer serve chord
    /// steps. Default: nothing, false.
    func refineTrial(_ state: UnsafeMutablePointer<Double>) -> Bool

    /// Human-readable location of unknown / residual row `index` (0 ..< N·m), for reports
    /// (e.g. "stage 3 (extraction), Nd, mass balance").
    func describe(index: Int) -> String
}

extension StagedResidual {
    /// Default: the unknowns are nonnegative.
    public static var unknownsAreNonnegative: Bool { true }
    /// Default: nothing to reset.
    @inline(__always) public func willFormTrial() {}
    /// Default: collapses are not tracked.
    @inline(__always) public func noteCollapse(at index: Int) {}
    /// Default: no refinement.
    @inline(__always) public func refineTrial(_ state: UnsafeMutablePointer<Double>) -> Bool { false }

    /// Max-norm of the scaled residual |F_i|/σ_i at the last evaluation and the row where
    /// it sits (NaN wins, so it is reported).
    /// Four rows at a time: each lane keeps its largest value and the block where it first
    /// reached it (no horizontal reduction or branch per block); the lanes are reduced at
    /// the end, ties to the earlier row, so the result (first row of the largest value) is
    /// the row-by-row one. A NaN sends the scan row by row from the start, to report the
    /// first NaN.
    public func scaledResidualNorm() -> (norm: Double, index: Int) {
        let r = residual, sc = scale
        let total = stageCount &* blockSize
        func scan(_ from: Int, _ to: Int, _ best: inout Double, _ at: inout Int) -> Bool {
            var i = from
            while i < to {
                let v = abs(r[i]) / sc[i]
                if !(v <= best) { best = v; at = i }
                if v.isNaN { best = .nan; at = i; return true }
                i = i &+ 1
            }
            return false
        }
        var laneBest = SIMD4<Double>(repeating: 0)
        var laneBlock = SIMD4<Int64>(repeating: -1)
        var sawNaN = SIMDMask<SIMD4<Int64>>(repeating: false)
        var i = 0
        while i &+ 4 <= total {
            let rv = UnsafeRawPointer(r + i).loadUnaligned(as: SIMD4<Double>.self)
            let sv = UnsafeRawPointer(sc + i).loadUnaligned(as: SIMD4<Double>.self)
            let v = (rv.replacing(with: -rv, where: rv .< 0)) / sv
            let better = v .> laneBest
            laneBest.replace(with: v, where: better)
            laneBlock.replace(with: SIMD4(repeating: Int64(i)), where: better)
            sawNaN .|= v .!= v
            i = i &+ 4
        }
        var best = 0.0, at = 0
        if any(sawNaN) {
            _ = scan(0, total, &best, &at)
            return (best, at)
        }
        for lane in 0..<4 where laneBlock[lane] >= 0 {
            let row = Int(laneBlock[lane]) &+ lane
            if laneBest[lane] > best || (laneBest[lane] == best && row < at) { best = laneBest[lane]; at = row }
        }
        _ = scan(i, total, &best, &at)
        return (best, at)
    }

    /// Sum of squared scaled residuals Σ(F_i/σ_i)² at the last evaluation (the line
    /// search's merit, dimensionless).
    public func merit() -> Double {
        var s = 0.0
        let r = residual, sc = scale
        for i in 0..<(stageCount &* blockSize) {
            let v = r[i] / sc[i]
            s += v * v
        }
        return s
    }

    /// One Newton linear solve fused with the assembly: stage by stage, assemble the
    /// row-scaled blocks and right-hand side at `unknowns` (`assembleNewtonStage`), factor
    /// the stage and eliminate it — each stage's blocks used while in cache — then
    /// back-substitute. `step` then holds the Newton point z_new. Returns the stage
    /// whose block is singular, or nil. Allocation-free.
    public func assembleAndSolveNewton(rate: Double) -> Int? {
        let m = blockSize, sys = system, rhs = step
        for s in 0..<stageCount {
            assembleNewtonStage(s, rate: rate, rhs: rhs)
            (factorScale + s &* m).update(from: scale + s &* m, count: m)
            if !sys.factorStage(s) { return s }
            sys.forwardStage(s, rhs)
        }
        if !sys.finishFactor() { return stageCount - 1 }
        sys.finishSolve(rhs)
        return nil
    }
}
