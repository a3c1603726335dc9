/// Options of the stage-structured Newton iteration (`StagedNewton`), the same for
/// every `StagedResidual`; a cascade solve takes them as `CascadeSolverOptions`.
public struct StagedNewtonOptions: Sendable {
    /// Maximum Newton iterations.
    public var maxIterations = 100
    /// Converged when every scaled residual row is at most this (relative, dimensionless).
    public var residualTolerance = 1e-12
    /// Or when the residual is below `looseResidualTolerance` and every unknown's
    /// relative Newton step is at most this.
    public var stepTolerance = 1e-10
    /// The residual bound (scaled, dimensionless) under which the step test applies.
    public var looseResidualTolerance = 1e-8
    /// Largest change of ln(concentration) in one Newton step, upward (a factor e^30).
    public var maxLogIncrease = 30.0
    /// A positive unknown takes the Newton update z·(1 + dz/z) while the factor
    /// 1 + dz/z is at least this (there it is exact Newton and the factor carries
    /// at most three digits of cancellation) ...
    public var linearStepLimit = 1e-3
    /// ... and is divided by 1/collapseFactor when Newton sends it to (or below) zero:
    /// a trace falling many decades gets there in a few steps, and one sent too low
    /// comes back by at most e^maxLogIncrease per step.
    public var collapseFactor = 1e-12
    /// First pseudo-time step of the continuation fallback, s (hold-ups of one
    /// second of flow per stage).
    public var initialPseudoTimeStep = 1e-2
    /// While the continuation follows the transient (Δτ finite), no residual row is
    /// scaled below this fraction of its species' typical throughput of the stage
    /// (dimensionless; see `StagedResidual.relativeScaleFloor`). Newton keeps the
    /// absolute floor, so traces many decades below it are resolved once Δτ is infinite.
    public var pseudoTransientScaleFloor = 1e-16
    /// A continuation step whose merit (sum of squared scaled residuals) grows more than
    /// this factor is rejected and retried with Δτ/10 (dimensionless).
    public var pseudoTransientMaxMeritGrowth = 10.0
    /// Iteration limit of the continuation fallback (nil: `maxIterations`; the cascade
    /// solve's fallback takes 3 × `maxIterations`).
    public var continuationMaxIterations: Int? = nil
    /// Newton without continuation gives up (`stalled`) when this many consecutive
    /// damped steps have not halved the residual's max-norm: the line search is creeping
    /// along a valley (a pinched section whose inventory Newton cannot build), and the
    /// caller's fallback (the continuation) gets there in fewer iterations. nil: never.
    public var stallWindow: Int? = 10
    /// Cascade solve only (`CascadeSolver`): when the cold path (Kremser start, feed
    /// start, pseudo-transient continuation) fails on a cascade of more stages than this,
    /// continue in the stage count (`CascadeSolver.stageCountContinuation`): solve the
    /// cascade with every section halved until at most this many stages remain, and
    /// double back up with warm starts. nil: never.
    public var stageContinuationBase: Int? = 64
    /// At most this many times in one stage-count continuation, a rung that did not
    /// converge is split (the stage counts halfway from the last converged rung first).
    public var stageContinuationMaxSplits = 4
    /// Below this scaled residual, try chord steps (reusing the last factorisation).
    public var chordThreshold = 1e-4
    /// A chord step is kept while it cuts the scaled residual to at most this fraction.
    public var chordContraction = 0.1
    /// At most this many chord steps after one Newton step.
    public var maxChordSteps = 3

    /// The defaults above.
    public init() {}
}
