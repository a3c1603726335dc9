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
}

/// Why the integrator stopped.
public enum IntegratorStatus: String, Sendable {
    case success
    /// The step size fell below the round-off limit (stiffness or a discontinuity
    /// the step control cannot resolve).
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
/// step/order selection and Newton stopping rule), with two changes for
/// method-of-lines columns:
/// - the Jacobian is banded and obtained by finite differences with column
///   grouping (ml + mu + 1 evaluations of f), stored and factorised in banded
///   form (`BandedLU`);
/// - error norms are root-mean-square of e_k/(atol + rtol·|y_k|), as in SciPy.
/// The Jacobian is re-evaluated only when the simplified Newton iteration fails
/// to converge; the LU is refactored when the step size or order changes.
/// Dense output between steps uses the interpolating backward-difference polynomial.
/// All workspaces are allocated in `init`; stepping allocates nothing.
public final class BDFIntegrator<System: BandedODESystem> {
    public let system: System
    /// Relative tolerance (dimensionless).
    public var rtol: Double
    /// Absolute tolerance per unknown (same unit as the unknown).
    public var atol: [Double]
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
    var newtonTol: Double
    var nEqualSteps = 0

    // coefficients
    var gamma = [Double](repeating: 0, count: 6)
    var alpha = [Double](repeating: 0, count: 6)
    var errorConst = [Double](repeating: 0, count: 7)

    // workspaces
    var D: [Double]                // (maxOrder + 3) × n differences
    var jac: [Double]              // banded ∂f/∂y, n × (ml + mu + 1), entry (i, j) at i·jw + (j − i + ml)
    let jw: Int
    let lu: BandedLU
    var luValid = false
    var jacCurrent = false
    var jacAvailable = false
    var yPredict: [Double]
    var psi: [Double]
    var dCorr: [Double]
    var yNew: [Double]
    var f: [Double]
    var dy: [Double]
    var scale: [Double]
    var work: [Double]
    var work2: [Double]
    var rMat = [Double](repeating: 0, count: 36)
    var uMat = [Double](repeating: 0, count: 36)
    var ruMat = [Double](repeating: 0, count: 36)
    var dTmp: [Double]

    public init(system: System, rtol: Double, atol: [Double], maxStep: Double = .infinity) {
        self.system = system
        self.rtol = rtol
        self.atol = atol
        self.maxStep = maxStep
        n = system.dimension
        ml = system.lowerBandwidth
        mu = system.upperBandwidth
        jw = ml + mu + 1
        newtonTol = max(10 * Double.ulpOfOne / rtol, min(0.03, rtol.squareRoot()))
        D = [Double](repeating: 0, count: (Self.maxOrder + 3) * n)
        jac = [Double](repeating: 0, count: n * (ml + mu + 1))
        lu = BandedLU(n: n, ml: ml, mu: mu)
        yPredict = [Double](repeating: 0, count: n)
        psi = yPredict; dCorr = yPredict; yNew = yPredict; f = yPredict; dy = yPredict
        scale = yPredict; work = yPredict; work2 = yPredict
        dTmp = [Double](repeating: 0, count: (Self.maxOrder + 1) * n)
        let kappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
        var g = 0.0
        for k in 1...5 { g += 1 / Double(k); gamma[k] = g }
        for k in 0...5 { alpha[k] = (1 - kappa[k]) * gamma[k] }
        for k in 0...5 { errorConst[k] = kappa[k] * gamma[k] + 1 / Double(k + 1) }
        errorConst[6] = 1.0 / 7
    }

    /// The current state y(t) (the first row of the difference array).
    public var state: UnsafeBufferPointer<Double> {
        D.withUnsafeBufferPointer { UnsafeBufferPointer(start: $0.baseAddress!, count: n) }
    }

    /// Copy the current state into `out` (n entries).
    public func copyState(into out: UnsafeMutablePointer<Double>) {
        D.withUnsafeBufferPointer { dp in out.update(from: dp.baseAddress!, count: n) }
    }

    @inline(__always) func rmsNorm(_ x: UnsafePointer<Double>, _ s: UnsafePointer<Double>) -> Double {
        var acc = 0.0
        for i in 0..<n { let v = x[i] / s[i]; acc += v * v }
        return (acc / Double(n)).squareRoot()
    }

