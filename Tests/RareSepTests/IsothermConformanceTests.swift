import XCTest
import RareSepCore
import RareSepChemistry
@testable import RareSepIO

/// One conformance suite over every isotherm in IsothermRegistry.all, built from
/// its registry factory: analytic ∂q*/∂c and ∂q*/∂s against central differences,
/// non-negative loadings, zero loading without solute, and for models with a
/// kinetic form (`KineticBinding`): rates vanish on the isotherm and their
/// analytic Jacobians match central differences. Parameter sets are test inputs.
final class IsothermConformanceTests: XCTestCase {
    struct TestSet {
        var name: String
        var yaml: String
        var components: [String]
        var modifier: String?
        /// Liquid concentrations (mol/m³) around which states are drawn, per component.
        var scale: [Double]
    }

    static let sets: [String: [TestSet]] = [
        "linear": [TestSet(name: "Henry", yaml: "id: linear\nH: {Gd: 2, Tb: 3}", components: ["Gd", "Tb", "HCl"], modifier: "HCl",
                           scale: [1, 1, 500])],
        "langmuir": [TestSet(name: "two metals", yaml: "id: langmuir\nK: {Gd: 0.25 m3/mol, Tb: 0.9 m3/mol}\nq_max: {Gd: 50 mol/m3, Tb: 40 mol/m3}",
                             components: ["Gd", "Tb"], modifier: nil, scale: [1, 1])],
        "langmuir-acid-power": [TestSet(name: "HCl", yaml: """
            id: langmuir-acid-power
            K_ref: {Gd: 0.02 m3/mol, Tb: 0.07 m3/mol}
            q_max: 100 mol/m3
            beta: {Gd: 3, Tb: 2.5}
            reference_modifier: 600 mol/m3
            minimum_modifier: 10 mol/m3
            """, components: ["Gd", "Tb", "HCl"], modifier: "HCl", scale: [1, 0.7, 800])],
        "langmuir-mpm": [TestSet(name: "HCl, gamma", yaml: """
            id: langmuir-mpm
            K_ref: {Gd: 0.02 m3/mol, Tb: 0.07 m3/mol}
            q_max: {Gd: 100 mol/m3, Tb: 80 mol/m3}
            beta: {Gd: 3, Tb: 2.5}
            gamma: {Gd: 0.001 m3/mol, Tb: -0.0005 m3/mol}
            reference_modifier: 600 mol/m3
            """, components: ["Gd", "HCl", "Tb"], modifier: "HCl", scale: [1, 800, 0.7])],
        "langmuir-dga-rising": [TestSet(name: "HNO3", yaml: """
            id: langmuir-dga-rising
            K_plateau: {Nd: 0.5 m3/mol, Dy: 1.5 m3/mol}
            q_max: 60 mol/m3
            beta: 3
            half_saturation: 2500 mol/m3
            """, components: ["Nd", "Dy", "HNO3"], modifier: "HNO3", scale: [1, 1, 2000])],
        "bi-langmuir": [TestSet(name: "two sites", yaml: """
            id: bi-langmuir
            K_1: {Gd: 0.2 m3/mol, Tb: 0.5 m3/mol}
            q_max_1: 40 mol/m3
            K_2: {Gd: 3 m3/mol, Tb: 1 m3/mol}
            q_max_2: {Gd: 5 mol/m3, Tb: 8 mol/m3}
            """, components: ["Gd", "Tb"], modifier: nil, scale: [1, 1])],
        "freundlich": [TestSet(name: "favourable and unfavourable", yaml: """
            id: freundlich
            K_F: {Gd: 12 mol/m3, Tb: 4 mol/m3}
            n: {Gd: 2.5, Tb: 0.8}
            """, components: ["Gd", "Tb"], modifier: nil, scale: [1, 1])],
        "steric-mass-action": [
            TestSet(name: "Na, two REE", yaml: """
                id: steric-mass-action
                counter_ion: Na
                ionic_capacity: 1200 mol/m3
                K: {Nd: 2.0, Dy: 5.0}
                nu: {Nd: 3, Dy: 2.8}
                sigma: {Nd: 10, Dy: 12}
                reference_liquid: 500 mol/m3
                reference_solid: 1200 mol/m3
                """, components: ["Na", "Nd", "Dy"], modifier: nil, scale: [500, 1, 1]),
            TestSet(name: "counter-ion last, an inert tracer, an acid modifier", yaml: """
                id: steric-mass-action
                counter_ion: NH4
                ionic_capacity: 2 mol/L
                K: {Tb: 0.5, X: 0}
                nu: {Tb: 3, X: 1}
                sigma: {Tb: 4.5, X: 0}
                """, components: ["Tb", "X", "HCl", "NH4"], modifier: "HCl", scale: [2, 1, 100, 800]),
        ],
    ]

