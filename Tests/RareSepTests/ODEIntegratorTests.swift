import Foundation
import XCTest
import GSLBridge
import RareSepCascade
import RareSepODE

/// A small DAE M·y' = f(t, y) with a dense M, an analytic dense Jacobian and BandedLU as
/// a dense LU (ml = mu = n − 1): the banded Newton-matrix path of `BDFIntegrator`.
final class DenseTestDAE: DAESystem {
    let dimension: Int
    let linearSolver: BandedLU
    let mass: [Double]
    let algebraic: Set<Int>
    let function: (Double, [Double]) -> [Double]
    let jacobianFunction: (Double, [Double]) -> [Double]
    var jac: [Double]
    var identity: Bool

    init(n: Int, mass: [Double]? = nil, algebraic: Set<Int> = [], f: @escaping (Double, [Double]) -> [Double],
         jacobian: @escaping (Double, [Double]) -> [Double]) {
        dimension = n
        linearSolver = BandedLU(n: n, ml: max(0, n - 1), mu: max(0, n - 1))
        var id = [Double](repeating: 0, count: n * n)
        for i in 0..<n { id[i * n + i] = 1 }
        self.mass = mass ?? id
        identity = mass == nil && algebraic.isEmpty
        self.algebraic = algebraic
        function = f
        jacobianFunction = jacobian
        jac = [Double](repeating: 0, count: n * n)
    }

    var massIsIdentity: Bool { identity }
    func isDifferential(_ i: Int) -> Bool { !algebraic.contains(i) }
    func rhs(t: Double, y: UnsafePointer<Double>, f: UnsafeMutablePointer<Double>) -> Bool {
        let v = function(t, Array(UnsafeBufferPointer(start: y, count: dimension)))
        for i in 0..<dimension { f[i] = v[i] }
        return true
    }
    func applyMass(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let n = dimension
        for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += mass[i * n + j] * v[j] }
            out[i] = s
        }
    }
    func updateJacobian(t: Double, y: UnsafePointer<Double>) -> Bool {
        jac = jacobianFunction(t, Array(UnsafeBufferPointer(start: y, count: dimension)))
        return true
    }
    func assembleNewtonMatrix(c: Double) {
        let n = dimension
        linearSolver.zero()
        for i in 0..<n { for j in 0..<n { linearSolver.set(i, j, mass[i * n + j] - c * jac[i * n + j]) } }
    }
}

