import XCTest
@testable import GSLBridge

/// GSL's abort-on-error handler is off: a failing GSL call comes back as a Swift error.
final class GSLBridgeTests: XCTestCase {
    func testSingularSolveThrowsInsteadOfAborting() {
        XCTAssertThrowsError(try gslSolveDense(matrix: [1, 2, 2, 4], rhs: [1, 1])) { e in
            guard let g = e as? GSLError else { return XCTFail("not a GSLError: \(e)") }
            XCTAssertNotEqual(g.code, 0)
            XCTAssertFalse(g.reason.isEmpty)
            XCTAssertTrue(g.description.contains("dense LU"), g.description)
        }
    }

    func testDenseSolve() throws {
        let x = try gslSolveDense(matrix: [4, 1, 2, 3], rhs: [1, 2])
        XCTAssertEqual(x[0], 0.1, accuracy: 1e-15)
        XCTAssertEqual(x[1], 0.6, accuracy: 1e-15)
    }
}

/// The GSL ODE driver against closed forms: a stiff decay with msbdf and a
/// harmonic oscillator with rk8pd; a non-finite derivative is a failure outcome.
final class ODEDriverTests: XCTestCase {
    func testStiffDecayMatchesExponential() {
        let k = 1000.0
        let ode = ODEDriver(dimension: 2, method: .msbdf, absoluteTolerance: 1e-12, relativeTolerance: 1e-10, initialStep: 1e-6,
                            rightHandSide: { _, y, f in f[0] = -k * y[0]; f[1] = -y[1] },
                            jacobian: { _, _, dfdy, dfdt in
                                dfdy[0] = -k; dfdy[1] = 0; dfdy[2] = 0; dfdy[3] = -1
                                dfdt[0] = 0; dfdt[1] = 0
                            })
        var y = [1.0, 1.0], t = 0.0
        XCTAssertEqual(ode.integrate(&y, from: &t, until: 2.0), .reached)
        XCTAssertEqual(t, 2.0)
        XCTAssertEqual(y[1], exp(-2.0), accuracy: 1e-8)
        XCTAssertEqual(y[0], 0, accuracy: 1e-10)
    }

    func testOscillatorWithRK8PD() {
        let ode = ODEDriver(dimension: 2, method: .rk8pd, absoluteTolerance: 1e-12, relativeTolerance: 1e-12, initialStep: 1e-3,
                            rightHandSide: { _, y, f in f[0] = y[1]; f[1] = -y[0] })
        var y = [0.0, 1.0], t = 0.0
        XCTAssertEqual(ode.integrate(&y, from: &t, until: 10), .reached)
        XCTAssertEqual(y[0], sin(10), accuracy: 1e-9)
        XCTAssertEqual(y[1], cos(10), accuracy: 1e-9)
    }

    func testNonFiniteDerivativeIsReported() {
        let ode = ODEDriver(dimension: 1, method: .rkf45, absoluteTolerance: 1e-8, relativeTolerance: 1e-8, initialStep: 1e-3,
                            rightHandSide: { t, _, f in f[0] = t > 0.5 ? .nan : 1 })
        var y = [0.0], t = 0.0
        if case .failed(let status, let at) = ode.integrate(&y, from: &t, until: 1) {
            XCTAssertNotEqual(status, 0)
            XCTAssertLessThanOrEqual(at, 0.5 + 1e-3)
        } else {
            XCTFail("a NaN derivative must stop the integration with a status")
        }
    }
}
