import XCTest
import RareSepCore
import RareSepChemistry
@testable import RareSepIO

/// Isotherm values, Jacobians (against central differences) and registry factories.
final class IsothermTests: XCTestCase {
    let ctx = IsothermContext(components: SpeciesSet(["Gd", "Tb", "HCl"]), modifierIndex: 2)

    func isotherms() -> [any Isotherm] {
        [LinearIsotherm(henry: [2, 3, 0]),
         LangmuirIsotherm(affinity: [0.25, 0.9, 0], capacity: [50, 40, 0]),
         AcidPowerLangmuirIsotherm(referenceAffinity: [0.02, 0.07, 0], capacity: [100, 100, 0], exponent: [3, 2.5, 0],
                                   referenceModifier: 600, minimumModifier: 10),
         RisingModifierLangmuirIsotherm(plateauAffinity: [0.5, 1.5, 0], capacity: [60, 60, 0], exponent: [3, 3, 0], halfSaturation: 2500)]
    }

    func testJacobiansMatchCentralDifferences() {
        let c = [0.7, 0.4, 800.0]
        for iso in isotherms() {
            let n = 3
            var dqdc = [Double](repeating: 0, count: n * n), dqds = [Double](repeating: 0, count: n), q = [Double](repeating: 0, count: n)
            c.withUnsafeBufferPointer { cp in
                iso.equilibrium(c: cp.baseAddress!, modifier: c[2], qStar: &q, dQdC: &dqdc, dQdS: &dqds)
            }
            for l in 0..<2 {
                let h = 1e-6
                var cp = c, cm = c
                cp[l] += h; cm[l] -= h
                let qp = iso.loading(c: cp, modifier: c[2]), qm = iso.loading(c: cm, modifier: c[2])
                for i in 0..<n { XCTAssertEqual(dqdc[i * n + l], (qp[i] - qm[i]) / (2 * h), accuracy: 1e-6 * max(1, abs(dqdc[i * n + l])), "\(iso.id) ∂q\(i)/∂c\(l)") }
            }
            let h = 1e-3
            let qp = iso.loading(c: c, modifier: c[2] + h), qm = iso.loading(c: c, modifier: c[2] - h)
            for i in 0..<n { XCTAssertEqual(dqds[i], (qp[i] - qm[i]) / (2 * h), accuracy: 1e-7 * max(1, abs(dqds[i])), "\(iso.id) ∂q\(i)/∂s") }
            XCTAssertFalse(iso.isBinding(2), "\(iso.id): the modifier does not bind")
            XCTAssertEqual(q[2], 0)
        }
    }

    func testLangmuirValuesAndAcidDependence() {
        let lang = LangmuirIsotherm(affinity: [0.25, 0.9], capacity: [50, 50])
        let q = lang.loading(c: [1, 1])
        XCTAssertEqual(q[0], 50 * 0.25 / 2.15, accuracy: 1e-12)
        XCTAssertEqual(q[1], 50 * 0.9 / 2.15, accuracy: 1e-12)
        let acid = AcidPowerLangmuirIsotherm(referenceAffinity: [0.02, 0], capacity: [100, 0], exponent: [3, 0],
                                             referenceModifier: 600, minimumModifier: 10)
        XCTAssertEqual(acid.affinity(0, modifier: 300), 0.02 * 8, accuracy: 1e-12)     // halving the acid: ×2³
        XCTAssertEqual(acid.affinity(0, modifier: 1), acid.affinity(0, modifier: 10))   // held below s_min
        let dga = RisingModifierLangmuirIsotherm(plateauAffinity: [1], capacity: [10], exponent: [3], halfSaturation: 2500)
        XCTAssertEqual(dga.affinity(0, modifier: 2500), 0.5, accuracy: 1e-12)
        XCTAssertLessThan(dga.affinity(0, modifier: 500), dga.affinity(0, modifier: 1000))
        XCTAssertEqual(dga.affinity(0, modifier: 0), 0)
    }

    func testRegistryBuildsFromConfigAndReportsErrors() throws {
        let doc = try YAMLDocument.parse("""
            id: langmuir-acid-power
            K_ref: {Gd: 0.02 m3/mol, Tb: 70 L/mol}
            q_max: 0.1 mol/L
            beta: 3
            reference_modifier: 0.6 mol/L
            """, file: "iso.yaml")
        let iso = try IsothermRegistry.make(doc, context: ctx)
        guard let a = iso as? AcidPowerLangmuirIsotherm else { return XCTFail("wrong type") }
        XCTAssertEqual(a.referenceAffinity[1], 0.07, accuracy: 1e-15)
        XCTAssertEqual(a.capacity[0], 100)
        XCTAssertEqual(a.referenceModifier, 600)
        let bad = try YAMLDocument.parse("id: langmuir\nK: {Gd: 0.2 m3/mol, Tb: 0.5 m3/mol}\nq_max: 50 mol/kgg\n", file: "bad.yaml")
        XCTAssertThrowsError(try IsothermRegistry.make(bad, context: ctx)) { e in
            let ie = e as? InputError
            XCTAssertEqual(ie?.location.line, 3)
            XCTAssertEqual(ie?.key, "q_max")
        }
        let typo = try YAMLDocument.parse("id: langmiur\n", file: "typo.yaml")
        XCTAssertThrowsError(try IsothermRegistry.make(typo, context: ctx)) { e in
            XCTAssertTrue("\(e)".contains("did you mean 'langmuir'"), "\(e)")
        }
        let missing = try YAMLDocument.parse("id: langmuir\nK: {Gd: 0.2 m3/mol}\nq_max: 50 mol/m3\n", file: "m.yaml")
        XCTAssertThrowsError(try IsothermRegistry.make(missing, context: ctx)) { e in
            XCTAssertTrue("\(e)".contains("'Tb'"), "\(e)")
        }
    }
}
