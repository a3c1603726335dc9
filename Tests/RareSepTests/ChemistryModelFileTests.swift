import XCTest
@testable import RareSepChemistry
import RareSepCore
import RareSepIO

/// The shipped model files load and bind; bad parameters are InputErrors that name the key.
final class ChemistryModelFileTests: XCTestCase {
    func testShippedExtractionModelsBindToTheirElements() throws {
        let cases: [(String, [String])] = [
            ("extraction/d2ehpa-tbp-uky-sulfate.yaml", ["La", "Ce", "Pr", "Nd", "Sm", "Gd", "Dy", "Y", "Sc", "Al", "Ca", "Fe"]),
            ("extraction/d2ehpa-chloride-mass-action.yaml", ["Pr", "Nd", "Gd", "Tb", "Dy", "Ho", "Er", "Y"]),
            ("extraction/todga-nitrate-illustrative.yaml", ["Nd", "Gd", "Tb", "Dy", "Ho", "Er", "Y"]),
        ]
        for (file, metals) in cases {
            let bound = try ModelFileLoader.load(file, library: TestPaths.library, metals: metals)
            XCTAssertEqual(bound.model.speciesCount, bound.species.count, file)
            let doc = try YAMLDocument.load(path: bound.path)
            for key in ["description", "source", "units", "model", "parameters", "valid_range", "illustrative"] {
                XCTAssertNotNil(try doc.optional(key), "\(file) lacks '\(key)'")
            }
        }
    }

    /// D rises with atomic number across the heavy rare earths for D2EHPA, Y between Ho and Er.
    func testD2EHPAHeavyOrder() throws {
        let metals = ["Gd", "Tb", "Dy", "Ho", "Er", "Y"]
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: TestPaths.library, metals: metals)
        let x = try bound.vector(Dictionary(uniqueKeysWithValues: metals.map { ($0, 1e-6) }).merging(["H": 100, "Cl": 100]) { a, _ in a })
        let y = try bound.vector(["D2EHPA": 500, "H": 500])
        let d = bound.model.distributionRatios(x: x, y: y)
        XCTAssertLessThan(d[0], d[1]); XCTAssertLessThan(d[1], d[2]); XCTAssertLessThan(d[2], d[3])
        XCTAssertLessThan(d[3], d[5]); XCTAssertLessThan(d[5], d[4])
        XCTAssertEqual(d[2] / d[1], 2.49, accuracy: 0.01)   // Dy/Tb from the Peppard spacing
    }

    func make(_ yaml: String, metals: [String]) throws -> any EquilibriumModel {
        let node = try YAMLDocument.parse(yaml, file: "bad.yaml")
        let reg = try ModelRegistry.registration(try node.require("id").string(), at: node)
        var symbols = metals
        for s in try reg.requiredSpecies(node) where !symbols.contains(s) { symbols.append(s) }
        let ctx = ModelContext(species: SpeciesSet(symbols), elements: TestPaths.library.elements, metalCount: metals.count)
        return try reg.make(node, ctx)
    }

    func assertInputError(_ yaml: String, metals: [String] = ["Dy", "Tb"], mentions: String,
                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try make(yaml, metals: metals), file: file, line: line) { error in
            guard let e = error as? InputError else { return XCTFail("not an InputError: \(error)", file: file, line: line) }
            XCTAssertTrue(e.description.contains(mentions), "\(e.description) should mention \(mentions)", file: file, line: line)
        }
    }

    func testBadParametersAreInputErrors() {
        let aq = ChemistryTestSets.aqueous
        assertInputError("id: cation-exchange\nextractant: HA\nlog10_Kex: {Dy: 1, Tb: 0.5}", mentions: "aqueous")
        assertInputError("id: cation-exchange\nextractant: HA\nlog10_Kex: {Dy: 1}\n\(aq)", mentions: "Tb")
        assertInputError("id: cation-exchange\nextractant: HA\nlog10_Kex: {Dy: 1, Tb: 0.5, Qq: 2}\n\(aq)", mentions: "Qq")
        assertInputError("id: cation-exchange\nextractant: HA\nlog10_Kex: {Dy: 1, Tb: 0.5}\nkex: 3\n\(aq)", mentions: "kex")
        assertInputError("id: cation-exchange\nextractant: HA\nlog10_Kex: {Dy: 1, Tb: 0.5}\ndimers_bound: {Dy: -1}\n\(aq)",
                         mentions: "dimers_bound")
        assertInputError("id: cation-exchange\nextractant: HA\nlog10_Kex: {Dy: 1, Tb: 0.5}\naqueous: {pKa_bisulfate: 1.99, pKw: 140, source: x}",
                         mentions: "pKw")
        assertInputError("id: solvating\nligand: L\nanion: SO4\nlog10_K: {Dy: 1, Tb: 1}\nligand_number: {Dy: 3, Tb: 3}\nlog10_K_acid: 0\n\(aq)",
                         mentions: "monovalent")
        assertInputError("id: empirical-ph-dose\nextractant: HA\nextractant_molar_mass: 322\nextractant_density: 975\ncorrelation: {Dy: {m0: 1, m1: 0, B0: 0, B1: 0}}\n\(aq)",
                         mentions: "Tb")
        assertInputError("id: empirical-ph-dose\nextractant: HA\nextractant_molar_mass: -1\nextractant_density: 975\ncorrelation: {}\n\(aq)",
                         mentions: "molar mass")
    }
}
