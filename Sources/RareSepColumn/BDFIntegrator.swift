import Foundation

/// A stiff ODE system y' = f(t, y) whose Jacobian ∂f/∂y is banded (lower
/// bandwidth ml, upper mu), as a method-of-lines column discretisation is when
/// its state is stored cell by cell.
public protocol BandedODESystem: AnyObject {
    /// Number of unknowns.
    var dimension: Int { get }
    /// Lower bandwidth ml of ∂f/∂y.
    var lowerBandwidth: Int { get }
    /// Upper bandwidth mu of ∂f/∂y.
    var upperBandwidth: Int { get }
    /// Evaluate f(t, y) into `dydt` without allocating.
    func rhs(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>)
    /// Write ∂f/∂y at (t, y) into `jac` (entry (i, j) at i·(ml+mu+1) + (j − i + ml),
    /// zeroed by the caller) and return true, or return false to have the
    /// integrator use banded finite differences.
    func jacobian(t: Double, y: UnsafePointer<Double>, jac: UnsafeMutablePointer<Double>) -> Bool
}

extension BandedODESystem {
    public func jacobian(t: Double, y: UnsafePointer<Double>, jac: UnsafeMutablePointer<Double>) -> Bool { false }
}

/// Why the integrator stopped.
public enum IntegratorStatus: String, Sendable {
    case success
    /// The step size fell below the round-off limit.
    case stepTooSmall = "step_too_small"
    /// f returned NaN or infinity.
    case nonFinite = "non_finite"
    /// The Newton matrix I − c·J was exactly singular.
    case singularMatrix = "singular_matrix"
}

/// Counters for reports and benchmarks.
public struct IntegratorStatistics: Sendable {
    public var steps = 0
    public var rejectedSteps = 0
    public var rhsEvaluations = 0
    public var jacobianEvaluations = 0
    public var factorizations = 0
    public init() {}
}

/// Variable-order (1–5), variable-step BDF in the quasi-constant step-size
/// (backward-difference) form of Shampine & Reichelt's NDF/BDF, following the
/// algorithm of SciPy's `BDF` (scipy.integrate._ivp.bdf: same coefficients,
/// error constants, step/order selection and Newton stopping rule), with:
/// - a banded Jacobian (analytic from the system when it provides one, otherwise
///   finite differences with column grouping, ml + mu + 1 evaluations of f),
///   factorised as I − c·J in banded form (`BandedLU`);
/// - error norms as root-mean-square of e_k/(atol_k + rtol·|y_k|), as in SciPy.
/// The Jacobian is re-evaluated only when the simplified Newton iteration fails
/// to converge; the LU is refactored when the step size or order changes.
/// Dense output between steps uses the interpolating backward-difference polynomial.
/// All workspaces are allocated in `init`; stepping allocates nothing.
public final class BDFIntegrator<System: BandedODESystem> {
    public let system: System
    /// Relative tolerance (dimensionless).
    public let rtol: Double
    /// Largest step allowed (s).
    public var maxStep: Double
    public private(set) var statistics = IntegratorStatistics()

    /// Current time (s).
    public private(set) var t = 0.0
    public private(set) var order = 1
    /// Current step size (s).
    public private(set) var h = 0.0

    static var maxOrder: Int { 5 }
    let newtonMaxIter = 4
    let n: Int
    let ml: Int
    let mu: Int
    let jw: Int
    let newtonTol: Double
    var nEqualSteps = 0
    var luValid = false
    var jacAvailable = false

    let gamma: UnsafeMutablePointer<Double>      // 6
    let alpha: UnsafeMutablePointer<Double>      // 6
    let errorConst: UnsafeMutablePointer<Double> // 7
    let atol: UnsafeMutablePointer<Double>
    let D: UnsafeMutablePointer<Double>          // (maxOrder + 3) × n differences
    let dTmp: UnsafeMutablePointer<Double>       // (maxOrder + 1) × n
    let jac: UnsafeMutablePointer<Double>        // n × jw
    let lu: BandedLU
    let yPredict: UnsafeMutablePointer<Double>
    let psi: UnsafeMutablePointer<Double>
    let dCorr: UnsafeMutablePointer<Double>
    let yNew: UnsafeMutablePointer<Double>
    let f: UnsafeMutablePointer<Double>
    let dy: UnsafeMutablePointer<Double>
    let scale: UnsafeMutablePointer<Double>
    let work: UnsafeMutablePointer<Double>
    let work2: UnsafeMutablePointer<Double>
    let rMat: UnsafeMutablePointer<Double>       // 6×6
    let uMat: UnsafeMutablePointer<Double>
    let ruMat: UnsafeMutablePointer<Double>
    var buffers: [UnsafeMutablePointer<Double>] = []

