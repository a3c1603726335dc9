import XCTest
import GSLBridge
@testable import RareSepContactor
@testable import RareSepBench

/// Subnormal doubles are flushed to zero only inside `SubnormalFlush.run` (nested runs and
/// a throwing body restore the mode), and the contactor solve runs in that mode.
final class SubnormalFlushTests: XCTestCase {
    struct Thrown: Error {}

    @inline(never) func opaque(_ x: Double) -> Double { x }

    func testTheModeHoldsInsideTheRunOnlyAndNests() throws {
        XCTAssertFalse(SubnormalFlush.isActive)
        let outside = opaque(Double.leastNormalMagnitude) * opaque(0.25)
        XCTAssertGreaterThan(outside, 0, "subnormal results exist outside the run")
        SubnormalFlush.run {
            XCTAssertTrue(SubnormalFlush.isActive)
            XCTAssertEqual(opaque(Double.leastNormalMagnitude) * opaque(0.25), 0)
            // a subnormal operand reads as zero
            XCTAssertEqual(opaque(outside) * opaque(1e300), 0)
            SubnormalFlush.run { XCTAssertTrue(SubnormalFlush.isActive) }
            XCTAssertTrue(SubnormalFlush.isActive, "the inner run restores the outer mode")
            // normal numbers are untouched
            XCTAssertEqual(opaque(1e-300) * opaque(1e-7), 1e-307)
        }
        XCTAssertFalse(SubnormalFlush.isActive)
        XCTAssertThrowsError(try SubnormalFlush.run { throw Thrown() })
        XCTAssertFalse(SubnormalFlush.isActive, "a throwing body restores the mode")
        XCTAssertEqual(opaque(Double.leastNormalMagnitude) * opaque(0.25), outside)
    }

    /// The benchmark contactor's traces fall below the subnormal range: inside the solve they
    /// are zero, the solve converges with the species balance closed, and the caller's mode
    /// is back afterwards.
    func testTheContactorSolveFlushesAndRestores() throws {
        let p = try ContactorBenchmarks.unitProblem(library: TestPaths.library, cells: 200)
        let s = try ContactorSolver.solve(p)
        XCTAssertFalse(SubnormalFlush.isActive)
        XCTAssertTrue(s.report.converged, "\(s.report)")
        XCTAssertLessThan(s.balanceClosure, 1e-10)
        var zeros = 0
        for row in s.aqueous + s.organic {
            for v in row {
                XCTAssertGreaterThanOrEqual(v, 0)
                XCTAssertFalse(v != 0 && abs(v) < Double.leastNormalMagnitude, "subnormal \(v) in the profiles")
                if v == 0 { zeros += 1 }
            }
        }
        XCTAssertGreaterThan(zeros, 0, "the deepest traces are flushed to zero")
    }
}
