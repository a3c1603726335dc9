/// Factor-once, solve-many linear solver of the Newton matrix M − c·J of an implicit
/// integrator. The matrix is assembled into the solver's own storage by the system
/// (`DAESystem.assembleNewtonMatrix`); the integrator only factors and solves.
public protocol NewtonLinearSolver: AnyObject {
    /// Factor the matrix currently assembled in the solver's storage; false when singular.
    func factor() -> Bool
    /// Solve in place with the last factorisation (b: dimension values, becomes x).
    func solve(_ b: UnsafeMutablePointer<Double>)
}