    /// (Re)start at t0 with state y0 at order 1 (used at the start and after every
    /// discontinuity of the inlet, so that no difference spans a jump). The first
    /// step size follows Hairer–Wanner's (SciPy's) initial-step heuristic.
    public func restart(t0: Double, y0: UnsafePointer<Double>) -> IntegratorStatus {
        t = t0
        order = 1
        nEqualSteps = 0
        luValid = false
        let n = self.n
        return D.withUnsafeMutableBufferPointer { dbuf -> IntegratorStatus in
            let d = dbuf.baseAddress!
            d.update(from: y0, count: n)
            return f.withUnsafeMutableBufferPointer { fb -> IntegratorStatus in
                let f0 = fb.baseAddress!
                system.rhs(t: t0, y: y0, dydt: f0)
                statistics.rhsEvaluations += 1
                for i in 0..<n where !f0[i].isFinite { return .nonFinite }
                return scale.withUnsafeMutableBufferPointer { sb -> IntegratorStatus in
                    let s = sb.baseAddress!
                    for i in 0..<n { s[i] = atol[i] + rtol * abs(y0[i]) }
                    let d0 = rmsNorm(y0, s)
                    let d1 = rmsNorm(f0, s)
                    var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
                    h0 = min(h0, maxStep)
                    return work.withUnsafeMutableBufferPointer { wb -> IntegratorStatus in
                        let y1 = wb.baseAddress!
                        for i in 0..<n { y1[i] = y0[i] + h0 * f0[i] }
                        return work2.withUnsafeMutableBufferPointer { w2 -> IntegratorStatus in
                            let f1 = w2.baseAddress!
                            system.rhs(t: t0 + h0, y: y1, dydt: f1)
                            statistics.rhsEvaluations += 1
                            for i in 0..<n { f1[i] -= f0[i] }
                            let d2 = rmsNorm(f1, s) / h0
                            let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / max(d1, d2), 0.5)
                            h = min(min(100 * h0, h1), maxStep)
                            for i in 0..<n { d[n + i] = f0[i] * h }
                            return .success
                        }
                    }
                }
            }
        }
    }

    /// R matrix of the step-size change (SciPy `compute_R`), (order+1)² into `out` (stride 6).
    func computeR(order: Int, factor: Double, into out: inout [Double]) {
        for i in 0...order { for j in 0...order { out[i * 6 + j] = 0 } }
        for j in 0...order { out[j] = 1 }
        for i in 1...order {
            for j in 0...order {
                let m = j == 0 ? 0.0 : (Double(i) - 1 - factor * Double(j)) / Double(i)
                out[i * 6 + j] = out[(i - 1) * 6 + j] * m
            }
        }
    }

    /// Rescale the difference array for a step-size change by `factor`.
    func changeD(order: Int, factor: Double) {
        computeR(order: order, factor: factor, into: &rMat)
        computeR(order: order, factor: 1, into: &uMat)
        for i in 0...order {
            for j in 0...order {
                var s = 0.0
                for k in 0...order { s += rMat[i * 6 + k] * uMat[k * 6 + j] }
                ruMat[i * 6 + j] = s
            }
        }
        let n = self.n
        D.withUnsafeMutableBufferPointer { dp in
            dTmp.withUnsafeMutableBufferPointer { tp in
                let d = dp.baseAddress!, tmp = tp.baseAddress!
                tmp.update(from: d, count: (order + 1) * n)
                for i in 0...order {
                    let row = d + i * n
                    for x in 0..<n { row[x] = 0 }
                    for k in 0...order {
                        let c = ruMat[k * 6 + i]
                        if c == 0 { continue }
                        let src = tmp + k * n
                        for x in 0..<n { row[x] += c * src[x] }
                    }
                }
            }
        }
    }

