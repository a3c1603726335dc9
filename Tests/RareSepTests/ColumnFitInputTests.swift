import Foundation
import XCTest
import RareSepColumn
@testable import RareSepFitting

/// Bad input to column cases, fit specs and datasets, run through the built executable
/// as a user would: one-line errors with exit 1 naming file, line, key and value;
/// memory refused before allocating; unidentifiable fits never reported as converged.
final class ColumnFitInputTests: XCTestCase {
    static let columnCase = """
    kind: column
    components: [A, B]
    column: {model: lrm, length: 0.1 m, bed_porosity: 0.37, particle_porosity: 0.5,
             superficial_velocity: 0.37 mm/s, axial_dispersion: 2e-7 m2/s, ldf_rate: 0.06 1/s}
    isotherm: {id: langmuir, K: {A: 0.25 m3/mol, B: 0.9 m3/mol}, q_max: 50 mol/m3}
    programme:
      - {name: load, duration: 300 s, inlet: {A: 1 mol/m3, B: 1 mol/m3}}
      - {name: wash, duration: 300 s}
    numerics: {cells: 10}
    output: {count: 11}
    """

    /// Run `raresep run` on the base case with `from` replaced by `to`; returns the result.
    func runColumn(_ from: String, _ to: String, extra: String = "") throws -> CLIResult {
        let dir = TestPaths.temporaryDirectory()
        let text = Self.columnCase.replacingOccurrences(of: from, with: to) + extra
        XCTAssertNotEqual(text, Self.columnCase, "mutation \(from) not applied")
        try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        return try runCLI(["run", dir + "/case.yaml", "--output", dir + "/out"])
    }