/// Tests of the BDF integrator (`RareSepODE`): order of convergence against closed forms,
/// an index-1 DAE, GSL odeiv2 cross-checks, and the block-tridiagonal (loop corner) path.
final class ODEIntegratorTests: XCTestCase {
    /// Integrate and return (max abs error over the output times, accepted steps).
    func run(_ sys: DenseTestDAE, y0: [Double], rtol: Double, atol: Double, maxOrder: Int = 5,
             times: [Double], exact: (Double) -> [Double], components: [Int]? = nil) -> (error: Double, steps: Int, status: IntegratorStatus) {
        let integ = BDFIntegrator(system: sys, rtol: rtol, atol: [atol], maxOrder: maxOrder)
        var st = y0.withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }
        guard st == .success else { return (.infinity, 0, st) }
        var err = 0.0
        var index = 0
        st = integ.advance(to: times.last!, outputTimes: times, outputIndex: &index) { _, t, y in
            let e = exact(t)
            for i in components ?? Array(0..<sys.dimension) { err = max(err, abs(y[i] - e[i])) }
        }
        return (err, integ.statistics.steps, st)
    }

    /// Least-squares slope of log(error) against log(steps): −(observed order).
    func slope(_ pts: [(error: Double, steps: Int, status: IntegratorStatus)]) -> Double {
        let xs = pts.map { log(Double($0.steps)) }, ys = pts.map { log($0.error) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        return sxy / sxx
    }

    /// y' = −y + sin t, y(0) = 1: y = 1.5·e^{−t} + (sin t − cos t)/2.
    static func scalarProblem() -> DenseTestDAE {
        DenseTestDAE(n: 1, f: { t, y in [-y[0] + sin(t)] }, jacobian: { _, _ in [-1] })
    }
    static func scalarExact(_ t: Double) -> [Double] { [1.5 * exp(-t) + (sin(t) - cos(t)) / 2] }

    /// Stiff linear 2×2 with eigenvalues −1 and −1000: y = e^{−t}(1, 1) + e^{−1000t}(1, −1), y(0) = (2, 0).
    static func stiffProblem() -> DenseTestDAE {
        let a = -500.5, b = 499.5
        return DenseTestDAE(n: 2, f: { _, y in [a * y[0] + b * y[1], b * y[0] + a * y[1]] }, jacobian: { _, _ in [a, b, b, a] })
    }
    static func stiffExact(_ t: Double) -> [Double] { [exp(-t) + exp(-1000 * t), exp(-t) - exp(-1000 * t)] }

    /// Order of convergence (work–precision form): with the order capped at k, the global
    /// error over the output times falls as (steps)^(−k). The slope of log(error) against
    /// log(accepted steps), least squares over tolerances 1e-4…1e-9 (k ≥ 2) or
    /// 1e-3…1e-7 (k = 1), is −k within ±0.5 for k = 1, 2, 3, on a non-stiff scalar
    /// problem and on a stiff 2×2 system (errors measured on t ∈ [0.5, 6] for the latter,
    /// after the e^{−1000t} transient).
    func testOrderOfConvergenceAgainstClosedForms() {
        let times = (1...12).map { Double($0) * 0.5 }
        for k in 1...3 {
            let tols = k == 1 ? [1e-3, 1e-4, 1e-5, 1e-6, 1e-7] : [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9]
            let scalar = tols.map { run(Self.scalarProblem(), y0: [1], rtol: $0, atol: $0, maxOrder: k,
                                        times: times, exact: Self.scalarExact) }
            let stiff = tols.map { run(Self.stiffProblem(), y0: [2, 0], rtol: $0, atol: $0, maxOrder: k,
                                       times: times, exact: Self.stiffExact) }
            for r in scalar + stiff { XCTAssertEqual(r.status, .success) }
            let s1 = slope(scalar), s2 = slope(stiff)
            print("order \(k): scalar slope \(s1), stiff slope \(s2); steps \(scalar.map(\.steps)) / \(stiff.map(\.steps))")
            XCTAssertEqual(-s1, Double(k), accuracy: 0.5, "scalar, order \(k)")
            XCTAssertEqual(-s2, Double(k), accuracy: 0.5, "stiff 2×2, order \(k)")
        }
        // unrestricted order: tight tolerance reaches the closed form
        let r = run(Self.stiffProblem(), y0: [2, 0], rtol: 1e-9, atol: 1e-12, times: times, exact: Self.stiffExact)
        XCTAssertLessThan(r.error, 1e-7)
    }

    /// Index-1 DAE with a non-identity differential mass: 2·y1' = 2(−y1 + y2), 0 = y2 − sin t,
    /// y(0) = (1, 0): y1 = 1.5·e^{−t} + (sin t − cos t)/2, y2 = sin t. The error (both
    /// components) stays within 20× the tolerance; an inconsistent start (y2(0) = 0.5) is
    /// reported as such, naming the algebraic component.
    func testIndexOneDAEAgainstClosedForm() {
        func make() -> DenseTestDAE {
            DenseTestDAE(n: 2, mass: [2, 0, 0, 0], algebraic: [1],
                         f: { t, y in [2 * (-y[0] + y[1]), y[1] - sin(t)] },
                         jacobian: { _, _ in [-2, 2, 0, 1] })
        }
        let times = (1...20).map { Double($0) * 0.5 }
        let exact: (Double) -> [Double] = { t in [1.5 * exp(-t) + (sin(t) - cos(t)) / 2, sin(t)] }
        for tol in [1e-5, 1e-8] {
            let r = run(make(), y0: [1, 0], rtol: tol, atol: tol, times: times, exact: exact)
            XCTAssertEqual(r.status, .success)
            XCTAssertLessThan(r.error, 20 * tol, "tolerance \(tol)")
        }
        let sys = make()
        let integ = BDFIntegrator(system: sys, rtol: 1e-6, atol: [1e-8])
        let st = [1.0, 0.5].withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }
        XCTAssertEqual(st, .inconsistentInitialValues)
        XCTAssertEqual(integ.failure?.component, 1)
        // within tolerance is consistent
        let ok = [1.0, 1e-10].withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }
        XCTAssertEqual(ok, .success)
    }

    /// Robertson's stiff kinetics against GSL odeiv2 msbdf (dense analytic Jacobian), both
    /// at rtol 1e-8: every component agrees at t = 0.4 … 4e4 within 1e-5 relative to the
    /// component's size (+1e-11 absolute), i.e. within the accumulated global error that
    /// tolerance allows.
    func testRobertsonAgreesWithGSL() {
        let f: (Double, [Double]) -> [Double] = { _, y in
            [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]]
        }
        let jac: (Double, [Double]) -> [Double] = { _, y in
            [-0.04, 1e4 * y[2], 1e4 * y[1],
             0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1],
             0, 6e7 * y[1], 0]
        }
        let sys = DenseTestDAE(n: 3, f: f, jacobian: jac)
        let times = [0.4, 4, 40, 400, 4000, 40000.0]
        let integ = BDFIntegrator(system: sys, rtol: 1e-8, atol: [1e-14])
        let y0 = [1.0, 0, 0]
        XCTAssertEqual(y0.withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }, .success)
        var ours = [[Double]]()
        var index = 0
        XCTAssertEqual(integ.advance(to: times.last!, outputTimes: times, outputIndex: &index) { _, _, y in
            ours.append(Array(UnsafeBufferPointer(start: y, count: 3)))
        }, .success)
        let gsl = ODEDriver(dimension: 3, method: .msbdf, absoluteTolerance: 1e-14, relativeTolerance: 1e-8, initialStep: 1e-8,
                            rightHandSide: { t, y, d in
                                let v = f(t, Array(UnsafeBufferPointer(start: y, count: 3)))
                                for i in 0..<3 { d[i] = v[i] }
                            }, jacobian: { t, y, dfdy, dfdt in
                                let v = jac(t, Array(UnsafeBufferPointer(start: y, count: 3)))
                                for i in 0..<9 { dfdy[i] = v[i] }
                                for i in 0..<3 { dfdt[i] = 0 }
                            })
        var y = y0, t = 0.0
        for (k, tq) in times.enumerated() {
            XCTAssertEqual(gsl.integrate(&y, from: &t, until: tq), .reached)
            for i in 0..<3 {
                XCTAssertEqual(ours[k][i], y[i], accuracy: 1e-5 * abs(y[i]) + 1e-11, "t = \(tq), component \(i)")
            }
        }
        XCTAssertLessThan(abs(ours.last!.reduce(0, +) - 1), 1e-12)   // Σy = 1 is conserved by linear invariance
    }

    /// Dense output of a subset (`advance(…outputComponents:…)`, as the column records its
    /// outlet only): the requested entries are bit-for-bit those of the full dense output,
    /// the steps are the same, and the other entries are not written.
    func testSubsetDenseOutputEqualsFullDenseOutput() {
        let sys = Self.stiffProblem()
        let times = stride(from: 0.05, through: 3.0, by: 0.05).map { $0 }
        func outputs(_ parts: [Range<Int>]?) -> (values: [[Double]], steps: Int) {
            let integ = BDFIntegrator(system: sys, rtol: 1e-6, atol: [1e-9])
            XCTAssertEqual([2.0, 0].withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }, .success)
            var got = [[Double]](), index = 0
            XCTAssertEqual(integ.advance(to: times.last!, outputTimes: times, outputIndex: &index, outputComponents: parts) { _, _, y in
                got.append([y[0], y[1]])
            }, .success)
            return (got, integ.statistics.steps)
        }
        let full = outputs(nil), subset = outputs([1..<2])
        XCTAssertEqual(full.steps, subset.steps)
        XCTAssertEqual(full.values.count, times.count)
        for (a, b) in zip(full.values, subset.values) {
            XCTAssertEqual(a[1].bitPattern, b[1].bitPattern)
            XCTAssertEqual(b[0], 0)   // the dense vector starts at 0 and entry 0 is never interpolated
        }
    }

    /// A failing integration reports where: y' = y² from y(0) = 1 blows up at t = 1.
    func testBlowUpIsReportedWithDiagnostics() {
        let sys = DenseTestDAE(n: 1, f: { _, y in [y[0] * y[0]] }, jacobian: { _, y in [2 * y[0]] })
        let integ = BDFIntegrator(system: sys, rtol: 1e-6, atol: [1e-9])
        XCTAssertEqual([1.0].withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }, .success)
        let st = integ.advance(to: 2)
        XCTAssertNotEqual(st, .success)
        let fail = try! XCTUnwrap(integ.failure)
        XCTAssertEqual(fail.status, st)
        XCTAssertEqual(fail.t, 1, accuracy: 1e-3)
        XCTAssertEqual(fail.component, 0)
        XCTAssertTrue(fail.description.contains("t = "), fail.description)
    }
}
