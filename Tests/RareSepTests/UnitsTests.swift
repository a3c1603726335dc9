import XCTest
@testable import RareSepCore

final class UnitsTests: XCTestCase {
    func testFlowUnits() throws {
        XCTAssertEqual(try Units.parse("62 L/h", dimension: .flow).get(), 62e-3 / 3600, accuracy: 1e-15)
        XCTAssertEqual(try Units.parse("1.5 mL/min", dimension: .flow).get(), 1.5e-6 / 60, accuracy: 1e-18)
    }

    func testConcentrationUnits() throws {
        XCTAssertEqual(try Units.parse("0.5 mol/L", dimension: .concentration).get(), 500, accuracy: 1e-12)
        XCTAssertEqual(try Units.parse("2e-3 M", dimension: .concentration).get(), 2, accuracy: 1e-12)
        let dy = Element(symbol: "Dy", name: "dysprosium", atomicNumber: 66, molarMass: 0.162500, charge: 3,
                         oxideMetalAtoms: 2, oxideOxygenAtoms: 3, isRareEarth: true)
        let table = ElementTable(elements: [dy], oxygenMolarMass: 0.015999)
        // 1.625 g/L Dy = 10 mol/m³
        XCTAssertEqual(try Units.parse("1.625 g/L", dimension: .concentration, element: dy).get(), 10, accuracy: 1e-9)
        // Dy2O3: M = 2·162.5 + 3·15.999 = 372.997 g/mol; 3.72997 g/L oxide = 20 mol/m³ Dy
        XCTAssertEqual(try Units.parse("3.72997 g/L as oxide", dimension: .concentration, element: dy, elements: table).get(),
                       20, accuracy: 1e-9)
        XCTAssertEqual(Units.parse("2 g/L", dimension: .concentration), .failure(.needsElement("g/L")))
        XCTAssertEqual(Units.parse("2 furlongs", dimension: .flow), .failure(.unknownUnit("furlongs")))
        XCTAssertEqual(Units.parse("abc", dimension: .flow), .failure(.notANumber))
    }

    func testNearestName() {
        XCTAssertEqual(nearestName(to: "stgaes", in: ["stages", "streams", "model"]), "stages")
        XCTAssertNil(nearestName(to: "zzzzzzzz", in: ["D"]))
    }
}
