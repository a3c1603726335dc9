import Foundation
import XCTest
@testable import RareSepChemistry
@testable import RareSepCore
@testable import RareSepCascade
@testable import RareSepIO

/// Bad cascade input: sizes, values out of physical range, duplicate names, infeasible
/// physics and questionable feeds. Crash classes run through the built executable with
/// cases generated in a temporary directory; each must end in one located line.
final class CascadeInputTests: XCTestCase {
    /// A small constant-separation-factor case; `extra` is appended at the end.
    static func constantCase(stages: String = "10", feed: String = "{Tb: 1 g/L, Dy: 1 g/L}", flow: String = "5 L/h",
                             extra: String = "") -> String {
        """
        kind: cascade
        components: [Tb, Dy]
        models:
          m: {id: constant-separation-factors, reference_D: 0.5, separation_factors: {Tb: 1.0, Dy: 2.0}}
        sections:
          - {name: extraction, stages: \(stages), model: m}
        streams:
          - {name: feed, phase: aqueous, stage: {section: extraction, stage: last}, flow: \(flow), composition: \(feed)}
        organic:
          flow: 10 L/h
        \(extra)
        """
    }

    /// The default (mass-action, closed-loop) case with its Models/ path made absolute.
    static func defaultCase() throws -> String {
        try String(contentsOfFile: TestPaths.root + "/cases/default.yaml", encoding: .utf8)
            .replacingOccurrences(of: "file: extraction/", with: "file: \(TestPaths.models)/extraction/")
    }

    /// Write `text` as case.yaml in a fresh directory and run `raresep run` on it.
    func run(_ text: String) throws -> (result: CLIResult, directory: String) {
        let dir = TestPaths.temporaryDirectory()
        try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        return (try runCLI(["run", "case.yaml", "-o", "out"], in: dir), dir)
    }

    /// Run and expect exit 1 with one `error:` line containing every fragment.
    func assertRefused(_ text: String, contains fragments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let (r, _) = try run(text)
        XCTAssertEqual(r.status, 1, "exit status; stderr: \(r.stderr)", file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("error: case.yaml:"), "located: \(r.stderr)", file: file, line: line)
        for f in fragments { XCTAssertTrue(r.stderr.contains(f), "'\(f)' in: \(r.stderr)", file: file, line: line) }
    }

    func load(_ text: String) throws -> CascadeCase {
        try CascadeCase.load(root: YAMLDocument.parse(text, file: "case.yaml"), path: "case.yaml", library: TestPaths.library)
    }

    // MARK: sizes

    func testHugeStageCountsAreRefusedSayingTheMemoryNeeded() throws {
        for n in ["9223372036854775807", "1000000000000000000", "1000000000000", "100000000", "99999999999999999999999"] {
            try assertRefused(Self.constantCase(stages: n), contains: ["case.yaml:6", n, "would need", "RARESEP_MAX_MEMORY"])
        }
        // two sections each within the limit, together beyond it (the sum must not overflow either)
        let two = Self.constantCase(stages: "9223372036854775807").replacingOccurrences(
            of: "  - {name: extraction", with: "  - {name: scrub, stages: 9223372036854775807, model: m}\n  - {name: extraction")
        try assertRefused(two, contains: ["would need"])
    }

    func testStageLimitFollowsTheMemoryBudget() throws {
        setenv("RARESEP_MAX_MEMORY", "1M", 1)
        defer { unsetenv("RARESEP_MAX_MEMORY") }
        XCTAssertThrowsError(try load(Self.constantCase(stages: "10000"))) { e in
            XCTAssertTrue("\(e)".contains("1.0 MiB"), "\(e)")
        }
        XCTAssertNoThrow(try load(Self.constantCase(stages: "100")))
    }

    func testLargeProtonBalanceCascadeIsRefusedByItsStageLimit() throws {
        // 10^5 stages of the default chemistry would iterate for many minutes: refused at load
        let big = try Self.defaultCase().replacingOccurrences(of: "stages: 25, model: d2ehpa", with: "stages: 99960, model: d2ehpa")
        XCTAssertThrowsError(try load(big)) { e in
            XCTAssertTrue("\(e)".contains("sections[2].stages") && "\(e)".contains("at most \(CascadeCaseChecks.maxNonlinearStages) stages"), "\(e)")
        }
    }

    func testStagesBelowOneGiveTheAllowedRange() throws {
        for n in ["0", "-3"] {
            XCTAssertThrowsError(try load(Self.constantCase(stages: n))) { e in
                XCTAssertTrue("\(e)".contains("case.yaml:6") && "\(e)".contains("from 1 to"), "\(e)")
            }
        }
    }

