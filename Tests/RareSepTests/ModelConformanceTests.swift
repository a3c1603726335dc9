import XCTest
@testable import RareSepChemistry
import RareSepCore
import RareSepIO

/// One conformance suite over every model in ModelRegistry.all (architecture.md §5):
/// analytic Jacobians against finite differences, non-negative y* and D, and invariance
/// under reordering of the species.
final class ModelConformanceTests: XCTestCase {
    func testEveryRegisteredModelHasATestSet() {
        for r in ModelRegistry.all {
            XCTAssertNotNil(ChemistryTestSets.all[r.id], "model '\(r.id)' has no conformance test set")
        }
    }

    /// Which rows of y* are used by the stage (the others are ignored by contract).
    private func usedRows(_ model: any EquilibriumModel) -> [Int] {
        (0..<model.speciesCount).filter { model.role($0) == .partitioning || model.role($0) == .organicConstraint }
    }

    func testJacobianMatchesFiniteDifferences() throws {
        var rng = SplitMix(state: 42)
        for r in ModelRegistry.all {
            for set in ChemistryTestSets.all[r.id] ?? [] {
                let (model, species) = try ChemistryTestSets.build(r.id, set)
                let n = model.speciesCount
                for _ in 0..<6 {
                    let (x, y) = ChemistryTestSets.randomState(model: model, species: species, metalCount: set.metals.count, rng: &rng)
                    let (y0, ax, ay) = ChemistryTestSets.evaluate(model, x: x, y: y, jacobian: true)
                    for (phase, base, analytic) in [("x", x, ax), ("y", y, ay)] {
                        for k in 0..<n {
                            let h = 1e-6 * max(abs(base[k]), 1e-2)
                            var plus = base, minus = base
                            plus[k] += h
                            minus[k] -= h
                            let yp = phase == "x" ? ChemistryTestSets.evaluate(model, x: plus, y: y).yStar
                                                  : ChemistryTestSets.evaluate(model, x: x, y: plus).yStar
                            let ym = phase == "x" ? ChemistryTestSets.evaluate(model, x: minus, y: y).yStar
                                                  : ChemistryTestSets.evaluate(model, x: x, y: minus).yStar
                            for j in usedRows(model) {
                                let fd = (yp[j] - ym[j]) / (2 * h)
                                let a = analytic[j * n + k]
                                // scale: the row's value over the variable's size
                                let scale = abs(y0[j]) / max(abs(base[k]), 1e-2) + abs(a)
                                XCTAssertEqual(a, fd, accuracy: 1e-5 * scale + 1e-12,
                                               "\(r.id) [\(set.name)] d y*_\(species.symbols[j]) / d \(phase)_\(species.symbols[k])")
                            }
                        }
                    }
                }
            }
        }
    }

    func testNonNegativeEquilibriumAndDistributionRatios() throws {
        var rng = SplitMix(state: 7)
        for r in ModelRegistry.all {
            for set in ChemistryTestSets.all[r.id] ?? [] {
                let (model, species) = try ChemistryTestSets.build(r.id, set)
                for _ in 0..<20 {
                    let (x, y) = ChemistryTestSets.randomState(model: model, species: species, metalCount: set.metals.count, rng: &rng)
                    let ys = ChemistryTestSets.evaluate(model, x: x, y: y).yStar
                    for j in usedRows(model) {
                        XCTAssertTrue(ys[j] >= 0 && ys[j].isFinite, "\(r.id) [\(set.name)] y*_\(species.symbols[j]) = \(ys[j])")
                    }
                    let d = model.distributionRatios(x: x, y: y)
                    for j in 0..<set.metals.count { XCTAssertTrue(d[j] >= 0 && d[j].isFinite, "\(r.id) D_\(species.symbols[j]) = \(d[j])") }
                    // zero aqueous metal gives zero organic metal
                    var x0 = x
                    for j in 0..<set.metals.count { x0[j] = 0 }
                    let z = ChemistryTestSets.evaluate(model, x: x0, y: y).yStar
                    for j in 0..<set.metals.count { XCTAssertEqual(z[j], 0, "\(r.id) y*(x=0) for \(species.symbols[j])") }
                }
            }
        }
    }

    func testReorderingSpeciesChangesNothing() throws {
        var rng = SplitMix(state: 99)
        for r in ModelRegistry.all {
            for set in ChemistryTestSets.all[r.id] ?? [] {
                let (model, species) = try ChemistryTestSets.build(r.id, set)
                let reversedMetals = Array(set.metals.reversed())
                let (model2, species2) = try ChemistryTestSets.build(r.id, set, metalOrder: reversedMetals,
                                                                     extraOrder: { Array($0.reversed()) })
                let (x, y) = ChemistryTestSets.randomState(model: model, species: species, metalCount: set.metals.count, rng: &rng)
                let perm = species2.symbols.map { species.index(of: $0)! }   // position in species2 → index in species
                let x2 = perm.map { x[$0] }, y2 = perm.map { y[$0] }
                let a = ChemistryTestSets.evaluate(model, x: x, y: y, jacobian: true)
                let b = ChemistryTestSets.evaluate(model2, x: x2, y: y2, jacobian: true)
                let n = species.count
                for (p2, p1) in perm.enumerated() {
                    XCTAssertEqual(model.role(p1), model2.role(p2), "\(r.id) role of \(species.symbols[p1])")
                    guard model.role(p1) == .partitioning || model.role(p1) == .organicConstraint else { continue }
                    XCTAssertEqual(a.yStar[p1], b.yStar[p2], accuracy: 1e-12 * abs(a.yStar[p1]) + 1e-300,
                                   "\(r.id) [\(set.name)] y*_\(species.symbols[p1]) after reordering")
                    for (q2, q1) in perm.enumerated() {
                        XCTAssertEqual(a.dYdX[p1 * n + q1], b.dYdX[p2 * n + q2], accuracy: 1e-12 * abs(a.dYdX[p1 * n + q1]) + 1e-300)
                        XCTAssertEqual(a.dYdY[p1 * n + q1], b.dYdY[p2 * n + q2], accuracy: 1e-12 * abs(a.dYdY[p1 * n + q1]) + 1e-300)
                    }
                }
            }
        }
    }
}
