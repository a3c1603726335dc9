import XCTest
@testable import RareSepIO

/// Every validation case under Validation/ runs through the same code as `raresep validate`.
final class ValidationCaseTests: XCTestCase {
    func testEveryValidationCasePasses() throws {
        let cases = ValidationRunner.discover(root: TestPaths.validation)
        XCTAssertGreaterThanOrEqual(cases.count, 5, "validation cases found")
        for c in cases {
            let o = ValidationRunner.run(directory: c, library: TestPaths.library, root: TestPaths.validation)
            XCTAssertTrue(o.passed, o.summaryLine)
        }
    }

    func testToleranceParsingAndFailureIsReported() throws {
        let t = try Tolerance.parse(YAMLDocument.parse("rel 1e-6 abs 1e-9", file: "t.yaml"))
        XCTAssertTrue(t.accepts(1.0000001, 1.0))
        XCTAssertFalse(t.accepts(1.001, 1.0))
        XCTAssertFalse(t.accepts(.nan, 1.0))
        XCTAssertThrowsError(try Tolerance.parse(YAMLDocument.parse("relative 3", file: "t.yaml")))
    }
}
