import Foundation
import XCTest
@testable import RareSepCascade
@testable import RareSepCore
@testable import RareSepDynamics
@testable import RareSepIO

/// Saponification-degree events on the once-through solvent of a dynamic cascade
/// (Validation/chemistry/saponified-extraction-cascade: 0.3 mol/L D2EHPA, 47 % as the Na salt).
final class DynamicSaponificationTests: XCTestCase {
    static let cascade = TestPaths.validation + "/chemistry/saponified-extraction-cascade/case.yaml"

    /// A ramp of the degree 47 % → 30 % over 1–3 h: long after it the cascade is the steady
    /// solver's cascade whose solvent is written in its case file at 30 % (Na 90 mmol/L of
    /// 300, protons from the site balance), to 1e-8 relative; the Na and H ledgers close.
    func testLongTimeLimitAfterADegreeRampIsTheSteadyStateAtTheNewDegree() throws {
        let dir = TestPaths.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.cascade, toPath: dir + "/case.yaml")
        let text = try String(contentsOfFile: Self.cascade, encoding: .utf8)
        let at30 = text.replacingOccurrences(of: "{D2EHPA: 300 mmol/L, Na: 140 mmol/L, H: 160 mmol/L}", with: "{D2EHPA: 300 mmol/L, Na: 90 mmol/L}")
        XCTAssertNotEqual(at30, text)
        try at30.write(toFile: dir + "/at30.yaml", atomically: true, encoding: .utf8)
        try """
            kind: dynamic
            name: saponification ramp
            case: case.yaml
            hold_ups:
              all: {mixer_volume: 0.5 L}
            settler_cells: 0
            initial: steady
            horizon: 20000 h
            events:
              - {time: 1 h, until: 3 h, steps: 4, saponification: 30 %}
            output: {times: [0 h, 2 h, 20000 h]}
            solver: {relative_tolerance: 1e-7}
            """.write(toFile: dir + "/dyn.yaml", atomically: true, encoding: .utf8)
        let path = dir + "/dyn.yaml"
        let o = try DynamicCaseRunner.execute(root: try YAMLDocument.load(path: path), path: path,
                                              library: try ModelLibrary.locate(near: path), outputDirectory: nil)
        XCTAssertEqual(o.summary.integrator.status, "success")
        XCTAssertEqual(o.dynamicCase.events.count, 5)
        let target = try CascadeCase.load(path: dir + "/at30.yaml", library: TestPaths.library).problem
        let steady = try CascadeSolver.solve(target)
        XCTAssertTrue(steady.report.converged)
        let p = o.dynamicCase.cascade.problem, n = p.species.count
        XCTAssertEqual(p.species.symbols, target.species.symbols)
        let start = p.feeds.first { $0.phase == .organic }!
        let na = p.species.index(of: "Na")!, h = p.species.index(of: "H")!
        XCTAssertEqual(start.concentrations[na], 140, accuracy: 1e-9)
        var worst = 0.0
        for j in 0..<n {
            let typ = (steady.aqueous + steady.organic).enumerated().filter { $0.offset % n == j }.map { abs($0.element) }.max()!
            guard typ > 0 else { continue }
            for s in 0..<p.stageCount {
                worst = max(worst, abs(o.run.finalMixerAqueous[s * n + j] - steady.aqueous[s * n + j]) / (abs(steady.aqueous[s * n + j]) + 1e-6 * typ),
                            abs(o.run.finalMixerOrganic[s * n + j] - steady.organic[s * n + j]) / (abs(steady.organic[s * n + j]) + 1e-6 * typ))
            }
        }
        XCTAssertLessThan(worst, 1e-8)
        for l in o.run.ledger where l.fed > 0 { XCTAssertLessThan(abs(l.relativeClosure), 1e-9, "\(l)") }
        // Na fed: the aqueous feed's 100 mmol/L throughout, and with the solvent 140 mmol/L for
        // 1 h, the staircase's midpoints, 90 mmol/L after 3 h (mol/m³ × m³)
        let q = start.flow, hour = 3600.0
        var fedNa: Double = 140 * hour + 90 * 19997 * hour
        for k in 0..<4 {
            let c: Double = 140 - 50 * (Double(k) + 0.5) / 4
            fedNa += c * 0.5 * hour
        }
        fedNa *= q
        let aqueous = p.feeds.first { $0.phase == .aqueous }!
        fedNa += aqueous.flow * aqueous.concentrations[na] * 20000 * hour
        XCTAssertEqual(o.run.ledger[na].fed, fedNa, accuracy: 1e-12 * fedNa)
        XCTAssertGreaterThan(o.run.ledger[h].fed, 0)
    }
}