    // MARK: values out of range

    func testOverflowingConcentrationsAndFlowsAreRangeErrors() throws {
        try assertRefused(Self.constantCase(feed: "{Tb: 1e308 g/L, Dy: 1 g/L}"), contains: ["1e308 g/L", "range"])
        try assertRefused(Self.constantCase(feed: "{Tb: 1e300 mol/L, Dy: 1 g/L}"), contains: ["1e300 mol/L", "100 mol/L"])
        try assertRefused(Self.constantCase(flow: "1e308 L/h"), contains: ["1e308 L/h", "range"])
        try assertRefused(Self.constantCase(flow: "1e-300 L/h"), contains: ["1e-300 L/h", "flow between"])
        try assertRefused(Self.constantCase(extra: "draws:\n  - {name: side, stage: 3, phase: aqueous, flow: 1e300 m3/s}"),
                          contains: ["draws[1].flow", "range"])
    }

    // MARK: names

    func testDuplicateNamesNameBothLines() throws {
        let streams = Self.constantCase().replacingOccurrences(of: "organic:\n",
            with: "  - {name: feed, phase: aqueous, stage: 2, flow: 1 L/h}\norganic:\n")
        XCTAssertThrowsError(try load(streams)) { e in
            XCTAssertTrue("\(e)".contains("case.yaml:9") && "\(e)".contains("case.yaml:8"), "\(e)")
        }
        let sections = Self.constantCase().replacingOccurrences(of: "streams:",
            with: "  - {name: extraction, stages: 2, model: m}\nstreams:")
        XCTAssertThrowsError(try load(sections)) { e in
            XCTAssertTrue("\(e)".contains("case.yaml:7") && "\(e)".contains("case.yaml:6"), "\(e)")
        }
        let draws = Self.constantCase(extra: "draws:\n  - {name: side, stage: 3, phase: aqueous, flow: 1 L/h}\n  - {name: side, stage: 4, phase: aqueous, flow: 1 L/h}")
        XCTAssertThrowsError(try load(draws)) { e in
            XCTAssertTrue("\(e)".contains("case.yaml:13") && "\(e)".contains("case.yaml:12"), "\(e)")
        }
        let outlet = Self.constantCase(extra: "draws:\n  - {name: raffinate, stage: 3, phase: aqueous, flow: 1 L/h}")
        XCTAssertThrowsError(try load(outlet)) { e in XCTAssertTrue("\(e)".contains("raffinate"), "\(e)") }
    }

    // MARK: infeasible physics, named before the solve

    func testDrawLargerThanItsStageOutflowNamesTheDraw() throws {
        try assertRefused(Self.constantCase(extra: "draws:\n  - {name: side, stage: 5, phase: aqueous, flow: 50 L/h}"),
                          contains: ["case.yaml:12", "draw 'side'", "stage 5", "50 L/h", "5 L/h"])
        try assertRefused(Self.constantCase(extra: "draws:\n  - {name: org side, stage: 3, phase: organic, flow: 11 L/h}"),
                          contains: ["case.yaml:12", "draw 'org side'", "stage 3", "11 L/h", "10 L/h"])
    }

    func testOrganicBeyondItsExtractantIsRefused() throws {
        let loaded = try Self.defaultCase().replacingOccurrences(of: "composition: {D2EHPA: 0.3 mol/L}",
                                                                 with: "composition: {D2EHPA: 0.3 mol/L, Dy: 0.2 mol/L}")
        XCTAssertThrowsError(try load(loaded)) { e in
            XCTAssertTrue("\(e)".contains("beyond its extractant's capacity") && "\(e)".contains("0.3 mol/L"), "\(e)")
        }
        let sap = try String(contentsOfFile: TestPaths.root + "/Validation/chemistry/saponified-extraction-cascade/case.yaml", encoding: .utf8)
            .replacingOccurrences(of: "{D2EHPA: 300 mmol/L, Na: 140 mmol/L, H: 160 mmol/L}", with: "{D2EHPA: 300 mmol/L, Na: 400 mmol/L}")
            .replacingOccurrences(of: "file: extraction/", with: "file: \(TestPaths.models)/extraction/")
        XCTAssertTrue(sap.contains("Na: 400 mmol/L"))
        XCTAssertThrowsError(try load(sap)) { e in
            XCTAssertTrue("\(e)".contains("saponified beyond its extractant") && "\(e)".contains("0.4 mol/L"), "\(e)")
        }
    }

