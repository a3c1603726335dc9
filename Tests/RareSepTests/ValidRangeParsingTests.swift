import XCTest
@testable import RareSepIO

/// The "A to B" reader of valid_range texts (model files' stated ranges).
final class ValidRangeParsingTests: XCTestCase {
    func testRangesAreReadFromTheirTexts() {
        let cases: [(String, (Double, Double)?)] = [
            ("0.1 to 1.5 mol/L D2EHPA (formal, monomer) in an aliphatic diluent", (0.1, 1.5)),
            ("chloride, about 1 mol/L ionic strength, [H+] 0.01 to 1 mol/L", (0.01, 1)),
            ("pH 1.5–3", (1.5, 3)),
            ("1e-3 to 2.5E-1 mol/L", (1e-3, 0.25)),
            ("-2 to 16", (-2, 16)),
            ("dose 5..30 vol%", (5, 30)),
            (".5 to 2", (0.5, 2)),
            ("about 25 C", nil),
            ("no numbers here", nil),
        ]
        for (text, expected) in cases {
            let r = StageRangeCheck.range(in: Substring(text))
            if let expected {
                XCTAssertEqual(r?.0, expected.0, text)
                XCTAssertEqual(r?.1, expected.1, text)
            } else {
                XCTAssertNil(r, text)
            }
        }
    }
}