    func build(_ id: String, _ set: TestSet) throws -> (any Isotherm, Int?) {
        let species = SpeciesSet(set.components)
        let mod = set.modifier.flatMap { species.index(of: $0) }
        let ctx = IsothermContext(components: species, modifierIndex: mod)
        let iso = try IsothermRegistry.make(try YAMLDocument.parse(set.yaml, file: "\(id).yaml"), context: ctx)
        XCTAssertEqual(iso.id, id)
        XCTAssertEqual(iso.componentCount, set.components.count)
        return (iso, mod)
    }

    func testEveryRegisteredIsothermHasATestSet() {
        for r in IsothermRegistry.all {
            XCTAssertNotNil(Self.sets[r.id], "isotherm '\(r.id)' has no conformance test set")
        }
    }

    func forEachState(_ seed: UInt64, _ body: (String, any Isotherm, Int?, [Double]) throws -> Void) throws {
        var rng = SplitMix(state: seed)
        for r in IsothermRegistry.all {
            for set in Self.sets[r.id] ?? [] {
                let (iso, mod) = try build(r.id, set)
                for _ in 0..<6 {
                    let c = set.scale.map { $0 * (0.05 + 2 * rng.uniform(0, 1)) }
                    try body("\(r.id) [\(set.name)]", iso, mod, c)
                }
            }
        }
    }

    func testEquilibriumJacobianMatchesCentralDifferences() throws {
        try forEachState(42) { name, iso, mod, c in
            let n = c.count
            let s = mod.map { c[$0] } ?? 0
            var q = [Double](repeating: 0, count: n), dqdc = [Double](repeating: 0, count: n * n), dqds = [Double](repeating: 0, count: n)
            c.withUnsafeBufferPointer { iso.equilibrium(c: $0.baseAddress!, modifier: s, qStar: &q, dQdC: &dqdc, dQdS: &dqds) }
            XCTAssertEqual(q, iso.loading(c: c, modifier: s), "\(name): with and without Jacobian")
            for l in 0..<n where l != mod {
                let h = 1e-6 * c[l]
                var cp = c, cm = c
                cp[l] += h; cm[l] -= h
                let qp = iso.loading(c: cp, modifier: s), qm = iso.loading(c: cm, modifier: s)
                for i in 0..<n {
                    let fd = (qp[i] - qm[i]) / (2 * h)
                    XCTAssertEqual(dqdc[i * n + l], fd, accuracy: 1e-6 * (abs(fd) + abs(q[i]) / c[l]) + 1e-12, "\(name) ∂q\(i)/∂c\(l)")
                }
            }
            if let mod {
                for i in 0..<n { XCTAssertEqual(dqdc[i * n + mod], 0, "\(name): modifier dependence only through dQdS") }
                let h = 1e-6 * s
                let qp = iso.loading(c: c, modifier: s + h), qm = iso.loading(c: c, modifier: s - h)
                for i in 0..<n {
                    let fd = (qp[i] - qm[i]) / (2 * h)
                    XCTAssertEqual(dqds[i], fd, accuracy: 1e-6 * (abs(fd) + abs(q[i]) / s) + 1e-12, "\(name) ∂q\(i)/∂s")
                }
                XCTAssertFalse(iso.hasSolidState(mod), "\(name): the modifier does not bind")
            }
        }
    }

