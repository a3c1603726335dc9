import Foundation
import XCTest
@testable import RareSepCascade
@testable import RareSepCore
@testable import RareSepDynamics
@testable import RareSepIO

/// `kind: dynamic` case files and their outputs: the bundled PrOMMiS-like case against the
/// steady solver and its ledger, a start from a steady run's stage_profiles.csv, the ramp
/// staircase against the exact ramp's feed, settling times against a closed form.
final class DynamicCaseTests: XCTestCase {
    func run(_ path: String, output: String? = nil) throws -> DynamicCaseRunner.Outcome {
        let library = try ModelLibrary.locate(near: path)
        return try DynamicCaseRunner.execute(root: try YAMLDocument.load(path: path), path: path, library: library, outputDirectory: output)
    }

    /// The bundled 3-stage case starts at the steady solver's state (outlets to 1e-8), runs
    /// the feed step, closes its ledger to 1e-9, and writes a summary of its schema.
    func testPrommisLikeCaseStartsSteadyStepsAndClosesItsLedger() throws {
        let dir = TestPaths.temporaryDirectory()
        let path = TestPaths.root + "/cases/dynamic-prommis-like.yaml"
        let o = try run(path, output: dir + "/out")
        XCTAssertEqual(o.summary.integrator.status, "success")
        XCTAssertLessThan(o.summary.worst_ledger_closure, 1e-9)
        let steady = try CascadeSolver.solve(o.dynamicCase.cascade.problem)
        let first = o.run.snapshots[0]
        XCTAssertEqual(first.time, 0)
        for (a, b) in zip(first.outlets, steady.outlets) {
            XCTAssertEqual(a.name, b.name)
            let scale = b.amounts.map(abs).max()!
            for (u, v) in zip(a.amounts, b.amounts) { XCTAssertEqual(u, v, accuracy: 1e-8 * abs(v) + 1e-12 * scale, a.name) }
        }
        let raffinate = { (s: DynamicSnapshot) in s.outlets.first { $0.name == "raffinate" }!.aqueousFlow }
        XCTAssertEqual(raffinate(o.run.snapshots.last!) * 3.6e6, 72.01, accuracy: 1e-9)
        XCTAssertEqual(raffinate(o.run.snapshots.first { $0.time == 4 * 3600 }!) * 3.6e6, 62.01, accuracy: 1e-9)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/summary.json"))
        let s = try JSONDecoder().decode(DynamicSummary.self, from: data)
        XCTAssertEqual(s.schema, "raresep.dynamic-summary/1")
        XCTAssertEqual(s.products.count, 12)
        for f in ["outlets.csv", "stages.csv", "stage_profiles.csv", "outlets.svg", "report.html", "COMPLETE"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/" + f), f)
        }
        let header = try String(contentsOfFile: dir + "/out/outlets.csv", encoding: .utf8).prefix { $0 != "\n" }
        XCTAssertTrue(header.hasPrefix("time_s,outlet,phase,flow_m3_per_s,La_mol_per_m3"), String(header))
    }

    /// A start from the stage_profiles.csv of a steady cascade run is the start from
    /// `initial: steady` (the same state, to 1e-9, an hour later).
    func testStartFromStageProfilesOfASteadyRunIsTheSteadyStart() throws {
        let dir = TestPaths.temporaryDirectory()
        try FileManager.default.copyItem(atPath: TestPaths.root + "/cases/tb-dy-constant-beta.yaml", toPath: dir + "/tb-dy-constant-beta.yaml")
        _ = try CaseKinds.run(path: dir + "/tb-dy-constant-beta.yaml", output: dir + "/steady")
        let base = try String(contentsOfFile: TestPaths.root + "/cases/dynamic-tb-dy-step.yaml", encoding: .utf8)
            .replacingOccurrences(of: "horizon: 200 h", with: "horizon: 1 h")
            .replacingOccurrences(of: "output: {every: 30 min}", with: "output: {times: [0 h, 1 h]}")
        let noEvents = base.components(separatedBy: "\n").filter { !$0.hasPrefix("events:") && !$0.hasPrefix("  - {time:") }.joined(separator: "\n")
        try noEvents.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try noEvents.replacingOccurrences(of: "initial: steady", with: "initial: {profiles: steady/stage_profiles.csv}")
            .write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let a = try run(dir + "/a.yaml"), b = try run(dir + "/b.yaml")
        XCTAssertEqual(b.dynamicCase.initialDescription.hasPrefix("profiles from"), true)
        for (sa, sb) in zip(a.run.snapshots, b.run.snapshots) {
            for (oa, ob) in zip(sa.outlets, sb.outlets) {
                for (u, v) in zip(oa.aqueous + oa.organic, ob.aqueous + ob.organic) { XCTAssertEqual(u, v, accuracy: 1e-9 * max(abs(v), 1e-6)) }
            }
        }
    }

    /// A linear ramp of the feed flow as a staircase of midpoint steps feeds exactly what
    /// the ramp feeds: ∫Q dt = Q0·t0 + (Q0 + Q1)/2·(t1 − t0) + Q1·(T − t1), per species.
    func testRampStaircaseFeedsWhatTheRampFeeds() throws {
        let dir = TestPaths.temporaryDirectory()
        try FileManager.default.copyItem(atPath: TestPaths.root + "/cases/tb-dy-constant-beta.yaml", toPath: dir + "/tb-dy-constant-beta.yaml")
        let text = try String(contentsOfFile: TestPaths.root + "/cases/dynamic-tb-dy-step.yaml", encoding: .utf8)
            .replacingOccurrences(of: "horizon: 200 h", with: "horizon: 30 h")
            .replacingOccurrences(of: "  - {time: 10 h, feed: feed, flow: 5.75 L/h}\n  - {time: 40 h, until: 50 h, steps: 10, organic_flow: 36 L/h}",
                                  with: "  - {time: 10 h, until: 20 h, steps: 7, feed: feed, flow: 6 L/h}")
        XCTAssertTrue(text.contains("until: 20 h"))
        try text.write(toFile: dir + "/ramp.yaml", atomically: true, encoding: .utf8)
        let o = try run(dir + "/ramp.yaml")
        XCTAssertEqual(o.dynamicCase.events.count, 8)
        let feed = o.dynamicCase.cascade.problem.feeds[0]
        let h = 3600.0, q0 = 5e-3 / h, q1 = 6e-3 / h
        let volume = q0 * 10 * h + (q0 + q1) / 2 * 10 * h + q1 * 10 * h
        for (j, l) in o.run.ledger.enumerated() where j < 4 {
            XCTAssertEqual(l.fed, volume * feed.concentrations[j], accuracy: 1e-12 * l.fed, l.species)
            XCTAssertLessThan(abs(l.relativeClosure), 1e-9)
        }
    }

    /// Settling time of 1 − exp(−t/τ) into ±1 % and ±0.1 % of 1: τ·ln 100 and τ·ln 1000
    /// (to the output spacing's linear interpolation).
    func testSettlingTimeOfAFirstOrderResponse() {
        let tau = 100.0
        let t = (0...2000).map { Double($0) }
        let v = t.map { 1 - exp(-$0 / tau) }
        XCTAssertEqual(DynamicAnalysis.settlingTime(t, v, target: 1, band: 0.01)!, tau * log(100), accuracy: 0.01)
        XCTAssertEqual(DynamicAnalysis.settlingTime(t, v, target: 1, band: 0.001)!, tau * log(1000), accuracy: 0.01)
        XCTAssertNil(DynamicAnalysis.settlingTime(Array(t.prefix(300)), Array(v.prefix(300)), target: 1, band: 0.01))
    }
}
