import CGSL

/// Result of a GSL multiroot solve.
public struct MultirootResult: Sendable {
    /// Solution vector.
    public var x: [Double]
    /// GSL status of the last iterate or test (`GSL_SUCCESS` when converged).
    public var status: Int32
    /// Iterations taken.
    public var iterations: Int
    /// Max-norm of the final residual.
    public var residualNorm: Double
    public var converged: Bool { status == Int32(GSL_SUCCESS) }
}

/// Dense Newton-type root finding through GSL's `hybridsj` (Powell's hybrid
/// method with a user Jacobian). The Jacobian is computed here by forward
/// differences on the full system: this is the generic dense baseline RareSep's
/// stage-structured solver is measured against.
public final class DenseMultirootSolver {
    /// Residual f(x) → out, both of length n.
    public typealias Residual = (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void

    private final class Box {
        let n: Int
        let residual: Residual
        var fx: [Double]
        var xh: [Double]
        var fh: [Double]
        init(n: Int, residual: @escaping Residual) {
            self.n = n
            self.residual = residual
            fx = .init(repeating: 0, count: n)
            xh = fx
            fh = fx
        }
    }

    public let dimension: Int
    private let box: Box

    public init(dimension: Int, residual: @escaping Residual) {
        GSL.configure()
        self.dimension = dimension
        box = Box(n: dimension, residual: residual)
    }

    /// Solve from `start` until the max-norm of f is below `residualTolerance`
    /// (gsl_multiroot_test_residual) or `maxIterations` iterations.
    public func solve(start: [Double], residualTolerance: Double, maxIterations: Int = 200) -> MultirootResult {
        let n = dimension
        let opaque = Unmanaged.passUnretained(box).toOpaque()
        let fCallback: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_vector>?) -> Int32 = { x, params, f in
            let b = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
            b.residual(x!.pointee.data, f!.pointee.data)
            for i in 0..<b.n where !f!.pointee.data[i].isFinite { return Int32(GSL_EBADFUNC) }
            return Int32(GSL_SUCCESS)
        }
        let dfCallback: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_matrix>?) -> Int32 = { x, params, j in
            let b = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
            DenseMultirootSolver.forwardDifference(b, x!.pointee.data, j!.pointee.data, Int(j!.pointee.tda))
            return Int32(GSL_SUCCESS)
        }
        let fdfCallback: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_vector>?, UnsafeMutablePointer<gsl_matrix>?) -> Int32 = { x, params, f, j in
            let b = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
            b.residual(x!.pointee.data, f!.pointee.data)
            DenseMultirootSolver.forwardDifference(b, x!.pointee.data, j!.pointee.data, Int(j!.pointee.tda))
            return Int32(GSL_SUCCESS)
        }
        var fdf = gsl_multiroot_function_fdf(f: fCallback, df: dfCallback, fdf: fdfCallback, n: n, params: opaque)
        let solver = gsl_multiroot_fdfsolver_alloc(raresep_multiroot_hybridsj(), n)!
        defer { gsl_multiroot_fdfsolver_free(solver) }
        let x0 = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x0) }
        for i in 0..<n { gsl_vector_set(x0, i, start[i]) }
        var status = gsl_multiroot_fdfsolver_set(solver, &fdf, x0)
        var iter = 0
        if status == Int32(GSL_SUCCESS) {
            repeat {
                iter += 1
                status = gsl_multiroot_fdfsolver_iterate(solver)
                if status != Int32(GSL_SUCCESS) { break }
                status = gsl_multiroot_test_residual(solver.pointee.f, residualTolerance)
            } while status == Int32(GSL_CONTINUE) && iter < maxIterations
        }
        var x = [Double](repeating: 0, count: n)
        var norm = 0.0
        for i in 0..<n {
            x[i] = gsl_vector_get(solver.pointee.x, i)
            norm = max(norm, abs(gsl_vector_get(solver.pointee.f, i)))
        }
        return MultirootResult(x: x, status: status, iterations: iter, residualNorm: norm)
    }

    private static func forwardDifference(_ b: Box, _ x: UnsafeMutablePointer<Double>, _ jac: UnsafeMutablePointer<Double>, _ tda: Int) {
        let n = b.n
        b.fx.withUnsafeMutableBufferPointer { fx in b.residual(x, fx.baseAddress!) }
        for i in 0..<n { b.xh[i] = x[i] }
        for c in 0..<n {
            let h = 1.490116119384765625e-8 * max(abs(x[c]), 1e-6)   // √ε·|x|
            b.xh[c] = x[c] + h
            b.xh.withUnsafeBufferPointer { xh in b.fh.withUnsafeMutableBufferPointer { fh in b.residual(xh.baseAddress!, fh.baseAddress!) } }
            for r in 0..<n { jac[r * tda + c] = (b.fh[r] - b.fx[r]) / h }
            b.xh[c] = x[c]
        }
    }
}
