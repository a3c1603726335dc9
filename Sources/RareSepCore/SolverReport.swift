/// Outcome of a numerical solve: a return code with diagnostics, never a crash.
public enum ReturnCode: String, Sendable, Codable {
    case success
    case maxIterations = "max_iterations"
    case stalled
    case singularJacobian = "singular_jacobian"
    case nonFinite = "non_finite"
    case infeasible
}

/// Diagnostics every solver attaches to its solution.
public struct SolverReport: Sendable, Codable {
    /// Return code.
    public var code: ReturnCode
    /// Method name, e.g. "newton-block-tridiagonal".
    public var method: String
    /// Iterations taken.
    public var iterations: Int
    /// Final scaled residual (max norm, dimensionless).
    public var residual: Double
    /// Where the largest residual sits, e.g. "stage 4, Dy, organic equilibrium".
    public var worstLocation: String
    /// Free-text notes (fallbacks taken, warnings).
    public var notes: [String]

    public init(code: ReturnCode, method: String, iterations: Int, residual: Double, worstLocation: String, notes: [String] = []) {
        self.code = code
        self.method = method
        self.iterations = iterations
        self.residual = residual
        self.worstLocation = worstLocation
        self.notes = notes
    }

    public var converged: Bool { code == .success }
}
