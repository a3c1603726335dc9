import CGSL

/// Trust-region subproblem method of GSL's `multifit_nlinear`.
public enum TrustRegionMethod: String, Sendable, CaseIterable {
    /// Levenberg–Marquardt (`gsl_multifit_nlinear_trs_lm`).
    case levenbergMarquardt = "lm"
    /// Levenberg–Marquardt with geodesic acceleration (`_trs_lmaccel`).
    case levenbergMarquardtGeodesic = "lmaccel"
    /// Powell's dogleg (`_trs_dogleg`).
    case dogleg
    /// Double dogleg (`_trs_ddogleg`).
    case doubleDogleg = "ddogleg"
    /// Two-dimensional subspace (`_trs_subspace2D`).
    case subspace2D = "subspace2d"
}

/// Scaling matrix D of the trust region (`gsl_multifit_nlinear_scale_*`).
public enum TrustRegionScaling: String, Sendable, CaseIterable {
    /// Moré's invariant scaling (GSL default).
    case more
    /// Identity scaling (plain Levenberg).
    case levenberg
    /// Marquardt's diag(JᵀJ) scaling (not scale invariant across iterations).
    case marquardt
}

/// Linear least-squares solver used in each trust-region step.
public enum TrustRegionLinearSolver: String, Sendable, CaseIterable {
    case qr, cholesky, svd
}

/// Finite-difference scheme for the Jacobian when none is supplied.
public enum FiniteDifferenceScheme: String, Sendable, CaseIterable {
    /// Forward differences, one residual evaluation per parameter.
    case forward
    /// Central differences, two residual evaluations per parameter.
    case central
}

/// Tuning of a nonlinear least-squares solve (GSL names in brackets).
public struct NonlinearLeastSquaresOptions: Sendable {
    /// Trust-region subproblem method [trs].
    public var method: TrustRegionMethod = .levenbergMarquardt
    /// Scaling matrix [scale].
    public var scaling: TrustRegionScaling = .more
    /// Linear solver [solver].
    public var solver: TrustRegionLinearSolver = .qr
    /// Finite-difference scheme for a missing Jacobian [fdtype].
    public var finiteDifference: FiniteDifferenceScheme = .forward
    /// Relative step for the finite-difference Jacobian [h_df] (GSL default √ε).
    public var finiteDifferenceStep: Double = 1.4901161193847656e-08
    /// Maximum ratio |a|/|v| of acceleration to velocity for geodesic acceleration [avmax].
    public var accelerationRatioMax: Double = 0.75
    /// Iteration limit of the driver [maxiter].
    public var maxIterations: Int = 500
    /// Step test: converged when |δθ_i| ≤ xtol·(|θ_i| + xtol) [xtol].
    public var stepTolerance: Double = 1e-12
    /// Gradient test: converged when max_i |g_i·max(|θ_i|,1)| ≤ gtol·max(‖f‖²/2, 1) [gtol].
    public var gradientTolerance: Double = 1e-14
    /// Residual-change test [ftol].
    public var residualTolerance: Double = 0
    /// Relative tolerance for rank deficiency in the covariance (`gsl_multifit_nlinear_covar` epsrel).
    public var covarianceRankTolerance: Double = 0

    public init() {}
}

/// Which convergence test GSL's driver reported.
public enum ConvergenceReason: String, Sendable, Equatable {
    /// Small step (xtol), driver info = 1.
    case smallStep = "small_step"
    /// Small gradient (gtol), driver info = 2.
    case smallGradient = "small_gradient"
    /// Small change in the residual norm (ftol), driver info = 3.
    case smallResidualChange = "small_residual_change"
}

/// How a nonlinear least-squares solve ended.
public enum NonlinearLeastSquaresStatus: Sendable, Equatable, CustomStringConvertible {
    /// A convergence test was met.
    case converged(ConvergenceReason)
    /// The iteration limit was reached (GSL_EMAXITER).
    case maxIterations
    /// No step reduced the cost any more (GSL_ENOPROG): often a minimum reached at
    /// round-off level, or a model that cannot be improved from here.
    case noProgress
    /// The residual or Jacobian closure threw; its message (the error itself is in the result).
    case callbackFailed(String)
    /// GSL returned another error code.
    case gslFailure(GSLError)

    /// True for `.converged`.
    public var isConverged: Bool {
        if case .converged = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .converged(let r): return "converged (\(r.rawValue))"
        case .maxIterations: return "iteration limit reached"
        case .noProgress: return "no further progress (GSL_ENOPROG)"
        case .callbackFailed(let m): return "model evaluation failed: \(m)"
        case .gslFailure(let e): return e.description
        }
    }
}

