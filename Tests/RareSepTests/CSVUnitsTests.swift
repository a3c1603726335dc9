import Foundation
import RareSepCore
import RareSepIO
import XCTest

/// `--units engineering`: every CSV column converted by its header's unit suffix, checked
/// against hand conversions (Dy 162.500 g/mol, Models/elements.yaml), one unit per header.
final class CSVUnitsTests: XCTestCase {
    func converter() throws -> CSVUnitConverter {
        CSVUnitConverter(elements: try ModelLibrary(root: TestPaths.root + "/Models").elements)
    }

    func testWideColumnsOfElementsBecomeGramsPerLitreAndFlowsLitresPerHour() throws {
        let text = "stream,flow_m3_per_s,Dy_mol_per_L,Resin_mol_per_L,Dy_mol_per_s,time_s\nfeed,1e-6,0.01,0.5,2e-8,120\n"
        let out = try converter().convert(text).split(separator: "\n").map { CSVUnitConverter.fields($0) }
        XCTAssertEqual(out[0], ["stream", "flow_L_per_h", "Dy_g_per_L", "Resin_mol_per_L", "Dy_kg_per_h", "time_min"])
        XCTAssertEqual(Double(out[1][1])!, 3.6, accuracy: 1e-12)            // 1e-6 m³/s · 3.6e6 L·s/(m³·h)
        XCTAssertEqual(Double(out[1][2])!, 1.625, accuracy: 1e-9)           // 0.01 mol/L · 162.5 g/mol
        XCTAssertEqual(out[1][3], "0.5")                                    // no molar mass: stays mol/L
        XCTAssertEqual(Double(out[1][4])!, 2e-8 * 0.1625 * 3600, accuracy: 1e-15)
        XCTAssertEqual(Double(out[1][5])!, 2, accuracy: 1e-12)
    }

    func testLongTablesGetOneUnitPerHeader() throws {
        let text = "stage,species,concentration_mol_per_m3,note\n1,Dy,10,\"a, b\"\n1,Resin,500,x\n"
        let out = try converter().convert(text).split(separator: "\n").map { CSVUnitConverter.fields($0) }
        XCTAssertEqual(out[0], ["stage", "species", "concentration_mol_per_L", "concentration_g_per_L", "note"])
        XCTAssertEqual(Double(out[1][2])!, 0.01, accuracy: 1e-15)
        XCTAssertEqual(Double(out[1][3])!, 1.625, accuracy: 1e-12)
        XCTAssertEqual(out[1][4], "a, b", "quoted fields survive")
        XCTAssertEqual(Double(out[2][2])!, 0.5, accuracy: 1e-15)
        XCTAssertEqual(out[2][3], "", "no molar mass: no mass concentration")
    }

    func testEngineeringRunWritesConvertedCSVs() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runCLI(["run", "cases/column-b1.yaml", "--output", dir + "/eng", "--units", "engineering"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let head = try String(contentsOfFile: dir + "/eng/outlet.csv", encoding: .utf8).split(separator: "\n").first
        XCTAssertEqual(head.map(String.init)?.hasPrefix("time_min,bed_volumes,"), true, "\(head ?? "")")
        let bad = try runCLI(["run", "cases/column-b1.yaml", "--output", dir + "/x", "--units", "imperial"])
        XCTAssertEqual(bad.status, 2, "an unknown unit system is a usage error")
    }
}
