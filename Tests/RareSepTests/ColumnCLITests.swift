import Foundation
import XCTest

/// `raresep run` on column cases, run as a user would.
final class ColumnCLITests: XCTestCase {
    func testRunColumnCaseWritesOutletCurves() throws {
        let dir = TestPaths.temporaryDirectory()
        let casePath = dir + "/small.yaml"
        try """
        kind: column
        components: [A, B]
        column: {model: lrm, length: 0.1 m, bed_porosity: 0.37, particle_porosity: 0.5,
                 superficial_velocity: 0.37 mm/s, axial_dispersion: 2e-7 m2/s, ldf_rate: 0.06 1/s}
        isotherm: {id: langmuir, K: {A: 0.25 m3/mol, B: 0.9 m3/mol}, q_max: 50 mol/m3}
        programme:
          - {name: load, duration: 3000 s, inlet: {A: 1 mol/m3, B: 1 mol/m3}}
          - {name: wash, duration: 3000 s}
        numerics: {cells: 30}
        output: {count: 61}
        """.write(toFile: casePath, atomically: true, encoding: .utf8)
        let r = try runCLI(["run", casePath, "--output", dir + "/out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Solver: success"), r.stdout)
        let csv = try String(contentsOfFile: dir + "/out/outlet.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.first, "time_s,bed_volumes,A_mol_per_m3,B_mol_per_m3")
        XCTAssertEqual(csv.count, 62)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/summary.json"))) as! [String: Any]
        XCTAssertEqual(json["schema"] as? String, "raresep.column-summary/1")
        let results = json["results"] as! [String: Any]
        XCTAssertLessThan(results["worst_mass_balance"] as! Double, 1e-9)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/outlet.svg"))
    }

    func testBadColumnInputGivesFileLineAndStatus1() throws {
        let dir = TestPaths.temporaryDirectory()
        let casePath = dir + "/bad.yaml"
        try """
        kind: column
        components: [A]
        column: {model: lrm, length: 0.1 m, bed_porosity: 0.37, particle_porosity: 0.5,
                 superficial_velocity: 0.37 mm/s, axial_dispersion: 2e-7 m2/s, ldf_rate: 0.06 1/s}
        isotherm: {id: linear, H: {A: 2}}
        programme:
          - {name: load, duration: 30 fortnights, inlet: {A: 1 mol/m3}}
        """.write(toFile: casePath, atomically: true, encoding: .utf8)
        let r = try runCLI(["run", casePath, "--output", dir + "/out"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.yaml:7"), r.stderr)
        XCTAssertTrue(r.stderr.contains("duration"), r.stderr)
    }
}
