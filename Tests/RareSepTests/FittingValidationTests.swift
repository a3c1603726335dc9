import XCTest
import RareSepIO

/// Runs the Validation/fitting cases through the same code path as `raresep validate`.
final class FittingValidationTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func runCases(under sub: String) throws {
        let library = try ModelLibrary.locate(near: Self.packageRoot + "/Models/elements.yaml")
        let root = Self.packageRoot + "/Validation"
        let dirs = ValidationRunner.discover(root: root + "/" + sub)
        XCTAssertFalse(dirs.isEmpty, "no cases under Validation/\(sub)")
        for dir in dirs {
            let outcome = ValidationRunner.run(directory: dir, library: library, root: root)
            XCTAssertTrue(outcome.passed, outcome.summaryLine)
            for (c, _, _) in outcome.comparisons where c.name.hasPrefix("coverage_low") {
                print("  \(c.name): \(Int(c.value)) covered (band from \(Int(c.reference)))")
            }
            for (c, tol, ok) in outcome.comparisons where !ok {
                print("  \(c.name): \(c.value) vs \(c.reference) (\(tol?.description ?? c.kind.rawValue))")
            }
        }
    }

    func testNISTStRDNonlinear() throws { try runCases(under: "fitting/nist-strd") }

    func testUKyCorrelationRefit() throws { try runCases(under: "fitting/uky-refit") }
}