    /// Banded finite-difference Jacobian at (t, y) with column grouping.
    func evaluateJacobian(t: Double, y: UnsafeMutablePointer<Double>, f0: UnsafePointer<Double>) {
        let n = self.n, ml = self.ml, mu = self.mu, jw = self.jw
        let groups = min(n, ml + mu + 1)
        jac.withUnsafeMutableBufferPointer { jb in
            work2.withUnsafeMutableBufferPointer { fb in
                let J = jb.baseAddress!, f1 = fb.baseAddress!
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
                        let dj = y[j] - work[j]
                        y[j] = work[j]
                        let inv = 1 / dj
                        let r0 = max(0, j - mu), r1 = min(n - 1, j + ml)
                        for r in r0...r1 { J[r * jw + (j - r + ml)] = (f1[r] - f0[r]) * inv }
                        j += groups
                    }
                }
            }
        }
        statistics.jacobianEvaluations += 1
        jacAvailable = true
    }

    /// Form I − c·J in the LU workspace and factorise.
    func factorNewtonMatrix(c: Double) -> Bool {
        let n = self.n, ml = self.ml, mu = self.mu, jw = self.jw, w = lu.width
        lu.zero()
        jac.withUnsafeBufferPointer { jb in
            lu.band.withUnsafeMutableBufferPointer { bb in
                let J = jb.baseAddress!, B = bb.baseAddress!
                for i in 0..<n {
                    let j0 = max(0, i - ml), j1 = min(n - 1, i + mu)
                    for j in j0...j1 { B[i * w + (j - i + ml)] = -c * J[i * jw + (j - i + ml)] }
                    B[i * w + ml] += 1
                }
            }
        }
        statistics.factorizations += 1
        return lu.factor()
    }

    /// Advance to exactly `tEnd` (the end of an operating section), calling
    /// `output(index, tOut, y(tOut))` for each time of `outputTimes[outputIndex...]` that
    /// falls in (t, tEnd] (interpolated), and advancing `outputIndex`.
    public func advance(to tEnd: Double, outputTimes: [Double], outputIndex: inout Int,
                        output: (Int, Double, UnsafePointer<Double>) -> Void) -> IntegratorStatus {
        while t < tEnd {
            let st = step(tBound: tEnd)
            if st != .success { return st }
            while outputIndex < outputTimes.count && outputTimes[outputIndex] <= t {
                let tq = outputTimes[outputIndex]
                interpolate(at: tq)
                let k = outputIndex
                work.withUnsafeBufferPointer { output(k, tq, $0.baseAddress!) }
                outputIndex += 1
            }
        }
        return .success
    }

    /// Interpolated state at tq (within the last step) into `work`.
    func interpolate(at tq: Double) {
        let n = self.n
        var prod = 1.0
        D.withUnsafeBufferPointer { dp in
            work.withUnsafeMutableBufferPointer { wb in
                let d = dp.baseAddress!, y = wb.baseAddress!
                y.update(from: d, count: n)
                if tq == t { return }
                for j in 0..<order {
                    let shift = t - h * Double(j)
                    prod *= (tq - shift) / (h * Double(j + 1))
                    let row = d + (j + 1) * n
                    for x in 0..<n { y[x] += row[x] * prod }
                }
            }
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
        jacCurrent = false
        while !accepted {
            if hAbs < minStep { return .stepTooSmall }
            tNew = t + hAbs
            if tNew >= tBound || tBound - tNew < minStep {
                tNew = tBound
                changeD(order: order, factor: (tNew - t) / hAbs)
                nEqualSteps = 0
                luValid = false
            }
            let hh = tNew - t
            hAbs = hh
            let c = hh / alpha[order]
            // predictor, scale, psi
            D.withUnsafeBufferPointer { dp in
                let d = dp.baseAddress!
                for x in 0..<n {
                    var s = 0.0
                    for k in 0...order { s += d[k * n + x] }
                    yPredict[x] = s
                    scale[x] = atol[x] + rtol * abs(s)
                    var ps = 0.0
                    for k in 1...order { ps += d[k * n + x] * gamma[k] }
                    psi[x] = ps / alpha[order]
                }
            }
            var converged = false
            var failed = false
            while !converged {
                if !jacAvailable {
                    yNew.withUnsafeMutableBufferPointer { yb in
                        f.withUnsafeMutableBufferPointer { fb in
                            yb.baseAddress!.update(from: yPredict, count: n)
                            system.rhs(t: tNew, y: yb.baseAddress!, dydt: fb.baseAddress!)
                            statistics.rhsEvaluations += 1
                            evaluateJacobian(t: tNew, y: yb.baseAddress!, f0: fb.baseAddress!)
                        }
                    }
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
            for x in 0..<n { scale[x] = atol[x] + rtol * abs(yNew[x]) }
            let ec = errorConst[order]
            var acc = 0.0
            for x in 0..<n { let v = ec * dCorr[x] / scale[x]; acc += v * v }
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
        // update differences
        D.withUnsafeMutableBufferPointer { dp in
            let d = dp.baseAddress!
            for x in 0..<n {
                d[(order + 2) * n + x] = dCorr[x] - d[(order + 1) * n + x]
                d[(order + 1) * n + x] = dCorr[x]
            }
            var i = order
            while i >= 0 {
                for x in 0..<n { d[i * n + x] += d[(i + 1) * n + x] }
                i -= 1
            }
        }
        if nEqualSteps < order + 1 { return .success }
        var errM = Double.infinity, errP = Double.infinity
        D.withUnsafeBufferPointer { dp in
            let d = dp.baseAddress!
            if order > 1 {
                var acc = 0.0
                let ec = errorConst[order - 1]
                for x in 0..<n { let v = ec * d[order * n + x] / scale[x]; acc += v * v }
                errM = (acc / Double(n)).squareRoot()
            }
            if order < Self.maxOrder {
                var acc = 0.0
                let ec = errorConst[order + 1]
                for x in 0..<n { let v = ec * d[(order + 2) * n + x] / scale[x]; acc += v * v }
                errP = (acc / Double(n)).squareRoot()
            }
        }
        let norms = [errM, errorNorm, errP]
        var best = -Double.infinity, bestIdx = 1
        for (k, e) in norms.enumerated() {
            let fct = e == 0 ? Double.infinity : pow(e, -1 / Double(order + k))
            if fct > best { best = fct; bestIdx = k }
        }
        order += bestIdx - 1
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
        for x in 0..<n { yNew[x] = yPredict[x]; dCorr[x] = 0 }
        var dyNormOld = -1.0
        var converged = false
        var k = 0
        var nonFinite = false
        while k < newtonMaxIter {
            yNew.withUnsafeBufferPointer { yb in
                f.withUnsafeMutableBufferPointer { fb in
                    system.rhs(t: tNew, y: yb.baseAddress!, dydt: fb.baseAddress!)
                }
            }
            statistics.rhsEvaluations += 1
            var finite = true
            for x in 0..<n where !f[x].isFinite { finite = false; break }
            if !finite { nonFinite = true; break }
            for x in 0..<n { dy[x] = c * f[x] - psi[x] - dCorr[x] }
            dy.withUnsafeMutableBufferPointer { lu.solve($0.baseAddress!) }
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
        return (converged, k + 1, nonFinite)
    }
}