    // MARK: warnings

    func testFeedThatIsNotElectroneutral() throws {
        // constant D: a warning, in stderr and in summary.json; the run still solves
        let (r, dir) = try run(Self.constantCase(feed: "{Tb: 1 g/L, Dy: 1 g/L, Cl: 0.01 mol/L}"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning:") && r.stderr.contains("not electroneutral") && r.stderr.contains("eq/L"), r.stderr)
        let summary = try String(contentsOfFile: dir + "/out/summary.json", encoding: .utf8)
        XCTAssertTrue(summary.contains("\"warnings\"") && summary.contains("not electroneutral"), summary)
        // balance_with fixes it
        let balanced = Self.constantCase(feed: "{Tb: 1 g/L, Dy: 1 g/L, Cl: 0.01 mol/L}")
            .replacingOccurrences(of: "composition: {Tb: 1 g/L, Dy: 1 g/L, Cl: 0.01 mol/L}}", with: "composition: {Tb: 1 g/L, Dy: 1 g/L}, balance_with: Cl}")
        XCTAssertTrue(try load(balanced).warnings.isEmpty)
        // a proton-balance model: an error
        let acid = try Self.defaultCase().replacingOccurrences(of: "composition: {H: 0.8 mol/L, Cl: 0.8 mol/L}",
                                                               with: "composition: {H: 0.8 mol/L, Cl: 0.5 mol/L}")
        XCTAssertThrowsError(try load(acid)) { e in
            XCTAssertTrue("\(e)".contains("not electroneutral") && "\(e)".contains("+0.3 eq/L"), "\(e)")
        }
    }

    func testStagesOutsideTheModelsValidRangeWarn() throws {
        // the default case strips with 6 mol/L HCl, beyond the stated [H+] 0.01 to 1 mol/L
        let (r, dir) = try run(try Self.defaultCase())
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning:") && r.stderr.contains("section strip") && r.stderr.contains("[H+]")
                      && r.stderr.contains("0.01 to 1"), r.stderr)
        XCTAssertFalse(r.stderr.contains("section extraction"), r.stderr)
        let summary = try String(contentsOfFile: dir + "/out/summary.json", encoding: .utf8)
        XCTAssertTrue(summary.contains("valid_range.aqueous"), summary)
    }

    // MARK: smaller things

    func testLoadingFractionIsExactAtTraceLoadings() throws {
        let b = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: TestPaths.library, metals: ["Dy"])
        let sp = b.species
        var y = [Double](repeating: 0, count: sp.count)
        let ext = 300.0, dy = 1e-14
        y[sp.index(of: "D2EHPA")!] = ext
        y[sp.index(of: "Dy")!] = dy
        var x = [Double](repeating: 0, count: sp.count)
        x[sp.index(of: "H")!] = 100
        let d = b.model.stageDiagnostics(x: x, y: y)
        let f = try XCTUnwrap(d.first { $0.name == "extractant_loading_fraction" }?.value)
        let bound = (b.model as! MassActionCationExchange).layout.extractantBound[0]
        XCTAssertEqual(f, bound * dy / ext, accuracy: 1e-12 * bound * dy / ext)
    }

    func testComponentWithoutFeedShowsDashNotNaN() throws {
        let text = Self.constantCase().replacingOccurrences(of: "components: [Tb, Dy]", with: "components: [Tb, Dy, Ho]")
            .replacingOccurrences(of: "{Tb: 1.0, Dy: 2.0}", with: "{Tb: 1.0, Dy: 2.0, Ho: 3.0}")
        let (r, _) = try run(text)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.lowercased().contains("nan"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Ho ") && r.stdout.contains("—"), r.stdout)
    }

    func testOnceThroughOrganicIsNamedByWhatItIs() throws {
        let strip = try String(contentsOfFile: TestPaths.root + "/Validation/chemistry/multi-element-strip/case.yaml", encoding: .utf8)
            .replacingOccurrences(of: "file: extraction/", with: "file: \(TestPaths.models)/extraction/")
        let c = try load(strip)
        XCTAssertEqual(CascadeSolution.organicOutletName(sections: c.problem.sections, loop: nil, feeds: c.problem.feeds,
                                                         metalCount: c.problem.metalCount), "stripped organic")
        let ext = try load(Self.constantCase())
        XCTAssertEqual(CascadeSolution.organicOutletName(sections: ext.problem.sections, loop: nil, feeds: ext.problem.feeds,
                                                         metalCount: ext.problem.metalCount), "loaded organic")
    }
}