    func testLoadingsNonNegativeAndZeroWithoutSolute() throws {
        try forEachState(7) { name, iso, mod, c in
            let n = c.count
            let q = iso.loading(c: c, modifier: mod.map { c[$0] } ?? 0)
            for i in 0..<n {
                XCTAssertGreaterThanOrEqual(q[i], 0, "\(name) q\(i)")
                if !iso.hasSolidState(i) { XCTAssertEqual(q[i], 0, "\(name) q\(i) of a component without a solid state") }
            }
            var empty = c
            for i in 0..<n where iso.isBinding(i) { empty[i] = 0 }
            let q0 = iso.loading(c: empty, modifier: mod.map { c[$0] } ?? 0)
            for i in 0..<n where iso.isBinding(i) { XCTAssertEqual(q0[i], 0, "\(name) q\(i) without solute") }
        }
    }

    /// Kinetic forms: r(c, q*(c)) = 0, and ∂r/∂c, ∂r/∂s, ∂r/∂q against central differences.
    func testKineticFormsVanishOnTheIsothermAndHaveExactJacobians() throws {
        var rng = SplitMix(state: 3)
        try forEachState(11) { name, iso, mod, c in
            guard let kb = iso as? any KineticBinding else { return }
            let n = c.count
            let s = mod.map { c[$0] } ?? 0
            let k = (0..<n).map { _ in 0.5 + rng.uniform(0, 1) }
            func rates(_ c: [Double], _ q: [Double], _ s: Double) -> [Double] {
                var r = [Double](repeating: 0, count: n)
                kb.kineticRates(c: c, q: q, modifier: s, rateConstant: k, rates: &r, dRdC: nil, dRdS: nil, dRdQ: nil)
                return r
            }
            let qStar = iso.loading(c: c, modifier: s)
            let r0 = rates(c, qStar, s)
            let adsorption = rates(c, [Double](repeating: 0, count: n), s)   // the size of the terms that cancel
            for i in 0..<n {
                let size = abs(adsorption[i]) + k[i] * (qStar.max() ?? 1)
                XCTAssertEqual(r0[i], 0, accuracy: 1e-11 * size, "\(name): r\(i) on the isotherm")
            }
            // off equilibrium
            let q = qStar.enumerated().map { i, v in iso.hasSolidState(i) ? v * (0.6 + 0.5 * rng.uniform(0, 1)) : 0 }
            var r = [Double](repeating: 0, count: n), dc = [Double](repeating: 0, count: n * n)
            var ds = [Double](repeating: 0, count: n), dq = [Double](repeating: 0, count: n * n)
            kb.kineticRates(c: c, q: q, modifier: s, rateConstant: k, rates: &r, dRdC: &dc, dRdS: &ds, dRdQ: &dq)
            XCTAssertEqual(r, rates(c, q, s), "\(name): with and without Jacobian")
            let scale = r.map(abs).max() ?? 1
            for l in 0..<n where l != mod {
                let h = 1e-6 * c[l]
                var cp = c, cm = c
                cp[l] += h; cm[l] -= h
                let rp = rates(cp, q, s), rm = rates(cm, q, s)
                for i in 0..<n { XCTAssertEqual(dc[i * n + l], (rp[i] - rm[i]) / (2 * h), accuracy: 1e-6 * (abs(dc[i * n + l]) + scale / c[l]) + 1e-12, "\(name) ∂r\(i)/∂c\(l)") }
            }
            for l in 0..<n where iso.hasSolidState(l) {
                let h = 1e-6 * max(q[l], 1e-3)
                var qp = q, qm = q
                qp[l] += h; qm[l] -= h
                let rp = rates(c, qp, s), rm = rates(c, qm, s)
                for i in 0..<n { XCTAssertEqual(dq[i * n + l], (rp[i] - rm[i]) / (2 * h), accuracy: 1e-6 * (abs(dq[i * n + l]) + scale / max(q[l], 1e-3)) + 1e-12, "\(name) ∂r\(i)/∂q\(l)") }
            }
            if let mod {
                for i in 0..<n { XCTAssertEqual(dc[i * n + mod], 0, "\(name): modifier dependence only through dRdS") }
                let h = 1e-6 * s
                let rp = rates(c, q, s + h), rm = rates(c, q, s - h)
                for i in 0..<n { XCTAssertEqual(ds[i], (rp[i] - rm[i]) / (2 * h), accuracy: 1e-6 * (abs(ds[i]) + scale / s) + 1e-12, "\(name) ∂r\(i)/∂s") }
            }
        }
    }
}
