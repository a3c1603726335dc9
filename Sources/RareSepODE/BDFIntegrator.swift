import Foundation

/// Variable-order (1–5), variable-step BDF for M·y' = f(t, y) (`DAESystem`: an ODE, or an
/// index-1 DAE with zero rows in a constant M) in the quasi-constant step-size
/// (backward-difference) form of Shampine & Reichelt's NDF/BDF (SIAM J. Sci. Comput. 18,
/// 1997), following SciPy's `BDF` (scipy.integrate._ivp.bdf: same coefficients, error
/// constants, step/order selection and Newton stopping rule), generalised to a mass matrix:
/// - the corrector solves M·(ψ + d) − c·f(y_pred + d) = 0 (c = h/α_k) by simplified Newton
///   with the matrix M − c·J, which the system assembles into its own `NewtonLinearSolver`
///   (banded LU for the column, block-tridiagonal with a loop corner for the cascade);
/// - error norms are root-mean-square of e_i/(atol_i + rtol·|y_i|) over the differential
///   components only (algebraic ones are excluded from the error test and the order
///   selection, not from the Newton convergence test);
/// - the Jacobian is re-evaluated only when the simplified Newton iteration fails to
///   converge; M − c·J is refactored when the step size or order changes;
/// - a non-finite or undefined f in the corrector counts as a convergence failure (the step
///   is halved), as in SciPy.
/// `restart(t0:y0:)` starts (or restarts, at an event) at order 1 and checks that the
/// algebraic rows hold; `advance(to:…)` steps to the end of a section, never past it, with
/// output at requested times from the interpolating backward-difference polynomial.
/// All workspaces are allocated in `init`; stepping allocates nothing.
public final class BDFIntegrator<System: DAESystem> {
    /// The system integrated.
    public let system: System
    /// Relative tolerance (dimensionless).
    public let rtol: Double
    /// Largest step allowed (s).
    public var maxStep: Double
    /// Highest BDF order used (1–5).
    public let maxOrder: Int
    /// Work counters since creation.
    public private(set) var statistics = IntegratorStatistics()
    /// The failure behind the last non-success status, nil otherwise.
    public private(set) var failure: IntegratorFailure?

    /// Current time (s).
    public private(set) var t = 0.0
    /// Order of the next step.
    public private(set) var order = 1
    /// Current step size (s).
    public private(set) var h = 0.0

    let newtonMaxIter = 4
    let n: Int
    /// Number of differential components (the error norm's divisor).
    let nDiff: Int
    /// 1 for differential, 0 for algebraic components; nil when all are differential.
    let diffMask: UnsafeMutablePointer<Bool>?
    let massIdentity: Bool
    let newtonTol: Double
    /// Weighted Newton correction (units of the error norm) at round-off: 100·ε/rtol (at most
    /// newtonTol/10). Corrections that stop shrinking below it count as converged.
    let newtonRoundOff: Double
    var nEqualSteps = 0
    var luValid = false
    var jacAvailable = false

    let gamma: UnsafeMutablePointer<Double>      // 6
    let alpha: UnsafeMutablePointer<Double>      // 6
    let errorConst: UnsafeMutablePointer<Double> // 7
    let atol: UnsafeMutablePointer<Double>
    let D: UnsafeMutablePointer<Double>          // (maxOrder + 3) × n differences
    let dTmp: UnsafeMutablePointer<Double>       // (maxOrder + 1) × n
    let yPredict: UnsafeMutablePointer<Double>
    let psi: UnsafeMutablePointer<Double>
    let dCorr: UnsafeMutablePointer<Double>
    let yNew: UnsafeMutablePointer<Double>
    let f: UnsafeMutablePointer<Double>
    let dy: UnsafeMutablePointer<Double>
    let scale: UnsafeMutablePointer<Double>
    let work: UnsafeMutablePointer<Double>
    let work2: UnsafeMutablePointer<Double>
    let massWork: UnsafeMutablePointer<Double>
    let dense: UnsafeMutablePointer<Double>
    let rMat: UnsafeMutablePointer<Double>       // 6×6
    let uMat: UnsafeMutablePointer<Double>
    let ruMat: UnsafeMutablePointer<Double>
    var buffers: [UnsafeMutablePointer<Double>] = []

