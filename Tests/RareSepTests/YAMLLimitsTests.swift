import Foundation
import XCTest
@testable import RareSepCore
@testable import RareSepIO

/// The YAML front end and the quantity readers under hostile input: alias bombs,
/// deep nesting, huge documents, duplicate keys, units of the wrong dimension,
/// values that overflow after conversion, NaN/infinity, CRLF and BOM in CSV.
final class YAMLLimitsTests: XCTestCase {
    /// The InputError `body` throws (fails the test when it throws something else or nothing).
    func inputError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> InputError? {
        do {
            _ = try body()
            XCTFail("expected an InputError", file: file, line: line)
        } catch let e as InputError {
            return e
        } catch {
            XCTFail("expected an InputError, got \(error)", file: file, line: line)
        }
        return nil
    }

    static func billionLaughs(levels: Int = 9) -> String {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...levels {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: limits

    func testAliasBombIsRefusedQuickly() {
        let start = Date()
        let e = inputError { try YAMLDocument.parse(Self.billionLaughs(), file: "bomb.yaml") }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(e?.description.contains("alias") == true, e?.description ?? "")
        XCTAssertTrue(e?.description.hasPrefix("bomb.yaml:") == true)
    }

    func testModestAliasesExpandWithTheirOwnPaths() throws {
        let doc = try YAMLDocument.parse("base: &b {flow: 2 L/h, phase: aqueous}\nother: *b\n", file: "a.yaml")
        let other = try doc.require("other")
        XCTAssertEqual(try other.require("flow").string(), "2 L/h")
        XCTAssertEqual(try other.require("flow").path, "other.flow")
        XCTAssertEqual(other.location.line, 2)
    }

    func testTenThousandLevelsOfNestingAreRefused() {
        let n = 10_000
        let flow = "x: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n"
        let mapping = "x: " + String(repeating: "{a: ", count: n) + "1" + String(repeating: "}", count: n) + "\n"
        let block = String(repeating: "- ", count: n) + "x\n"
        for text in [flow, mapping, block] {
            let e = inputError { try YAMLDocument.parse(text, file: "deep.yaml") }
            XCTAssertTrue(e?.expected.contains("nested more than \(YAMLLimits.standard.maxDepth) levels") == true, e?.description ?? "")
        }
        // 64 levels are still fine.
        let ok = "x: " + String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63) + "\n"
        XCTAssertNoThrow(try YAMLDocument.parse(ok, file: "ok.yaml"))
    }

    func testNodeAndSizeLimits() throws {
        var limits = YAMLLimits()
        limits.maxNodes = 100
        let list = "x: [" + Array(repeating: "1", count: 200).joined(separator: ", ") + "]\n"
        XCTAssertTrue(inputError { try YAMLDocument.parse(list, file: "n.yaml", limits: limits) }?.expected.contains("more than 100") == true)
        limits = YAMLLimits()
        limits.maxBytes = 1000
        XCTAssertEqual(inputError { try YAMLDocument.parse(list + String(repeating: "#\n", count: 600), file: "s.yaml", limits: limits) }?.key,
                       "(file)")
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(count: 2000).write(to: URL(fileURLWithPath: dir + "/big.yaml"))
        let e = inputError { try YAMLDocument.load(path: dir + "/big.yaml", limits: limits) }
        XCTAssertTrue(e?.expected.contains("at most") == true, e?.description ?? "")
        XCTAssertTrue(inputError { try YAMLDocument.load(path: dir) }?.expected.contains("directory") == true)
    }

    func testOneNonEmptyDocument() {
        XCTAssertTrue(inputError { try YAMLDocument.parse("a: 1\n---\nb: 2\n", file: "m.yaml") }?.expected.contains("single") == true)
        XCTAssertNotNil(inputError { try YAMLDocument.parse("# only a comment\n", file: "e.yaml") })
        XCTAssertEqual(inputError { try YAMLDocument.parse("a: [1, 2\nb: 3\n", file: "x.yaml") }?.key, "(syntax)")
    }

    // MARK: keys

    func testDuplicateKeysNameBothLines() {
        let block = "name: t\ncomposition:\n  Dy: 2.4 g/L\n  Tb: 1 g/L\n  Dy: 24 g/L\n"
        let e = inputError { try YAMLDocument.parse(block, file: "d.yaml") }
        XCTAssertEqual(e?.description, "d.yaml:5: composition.Dy: duplicate key 'Dy' (first at line 3)")
        let flow = "name: t\ncomposition: {Dy: 2.4 g/L, Dy: 24 g/L}\n"
        let f = inputError { try YAMLDocument.parse(flow, file: "f.yaml") }
        XCTAssertEqual(f?.location.line, 2)
        XCTAssertTrue(f?.expected.contains("duplicate key 'Dy' (first at line 2, column 15)") == true, f?.description ?? "")
        // The same key in different mappings is fine.
        XCTAssertNoThrow(try YAMLDocument.parse("a: {Dy: 1}\nb: {Dy: 2}\n", file: "ok.yaml"))
    }

    func testEveryKeyHasItsOwnLine() throws {
        let text = """
        top: 1
        flow: {a: 1,
          b: 2,

          c: {d: 3}}
        block:
          e:
            - f: 4
              g: 5
        """
        let doc = try YAMLDocument.parse(text, file: "l.yaml")
        XCTAssertEqual(try doc.require("top").location.line, 1)
        let flow = try doc.require("flow")
        XCTAssertEqual(try flow.require("a").location.line, 2)
        XCTAssertEqual(try flow.require("b").location.line, 3)
        XCTAssertEqual(try flow.require("c").require("d").location.line, 5)
        let block = try doc.require("block")
        XCTAssertEqual(block.location.line, 6)
        let item = try block.require("e").items()[0]
        XCTAssertEqual(try item.require("f").location.line, 8)
        XCTAssertEqual(try item.require("g").location.line, 9)
        XCTAssertEqual(try item.require("g").path, "block.e[1].g")
    }

    // MARK: quantities

    func testUnitOfAnotherDimensionIsNamed() throws {
        let doc = try YAMLDocument.parse("flow: 5 mol/L\nbare: 5\ntypo: 5 L/hr\n", file: "u.yaml")
        let e = inputError { try doc.require("flow").quantity(.flow) }
        XCTAssertTrue(e?.description.contains("'mol/L' is a concentration unit; expected a flow unit") == true, e?.description ?? "")
        XCTAssertFalse(e?.description.contains("did you mean") == true)
        XCTAssertTrue(inputError { try doc.require("bare").quantity(.flow) }?.problem == "no unit")
        XCTAssertTrue(inputError { try doc.require("typo").quantity(.flow) }?.description.contains("did you mean 'L/h'") == true)
        XCTAssertEqual(Units.dimension(ofUnit: "g/L as oxide"), .concentration)
        XCTAssertEqual(Units.dimension(ofUnit: "min"), .time)
        XCTAssertNil(Units.dimension(ofUnit: "furlongs"))
    }

    func testValuesThatOverflowOrAreImplausibleAreRefusedWithTheRange() throws {
        let elements = TestPaths.library.elements
        let doc = try YAMLDocument.parse("c: 1e308 g/L\nf: 1e308 m3/h\nbig: 1e999 L/h\nok: 50 g/L\nt: 1e300\n", file: "r.yaml")
        let c = inputError { try doc.require("c").quantity(.concentration, element: elements["Dy"], elements: elements) }
        XCTAssertTrue(c?.description.contains("'1e308 g/L'") == true && c?.description.contains("g/L (±1e5 mol/m3)") == true,
                      c?.description ?? "")
        let f = inputError { try doc.require("f").quantity(.flow) }
        XCTAssertTrue(f?.description.contains("out of range") == true && f?.description.contains("m3/h") == true, f?.description ?? "")
        XCTAssertEqual(inputError { try doc.require("big").quantity(.flow) }?.problem, "not a finite number")
        XCTAssertEqual(try doc.require("ok").quantity(.concentration, element: elements["Dy"]), 50 / elements["Dy"]!.molarMass,
                       accuracy: 1e-9)
        XCTAssertNotNil(inputError { try doc.require("t").quantity(.time, defaultUnit: "s") })
        XCTAssertEqual(Units.parse("1e308 g/L", dimension: .concentration, element: elements["Dy"]), .failure(.notFinite))
    }

    func testNaNAndInfinityAreRefusedByEveryReader() throws {
        for word in ["nan", ".nan", "NaN", "inf", ".inf", "-.inf", "Infinity", "+inf"] {
            let doc = try YAMLDocument.parse("q: \(word) L/h\nx: \(word)\n", file: "n.yaml")
            XCTAssertEqual(inputError { try doc.require("q").quantity(.flow) }?.problem, "NaN and infinity are not accepted", word)
            XCTAssertEqual(inputError { try doc.require("x").double() }?.problem, "NaN and infinity are not accepted", word)
            XCTAssertEqual(inputError { try doc.require("x").int() }?.problem, "NaN and infinity are not accepted", word)
            XCTAssertNotNil(inputError { try doc.require("x").fraction() }, word)
        }
    }

    func testCountsAreReadAsDigitsAndLeftToTheirReadersToRangeCheck() throws {
        let doc = try YAMLDocument.parse("max: 9223372036854775807\nexp: 1e18\nhuge: 99999999999999999999\nhalf: 2.5\n", file: "i.yaml")
        XCTAssertEqual(try doc.require("max").int(), Int.max)
        XCTAssertNotNil(inputError { try doc.require("exp").int() })
        XCTAssertTrue(inputError { try doc.require("huge").int() }?.problem?.contains("digits") == true)
        XCTAssertEqual(inputError { try doc.require("half").int() }?.problem, "not a whole number")
    }

    // MARK: hints

    func testElementHintsPreferElementSymbolsOfTheSameLength() {
        let symbols = TestPaths.library.elements.symbols
        XCTAssertEqual(nearestName(to: "Hx", in: symbols), "Ho")
        XCTAssertEqual(nearestName(to: "dy", in: symbols), "Dy")
        XCTAssertEqual(nearestName(to: "Tbb", in: symbols), "Tb")
        XCTAssertEqual(nearestName(to: "L/hr", in: Dimension.flow.acceptedUnits), "L/h")
    }

    // MARK: CSV

    func testCSVWithCRLFAndByteOrderMark() throws {
        let text = "\u{FEFF}# provenance\r\nt,c [mol/L]\r\n0,1\r\n\r\n1,2\r\n"
        let t = try CSVTable.parse(text: text, file: "d.csv")
        XCTAssertEqual(t.header, ["t", "c [mol/L]"])
        XCTAssertEqual(t.comments, ["provenance"])
        XCTAssertEqual(t.headerLine, 2)
        XCTAssertEqual(t.rows.map(\.line), [3, 5])
        XCTAssertEqual(try t.double(t.rows[1], 1), 2)
        let cr = try CSVTable.parse(text: "a,b\r1,2\r", file: "cr.csv")
        XCTAssertEqual(cr.rows.count, 1)
        XCTAssertEqual(try CSVTable.parse(text: "a,b\nnan,1\n", file: "n.csv").rows.count, 1)
        let n = try CSVTable.parse(text: "a,b\nnan,1\n", file: "n.csv")
        XCTAssertThrowsError(try n.double(n.rows[0], 0))
        let q = try CSVTable.parse(text: "name , \"x, y\"\n \"a,b\" ,\t2 \n", file: "q.csv")
        XCTAssertEqual(q.header, ["name", "x, y"])
        XCTAssertEqual(q.rows[0].fields, ["a,b", "2"])
        // A row with the wrong number of fields is named by line and count, not echoed.
        let e = inputError { try CSVTable.parse(text: "a,b\n1,2\nsecret\n", file: "w.csv") }
        XCTAssertEqual(e?.location.line, 3)
        XCTAssertFalse(e?.description.contains("secret") == true, e?.description ?? "")
    }

    func testLargeCSVParsesInLinearTime() throws {
        let rows = 100_000
        var text = "pH [-],dose [vol%],log10D_Dy [-]\r\n"
        text.reserveCapacity(rows * 24)
        for i in 0..<rows { text += "\(Double(i % 300) / 100),5,-1.\(i % 10)\r\n" }
        let start = Date()
        let t = try CSVTable.parse(text: text, file: "big.csv")
        XCTAssertEqual(t.rows.count, rows)
        XCTAssertEqual(t.rows.last?.line, rows + 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "10⁵ rows should parse in well under a second")
    }

    // MARK: through the executable

    /// Run raresep under a shell with a 2 GB address-space limit and a 30 s timeout.
    func runLimited(_ arguments: [String]) throws -> CLIResult {
        try runCLI(arguments, addressSpaceKB: 2_000_000, timeoutSeconds: 30)
    }

    func testHostileYAMLThroughTheExecutableIsAOneLineError() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let caseText = try String(contentsOfFile: TestPaths.root + "/cases/tb-dy-constant-beta.yaml", encoding: .utf8)
        let inputs: [(String, String, String)] = [
            ("bomb.yaml", Self.billionLaughs(), "alias"),
            ("deep.yaml", "kind: cascade\nx: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n", "nested"),
            ("dup.yaml", caseText.replacingOccurrences(of: "Dy: 2.4 g/L}", with: "Dy: 2.4 g/L, Dy: 24 g/L}"), "duplicate key 'Dy'"),
            ("overflow.yaml", caseText.replacingOccurrences(of: "Dy: 2.4 g/L}", with: "Dy: 1e308 g/L}"), "'1e308 g/L'"),
            ("flow.yaml", caseText.replacingOccurrences(of: "flow: 5 L/h", with: "flow: 5 mol/L"), "'mol/L' is a concentration unit"),
        ]
        for (name, text, needle) in inputs {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            let r = try runLimited(["run", dir + "/" + name, "--output", dir + "/out"])
            XCTAssertEqual(r.status, 1, "\(name): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(name): \(r.stderr)")
            XCTAssertTrue(lines.first?.hasPrefix("error: \(dir)/\(name):") == true, r.stderr)
            XCTAssertTrue(r.stderr.contains(needle), "\(name): \(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
    }
}
