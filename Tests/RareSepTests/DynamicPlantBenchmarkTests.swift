import Foundation
import XCTest
import RareSepBench
@testable import RareSepIO
import RareSepDynamics

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

    /// Anderson acceleration of the tear streams' window averages (the default) reaches the
    /// plain sweeps' answer — the same plant, each window converged to its tolerance — in
    /// fewer sweeps; `anderson_depth: 0` gives plain sweeps, and a depth outside 0…50 is a
    /// located error.
    func testAndersonSweepsReachThePlainSweepsAnswerInFewerSweeps() throws {
        let dir = TestPaths.temporaryDirectory()
        let src = TestPaths.validation + "/flowsheet/extract-strip-reflux"
        for f in ["extract-scrub.yaml", "strip.yaml"] { try FileManager.default.copyItem(atPath: src + "/" + f, toPath: dir + "/" + f) }
        func run(_ solver: String) throws -> DynamicPlantRun {
            let dynamics = DynamicFlowsheetTests.dynamics
                .replacingOccurrences(of: "horizon: 2000 h", with: "horizon: 60 h").replacingOccurrences(of: "window: 100 h", with: "window: 10 h")
                .replacingOccurrences(of: "every: 100 h", with: "every: 10 h")
                .replacingOccurrences(of: "relative_tolerance: 1e-8, window_tolerance: 1e-12", with: "relative_tolerance: 1e-6, window_tolerance: 1e-10" + solver)
            let path = dir + "/plant.yaml"
            try (try String(contentsOfFile: src + "/flowsheet.yaml", encoding: .utf8) + "\n" + dynamics + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let root = try YAMLDocument.load(path: path)
            return try DynamicFlowsheetRunner.simulate(try DynamicFlowsheetCase.load(try FlowsheetCase.load(root: root, path: path, library: TestPaths.library),
                                                                                 node: try root.require("dynamics")))
        }
        let accelerated = try run(""), plain = try run(", anderson_depth: 0")
        XCTAssertEqual(accelerated.report.code.rawValue, "success")
        XCTAssertEqual(plain.report.code.rawValue, "success")
        XCTAssertLessThan(accelerated.sweeps, plain.sweeps)
        for (a, b) in zip(accelerated.snapshots, plain.snapshots) {
            XCTAssertEqual(a.time, b.time)
            for (sa, sb) in zip(a.streams, b.streams) {
                XCTAssertEqual(sa.flow, sb.flow, accuracy: 1e-8 * max(sa.flow, 1e-12))
                let top = max(sa.concentrations.max() ?? 0, 1e-300)
                for (x, y) in zip(sa.concentrations, sb.concentrations) { XCTAssertEqual(x, y, accuracy: 1e-7 * top) }
            }
        }
        XCTAssertThrowsError(try run(", anderson_depth: 51")) { e in XCTAssertTrue("\(e)".contains("anderson_depth"), "\(e)") }
    }
}