    /// An integrator for `system` with relative tolerance `rtol` and absolute tolerances
    /// `atol` (one per component, units of y; or a single value for all), largest step
    /// `maxStep` (s) and highest order `maxOrder` (1–5; lower values are for tests).
    public init(system: System, rtol: Double, atol: [Double], maxStep: Double = .infinity, maxOrder: Int = 5) {
        precondition((1...5).contains(maxOrder), "BDF order 1–5")
        self.system = system
        self.rtol = rtol
        self.maxStep = maxStep
        self.maxOrder = maxOrder
        n = system.dimension
        precondition(atol.count == n || atol.count == 1, "one absolute tolerance per component, or one for all")
        massIdentity = system.massIsIdentity
        newtonTol = max(10 * Double.ulpOfOne / rtol, min(0.03, rtol.squareRoot()))
        newtonRoundOff = min(0.1 * newtonTol, 100 * Double.ulpOfOne / rtol)
        var all: [UnsafeMutablePointer<Double>] = []
        func make(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            all.append(p)
            return p
        }
        gamma = make(6); alpha = make(6); errorConst = make(7)
        self.atol = make(n)
        D = make(8 * n)
        dTmp = make(6 * n)
        yPredict = make(n); psi = make(n); dCorr = make(n); yNew = make(n); f = make(n); dy = make(n)
        scale = make(n); work = make(n); work2 = make(n); massWork = make(n); dense = make(n)
        rMat = make(36); uMat = make(36); ruMat = make(36)
        buffers = all
        for i in 0..<n { self.atol[i] = atol.count == 1 ? atol[0] : atol[i] }
        var differential = 0
        for i in 0..<n where system.isDifferential(i) { differential += 1 }
        nDiff = differential
        if differential < n {
            let mask = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, n))
            for i in 0..<n { mask[i] = system.isDifferential(i) }
            diffMask = mask
        } else {
            diffMask = nil
        }
        let kappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
        var g = 0.0
        gamma[0] = 0
        for k in 1...5 { g += 1 / Double(k); gamma[k] = g }
        for k in 0...5 { alpha[k] = (1 - kappa[k]) * gamma[k] }
        for k in 0...5 { errorConst[k] = kappa[k] * gamma[k] + 1 / Double(k + 1) }
        errorConst[6] = 1.0 / 7
    }

    deinit {
        for p in buffers { p.deallocate() }
        diffMask?.deallocate()
    }

    /// Copy the current state y(t) into `out` (n entries).
    public func copyState(into out: UnsafeMutablePointer<Double>) { out.update(from: D, count: n) }

    /// Copy the current state y(t) into `out` (n entries).
    public func copyState(into out: inout [Double]) {
        out.withUnsafeMutableBufferPointer { copyState(into: $0.baseAddress!) }
    }

    /// RMS of x_i·k/s_i over the differential components (all when every one is).
    @inline(__always) func errorNorm(_ x: UnsafePointer<Double>, _ k: Double, _ s: UnsafePointer<Double>) -> Double {
        var acc = 0.0
        if let mask = diffMask {
            for i in 0..<n where mask[i] { let v = k * x[i] / s[i]; acc += v * v }
            return (acc / Double(max(1, nDiff))).squareRoot()
        }
        for i in 0..<n { let v = k * x[i] / s[i]; acc += v * v }
        return (acc / Double(n)).squareRoot()
    }

    /// Differential component with the largest |k·x_i/s_i| (for diagnostics).
    func worstComponent(_ x: UnsafePointer<Double>, _ s: UnsafePointer<Double>, differentialOnly: Bool) -> (Int, Double) {
        var best = -1.0, idx = 0
        for i in 0..<n {
            if differentialOnly, let mask = diffMask, !mask[i] { continue }
            let v = abs(x[i] / s[i])
            if v > best { best = v; idx = i }
        }
        return (idx, best)
    }

    @discardableResult
    func fail(_ status: IntegratorStatus, h: Double, component: Int?, scaled: Double) -> IntegratorStatus {
        failure = IntegratorFailure(status: status, t: t, h: h, order: order, component: component, scaledValue: scaled)
        return status
    }

    /// Evaluate f into `out`; the index of the first non-finite value, −1 if none, or n
    /// when the system reports f undefined.
    @inline(__always) func evaluate(_ tt: Double, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) -> Int {
        statistics.rhsEvaluations += 1
        if !system.rhs(t: tt, y: y, f: out) { return n }
        for i in 0..<n where !out[i].isFinite { return i }
        return -1
    }

    /// (Re)start at t0 with state y0 at order 1 (at the start and after every event, so that
    /// no difference spans a jump). The first step size follows Hairer–Wanner's (SciPy's)
    /// initial-step heuristic. For an ODE with M = I the initial slope is f and the Jacobian
    /// is kept; otherwise the Jacobian is evaluated at (t0, y0), the slope solves
    /// (M − c₀J)·y' = [f_differential; 0] with c₀ ≤ 10⁻³·h0 (the differential rows of M·y' = f
    /// and the differentiated algebraic rows, to O(c₀)), and the algebraic rows are checked:
    /// the correction they imply, d = (M − c₀J)⁻¹·[0; c₀·f_algebraic] ≈ −J_aa⁻¹·f_a, must be
    /// within tolerance (|d_i| ≤ atol_i + rtol·|y_i|), else `.inconsistentInitialValues`.
    public func restart(t0: Double, y0: UnsafePointer<Double>) -> IntegratorStatus {
        t = t0
        order = 1
        h = 0
        nEqualSteps = 0
        luValid = false
        failure = nil
        D.update(from: y0, count: n)
        let bad = evaluate(t0, y0, f)
        if bad >= 0 { return fail(.nonFinite, h: 0, component: bad < n ? bad : nil, scaled: .nan) }
        for i in 0..<n { scale[i] = atol[i] + rtol * abs(y0[i]) }
        if massIdentity {
            let d0 = errorNorm(y0, 1, scale)
            let d1 = errorNorm(f, 1, scale)
            var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
            h0 = min(h0, maxStep)
            for i in 0..<n { work[i] = y0[i] + h0 * f[i] }
            let bad2 = evaluate(t0 + h0, work, work2)
            if bad2 >= 0 { return fail(.nonFinite, h: h0, component: bad2 < n ? bad2 : nil, scaled: .nan) }
            for i in 0..<n { work2[i] -= f[i] }
            let d2 = errorNorm(work2, 1, scale) / h0
            let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : (0.01 / max(d1, d2)).squareRoot()
            h = min(min(100 * h0, h1), maxStep)
            for i in 0..<n { D[n + i] = f[i] * h }
            return .success
        }
        return restartDAE(t0: t0, y0: y0)
    }

    /// `restart` for a general M (see there); `f` holds f(t0, y0), `scale` the weights.
    func restartDAE(t0: Double, y0: UnsafePointer<Double>) -> IntegratorStatus {
        statistics.jacobianEvaluations += 1
        guard system.updateJacobian(t: t0, y: y0) else { return fail(.nonFinite, h: 0, component: nil, scaled: .nan) }
        jacAvailable = true
        let slope = dCorr
        var c = 1e-6 * min(1, maxStep)
        var h0 = 0.0
        for pass in 0..<3 {
            system.assembleNewtonMatrix(c: c)
            statistics.factorizations += 1
            guard system.linearSolver.factor() else { return fail(.singularMatrix, h: c, component: nil, scaled: .nan) }
            for i in 0..<n { slope[i] = isAlgebraic(i) ? 0 : f[i] }
            system.linearSolver.solve(slope)
            let d0 = errorNorm(y0, 1, scale)
            let d1 = errorNorm(slope, 1, scale)
            h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
            h0 = min(h0, maxStep)
            if c <= 1e-3 * h0 || pass == 2 { break }
            c = 1e-3 * h0
        }
        // consistency of the algebraic rows: the correction they ask for
        if diffMask != nil {
            for i in 0..<n { dy[i] = isAlgebraic(i) ? c * f[i] : 0 }
            system.linearSolver.solve(dy)
            var worst = 0.0, idx = -1
            for i in 0..<n where isAlgebraic(i) {
                let v = abs(dy[i]) / scale[i]
                if !(v <= worst) { worst = v; idx = i }
            }
            if idx >= 0 && !(worst <= 1) { return fail(.inconsistentInitialValues, h: 0, component: idx, scaled: worst) }
        }
        // second-derivative estimate from the slope at t0 + h0
        for i in 0..<n { work[i] = y0[i] + h0 * slope[i] }
        let bad = evaluate(t0 + h0, work, work2)
        if bad >= 0 { return fail(.nonFinite, h: h0, component: bad < n ? bad : nil, scaled: .nan) }
        for i in 0..<n { work2[i] = isAlgebraic(i) ? 0 : work2[i] - f[i] }
        system.linearSolver.solve(work2)
        let d1 = errorNorm(slope, 1, scale)
        let d2 = errorNorm(work2, 1, scale) / h0
        let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : (0.01 / max(d1, d2)).squareRoot()
        h = min(min(100 * h0, h1), maxStep)
        for i in 0..<n { D[n + i] = slope[i] * h }
        luValid = false
        return .success
    }

    @inline(__always) func isAlgebraic(_ i: Int) -> Bool {
        if let mask = diffMask { return !mask[i] }
        return false
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

    /// Advance to exactly `tEnd` (the end of an operating section or the next event),
    /// calling `output(index, tOut, y(tOut))` for each time of `outputTimes[outputIndex...]`
    /// that falls in (t, tEnd] (interpolated), and advancing `outputIndex`. On failure the
    /// state stays at the last accepted point and `failure` says where and why.
    public func advance(to tEnd: Double, outputTimes: [Double], outputIndex: inout Int,
                        output: (Int, Double, UnsafePointer<Double>) -> Void) -> IntegratorStatus {
        advance(to: tEnd, outputTimes: outputTimes, outputIndex: &outputIndex, outputComponents: nil, output: output)
    }

    /// `advance(to:outputTimes:outputIndex:output:)` interpolating at the output times only
    /// the state entries in `outputComponents` (index ranges; nil: all n): the vector passed
    /// to `output` holds y(tOut) in those entries and stale values elsewhere, so `output`
    /// must read no other entry. The interpolated entries are the same numbers as with all n.
    public func advance(to tEnd: Double, outputTimes: [Double], outputIndex: inout Int,
                        outputComponents: [Range<Int>]?,
                        output: (Int, Double, UnsafePointer<Double>) -> Void) -> IntegratorStatus {
        while t < tEnd {
            let st = step(tBound: tEnd)
            if st != .success { return st }
            while outputIndex < outputTimes.count && outputTimes[outputIndex] <= t {
                let tq = outputTimes[outputIndex]
                if let parts = outputComponents {
                    for r in parts { interpolate(at: tq, into: dense, components: r) }
                } else {
                    interpolate(at: tq, into: dense)
                }
                output(outputIndex, tq, dense)
                outputIndex += 1
            }
        }
        return .success
    }

    /// Advance to exactly `tEnd` without output.
    public func advance(to tEnd: Double) -> IntegratorStatus {
        var index = 0
        return advance(to: tEnd, outputTimes: [], outputIndex: &index) { _, _, _ in }
    }

    /// Dense output: the interpolated state at tq into `out` (n values). Exact at t; meant
    /// for tq within the last accepted step [t − h, t].
    public func interpolate(at tq: Double, into out: UnsafeMutablePointer<Double>) {
        interpolate(at: tq, into: out, components: 0..<n)
    }

    /// Dense output of the entries `components` only (a range within 0..<n) into the same
    /// positions of `out` (an n-vector; the other entries are left as they are).
    public func interpolate(at tq: Double, into out: UnsafeMutablePointer<Double>, components: Range<Int>) {
        precondition(components.lowerBound >= 0 && components.upperBound <= n, "components within the state")
        let n = self.n, lo = components.lowerBound, count = components.count
        let o = out + lo
        o.update(from: D + lo, count: count)
        if tq == t { return }
        var prod = 1.0
        for j in 0..<order {
            let shift = t - h * Double(j)
            prod *= (tq - shift) / (h * Double(j + 1))
            let row = D + (j + 1) * n + lo
            for x in 0..<count { o[x] += row[x] * prod }
        }
    }

    /// Why the last attempt of a step failed.
    enum AttemptFailure { case none, errorTest, convergence, nonFinite }

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
        var lastFailure = AttemptFailure.none
        var failComponent: Int? = nil
        var failValue = Double.nan
        while !accepted {
            if hAbs < minStep {
                let status: IntegratorStatus
                switch lastFailure {
                case .errorTest, .none: status = .stepTooSmall
                case .convergence: status = .convergenceFailure
                case .nonFinite: status = .nonFinite
                }
                return fail(status, h: hAbs, component: failComponent, scaled: failValue)
            }
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
            switch order {
            case 1: predict(rows: 1, aInv: aInv)
            case 2: predict(rows: 2, aInv: aInv)
            case 3: predict(rows: 3, aInv: aInv)
            case 4: predict(rows: 4, aInv: aInv)
            default: predict(rows: 5, aInv: aInv)
            }
            var converged = false
            var failed = false
            while !converged {
                if !jacAvailable {
                    statistics.jacobianEvaluations += 1
                    jacCurrent = true
                    luValid = false
                    if !system.updateJacobian(t: tNew, y: yPredict) {
                        lastFailure = .nonFinite; failComponent = nil; failValue = .nan
                        failed = true
                        break
                    }
                    jacAvailable = true
                }
                if !luValid {
                    system.assembleNewtonMatrix(c: c)
                    statistics.factorizations += 1
                    if !system.linearSolver.factor() { return fail(.singularMatrix, h: hAbs, component: nil, scaled: .nan) }
                    luValid = true
                }
                let r = newton(tNew: tNew, c: c)
                converged = r.converged
                nIter = r.iterations
                if !converged {
                    if r.badComponent >= 0 {
                        lastFailure = .nonFinite
                        failComponent = r.badComponent < n ? r.badComponent : nil
                        failValue = .nan
                    } else {
                        lastFailure = .convergence
                        let w = worstComponent(dy, scale, differentialOnly: false)
                        failComponent = w.0; failValue = w.1
                    }
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
            errorNorm = rescaleAndNorm(errorConst[order])
            if errorNorm > 1 {
                lastFailure = .errorTest
                let w = worstComponent(dCorr, scale, differentialOnly: true)
                failComponent = w.0; failValue = w.1 * errorConst[order]
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
        switch o {
        case 1: updateDifferences(order: 1)
        case 2: updateDifferences(order: 2)
        case 3: updateDifferences(order: 3)
        case 4: updateDifferences(order: 4)
        default: updateDifferences(order: 5)
        }
        if nEqualSteps < o + 1 { return .success }
        let errM = o > 1 ? self.errorNorm(D + o * n, errorConst[o - 1], scale) : Double.infinity
        let errP = o < maxOrder ? self.errorNorm(D + (o + 2) * n, errorConst[o + 1], scale) : Double.infinity
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

    /// Predictor y_pred = Σ_{k≤rows} D_k, ψ = (Σ_{1≤k≤rows} γ_k·D_k)/α and the weights
    /// atol + rtol·|y_pred| in one pass over the components (`rows` = order, a constant at
    /// each call so the row loop unrolls); per component the same sums in the same order as
    /// one row at a time, so the numbers are bit-for-bit those of separate passes.
    @inline(__always) func predict(rows: Int, aInv: Double) {
        let n = self.n
        let g1 = gamma[1]
        for x in 0..<n {
            var yp = D[x]
            let d1 = D[n &+ x]
            yp += d1
            var ps = d1 * g1
            var k = 2
            while k <= rows {
                let v = D[k &* n &+ x]
                yp += v
                ps += v * gamma[k]
                k += 1
            }
            yPredict[x] = yp
            scale[x] = atol[x] + rtol * abs(yp)
            psi[x] = ps * aInv
        }
    }

    /// The weights atol + rtol·|y_new| into `scale` and, in the same pass, the error norm of
    /// `dCorr` times `k` (as `errorNorm(dCorr, k, scale)`, the same arithmetic).
    @inline(__always) func rescaleAndNorm(_ k: Double) -> Double {
        let n = self.n
        var acc = 0.0
        if let mask = diffMask {
            for x in 0..<n {
                let s = atol[x] + rtol * abs(yNew[x])
                scale[x] = s
                if mask[x] { let v = k * dCorr[x] / s; acc += v * v }
            }
            return (acc / Double(max(1, nDiff))).squareRoot()
        }
        for x in 0..<n {
            let s = atol[x] + rtol * abs(yNew[x])
            scale[x] = s
            let v = k * dCorr[x] / s
            acc += v * v
        }
        return (acc / Double(n)).squareRoot()
    }

    /// After an accepted step of `order` (a constant at each call): D_{o+2} = d − D_{o+1},
    /// D_{o+1} = d, then D_i += D_{i+1} for i = o … 0, one pass over the components (the
    /// same operations per component as row by row).
    @inline(__always) func updateDifferences(order o: Int) {
        let n = self.n
        for x in 0..<n {
            let dc = dCorr[x]
            D[(o + 2) &* n &+ x] = dc - D[(o + 1) &* n &+ x]
            D[(o + 1) &* n &+ x] = dc
            var carry = dc
            var i = o
            while i >= 0 {
                let v = D[i &* n &+ x] + carry
                D[i &* n &+ x] = v
                carry = v
                i -= 1
            }
        }
    }

    /// Simplified Newton iteration for the corrector M·(ψ + d) − c·f(y_pred + d) = 0 (SciPy
    /// solve_bdf_system with a mass matrix). `badComponent` ≥ 0 when f was non-finite there
    /// (n: undefined), −1 otherwise.
    func newton(tNew: Double, c: Double) -> (converged: Bool, iterations: Int, badComponent: Int) {
        let n = self.n
        dCorr.update(repeating: 0, count: n)
        var dyNormOld = -1.0
        var converged = false
        var k = 0
        while k < newtonMaxIter {
            // the first iterate is y_pred itself (y_new is written by the first update)
            let bad = evaluate(tNew, k == 0 ? UnsafePointer(yPredict) : UnsafePointer(yNew), f)
            if bad >= 0 { return (false, k + 1, bad) }
            statistics.newtonIterations += 1
            if massIdentity {
                for x in 0..<n { dy[x] = c * f[x] - psi[x] - dCorr[x] }
            } else {
                for x in 0..<n { massWork[x] = psi[x] + dCorr[x] }
                system.applyMass(massWork, into: dy)
                for x in 0..<n { dy[x] = c * f[x] - dy[x] }
            }
            system.linearSolver.solve(dy)
            // the norm and the update in one pass: when the iteration stops below without
            // taking this update, y_new and d are not read again (a failed Newton restarts
            // from y_pred), so updating them anyway changes no result
            var acc = 0.0
            let base = k == 0 ? yPredict : yNew
            for x in 0..<n {
                let d = dy[x]
                let v = d / scale[x]
                acc += v * v
                yNew[x] = base[x] + d
                dCorr[x] += d
            }
            let dyNorm = (acc / Double(n)).squareRoot()
            var rate = -1.0
            if dyNormOld >= 0 { rate = dyNorm / dyNormOld }
            if rate >= 0 && (rate >= 1 || pow(rate, Double(newtonMaxIter - k)) / (1 - rate) * dyNorm > newtonTol) {
                // stagnation at round-off counts as converged: the corrections stopped
                // shrinking because they are noise (e.g. a stiff equilibrium's last digits)
                if dyNorm <= newtonRoundOff { converged = true }
                break
            }
            if !dyNorm.isFinite { break }
            if dyNorm == 0 || (rate >= 0 && rate / (1 - rate) * dyNorm < newtonTol) {
                converged = true
                break
            }
            dyNormOld = dyNorm
            k += 1
        }
        return (converged, k + 1, -1)
    }
}
