import XCTest
@testable import RareSepChemistry
import RareSepCore
@testable import RareSepFitting
import RareSepIO

/// Range checks of model parameters and dataset values (issue 10), in process; the
/// bad-input corpus runs the same classes through the executable.
final class PhysicalRangeTests: XCTestCase {
    private func make(_ yaml: String) throws -> any EquilibriumModel {
        let node = try YAMLDocument.parse(yaml, file: "m.yaml")
        let ctx = ModelContext(species: SpeciesSet(["Tb", "Dy"]), elements: TestPaths.library.elements, metalCount: 2)
        return try ModelRegistry.registration(try node.require("id").string(), at: node).make(node, ctx)
    }

    func testDistributionRatiosAndSeparationFactorsAreBounded() throws {
        XCTAssertNoThrow(try make("id: constant-separation-factors\nreference_D: 0.5\nseparation_factors: {Tb: 1.0, Dy: 2.0}"))
        XCTAssertNoThrow(try make("id: constant-distribution\nD: {Tb: 0, Dy: 1e12}"))
        for yaml in ["id: constant-separation-factors\nreference_D: 1e13\nseparation_factors: {Tb: 1.0, Dy: 2.0}",
                     "id: constant-separation-factors\nreference_D: 0.5\nseparation_factors: {Tb: 1.0, Dy: 1e308}",
                     "id: constant-separation-factors\nreference_D: 0.5\nseparation_factors: {Tb: 1e-13, Dy: 2.0}",
                     "id: constant-distribution\nD: {Tb: 1, Dy: 1e13}",
                     "id: constant-distribution\nD: {Tb: 1}\ndefault_D: 1e300"] {
            XCTAssertThrowsError(try make(yaml), yaml) { e in
                let text = "\(e)"
                XCTAssertTrue(text.hasPrefix("m.yaml:"), text)
                XCTAssertTrue(text.contains("1e12"), text)
            }
        }
    }

    func testDatasetValuesOutsideTheirPhysicalRangeNameFileLineColumnAndCell() throws {
        let table = try DataTable.parse(text: "pH,dose [vol%],log10D_Dy\n1.0,5,0.3\n1.5,5,1e308\n", file: "d.csv")
        XCTAssertNoThrow(try table.requireRange(table.columns[0], try table.numbers(table.columns[0]), .pH))
        XCTAssertThrowsError(try table.requireRange(table.columns[2], try table.numbers(table.columns[2]), .log10DistributionRatio)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.hasPrefix("d.csv:3: log10D_Dy"), text)
            XCTAssertTrue(text.contains("1e308"), text)
        }
        XCTAssertFalse(DataRange.volumePercent.contains(0))
        XCTAssertFalse(DataRange.concentration.contains(-1e-3))
        XCTAssertFalse(DataRange.concentration.contains(.nan))
    }

    func testFilesThatAreNotDatasetsAreRecognisedWithoutQuotingThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("raresep-sniff-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ name: String, _ data: Data) -> String {
            let p = dir + "/" + name
            _ = FileManager.default.createFile(atPath: p, contents: data)
            return p
        }
        XCTAssertNil(DataTable.notADataset(write("ok.csv", Data("# cite\nO/A [-],c0_Dy [g/L]\n1,2\n".utf8))))
        XCTAssertNil(DataTable.notADataset(write("bom.csv", Data([0xEF, 0xBB, 0xBF] + Array("pH,D_Dy\r\n1,2\r\n".utf8)))))
        let yaml = DataTable.notADataset(write("spec.yaml", Data("title: secret words\ndataset: x.csv\n".utf8)))
        XCTAssertNotNil(yaml)
        XCTAssertFalse(yaml!.contains("secret"))
        XCTAssertNotNil(DataTable.notADataset(write("bin", Data([0xFF, 0xFE, 0x00, 0x81]))))
    }
}