/// Result of one solve. Residuals are f_i(θ) = model − data as the closure returns
/// them (unweighted); `chiSquared` = Σ w_i·f_i² uses the weights.
public struct NonlinearLeastSquaresResult {
    /// Final parameters θ.
    public var parameters: [Double]
    /// Final unweighted residuals f_i(θ).
    public var residuals: [Double]
    /// Weighted sum of squares χ² = Σ w_i·f_i(θ)².
    public var chiSquared: Double
    /// Unscaled covariance C = (JᵀWJ)⁻¹ at θ, p×p row-major (`gsl_multifit_nlinear_covar`);
    /// multiply by s² = χ²/(n−p) for relative weights.
    public var covariance: [Double]
    /// Weighted Jacobian √W·J at θ, n×p row-major.
    public var weightedJacobian: [Double]
    /// Reciprocal condition number of J at θ (`gsl_multifit_nlinear_rcond`), NaN if unavailable.
    public var reciprocalCondition: Double
    /// How the solve ended.
    public var status: NonlinearLeastSquaresStatus
    /// Trust-region iterations taken.
    public var iterations: Int
    /// Residual evaluations (including those of a finite-difference Jacobian).
    public var residualEvaluations: Int
    /// Analytic Jacobian evaluations.
    public var jacobianEvaluations: Int
    /// The error a closure threw, when status is `.callbackFailed`.
    public var callbackError: (any Error)?
}

/// Residual closure: fill `residuals` (n) at `parameters` (p). It may throw; the
/// bridge stores the error and returns GSL_EBADFUNC to GSL, never throwing across C.
public typealias ResidualFunction = (_ parameters: UnsafeBufferPointer<Double>,
                                     _ residuals: UnsafeMutableBufferPointer<Double>) throws -> Void

/// Jacobian closure: fill `jacobian` (n×p row-major, row i = ∂f_i/∂θ) at `parameters`.
public typealias JacobianFunction = (_ parameters: UnsafeBufferPointer<Double>,
                                     _ jacobian: UnsafeMutableBufferPointer<Double>) throws -> Void

/// Holds the closures and scratch space the C callbacks reach through `params`.
private final class CallbackBox {
    let n: Int
    let p: Int
    let residual: ResidualFunction
    let jacobian: JacobianFunction?
    var error: (any Error)?
    var jacobianCalls = 0
    var xScratch: [Double]
    var fScratch: [Double]
    var jScratch: [Double]

    init(n: Int, p: Int, residual: @escaping ResidualFunction, jacobian: JacobianFunction?) {
        self.n = n
        self.p = p
        self.residual = residual
        self.jacobian = jacobian
        xScratch = [Double](repeating: 0, count: p)
        fScratch = [Double](repeating: 0, count: n)
        jScratch = jacobian == nil ? [] : [Double](repeating: 0, count: n * p)
    }

    /// Copy x out of a GSL vector of any stride into xScratch.
    func loadX(_ x: UnsafePointer<gsl_vector>) {
        let v = x.pointee
        for i in 0..<p { xScratch[i] = v.data[i * v.stride] }
    }

    func evaluateResidual(_ x: UnsafePointer<gsl_vector>, _ f: UnsafeMutablePointer<gsl_vector>) -> Int32 {
        loadX(x)
        do {
            try xScratch.withUnsafeBufferPointer { xp in
                try fScratch.withUnsafeMutableBufferPointer { fp in try residual(xp, fp) }
            }
        } catch {
            self.error = error
            return Int32(GSL_EBADFUNC)
        }
        let fv = f.pointee
        for i in 0..<n { fv.data[i * fv.stride] = fScratch[i] }
        return Int32(GSL_SUCCESS)
    }

    func evaluateJacobian(_ x: UnsafePointer<gsl_vector>, _ J: UnsafeMutablePointer<gsl_matrix>) -> Int32 {
        guard let jacobian else { return Int32(GSL_EBADFUNC) }
        jacobianCalls += 1
        loadX(x)
        do {
            try xScratch.withUnsafeBufferPointer { xp in
                try jScratch.withUnsafeMutableBufferPointer { jp in try jacobian(xp, jp) }
            }
        } catch {
            self.error = error
            return Int32(GSL_EBADFUNC)
        }
        let m = J.pointee
        for i in 0..<n {
            for k in 0..<p { m.data[i * m.tda + k] = jScratch[i * p + k] }
        }
        return Int32(GSL_SUCCESS)
    }
}

