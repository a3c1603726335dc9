import CGSL

/// GSL's adaptive ODE driver (`gsl_odeiv2_driver`) over a Swift right-hand side,
/// for dynamics (start-up, upsets) and other initial-value problems. The Swift
/// closures cannot throw across the C callback: a non-finite derivative is reported
/// to GSL as `GSL_EBADFUNC` and comes back as an `ODEOutcome`.
public final class ODEDriver {
    /// Stepping methods; the stiff ones need a Jacobian.
    public enum Method: Sendable {
        /// Runge–Kutta–Fehlberg (4,5), explicit.
        case rkf45
        /// Runge–Kutta Prince–Dormand (8,9), explicit.
        case rk8pd
        /// Variable-order BDF (stiff), needs the Jacobian.
        case msbdf
        /// Bulirsch–Stoer with implicit midpoint (stiff), needs the Jacobian.
        case bsimp

        var stepType: UnsafePointer<gsl_odeiv2_step_type> {
            switch self {
            case .rkf45: return raresep_odeiv2_rkf45()
            case .rk8pd: return raresep_odeiv2_rk8pd()
            case .msbdf: return raresep_odeiv2_msbdf()
            case .bsimp: return raresep_odeiv2_bsimp()
            }
        }
    }

    /// dy/dt = f(t, y): writes f into the third argument (length n).
    public typealias RightHandSide = (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    /// Jacobian ∂f/∂y (n×n row-major) and ∂f/∂t (length n).
    public typealias Jacobian = (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void

    /// Why an integration stopped.
    public enum ODEOutcome: Equatable, Sendable {
        case reached
        case failed(status: Int32, at: Double)
    }

    private final class Box {
        let n: Int
        let f: RightHandSide
        let jac: Jacobian?
        init(n: Int, f: @escaping RightHandSide, jac: Jacobian?) { self.n = n; self.f = f; self.jac = jac }
    }

    private let box: Box
    /// The system struct lives on the heap: the GSL driver keeps a pointer to it.
    private let system: UnsafeMutablePointer<gsl_odeiv2_system>
    private let driver: UnsafeMutablePointer<gsl_odeiv2_driver>
    /// Number of equations n.
    public let dimension: Int

    /// A driver for n equations with absolute and relative error tolerances.
    /// Precondition: a Jacobian for `.msbdf` and `.bsimp` (a programming error otherwise).
    public init(dimension: Int, method: Method, absoluteTolerance: Double, relativeTolerance: Double,
                initialStep: Double, rightHandSide: @escaping RightHandSide, jacobian: Jacobian? = nil) {
        precondition(jacobian != nil || method == .rkf45 || method == .rk8pd, "stiff methods need the Jacobian")
        GSL.configure()
        self.dimension = dimension
        box = Box(n: dimension, f: rightHandSide, jac: jacobian)
        let f: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { t, y, dydt, params in
            let b = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
            b.f(t, y!, dydt!)
            for i in 0..<b.n where !dydt![i].isFinite { return Int32(GSL_EBADFUNC) }
            return Int32(GSL_SUCCESS)
        }
        let j: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { t, y, dfdy, dfdt, params in
            let b = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
            guard let jac = b.jac else { return Int32(GSL_EBADFUNC) }
            jac(t, y!, dfdy!, dfdt!)
            return Int32(GSL_SUCCESS)
        }
        system = .allocate(capacity: 1)
        system.initialize(to: gsl_odeiv2_system(function: f, jacobian: j, dimension: dimension,
                                                params: Unmanaged.passUnretained(box).toOpaque()))
        driver = gsl_odeiv2_driver_alloc_y_new(system, method.stepType, initialStep, absoluteTolerance, relativeTolerance)
    }

    deinit {
        gsl_odeiv2_driver_free(driver)
        system.deallocate()
    }

    /// Integrate y (in place) from t to `until`; t is advanced to where it stopped.
    public func integrate(_ y: inout [Double], from t: inout Double, until end: Double) -> ODEOutcome {
        precondition(y.count == dimension)
        let status = y.withUnsafeMutableBufferPointer { gsl_odeiv2_driver_apply(driver, &t, end, $0.baseAddress) }
        return status == Int32(GSL_SUCCESS) ? .reached : .failed(status: status, at: t)
    }
}
