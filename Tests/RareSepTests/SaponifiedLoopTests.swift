import XCTest
@testable import RareSepIO
@testable import RareSepFlowsheet
import RareSepCore
import RareSepChemistry

/// The closed solvent loop of Validation/flowsheet/saponified-loop, saponified (30 %
/// NaOH, Na⁺ exchanging with a finite K_Na) against unsaponified, at the same flows:
/// what the chemistry says the saponification step must change.
final class SaponifiedLoopTests: XCTestCase {
    struct Plant {
        var solution: FlowsheetSolution
        var species: SpeciesSet
        /// Molar flow (mol/s) of a species in a named stream.
        func amount(_ stream: String, _ symbol: String) -> Double {
            let k = solution.flowsheet.streams.firstIndex { $0.name == stream }!
            let s = solution.streams[k]
            return s.flow * s.concentrations[species.index(of: symbol)!]
        }
        /// Molar flow (mol/s) of a species summed over the plant inputs whose name contains `text`.
        func input(_ text: String, _ symbol: String) -> Double {
            solution.inputs.filter { $0.name.contains(text) }
                .reduce(0) { $0 + $1.stream.flow * $1.stream.concentrations[species.index(of: symbol)!] }
        }
        /// Molar flow (mol/s) of a species leaving in the product streams.
        func products(_ symbol: String) -> Double {
            solution.products.reduce(0) { $0 + $1.stream.flow * $1.stream.concentrations[species.index(of: symbol)!] }
        }
    }

    func solve(_ file: String) throws -> Plant {
        let path = TestPaths.validation + "/flowsheet/saponified-loop/" + file
        let c = try FlowsheetCase.load(root: try YAMLDocument.load(path: path), path: path, library: TestPaths.library)
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertNil(sol.failure, file)
        XCTAssertTrue(sol.loops.allSatisfy(\.converged), file)
        for b in sol.balance { XCTAssertLessThan(abs(b.closure), 1e-10, "\(file) \(b.species)") }
        return Plant(solution: sol, species: c.flowsheet.species)
    }

    func testSaponificationExtractsMoreAndReleasesLessAcid() throws {
        let sap = try solve("flowsheet.yaml")
        let bare = try solve("flowsheet-unsaponified.yaml")

        // The loop carries the extractant inventory of the cascade's own organic inlet.
        for p in [sap, bare] {
            XCTAssertEqual(p.amount("saponified organic", "D2EHPA"), p.amount("stripped organic", "D2EHPA"), accuracy: 1e-15)
            XCTAssertEqual(p.amount("saponified organic", "D2EHPA"), 500 * 10e-3 / 3600, accuracy: 1e-15)
        }

        // More metal reaches the strip liquor and less is lost to the raffinate: the
        // saponified share takes up metal without releasing protons, so the extraction
        // stages stay less acidic and D stays higher.
        let metals = ["Nd", "Dy"]
        let liquor = { (p: Plant) in metals.reduce(0) { $0 + p.amount("strip liquor", $1) } }
        let lost = { (p: Plant) in metals.reduce(0) { $0 + p.amount("raffinate", $1) } }
        XCTAssertGreaterThan(liquor(sap), liquor(bare) * 1.02)
        XCTAssertLessThan(lost(sap), lost(bare) / 2)

        // Na balance: the NaOH taken by the saponification unit is the Na leaving the
        // plant, and a loop whose strip section returns an Na-free organic takes
        // 30 % of its extractant as NaOH per pass. The Na is displaced in the
        // extraction section (weakly acidic), so it leaves with the raffinate.
        let naoh = sap.input("NaOH", "Na")
        XCTAssertGreaterThan(naoh, 0)
        XCTAssertEqual(naoh, sap.products("Na"), accuracy: 1e-10 * naoh)
        XCTAssertEqual(naoh, 0.3 * sap.amount("saponified organic", "D2EHPA"), accuracy: 1e-9 * naoh)
        XCTAssertGreaterThan(sap.amount("raffinate", "Na"), 0.999 * naoh)
        XCTAssertEqual(sap.amount("saponified organic", "Na"), naoh, accuracy: 1e-10 * naoh)
        XCTAssertEqual(bare.input("NaOH", "Na"), 0)
        XCTAssertEqual(bare.products("Na"), 0)

        // Acid: the raffinate of the saponified loop is less acidic, and the acid leaving
        // the plant falls by exactly the protons NaOH neutralised (one per Na).
        XCTAssertLessThan(sap.amount("raffinate", "H"), bare.amount("raffinate", "H") / 2)
        XCTAssertEqual(bare.products("H") - sap.products("H"), naoh, accuracy: 1e-9 * naoh)
    }
}
