import XCTest
@testable import RareSepCore
@testable import RareSepCascade
@testable import RareSepIO

final class CaseLoaderTests: XCTestCase {
    let base = """
    kind: cascade
    components: [Tb, Dy]
    models:
      m: {id: constant-distribution, D: {Tb: 0.8, Dy: 2.0}}
    sections:
      - {name: extraction, stages: 3, model: m}
      - {name: scrub, stages: 2, model: m}
    streams:
      - {name: feed, phase: aqueous, stage: {section: extraction, stage: last}, flow: 10 L/h,
         composition: {Tb: 0.5 g/L as oxide, Dy: 0.01 mol/L}}
      - {name: scrub, phase: aqueous, stage: 5, flow: 36 L/min}
    organic: {flow: 0.012 m3/h}
    """

    func load(_ text: String) throws -> CascadeCase {
        try CascadeCase.load(root: YAMLDocument.parse(text, file: "case.yaml"), path: "case.yaml", library: TestPaths.library)
    }

    func testLoadsUnitsAndStages() throws {
        let c = try load(base)
        XCTAssertEqual(c.problem.stageCount, 5)
        let feed = c.problem.feeds[0]
        XCTAssertEqual(feed.stage, 2)
        XCTAssertEqual(feed.flow, 10e-3 / 3600, accuracy: 1e-18)
        // Tb4O7: 4·158.93 + 7·15.999 = 747.713 g/mol → 0.5 g/L = 4·0.5/747.713 mol/L
        XCTAssertEqual(feed.concentrations[0], 1000 * 4 * 0.5 / 747.713, accuracy: 1e-9)
        XCTAssertEqual(feed.concentrations[1], 10, accuracy: 1e-12)
        XCTAssertEqual(c.problem.feeds[1].flow, 36e-3 / 60, accuracy: 1e-15)
        XCTAssertEqual(c.problem.feeds.last!.phase, .organic)
        XCTAssertEqual(c.problem.feeds.last!.flow, 0.012 / 3600, accuracy: 1e-15)
    }

    func assertInputError(_ text: String, contains fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try load(text), file: file, line: line) { e in
            guard let ie = e as? InputError else { return XCTFail("not an InputError: \(e)", file: file, line: line) }
            let msg = ie.description
            XCTAssertFalse(msg.contains("\n"), "one line: \(msg)", file: file, line: line)
            for f in fragments { XCTAssertTrue(msg.contains(f), "'\(f)' missing in: \(msg)", file: file, line: line) }
        }
    }

    func testUnknownKeySuggestsNearest() {
        assertInputError(base.replacingOccurrences(of: "organic: {flow", with: "organic: {flwo"),
                         contains: ["case.yaml:12", "flwo", "did you mean 'flow'"])
        assertInputError(base + "\nstreems: []", contains: ["streems", "did you mean 'streams'"])
    }

    func testUnknownElementAndUnit() {
        assertInputError(base.replacingOccurrences(of: "[Tb, Dy]", with: "[Tb, Dz]"), contains: ["case.yaml:2", "Dz", "did you mean"])
        assertInputError(base.replacingOccurrences(of: "10 L/h", with: "10 L/hr"), contains: ["case.yaml:9", "L/hr", "flow unit", "did you mean 'L/h'"])
    }

    func testMissingAndNegativeFlow() {
        assertInputError(base.replacingOccurrences(of: ", flow: 36 L/min", with: ""), contains: ["missing required key 'flow'"])
        assertInputError(base.replacingOccurrences(of: "36 L/min", with: "-36 L/min"), contains: ["-36 L/min", "positive flow"])
    }

    func testStageOutOfRangeAndInconsistentSections() {
        assertInputError(base.replacingOccurrences(of: "stage: 5", with: "stage: 9"), contains: ["'9'", "stage number from 1 to 5"])
        assertInputError(base.replacingOccurrences(of: "stages: 2, model: m", with: "stages: 0, model: m"), contains: ["stages from 1 to"])
        assertInputError(base.replacingOccurrences(of: "{name: scrub, stages: 2", with: "{name: extraction, stages: 2"), contains: ["section name used once"])
        assertInputError(base.replacingOccurrences(of: "stages: 2, model: m", with: "stages: 2, model: q"), contains: ["'q'", "name of a model"])
        assertInputError(base.replacingOccurrences(of: "section: extraction, stage: last", with: "section: extractoin, stage: last"),
                         contains: ["did you mean 'extraction'"])
    }

    func testMalformedYAML() {
        assertInputError("components: [Tb, Dy\nmodels: {", contains: ["case.yaml", "well-formed YAML"])
    }

    func testMurphreeOutOfRange() {
        assertInputError(base.replacingOccurrences(of: "stages: 3, model: m}", with: "stages: 3, model: m, murphree: 1.2}"),
                         contains: ["Murphree efficiency in (0, 1]"])
    }

    func testInfeasibleStructureIsReported() throws {
        // A scrub section with no aqueous feed and an outlet of its own has no aqueous flow.
        let text = base.replacingOccurrences(of: "  - {name: scrub, phase: aqueous, stage: 5, flow: 36 L/min}\n", with: "")
            .replacingOccurrences(of: "{name: scrub, stages: 2, model: m}", with: "{name: scrub, stages: 2, model: m, aqueous_outlet: x}")
        // named while loading, at the section's line
        XCTAssertThrowsError(try load(text)) { e in
            XCTAssertTrue("\(e)".contains("no aqueous flow") && "\(e)".contains("case.yaml:"), "\(e)")
        }
    }
}

/// Organic feeds are completed by the chemistry: a saponified D2EHPA feed given as
/// extractant and Na only carries H = extractant − Na.
final class OrganicInletTests: XCTestCase {
    func testSaponifiedFeedProtonsFromSiteBalance() throws {
        let text = try String(contentsOfFile: TestPaths.root + "/Validation/chemistry/saponified-extraction-cascade/case.yaml", encoding: .utf8)
            .replacingOccurrences(of: "{D2EHPA: 300 mmol/L, Na: 140 mmol/L, H: 160 mmol/L}", with: "{D2EHPA: 300 mmol/L, Na: 140 mmol/L}")
            .replacingOccurrences(of: "file: extraction/", with: "file: \(TestPaths.models)/extraction/")
        XCTAssertFalse(text.contains("H: 160 mmol/L"))
        let c = try CascadeCase.load(root: YAMLDocument.parse(text, file: "sap.yaml"), path: TestPaths.root + "/sap.yaml",
                                     library: TestPaths.library)
        let h = c.problem.species.index(of: "H")!
        let organic = c.problem.feeds.first { $0.phase == .organic }?.concentrations ?? c.problem.loop!.makeupConcentrations
        XCTAssertEqual(organic[h], 160, accuracy: 1e-9, "mol/m³: 300 − 140")
    }
}
