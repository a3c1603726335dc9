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