    public init(system: System, rtol: Double, atol: [Double], maxStep: Double = .infinity) {
        self.system = system
        self.rtol = rtol
        self.maxStep = maxStep
        n = system.dimension
        ml = system.lowerBandwidth
        mu = system.upperBandwidth
        jw = ml + mu + 1
        newtonTol = max(10 * Double.ulpOfOne / rtol, min(0.03, rtol.squareRoot()))
        var all: [UnsafeMutablePointer<Double>] = []
        func make(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            all.append(p)
            return p
        }
        gamma = make(6); alpha = make(6); errorConst = make(7)
        self.atol = make(n)
        D = make((Self.maxOrder + 3) * n)
        dTmp = make((Self.maxOrder + 1) * n)
        jac = make(n * jw)
        yPredict = make(n); psi = make(n); dCorr = make(n); yNew = make(n); f = make(n); dy = make(n)
        scale = make(n); work = make(n); work2 = make(n)
        rMat = make(36); uMat = make(36); ruMat = make(36)
        lu = BandedLU(n: n, ml: ml, mu: mu)
        buffers = all
        for i in 0..<n { self.atol[i] = atol[i] }
        let kappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
        var g = 0.0
        gamma[0] = 0
        for k in 1...5 { g += 1 / Double(k); gamma[k] = g }
        for k in 0...5 { alpha[k] = (1 - kappa[k]) * gamma[k] }
        for k in 0...5 { errorConst[k] = kappa[k] * gamma[k] + 1 / Double(k + 1) }
        errorConst[6] = 1.0 / 7
    }

    deinit { for p in buffers { p.deallocate() } }

    /// Copy the current state y(t) into `out` (n entries).
    public func copyState(into out: UnsafeMutablePointer<Double>) { out.update(from: D, count: n) }

    public func copyState(into out: inout [Double]) {
        out.withUnsafeMutableBufferPointer { copyState(into: $0.baseAddress!) }
    }

    @inline(__always) func rmsNorm(_ x: UnsafePointer<Double>, _ s: UnsafePointer<Double>) -> Double {
        var acc = 0.0
        for i in 0..<n { let v = x[i] / s[i]; acc += v * v }
        return (acc / Double(n)).squareRoot()
    }

    /// (Re)start at t0 with state y0 at order 1 (used at the start and after every
    /// discontinuity of the inlet, so that no difference spans a jump). The first
    /// step size follows Hairer–Wanner's (SciPy's) initial-step heuristic; the
    /// Jacobian is kept (the state is continuous across a restart).
    public func restart(t0: Double, y0: UnsafePointer<Double>) -> IntegratorStatus {
        t = t0
        order = 1
        nEqualSteps = 0
        luValid = false
        D.update(from: y0, count: n)
        system.rhs(t: t0, y: y0, dydt: f)
        statistics.rhsEvaluations += 1
        for i in 0..<n where !f[i].isFinite { return .nonFinite }
        for i in 0..<n { scale[i] = atol[i] + rtol * abs(y0[i]) }
        let d0 = rmsNorm(y0, scale)
        let d1 = rmsNorm(f, scale)
        var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        h0 = min(h0, maxStep)
        for i in 0..<n { work[i] = y0[i] + h0 * f[i] }
        system.rhs(t: t0 + h0, y: work, dydt: work2)
        statistics.rhsEvaluations += 1
        for i in 0..<n { work2[i] -= f[i] }
        let d2 = rmsNorm(work2, scale) / h0
        let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : (0.01 / max(d1, d2)).squareRoot()
        h = min(min(100 * h0, h1), maxStep)
        for i in 0..<n { D[n + i] = f[i] * h }
        return .success
    }

    /// R matrix of a step-size change (SciPy `compute_R`), stride 6.
    func computeR(order: Int, factor: Double, into out: UnsafeMutablePointer<Double>) {
        for j in 0...order { out[j] = 1 }
        for i in 1...order {
            out[i * 6] = 0
            for j in 1...order {
                out[i * 6 + j] = out[(i - 1) * 6 + j] * (Double(i) - 1 - factor * Double(j)) / Double(i)
            }
        }
    }

    /// Rescale the difference array for a step-size change by `factor`.
    func changeD(order: Int, factor: Double) {
        computeR(order: order, factor: factor, into: rMat)
        computeR(order: order, factor: 1, into: uMat)
        for i in 0...order {
            for j in 0...order {
                var s = 0.0
                for k in 0...order { s += rMat[i * 6 + k] * uMat[k * 6 + j] }
                ruMat[i * 6 + j] = s
            }
        }
        let n = self.n
        dTmp.update(from: D, count: (order + 1) * n)
        for i in 0...order {
            let row = D + i * n
            row.update(repeating: 0, count: n)
            for k in 0...order {
                let c = ruMat[k * 6 + i]
                if c == 0 { continue }
                let src = dTmp + k * n
                for x in 0..<n { row[x] += c * src[x] }
            }
        }
    }

