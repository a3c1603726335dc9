import RareSepCore

/// Why the integrator stopped.
public enum IntegratorStatus: String, Sendable {
    case success
    /// The local error test kept failing until the step size fell below the round-off limit.
    case stepTooSmall = "step_too_small"
    /// The corrector (simplified Newton, fresh Jacobian) kept failing to converge until the
    /// step size fell below the round-off limit.
    case convergenceFailure = "convergence_failure"
    /// f (or its Jacobian) was NaN, infinite or undefined, at every step size down to the limit
    /// (or at the initial point).
    case nonFinite = "non_finite"
    /// The Newton matrix M − c·J was exactly singular.
    case singularMatrix = "singular_matrix"
    /// The algebraic rows of f are not ≈ 0 at the start: the initial values are not consistent.
    case inconsistentInitialValues = "inconsistent_initial_values"
}

/// Where and how an integration failed: for reports and error messages.
public struct IntegratorFailure: Sendable, CustomStringConvertible {
    /// The failure.
    public var status: IntegratorStatus
    /// Time of the last accepted point (s).
    public var t: Double
    /// Step size of the failed attempt (s); 0 at a restart.
    public var h: Double
    /// BDF order of the failed attempt.
    public var order: Int
    /// Index of the offending component: the largest scaled local error (step too small), the
    /// largest scaled Newton correction (convergence), the first non-finite f, or the
    /// algebraic row with the largest implied correction (inconsistent); nil when unknown.
    public var component: Int?
    /// The offending component's value of that measure (dimensionless, 1 = at tolerance;
    /// NaN for non-finite).
    public var scaledValue: Double

    /// One line: status, t, h, order and component.
    public var description: String {
        var s = "\(status.rawValue) at t = \(t) s (h = \(h) s, order \(order)"
        if let c = component { s += ", component \(c)" + (scaledValue.isNaN ? "" : ", scaled \(scaledValue)") }
        return s + ")"
    }
}

/// Counters for reports and benchmarks.
public struct IntegratorStatistics: Sendable {
    /// Accepted steps.
    public var steps = 0
    /// Rejected step attempts (error test and convergence failures).
    public var rejectedSteps = 0
    /// Evaluations of f by the integrator (those inside a finite-difference Jacobian excluded).
    public var rhsEvaluations = 0
    /// Jacobian evaluations (`updateJacobian` calls).
    public var jacobianEvaluations = 0
    /// Factorisations of the Newton matrix.
    public var factorizations = 0
    /// Newton iterations (each one linear solve).
    public var newtonIterations = 0
    /// Counters start at zero.
    public init() {}

    /// Add another integration's counters (units of a plant, columns of a train).
    public mutating func add(_ o: IntegratorStatistics) {
        steps += o.steps; rejectedSteps += o.rejectedSteps; rhsEvaluations += o.rhsEvaluations
        jacobianEvaluations += o.jacobianEvaluations; factorizations += o.factorizations; newtonIterations += o.newtonIterations
    }
}

extension IntegratorStatus {
    /// The solver-report code of this status (one mapping for every user of the integrator).
    public var returnCode: ReturnCode {
        switch self {
        case .success: return .success
        case .stepTooSmall, .convergenceFailure: return .stalled
        case .nonFinite: return .nonFinite
        case .singularMatrix: return .singularJacobian
        case .inconsistentInitialValues: return .infeasible
        }
    }
}
