import XCTest
@testable import RareSepChemistry

final class AqueousSpeciationTests: XCTestCase {
    let constants = AqueousConstants(bisulfateKa: pow(10, -1.99), waterKw: 1e-14)

    /// Residual of the defining balance H_T = h + S·h/(Ka + h) − Kw/h, relative.
    func balanceResidual(h: Double, hT: Double, s: Double) -> Double {
        let ka = constants.bisulfateKa
        let value = h + s * h / (ka + h) - constants.waterKw / h
        return abs(value - hT) / max(abs(hT), h, constants.waterKw / h)
    }

    func testClosedFormWithoutSulfate() {
        // strong acid, no sulfate: h = H_T (water negligible)
        let p = AqueousSpeciation.freeProton(totalAcid: 0.1, totalSulfate: 0, constants: constants)
        XCTAssertEqual(p.freeProton, 0.1, accuracy: 1e-12)  // + Kw/h
        XCTAssertEqual(p.pH, 1, accuracy: 1e-12)
        // pure water: h = sqrt(Kw)
        let w = AqueousSpeciation.freeProton(totalAcid: 0, totalSulfate: 0, constants: constants)
        XCTAssertEqual(w.pH, 7, accuracy: 1e-12)
        // net base 1e-3 M: pH = 11
        let b = AqueousSpeciation.freeProton(totalAcid: -1e-3, totalSulfate: 0, constants: constants)
        XCTAssertEqual(b.pH, 11, accuracy: 1e-8)
    }

    func testBisulfateQuadratic() {
        // 0.05 M H2SO4: H_T = 0.1, S_T = 0.05; closed form of the quadratic (water negligible)
        let ka = constants.bisulfateKa, hT = 0.1, s = 0.05
        let b = ka + s - hT
        let hRef = (-b + (b * b + 4 * hT * ka).squareRoot()) / 2
        let p = AqueousSpeciation.freeProton(totalAcid: hT, totalSulfate: s, constants: constants)
        XCTAssertEqual(p.freeProton, hRef, accuracy: 1e-10 * hRef)  // water shifts it by ~Kw/h
    }

    func testBalanceAndDerivativesOverWideRange() {
        for hT in [-0.5, -1e-4, -1e-9, 0, 1e-9, 1e-6, 1e-3, 0.01, 0.3, 3.0] {
            for s in [0, 1e-4, 0.05, 0.5, 3.0] {
                let p = AqueousSpeciation.freeProton(totalAcid: hT, totalSulfate: s, constants: constants)
                XCTAssertTrue(p.freeProton > 0 && p.freeProton.isFinite, "h at H_T=\(hT), S=\(s)")
                XCTAssertLessThan(balanceResidual(h: p.freeProton, hT: hT, s: s), 1e-12, "balance at H_T=\(hT), S=\(s)")
                let dh = 1e-6 * max(abs(hT), p.freeProton)
                let hp = AqueousSpeciation.freeProton(totalAcid: hT + dh, totalSulfate: s, constants: constants).freeProton
                let hm = AqueousSpeciation.freeProton(totalAcid: hT - dh, totalSulfate: s, constants: constants).freeProton
                XCTAssertEqual(p.dFreeProtonDTotalAcid, (hp - hm) / (2 * dh), accuracy: 1e-5 * abs(p.dFreeProtonDTotalAcid) + 1e-12)
                if s > 0 {
                    let ds = 1e-6 * max(s, p.freeProton) * (s > 1e-6 * p.freeProton ? 1 : 1e-6)
                    let sp = AqueousSpeciation.freeProton(totalAcid: hT, totalSulfate: s + ds, constants: constants).freeProton
                    let sm = AqueousSpeciation.freeProton(totalAcid: hT, totalSulfate: s - ds, constants: constants).freeProton
                    XCTAssertEqual(p.dFreeProtonDTotalSulfate, (sp - sm) / (2 * ds),
                                   accuracy: 1e-5 * abs(p.dFreeProtonDTotalSulfate) + 1e-14)
                }
            }
        }
    }
}