/// Nonlinear least squares over GSL's trust-region `multifit_nlinear`: minimises
/// ½·Σ w_i·f_i(θ)² for n residuals and p parameters. The workspace is allocated
/// once in `init` and reused by every `solve` (several starts cost no allocation in GSL).
public final class NonlinearLeastSquares {
    /// Number of residuals n.
    public let residualCount: Int
    /// Number of parameters p.
    public let parameterCount: Int
    public let options: NonlinearLeastSquaresOptions
    private let weights: [Double]?
    private let box: CallbackBox
    private let workspace: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>
    /// Heap-allocated because GSL keeps the pointer between init and driver.
    private let fdf: UnsafeMutablePointer<gsl_multifit_nlinear_fdf>

    /// Set up a problem. `weights` (n entries, ≥ 0, typically 1/σ_i²) default to 1;
    /// with `jacobian` nil GSL uses finite differences. Throws GSLError when
    /// n < p, sizes disagree or GSL cannot allocate.
    public init(residualCount n: Int, parameterCount p: Int, weights: [Double]? = nil,
                options: NonlinearLeastSquaresOptions = NonlinearLeastSquaresOptions(),
                residual: @escaping ResidualFunction, jacobian: JacobianFunction? = nil) throws {
        GSL.configure()
        guard p > 0, n >= p else { throw GSLError(code: Int32(GSL_EBADLEN), context: "least squares needs n ≥ p > 0 (n = \(n), p = \(p))") }
        if let weights {
            guard weights.count == n, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw GSLError(code: Int32(GSL_EINVAL), context: "least-squares weights must be n = \(n) finite non-negative numbers")
            }
        }
        residualCount = n
        parameterCount = p
        self.options = options
        self.weights = weights
        box = CallbackBox(n: n, p: p, residual: residual, jacobian: jacobian)
        var params = gsl_multifit_nlinear_default_parameters()
        switch options.method {
        case .levenbergMarquardt: params.trs = raresep_trs_lm()
        case .levenbergMarquardtGeodesic: params.trs = raresep_trs_lmaccel()
        case .dogleg: params.trs = raresep_trs_dogleg()
        case .doubleDogleg: params.trs = raresep_trs_ddogleg()
        case .subspace2D: params.trs = raresep_trs_subspace2d()
        }
        switch options.scaling {
        case .more: params.scale = raresep_scale_more()
        case .levenberg: params.scale = raresep_scale_levenberg()
        case .marquardt: params.scale = raresep_scale_marquardt()
        }
        switch options.solver {
        case .qr: params.solver = raresep_solver_qr()
        case .cholesky: params.solver = raresep_solver_cholesky()
        case .svd: params.solver = raresep_solver_svd()
        }
        params.fdtype = options.finiteDifference == .forward ? GSL_MULTIFIT_NLINEAR_FWDIFF : GSL_MULTIFIT_NLINEAR_CTRDIFF
        params.h_df = options.finiteDifferenceStep
        params.avmax = options.accelerationRatioMax
        guard let w = gsl_multifit_nlinear_alloc(raresep_multifit_trust(), &params, n, p) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a multifit_nlinear workspace (n = \(n), p = \(p))")
        }
        workspace = w
        fdf = .allocate(capacity: 1)
        fdf.initialize(to: gsl_multifit_nlinear_fdf())
        fdf.pointee.f = { x, params, f in
            Unmanaged<CallbackBox>.fromOpaque(params!).takeUnretainedValue().evaluateResidual(x!, f!)
        }
        if jacobian != nil {
            fdf.pointee.df = { x, params, J in
                Unmanaged<CallbackBox>.fromOpaque(params!).takeUnretainedValue().evaluateJacobian(x!, J!)
            }
        } else {
            fdf.pointee.df = nil
        }
        fdf.pointee.fvv = nil
        fdf.pointee.n = n
        fdf.pointee.p = p
        fdf.pointee.params = Unmanaged.passUnretained(box).toOpaque()
    }

    /// Covariance C = (JᵀJ)⁻¹ of a (weighted) Jacobian J, n×p row-major, through
    /// `gsl_multifit_nlinear_covar` (columns dependent to `rankTolerance` get zero rows/columns).
    public static func covariance(jacobian: [Double], residualCount n: Int, parameterCount p: Int,
                                  rankTolerance: Double = 0) throws -> [Double] {
        GSL.configure()
        guard jacobian.count == n * p, n >= p, p > 0 else {
            throw GSLError(code: Int32(GSL_EBADLEN), context: "covariance needs an n×p Jacobian with n ≥ p > 0")
        }
        var j = jacobian
        var c = [Double](repeating: 0, count: p * p)
        var status: Int32 = 0
        j.withUnsafeMutableBufferPointer { jp in
            c.withUnsafeMutableBufferPointer { cp in
                var jv = gsl_matrix_view_array(jp.baseAddress, n, p)
                var cv = gsl_matrix_view_array(cp.baseAddress, p, p)
                status = gsl_multifit_nlinear_covar(&jv.matrix, rankTolerance, &cv.matrix)
            }
        }
        try GSLError.check(status, "gsl_multifit_nlinear_covar")
        return c
    }

    deinit {
        gsl_multifit_nlinear_free(workspace)
        fdf.deallocate()
    }

    /// Minimise from `start` (p values). Never throws: failures are in `status`.
    public func solve(start: [Double]) -> NonlinearLeastSquaresResult {
        let n = residualCount, p = parameterCount
        precondition(start.count == p, "start must have p entries")  // programmer error, not user input
        box.error = nil
        box.jacobianCalls = 0
        fdf.pointee.nevalf = 0
        fdf.pointee.nevaldf = 0
        var x0 = start
        var wts = weights ?? []
        var info: Int32 = 0
        var status: Int32 = Int32(GSL_SUCCESS)
        x0.withUnsafeMutableBufferPointer { xp in
            var xv = gsl_vector_view_array(xp.baseAddress, p)
            if weights != nil {
                wts.withUnsafeMutableBufferPointer { wp in
                    var wv = gsl_vector_view_array(wp.baseAddress, n)
                    status = gsl_multifit_nlinear_winit(&xv.vector, &wv.vector, fdf, workspace)
                }
            } else {
                status = gsl_multifit_nlinear_init(&xv.vector, fdf, workspace)
            }
        }
        if status == Int32(GSL_SUCCESS) {
            status = gsl_multifit_nlinear_driver(options.maxIterations, options.stepTolerance, options.gradientTolerance,
                                                 options.residualTolerance, nil, nil, &info, workspace)
        }
        // Read the state GSL holds.
        let xw = gsl_multifit_nlinear_position(workspace)!.pointee
        let theta = (0..<p).map { xw.data[$0 * xw.stride] }
        let fw = gsl_multifit_nlinear_residual(workspace)!.pointee
        var chi2 = 0.0
        for i in 0..<n { chi2 += fw.data[i * fw.stride] * fw.data[i * fw.stride] }
        let jac = gsl_multifit_nlinear_jac(workspace)!
        var jcopy = [Double](repeating: 0, count: n * p)
        for i in 0..<n { for k in 0..<p { jcopy[i * p + k] = jac.pointee.data[i * jac.pointee.tda + k] } }
        var covar = [Double](repeating: .nan, count: p * p)
        var rcond = Double.nan
        if status == Int32(GSL_SUCCESS) || status == Int32(GSL_EMAXITER) || status == Int32(GSL_ENOPROG) {
            covar.withUnsafeMutableBufferPointer { cp in
                var cv = gsl_matrix_view_array(cp.baseAddress, p, p)
                if gsl_multifit_nlinear_covar(jac, options.covarianceRankTolerance, &cv.matrix) != Int32(GSL_SUCCESS) {
                    for i in 0..<(p * p) { cp[i] = .nan }
                }
            }
            if gsl_multifit_nlinear_rcond(&rcond, workspace) != Int32(GSL_SUCCESS) { rcond = .nan }
        }
        // Unweighted residuals at θ from the closure itself.
        var residuals = [Double](repeating: .nan, count: n)
        let callbackError = box.error
        if callbackError == nil {
            do {
                try theta.withUnsafeBufferPointer { tp in
                    try residuals.withUnsafeMutableBufferPointer { rp in try box.residual(tp, rp) }
                }
            } catch {
                residuals = [Double](repeating: .nan, count: n)
            }
        }
        let mapped: NonlinearLeastSquaresStatus
        if let callbackError {
            mapped = .callbackFailed("\(callbackError)")
        } else {
            if status == Int32(GSL_SUCCESS) {
                mapped = .converged(info == 1 ? .smallStep : info == 2 ? .smallGradient : .smallResidualChange)
            } else if status == Int32(GSL_EMAXITER) {
                mapped = .maxIterations
            } else if status == Int32(GSL_ENOPROG) {
                mapped = .noProgress
            } else {
                mapped = .gslFailure(GSLError(code: status, context: "multifit_nlinear driver"))
            }
        }
        return NonlinearLeastSquaresResult(
            parameters: theta, residuals: residuals, chiSquared: chi2, covariance: covar, weightedJacobian: jcopy,
            reciprocalCondition: rcond, status: mapped, iterations: Int(gsl_multifit_nlinear_niter(workspace)),
            residualEvaluations: Int(fdf.pointee.nevalf), jacobianEvaluations: box.jacobianCalls, callbackError: callbackError)
    }
}
