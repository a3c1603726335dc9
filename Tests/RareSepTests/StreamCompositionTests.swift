import Foundation
import XCTest
@testable import RareSepIO
import RareSepCore
import RareSepCascade

/// Compositions as the user has them: acids as totals expand to their ions by the one
/// vocabulary table, in moles and in mass units.
final class StreamCompositionTests: XCTestCase {
    func problem(_ scrub: String, _ strip: String, organic: String = "{D2EHPA: 0.3 mol/L}") throws -> CascadeProblem {
        var text = try String(contentsOfFile: TestPaths.root + "/cases/default.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "composition: {D2EHPA: 0.3 mol/L}", with: "composition: \(organic)")
        text = text.replacingOccurrences(of: "composition: {H: 0.8 mol/L, Cl: 0.8 mol/L}", with: "composition: \(scrub)")
        text = text.replacingOccurrences(of: "composition: {H: 6 mol/L, Cl: 6 mol/L}", with: "composition: \(strip)")
        let dir = TestPaths.temporaryDirectory()
        try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        return try CascadeCase.load(path: dir + "/case.yaml", library: TestPaths.library).problem
    }

    func testAcidTotalsExpandToTheirIons() throws {
        let ions = try problem("{H: 0.8 mol/L, Cl: 0.8 mol/L}", "{H: 6 mol/L, Cl: 6 mol/L}")
        // HCl by moles, and by mass with M(HCl) = M(H) + M(Cl) = 1.008 + 35.45 g/mol
        let acid = try problem("{HCl: 0.8 mol/L}", "{HCl: \(6 * 36.458) g/L}")
        XCTAssertEqual(ions.species, acid.species)
        for (a, b) in zip(ions.feeds, acid.feeds) {
            for (x, y) in zip(a.concentrations, b.concentrations) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(abs(x), 1)) }
        }
    }

    func testSulfuricAcidCarriesTwoProtonsAndOneSulfate() throws {
        let p = try problem("{H2SO4: 0.4 mol/L}", "{H: 6 mol/L, Cl: 6 mol/L}")
        let scrub = p.feeds.first { $0.name == "scrub acid" }!
        XCTAssertEqual(scrub.concentrations[p.species.index(of: "H")!], 800, accuracy: 1e-9)
        XCTAssertEqual(scrub.concentrations[p.species.index(of: "SO4")!], 400, accuracy: 1e-9)
    }

    /// An extractant given as free with metal already loaded: the total is the free
    /// amount plus 6 monomer units per loaded Dy (Ln(HA2)3), and the protons follow.
    func testFreeExtractantWithLoadedMetal() throws {
        let total = try problem("{H: 0.8 mol/L, Cl: 0.8 mol/L}", "{H: 6 mol/L, Cl: 6 mol/L}", organic: "{D2EHPA: 0.3 mol/L, Dy: 10 mmol/L}")
        let free = try problem("{H: 0.8 mol/L, Cl: 0.8 mol/L}", "{H: 6 mol/L, Cl: 6 mol/L}", organic: "{D2EHPA: {free: 0.24 mol/L}, Dy: 10 mmol/L}")
        let a = total.loop!.makeupConcentrations, b = free.loop!.makeupConcentrations
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(abs(x), 1)) }
        XCTAssertEqual(b[free.species.index(of: "D2EHPA")!], 300, accuracy: 1e-9)
        // a free amount of a metal is not a thing
        XCTAssertThrowsError(try problem("{H: 0.8 mol/L, Cl: 0.8 mol/L}", "{H: 6 mol/L, Cl: 6 mol/L}", organic: "{D2EHPA: 0.3 mol/L, Dy: {free: 1 mmol/L}}")) { e in
            XCTAssertTrue("\(e)".contains("Dy") && "\(e)".contains("free amount"), "\(e)")
        }
    }
}
