import Foundation
import RareSepCore
@testable import RareSepIO
import XCTest

/// The sweep's in-memory summary tree (`SummaryTreeEncoder`) against the summary.json text
/// it replaces: written by `OutputDirectory.json`, parsed back, flattened; the two must
/// give the same key paths and the same values bit for bit, and the sweep's lookup of one
/// key path must find what the flattened summary holds.
final class SummaryTreeEncoderTests: XCTestCase {
    /// Flattened key paths from summary.json's text (the reference).
    func viaJSONText<S: Encodable>(_ s: S, snakeCaseKeys: Bool = false) throws -> [String: CaseEvaluation.Value] {
        let json = try OutputDirectory.json(s, snakeCaseKeys: snakeCaseKeys)
        let tree = try JSONDecoder().decode(CaseEvaluation.JSONValue.self, from: Data(json.utf8))
        var flat: [String: CaseEvaluation.Value] = [:]
        CaseEvaluation.flatten(tree, prefix: "", into: &flat)
        return flat
    }

    func assertSame(_ a: [String: CaseEvaluation.Value], _ b: [String: CaseEvaluation.Value], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted(), file: file, line: line)
        for (k, v) in a {
            switch (v, b[k]) {
            case (.number(let x), .number(let y)?):
                XCTAssertTrue(x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN), "\(k): \(x) vs \(y)", file: file, line: line)
            default: XCTAssertEqual(v, b[k], k, file: file, line: line)
            }
        }
    }

    struct Item: Encodable { var name: String; var molFlow: Double; var flags: [Bool] }
    struct Sample: Encodable {
        var caseName = "x"
        var stageCount = 12
        var smallInt: Int32 = -7
        var values = [1.0, 0.1, 1e-300, -2.5e17, .nan, .infinity, -.infinity]
        var items = [Item(name: "Dy", molFlow: 1.0 / 3.0, flags: [true, false]), Item(name: "Tb", molFlow: 0, flags: [])]
        var missing: Double? = nil
        var present: Double? = 4.25
        var byKey = ["strip liquor": ["purityDy": 0.995], "raffinate": [:]]
        var empty: [Int] = []
        var myURLKey = "u"
        var listOfLists = [[1, 2], [3]]
    }

    func testTreeEqualsTheJSONTextOfASyntheticSummary() throws {
        for snake in [false, true] {
            var flat: [String: CaseEvaluation.Value] = [:]
            CaseEvaluation.flatten(try SummaryTreeEncoder.tree(Sample(), snakeCaseKeys: snake), prefix: "", into: &flat)
            assertSame(flat, try viaJSONText(Sample(), snakeCaseKeys: snake))
        }
        XCTAssertEqual(SummaryTreeEncoder.snakeCase("myURLKey"), "my_url_key")
        XCTAssertEqual(SummaryTreeEncoder.snakeCase("aqueous_flow_m3_per_s"), "aqueous_flow_m3_per_s")
    }

    func testTreeEqualsTheJSONTextOfASolvedCascadeSummary() throws {
        let path = TestPaths.root + "/cases/tb-dy-constant-beta.yaml"
        let library = try ModelLibrary.locate(near: path)
        let c = try CascadeCase.load(path: path, library: library)
        let sol = try CascadeCaseRunner.solve(c, path: path)
        let summary = CascadeReport.summary(sol, case: c)
        let e = try CaseEvaluation(summary: summary, status: .success)
        XCTAssertGreaterThan(e.summary.count, 50)
        assertSame(e.summary, try viaJSONText(summary))
        // The sweep's lookup by walking the tree finds every flattened key path's value.
        var walked: [String: CaseEvaluation.Value] = [:]
        for k in e.summary.keys { walked[k] = e[k] }
        assertSame(walked, e.summary)
        XCTAssertNil(e["outlets.strip liquor.purity"], "an object is not a value")
        XCTAssertNil(e["outlets.strip liquor.purty.Dy"])
    }
}

/// The reference reader of summary.json text (the sweep itself no longer parses JSON).
extension CaseEvaluation.JSONValue: Decodable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let o = try? c.decode([String: Self].self) { self = .object(o) }
        else if let a = try? c.decode([Self].self) { self = .array(a) }
        else { self = .bool(try c.decode(Bool.self)) }
    }
}
