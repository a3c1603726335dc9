import Foundation
import XCTest

/// The built executable, run as a user would.
final class CLITests: XCTestCase {
    func testRunDefaultCaseWritesOutputs() throws {
        let out = TestPaths.temporaryDirectory()
        let r = try runCLI(["run", "cases/default.yaml", "--output", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Solver: success"), r.stdout)
        for f in ["stage_profiles.csv", "outlets.csv", "summary.json", "stage_diagnostics.csv", "stage_profiles.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + f), f)
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        XCTAssertEqual(json["schema"] as? String, "raresep.cascade-summary/1")
        let solver = json["solver"] as! [String: Any]
        XCTAssertEqual(solver["status"] as? String, "success")
        let balance = (json["mass_balance"] as! [String: Any])["closure_by_species"] as! [String: Double]
        for (_, v) in balance { XCTAssertLessThan(abs(v), 1e-12) }
        let outlets = json["outlets"] as! [[String: Any]]
        XCTAssertFalse(outlets.isEmpty)
        // Recoveries of each metal over all outlets add up to 1.
        var total: [String: Double] = [:]
        for o in outlets { for (k, v) in o["recovery"] as! [String: Double] { total[k, default: 0] += v } }
        for (k, v) in total { XCTAssertEqual(v, 1, accuracy: 1e-10, k) }
    }

    func testValidateCommandPrintsClosingLine() throws {
        let r = try runCLI(["validate", "--filter", "analytic/kremser"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("1 passed, 0 failed"), r.stdout)
    }

    func testBadInputGivesOneLineErrorAndStatus1() throws {
        let dir = TestPaths.temporaryDirectory()
        let bad = dir + "/bad.yaml"
        try """
        kind: cascade
        components: [Tb, Dy]
        models:
          m: {id: constant-distribution, D: {Tb: 0.8, Dy: 2.0}}
        sections:
          - {name: extraction, stages: 3, model: m}
        streams:
          - {name: feed, phase: aqueous, stage: 3, flow: 10 furlongs, composition: {Tb: 1 mol/L}}
        organic: {flow: 10 L/h}
        """.write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try runCLI(["run", bad, "--output", dir + "/out"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.yaml:8"), r.stderr)
        XCTAssertTrue(r.stderr.contains("furlongs"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertFalse(r.stderr.contains("Fatal"), r.stderr)
        let missing = try runCLI(["run", dir + "/nope.yaml"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nope.yaml"), missing.stderr)
    }

    func testUsageErrorExits2() throws {
        let r = try runCLI(["run"])
        XCTAssertEqual(r.status, 2, r.stderr)
        let r2 = try runCLI(["frobnicate"])
        XCTAssertEqual(r2.status, 2, r2.stderr)
    }

    func testNonConvergenceIsReportedWithDiagnostics() throws {
        let dir = TestPaths.temporaryDirectory()
        let c = dir + "/tight.yaml"
        // One Newton iteration (per attempt: Kremser start, feed start, continuation) is
        // not enough for the nonlinear default case: the run must say so, exit 3 and
        // still write diagnostics.
        let text = try String(contentsOfFile: TestPaths.root + "/cases/default.yaml", encoding: .utf8)
            .replacingOccurrences(of: "file: extraction/", with: "file: \(TestPaths.models)/extraction/")
        try (text + "\nsolver: {max_iterations: 1}\n").write(toFile: c, atomically: true, encoding: .utf8)
        let r = try runCLI(["run", c, "--output", dir + "/out"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("did not converge"), r.stderr)
        XCTAssertTrue(r.stderr.contains("stage"), r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/summary.json"))
    }
}

/// `raresep bench --json` keeps the output contract of issue 4 (run on the small cases only).
final class BenchCLITests: XCTestCase {
    func testBenchJSONContract() throws {
        let r = try runCLI(["bench", "--json", "--filter", "cascade-3-stage"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let arr = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(arr.count, 1)
        let b = arr[0]
        XCTAssertEqual(b["name"] as? String, "cascade-3-stage")
        XCTAssertGreaterThan(b["median_ms"] as? Double ?? 0, 0)
        XCTAssertGreaterThan(b["runs"] as? Int ?? 0, 0)
        XCTAssertEqual(b["baseline"] as? String, "gsl-hybridsj-dense-fd")
        XCTAssertGreaterThan(b["ratio"] as? Double ?? 0, 0)
        XCTAssertLessThan(b["max_rel_diff"] as? Double ?? 1, 1e-8)
        // allocations per iteration are a release-build property (0 there); a debug build
        // may allocate closure contexts, so only the field's presence is checked here
        XCTAssertNotNil(b["allocations_per_iteration"])
    }
}
