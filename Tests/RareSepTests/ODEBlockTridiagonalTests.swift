import Foundation
import XCTest
import GSLBridge
import RareSepCascade
import RareSepODE

/// A linear 4-stage mixer chain as an index-1 DAE whose Newton matrix is the cascade's
/// `BlockTridiagonalSystem` with the loop corner. Stage s holds aqueous x_s and organic
/// y_s (mol/m³) in volumes V_a, V_o (m³); aqueous flows 0 → N−1 (Q_a = Q_f + Q_r, m³/s),
/// a part Q_r of the last stage's aqueous returns to stage 0 (the corner), organic Q_o
/// flows N−1 → 0, fresh (y = 0). Rows per stage: the species balance
///   V_a·x_s' + V_o·y_s' = in_s − Q_a·x_s + Q_o·(y_{s+1} − y_s)   (differential)
///   0 = y_s − K·x_s                                              (equilibrium, algebraic)
/// with in_0 = Q_f·x_f + Q_r·x_{N−1} and in_s = Q_a·x_{s−1}.
final class LoopMixerChain: DAESystem {
    let stages = 4
    let va = 0.4, vo = 0.3, qf = 1e-4, qr = 0.5e-4, qo = 1.2e-4, k = 2.0
    var feed = 1.0
    var qa: Double { qf + qr }
    let linearSolver: BlockTridiagonalSystem
    var dimension: Int { 2 * stages }

    init() { linearSolver = BlockTridiagonalSystem(stageCount: 4, blockSize: 2, hasCorner: true) }

    func isDifferential(_ i: Int) -> Bool { i % 2 == 0 }
    func rhs(t: Double, y: UnsafePointer<Double>, f: UnsafeMutablePointer<Double>) -> Bool {
        let n = stages
        for s in 0..<n {
            let x = y[2 * s], o = y[2 * s + 1]
            let inflow = s == 0 ? qf * feed + qr * y[2 * (n - 1)] : qa * y[2 * (s - 1)]
            let orgIn = s == n - 1 ? 0 : y[2 * (s + 1) + 1]
            f[2 * s] = inflow - qa * x + qo * (orgIn - o)
            f[2 * s + 1] = o - k * x
        }
        return true
    }
    func applyMass(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        for s in 0..<stages {
            out[2 * s] = va * v[2 * s] + vo * v[2 * s + 1]
            out[2 * s + 1] = 0
        }
    }
    func updateJacobian(t: Double, y: UnsafePointer<Double>) -> Bool { true }   // constant J
    func assembleNewtonMatrix(c: Double) {
        let b = linearSolver, cs = b.couplingStride
        b.zero()
        let xx = b.couplingIndex(row: 0, column: 0)!, xy = b.couplingIndex(row: 0, column: 1)!
        for s in 0..<stages {
            let d = b.diag + 4 * s
            d[0] = va + c * qa; d[1] = vo + c * qo   // M − c·J, balance row
            d[2] = c * k; d[3] = -c                  // −c·J, equilibrium row
            if s > 0 { b.lower[s * cs + xx] = -c * qa }
            if s < stages - 1 { b.upper[s * cs + xy] = -c * qo }
        }
        b.corner[xx] = -c * qr
    }
}

/// The block-tridiagonal (loop corner) Newton path of `BDFIntegrator` on an index-1 DAE,
/// with an event, against GSL odeiv2 on the equivalent ODE.
final class ODEBlockTridiagonalTests: XCTestCase {
    /// The mixer chain with a feed step 1 → 1.5 mol/m³ at t = 5000 s (restart there),
    /// against GSL msbdf on the reduced ODE (V_a + K·V_o)·x_s' = in_s − Q_a·x_s +
    /// Q_o·K·(x_{s+1} − x_s), both at rtol 1e-8: x and y agree at every output time within
    /// 1e-6 relative (+1e-10 absolute), and the organic stays on equilibrium.
    func testLoopMixerChainAgainstGSLWithEvent() {
        let sys = LoopMixerChain()
        let n = sys.stages
        var y0 = [Double](repeating: 0, count: 2 * n)
        for s in 0..<n { y0[2 * s] = 0.2 * Double(s); y0[2 * s + 1] = sys.k * y0[2 * s] }
        let integ = BDFIntegrator(system: sys, rtol: 1e-8, atol: [1e-12])
        let times = stride(from: 1000.0, through: 20000, by: 1000).map { $0 }
        var ours = [[Double]](repeating: [], count: times.count)
        var index = 0
        let record: (Int, Double, UnsafePointer<Double>) -> Void = { i, _, y in ours[i] = Array(UnsafeBufferPointer(start: y, count: 2 * n)) }
        XCTAssertEqual(y0.withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }, .success)
        XCTAssertEqual(integ.advance(to: 5000, outputTimes: times, outputIndex: &index, output: record), .success)
        sys.feed = 1.5
        var state = [Double](repeating: 0, count: 2 * n)
        integ.copyState(into: &state)
        XCTAssertEqual(state.withUnsafeBufferPointer { integ.restart(t0: 5000, y0: $0.baseAddress!) }, .success)
        XCTAssertEqual(integ.advance(to: 20000, outputTimes: times, outputIndex: &index, output: record), .success)
        XCTAssertEqual(index, times.count)

        // reference: the reduced ODE in x, GSL msbdf with its dense Jacobian
        let cap = sys.va + sys.k * sys.vo
        var feed = 1.0
        let gsl = ODEDriver(dimension: n, method: .msbdf, absoluteTolerance: 1e-12, relativeTolerance: 1e-8, initialStep: 1,
                            rightHandSide: { _, x, d in
                                for s in 0..<n {
                                    let inflow = s == 0 ? sys.qf * feed + sys.qr * x[n - 1] : sys.qa * x[s - 1]
                                    let next = s == n - 1 ? 0 : sys.k * x[s + 1]
                                    d[s] = (inflow - sys.qa * x[s] + sys.qo * (next - sys.k * x[s])) / cap
                                }
                            }, jacobian: { _, _, dfdy, dfdt in
                                for i in 0..<(n * n) { dfdy[i] = 0 }
                                for s in 0..<n {
                                    dfdt[s] = 0
                                    dfdy[s * n + s] = -(sys.qa + sys.qo * sys.k) / cap
                                    if s > 0 { dfdy[s * n + s - 1] = sys.qa / cap }
                                    if s < n - 1 { dfdy[s * n + s + 1] = sys.qo * sys.k / cap }
                                }
                                dfdy[n - 1] += sys.qr / cap
                            })
        var x = (0..<n).map { y0[2 * $0] }, t = 0.0
        for (i, tq) in times.enumerated() {
            if tq > 5000 && feed == 1 {
                XCTAssertEqual(gsl.integrate(&x, from: &t, until: 5000), .reached)
                feed = 1.5
            }
            XCTAssertEqual(gsl.integrate(&x, from: &t, until: tq), .reached)
            for s in 0..<n {
                XCTAssertEqual(ours[i][2 * s], x[s], accuracy: 1e-6 * abs(x[s]) + 1e-10, "t = \(tq), stage \(s)")
                XCTAssertEqual(ours[i][2 * s + 1], sys.k * ours[i][2 * s], accuracy: 1e-9 * abs(ours[i][2 * s + 1]) + 1e-10)
            }
        }
        print("loop mixer chain: \(integ.statistics)")
    }
}