    /// Banded Jacobian at (t, y): the system's analytic one, or finite differences
    /// with column grouping. `y` is restored on return; `f0` = f(t, y).
    func evaluateJacobian(t: Double, y: UnsafeMutablePointer<Double>, f0: UnsafePointer<Double>) {
        let n = self.n, ml = self.ml, mu = self.mu, jw = self.jw
        statistics.jacobianEvaluations += 1
        jacAvailable = true
        jac.update(repeating: 0, count: n * jw)
        if system.jacobian(t: t, y: y, jac: jac) { return }
        let groups = min(n, ml + mu + 1)
        let f1 = work2
        for g in 0..<groups {
            var j = g
            while j < n {
                let dj = 1e-7 * max(abs(y[j]), atol[j] / max(rtol, 1e-12) * 1e-2, 1e-10)
                work[j] = y[j]
                y[j] += dj
                j += groups
            }
            system.rhs(t: t, y: y, dydt: f1)
            statistics.rhsEvaluations += 1
            j = g
            while j < n {
                let inv = 1 / (y[j] - work[j])
                y[j] = work[j]
                let r0 = max(0, j - mu), r1 = min(n - 1, j + ml)
                for r in r0...r1 { jac[r * jw + (j - r + ml)] = (f1[r] - f0[r]) * inv }
                j += groups
            }
        }
    }

    /// Form I − c·J in the LU workspace and factorise.
    func factorNewtonMatrix(c: Double) -> Bool {
        let n = self.n, ml = self.ml, mu = self.mu, jw = self.jw, w = lu.width
        let B = lu.band
        lu.zero()
        for i in 0..<n {
            let j0 = max(0, i - ml), j1 = min(n - 1, i + mu)
            let src = jac + (i * jw - i + ml)
            let dst = B + (i * w - i + ml)
            for j in j0...j1 { dst[j] = -c * src[j] }
            dst[i] += 1
        }
        statistics.factorizations += 1
        return lu.factor()
    }

    /// Advance to exactly `tEnd` (the end of an operating section), calling
    /// `output(index, tOut, y(tOut))` for each time of `outputTimes[outputIndex...]`
    /// that falls in (t, tEnd] (interpolated), and advancing `outputIndex`.
    public func advance(to tEnd: Double, outputTimes: [Double], outputIndex: inout Int,
                        output: (Int, Double, UnsafePointer<Double>) -> Void) -> IntegratorStatus {
        while t < tEnd {
            let st = step(tBound: tEnd)
            if st != .success { return st }
            while outputIndex < outputTimes.count && outputTimes[outputIndex] <= t {
                let tq = outputTimes[outputIndex]
                interpolate(at: tq)
                output(outputIndex, tq, work)
                outputIndex += 1
            }
        }
        return .success
    }

    /// Interpolated state at tq (within the last step) into `work`.
    func interpolate(at tq: Double) {
        let n = self.n
        work.update(from: D, count: n)
        if tq == t { return }
        var prod = 1.0
        for j in 0..<order {
            let shift = t - h * Double(j)
            prod *= (tq - shift) / (h * Double(j + 1))
            let row = D + (j + 1) * n
            for x in 0..<n { work[x] += row[x] * prod }
        }
    }

