import Foundation
import XCTest
import RareSepBench
@testable import RareSepIO

/// The baseline of the `dynamic-plant-ndfeb` benchmark solves the plant run's problem: its
/// cascades integrated window by window with their inlets at the plant's converged window
/// averages give the plant's outlet averages (to about the window tolerance), with no more
/// BDF steps than the plant run's sweeps took.
final class DynamicPlantBenchmarkTests: XCTestCase {
    /// Extract–strip with a 30 % strip-liquor reflux (Validation/flowsheet/extract-strip-reflux),
    /// leach 10 → 12 L/h at 10 h, 60 h in 10 h windows (rtol 1e-6, window tolerance 1e-10).
    func testPlainIntegrationReproducesThePlantRun() throws {
        let dir = TestPaths.temporaryDirectory()
        let src = TestPaths.validation + "/flowsheet/extract-strip-reflux"
        for f in ["extract-scrub.yaml", "strip.yaml"] { try FileManager.default.copyItem(atPath: src + "/" + f, toPath: dir + "/" + f) }
        let dynamics = DynamicFlowsheetTests.dynamics
            .replacingOccurrences(of: "horizon: 2000 h", with: "horizon: 60 h").replacingOccurrences(of: "window: 100 h", with: "window: 10 h")
            .replacingOccurrences(of: "every: 100 h", with: "every: 10 h")
            .replacingOccurrences(of: "relative_tolerance: 1e-8, window_tolerance: 1e-12", with: "relative_tolerance: 1e-6, window_tolerance: 1e-10")
        XCTAssertTrue(dynamics.contains("window_tolerance: 1e-10"))
        let path = dir + "/plant.yaml"
        try (try String(contentsOfFile: src + "/flowsheet.yaml", encoding: .utf8) + "\n" + dynamics + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        func load() throws -> DynamicFlowsheetCase {
            let root = try YAMLDocument.load(path: path)
            return try DynamicFlowsheetCase.load(try FlowsheetCase.load(root: root, path: path, library: TestPaths.library), node: try root.require("dynamics"))
        }
        let run = try DynamicFlowsheetRunner.simulate(try load())
        XCTAssertEqual(run.report.code.rawValue, "success")
        XCTAssertEqual(run.windows, 6)
        let plain = try DynamicPlantBenchmarks.plainIntegration(try load(), windowsOf: run)
        XCTAssertLessThan(plain.maxRelativeDifference, 1e-6)
        XCTAssertGreaterThan(plain.statistics.steps, 0)
        XCTAssertLessThanOrEqual(plain.statistics.steps, run.statistics.steps)
    }
}
