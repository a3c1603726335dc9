/// A semi-explicit DAE / ODE  M·y' = f(t, y)  with constant mass matrix M (rows of zeros
/// for the algebraic equations), t in seconds. The system owns its Jacobian storage and
/// its linear solver; `BDFIntegrator` drives it. Consistent initial values are the
/// system's job (it knows how to solve its algebraic rows); the integrator checks them.
public protocol DAESystem: AnyObject {
    /// The Newton-matrix solver type (`BandedLU`, `BlockTridiagonalSystem`, …).
    associatedtype Solver: NewtonLinearSolver
    /// Number of unknowns n.
    var dimension: Int { get }
    /// The linear solver whose storage `assembleNewtonMatrix` writes.
    var linearSolver: Solver { get }
    /// True for a component whose error the integrator controls (differential), false
    /// for algebraic ones (queried once, when the integrator is created).
    func isDifferential(_ i: Int) -> Bool
    /// f(t, y) into `f` (n values, units of M·y per second); must not allocate. Returns
    /// false when f is not defined at y (the integrator also rejects non-finite values).
    func rhs(t: Double, y: UnsafePointer<Double>, f: UnsafeMutablePointer<Double>) -> Bool
    /// out = M·v (M constant).
    func applyMass(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>)
    /// Evaluate and keep ∂f/∂y at (t, y) (analytic or finite differences, the system's
    /// choice). Returns false when it cannot be evaluated there.
    func updateJacobian(t: Double, y: UnsafePointer<Double>) -> Bool
    /// Write M − c·J (J from the last `updateJacobian`) into `linearSolver`'s storage
    /// (c = h/α of the BDF formula, seconds).
    func assembleNewtonMatrix(c: Double)
    /// True when M = I and every component is differential (an ODE y' = f): the
    /// integrator then uses y' = f directly. Default false.
    var massIsIdentity: Bool { get }
}

extension DAESystem {
    /// Default: a general mass matrix.
    public var massIsIdentity: Bool { false }
}