    /// One accepted step (SciPy BDF._step_impl), never past tBound.
    func step(tBound: Double) -> IntegratorStatus {
        let n = self.n
        let minStep = 10 * abs(t.nextUp - t)
        var hAbs = h
        if hAbs > maxStep {
            changeD(order: order, factor: maxStep / hAbs); hAbs = maxStep; nEqualSteps = 0; luValid = false
        } else if hAbs < minStep {
            changeD(order: order, factor: minStep / hAbs); hAbs = minStep; nEqualSteps = 0; luValid = false
        }
        var accepted = false
        var tNew = t
        var nIter = 0
        var errorNorm = 0.0
        var safety = 0.9
        var jacCurrent = false
        while !accepted {
            if hAbs < minStep { return .stepTooSmall }
            tNew = t + hAbs
            if tNew >= tBound || tBound - tNew < minStep {
                tNew = tBound
                changeD(order: order, factor: (tNew - t) / hAbs)
                nEqualSteps = 0
                luValid = false
            }
            hAbs = tNew - t
            let c = hAbs / alpha[order]
            let aInv = 1 / alpha[order]
            for x in 0..<n {
                var s = 0.0
                var ps = 0.0
                for k in 0...order { s += D[k * n + x] }
                for k in 1...order { ps += D[k * n + x] * gamma[k] }
                yPredict[x] = s
                scale[x] = atol[x] + rtol * abs(s)
                psi[x] = ps * aInv
            }
            var converged = false
            var failed = false
            while !converged {
                if !jacAvailable {
                    yNew.update(from: yPredict, count: n)
                    system.rhs(t: tNew, y: yNew, dydt: f)
                    statistics.rhsEvaluations += 1
                    evaluateJacobian(t: tNew, y: yNew, f0: f)
                    jacCurrent = true
                    luValid = false
                }
                if !luValid {
                    if !factorNewtonMatrix(c: c) { return .singularMatrix }
                    luValid = true
                }
                let r = newton(tNew: tNew, c: c)
                if r.nonFinite && jacCurrent { return .nonFinite }
                converged = r.converged
                nIter = r.iterations
                if !converged {
                    if jacCurrent { failed = true; break }
                    jacAvailable = false
                }
            }
            if failed {
                hAbs *= 0.5
                changeD(order: order, factor: 0.5)
                nEqualSteps = 0
                luValid = false
                statistics.rejectedSteps += 1
                continue
            }
            safety = 0.9 * Double(2 * newtonMaxIter + 1) / Double(2 * newtonMaxIter + nIter)
            let ec = errorConst[order]
            var acc = 0.0
            for x in 0..<n {
                scale[x] = atol[x] + rtol * abs(yNew[x])
                let v = ec * dCorr[x] / scale[x]
                acc += v * v
            }
            errorNorm = (acc / Double(n)).squareRoot()
            if errorNorm > 1 {
                let factor = max(0.2, safety * pow(errorNorm, -1 / Double(order + 1)))
                hAbs *= factor
                changeD(order: order, factor: factor)
                nEqualSteps = 0
                statistics.rejectedSteps += 1
            } else {
                accepted = true
            }
        }
        statistics.steps += 1
        nEqualSteps += 1
        t = tNew
        h = hAbs
        let o = order
        for x in 0..<n {
            D[(o + 2) * n + x] = dCorr[x] - D[(o + 1) * n + x]
            D[(o + 1) * n + x] = dCorr[x]
        }
        var i = o
        while i >= 0 {
            let a = D + i * n, b = D + (i + 1) * n
            for x in 0..<n { a[x] += b[x] }
            i -= 1
        }
        if nEqualSteps < o + 1 { return .success }
        var errM = Double.infinity, errP = Double.infinity
        if o > 1 {
            var acc = 0.0
            let ec = errorConst[o - 1]
            for x in 0..<n { let v = ec * D[o * n + x] / scale[x]; acc += v * v }
            errM = (acc / Double(n)).squareRoot()
        }
        if o < Self.maxOrder {
            var acc = 0.0
            let ec = errorConst[o + 1]
            for x in 0..<n { let v = ec * D[(o + 2) * n + x] / scale[x]; acc += v * v }
            errP = (acc / Double(n)).squareRoot()
        }
        var best = -Double.infinity, bestIdx = 1
        for k in 0..<3 {
            let e = k == 0 ? errM : (k == 1 ? errorNorm : errP)
            let fct = e == 0 ? Double.infinity : pow(e, -1 / Double(o + k))
            if fct > best { best = fct; bestIdx = k }
        }
        order = o + bestIdx - 1
        let factor = min(10, safety * best)
        h *= factor
        changeD(order: order, factor: factor)
        nEqualSteps = 0
        luValid = false
        return .success
    }

    /// Simplified Newton iteration for the BDF corrector (SciPy solve_bdf_system).
    func newton(tNew: Double, c: Double) -> (converged: Bool, iterations: Int, nonFinite: Bool) {
        let n = self.n
        yNew.update(from: yPredict, count: n)
        dCorr.update(repeating: 0, count: n)
        var dyNormOld = -1.0
        var converged = false
        var k = 0
        while k < newtonMaxIter {
            system.rhs(t: tNew, y: yNew, dydt: f)
            statistics.rhsEvaluations += 1
            for x in 0..<n where !f[x].isFinite { return (false, k + 1, true) }
            for x in 0..<n { dy[x] = c * f[x] - psi[x] - dCorr[x] }
            lu.solve(dy)
            var acc = 0.0
            for x in 0..<n { let v = dy[x] / scale[x]; acc += v * v }
            let dyNorm = (acc / Double(n)).squareRoot()
            var rate = -1.0
            if dyNormOld >= 0 { rate = dyNorm / dyNormOld }
            if rate >= 0 && (rate >= 1 || pow(rate, Double(newtonMaxIter - k)) / (1 - rate) * dyNorm > newtonTol) {
                break
            }
            for x in 0..<n { yNew[x] += dy[x]; dCorr[x] += dy[x] }
            if dyNorm == 0 || (rate >= 0 && rate / (1 - rate) * dyNorm < newtonTol) {
                converged = true
                break
            }
            dyNormOld = dyNorm
            k += 1
        }
        return (converged, k + 1, false)
    }
}