    func assertOneLineError(_ r: CLIResult, mentions: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, "stderr: \(r.stderr)", file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stderr, file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("Stack dump"), r.stderr, file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "'\(m)' missing from: \(r.stderr)", file: file, line: line) }
    }

    func testBaseColumnCaseRuns() throws {
        let dir = TestPaths.temporaryDirectory()
        try Self.columnCase.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["run", dir + "/case.yaml", "--output", dir + "/out"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testMeaninglessColumnParametersAreRejectedWithTheirRange() throws {
        let cases: [(String, String, [String])] = [
            ("q_max: 50 mol/m3", "q_max: 0 mol/m3", ["case.yaml:5", "isotherm.q_max", "'0 mol/m3'", "positive capacity"]),
            ("q_max: 50 mol/m3", "q_max: -5 mol/m3", ["case.yaml:5", "isotherm.q_max", "-5 mol/m3"]),
            ("bed_porosity: 0.37", "bed_porosity: 0", ["case.yaml:3", "column.bed_porosity", "(0, 1)"]),
            ("bed_porosity: 0.37", "bed_porosity: 1", ["column.bed_porosity", "(0, 1)"]),
            ("particle_porosity: 0.5", "particle_porosity: 1.5", ["column.particle_porosity", "[0, 1)"]),
            ("superficial_velocity: 0.37 mm/s", "superficial_velocity: 0 mm/s", ["case.yaml:4", "column.superficial_velocity", "positive"]),
            ("superficial_velocity: 0.37 mm/s", "flow: -1 L/h, diameter: 1 cm", ["column.flow", "-1 L/h", "positive"]),
            ("superficial_velocity: 0.37 mm/s", "flow: 1 L/h, diameter: 0 cm", ["column.diameter", "positive"]),
            ("length: 0.1 m", "length: 0 m", ["case.yaml:3", "column.length", "positive"]),
            ("length: 0.1 m", "length: -2 m", ["column.length", "positive"]),
            ("ldf_rate: 0.06 1/s", "ldf_rate: 0 1/s", ["column.ldf_rate", "positive"]),
            ("axial_dispersion: 2e-7 m2/s", "axial_dispersion: -1e-7 m2/s", ["column.axial_dispersion", "non-negative"]),
            ("duration: 300 s, inlet", "duration: 0 s, inlet", ["case.yaml:7", "duration", "positive"]),
            ("duration: 300 s}", "duration: -300 s}", ["case.yaml:8", "duration", "positive"]),
            ("duration: 300 s}", "duration: 1e300 s}", ["duration", "1e300 s", "range"]),
            ("cells: 10", "cells: 0", ["case.yaml:9", "numerics.cells", "between 2 and 100000"]),
            ("output: {count: 11}", "output: {times: [0 s, 100 s, 50 s]}", ["output.times", "50 s", "increasing"]),
            ("output: {count: 11}", "output: {times: [-5 s, 100 s]}", ["output.times", "-5 s", "non-negative"]),
            ("output: {count: 11}", "output: {count: 1000000000000}", ["output.count", "between 2 and 1000000"]),
        ]
        for (from, to, mentions) in cases {
            assertOneLineError(try runColumn(from, to), mentions: mentions)
        }
        // Bead parameters of the LRMP/GRM.
        let lrmp = "model: lrmp, length: 0.1 m, film_transfer: 1e-5 m/s, particle_radius: 0 um,"
        assertOneLineError(try runColumn("model: lrm, length: 0.1 m,", lrmp), mentions: ["column.particle_radius", "positive"])
        let grm = "model: grm, length: 0.1 m, film_transfer: 1e-5 m/s, particle_radius: 50 um, pore_diffusivity: 0 m2/s,"
        assertOneLineError(try runColumn("model: lrm, length: 0.1 m,", grm), mentions: ["column.pore_diffusivity", "positive"])
    }

    func testOversizedColumnGridIsRefusedBeforeAllocating() throws {
        let grm = "model: grm, length: 0.1 m, film_transfer: 1e-5 m/s, particle_radius: 50 um, pore_diffusivity: 1e-10 m2/s,"
        let dir = TestPaths.temporaryDirectory()
        let text = Self.columnCase.replacingOccurrences(of: "model: lrm, length: 0.1 m,", with: grm)
            .replacingOccurrences(of: "numerics: {cells: 10}", with: "numerics: {cells: 100000, particle_cells: 1000}")
        try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        let start = Date()
        let r = try runCLI(["run", dir + "/case.yaml", "--output", dir + "/out"])
        assertOneLineError(r, mentions: ["case.yaml:9", "numerics.cells", "would need", "TiB", "RARESEP_MAX_MEMORY"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/summary.json"))
        // The estimate grows with the grid and stays finite for absurd sizes.
        let small = ColumnDiscretization.workspaceBytes(kind: .grm, components: 2, cells: 100, particleCells: 8)
        let big = ColumnDiscretization.workspaceBytes(kind: .grm, components: 2, cells: 100_000, particleCells: 1000)
        XCTAssertGreaterThan(big, 1e6 * small)
        XCTAssertTrue(big.isFinite)
    }

    // MARK: datasets

    static let dataHeader = "pH [-], dose [vol%], log10D_Dy [-]"

    /// 12 rows from the UKy correlation with a little deterministic scatter.
    static func dataRows(constantDose: Bool = false, identical: Bool = false, constantTarget: Bool = false) -> [String] {
        (0..<12).map { i in
            let ph = identical ? 1.0 : 0.5 + 0.2 * Double(i)
            let dose = identical || constantDose ? 10.0 : Double(5 + (i % 4) * 5)
            var y = (1.2 + 0.02 * dose) * ph - 2 + 0.5 * log10(dose) + 0.01 * Double((i * 7) % 5 - 2)
            if constantTarget { y = -0.5 }
            return String(format: "%.2f, %.0f, %.5f", ph, dose, y)
        }
    }

    static let spec = """
    title: test fit
    dataset: data.csv
    target: log10D_Dy
    model:
      function: uky-log-d-correlation
    parameters:
      m0: {start: 1.0}
      m1: {start: 0.0}
      B0: {start: -2.0}
      B1: {start: 0.5}
    """

    /// Write spec and data (`data` is the whole CSV text) in a fresh directory and fit.
    func runFit(data: String, spec: String = spec) throws -> (CLIResult, String) {
        let dir = TestPaths.temporaryDirectory()
        try spec.write(toFile: dir + "/fit.yaml", atomically: true, encoding: .utf8)
        try data.write(toFile: dir + "/data.csv", atomically: true, encoding: .utf8)
        return (try runCLI(["fit", dir + "/fit.yaml", "--output", dir + "/out"]), dir)
    }

    func testHeaderUnitsMustMatchWhatTheColumnHolds() throws {
        let rows = Self.dataRows().joined(separator: "\n")
        let bad: [(String, [String])] = [
            ("pH [-], dose [vol%%], log10D_Dy [-]", ["data.csv:1", "dose", "dose [vol%%]", "vol%"]),
            ("pH [mol/L], dose [vol%], log10D_Dy [-]", ["data.csv:1", "pH [mol/L]", "no unit"]),
            ("pH [-], dose [vol%], log10D_Dy [g/L]", ["data.csv:1", "log10D_Dy [g/L]", "no unit", "log10 D"]),
        ]
        for (header, mentions) in bad {
            let (r, _) = try runFit(data: header + "\n" + rows + "\n")
            assertOneLineError(r, mentions: mentions)
        }
        let (ok, _) = try runFit(data: "pH, dose [% v/v], log10D_Dy [-]\n" + rows + "\n")
        XCTAssertEqual(ok.status, 0, ok.stderr)
    }

    func testCRLFAndByteOrderMarkAreLegal() throws {
        let lf = "# citation\n" + Self.dataHeader + "\n" + Self.dataRows().joined(separator: "\n") + "\n"
        let crlf = "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")
        let (a, _) = try runFit(data: lf)
        let (b, _) = try runFit(data: crlf)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        let estimates = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("m0 ") || $0.hasPrefix("B1 ") } }
        XCTAssertEqual(estimates(a.stdout), estimates(b.stdout))
        XCTAssertEqual(estimates(a.stdout).count, 2)
        // In-process: the same table either way, line numbers included.
        let t1 = try DataTable.parse(text: lf, file: "lf.csv"), t2 = try DataTable.parse(text: crlf, file: "crlf.csv")
        XCTAssertEqual(t1.columns.map(\.name), t2.columns.map(\.name))
        XCTAssertEqual(t1.columns.map(\.unit), t2.columns.map(\.unit))
        XCTAssertEqual(t1.columns[2].cells, t2.columns[2].cells)
        XCTAssertEqual(t1.rowLines, t2.rowLines)
    }

    func testLargeDatasetLoadsQuickly() throws {
        let rows = 200_000
        var text = "# generated\n" + Self.dataHeader + "\n"
        text.reserveCapacity(rows * 24)
        for i in 0..<rows { text += "\(0.5 + Double(i % 1000) * 0.002), \(5 + i % 20), \(-1.0 + Double(i % 37) * 0.01)\r\n" }
        let dir = TestPaths.temporaryDirectory()
        try text.write(toFile: dir + "/big.csv", atomically: true, encoding: .utf8)
        let start = Date()
        let table = try DataTable.load(path: dir + "/big.csv")
        let values = try table.numbers(table.columns[2])
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(table.rowCount, rows)
        XCTAssertEqual(values.count, rows)
        XCTAssertEqual(table.rowLines.last, rows + 2)
        XCTAssertLessThan(elapsed, 10, "loading \(rows) rows took \(elapsed) s (debug build)")
    }

    // MARK: identifiability

    func testIdenticalRowsAreNotIdentifiableBeforeFitting() throws {
        let (r, dir) = try runFit(data: Self.dataHeader + "\n" + Self.dataRows(identical: true).joined(separator: "\n") + "\n")
        assertOneLineError(r, mentions: ["fit.yaml", "not identifiable", "m0, m1, B0, B1", "1 distinct point"])
        XCTAssertFalse(r.stdout.contains("CONVERGED"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/fit.json"))
    }

    func testZeroVarianceIsNotIdentifiable() throws {
        let (r, _) = try runFit(data: Self.dataHeader + "\n" + Self.dataRows(constantTarget: true).joined(separator: "\n") + "\n")
        assertOneLineError(r, mentions: ["not identifiable", "zero variance"])
    }

    func testSingularJacobianAtTheOptimumEndsNotIdentifiable() throws {
        // One dose for every row: m1·dose·pH moves with m0·pH, B1·log10(dose) with B0.
        let (r, dir) = try runFit(data: Self.dataHeader + "\n" + Self.dataRows(constantDose: true).joined(separator: "\n") + "\n")
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stdout.contains("Status: NOT IDENTIFIABLE"), r.stdout)
        XCTAssertFalse(r.stdout.contains("CONVERGED —"))
        XCTAssertTrue(r.stderr.contains("not identifiable"), r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/fit.json"))) as! [String: Any]
        XCTAssertEqual(json["converged"] as? Bool, false)
        let names = Set(json["not_identifiable"] as? [String] ?? json["notIdentifiable"] as? [String] ?? [])
        XCTAssertEqual(names, ["m0", "m1", "B0", "B1"])
        // A well-posed fit of the same kind is identifiable and converges.
        let (ok, _) = try runFit(data: Self.dataHeader + "\n" + Self.dataRows().joined(separator: "\n") + "\n")
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("Status: CONVERGED"), ok.stdout)
    }

    func testRankDeficiencyFindsTheDependentParameters() {
        // Columns: x, 2x (dependent), 1 (independent), 0 (no effect).
        let n = 6, p = 4
        var j = [Double](repeating: 0, count: n * p)
        for i in 0..<n { j[i * p] = Double(i); j[i * p + 1] = 2 * Double(i); j[i * p + 2] = 1 }
        let r = Identifiability.rankDeficiency(jacobian: j, rows: n, parameters: p, tolerance: 1e-8)
        XCTAssertEqual(r.parameters, [0, 1, 3])
        j[1] += 1e-3  // no longer dependent
        for i in 0..<n { j[i * p + 3] = Double(i * i) }
        XCTAssertEqual(Identifiability.rankDeficiency(jacobian: j, rows: n, parameters: p, tolerance: 1e-8).parameters, [])
    }

    // MARK: valid_range

    func testDataOutsideTheModelsValidRangeWarnsAndStillFits() throws {
        let source = TestPaths.validation + "/fitting/batch-empirical-ph-dose"
        var data = try String(contentsOfFile: source + "/data.csv", encoding: .utf8)
        data = data.replacingOccurrences(of: "\n1.60,0.5,", with: "\n3.60,0.5,")
        let spec = try String(contentsOfFile: source + "/fit.yaml", encoding: .utf8)
            .replacingOccurrences(of: "file: Models/", with: "file: \(TestPaths.models)/")
        let (r, dir) = try runFit(data: data, spec: spec)
        XCTAssertTrue([0, 3].contains(r.status), r.stderr)
        XCTAssertTrue(r.stderr.contains("warning:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("pH 3.6 is outside the valid range 0.5 to 3"), r.stderr)
        XCTAssertTrue(r.stderr.contains("valid_range.pH"), r.stderr)
        let json = try String(contentsOfFile: dir + "/out/fit.json", encoding: .utf8)
        XCTAssertTrue(json.contains("outside the valid range"))
    }
}
