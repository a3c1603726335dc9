import XCTest
@testable import RareSepCascade
@testable import RareSepDesign
@testable import RareSepIO
@testable import RareSepCore

/// Published feasibility check (issue 14; docs/design-feasibility.md): the naphthenic-acid
/// La/(Pr,Nd) cascade of J. Inner Mongolia Univ. (Nat. Sci.) 1979 (1) 65-69 — 20 stages,
/// La2O3 > 99.96 % at > 90 % recovery — expressed with the separation factors the same
/// source reports (Validation/design/naphthenic-la). The design must reach the published
/// purity and recovery, verified by a cold solve, with no more than the published 20
/// stages; the feed's La share, which the publication does not give, is varied.
final class DesignFeasibilityTests: XCTestCase {
    static let publishedStages = 20

    func check(laShare: Double?, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = TestPaths.root + "/Validation/design/naphthenic-la/design.yaml"
        let library = try ModelLibrary.locate(near: path)
        var spec = try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path, library: library)
        if let s = laShare {
            // 0.62 mol/L of rare earth chlorides (given), La share s, Pr : Nd = 1 : 3 (not given)
            let feed = try XCTUnwrap(spec.problem.base.feeds.firstIndex { $0.name == "feed" })
            let sym = spec.problem.base.species.symbols
            for (el, share) in [("La", s), ("Pr", (1 - s) * 0.25), ("Nd", (1 - s) * 0.75)] {
                spec.problem.base.feeds[feed].concentrations[try XCTUnwrap(sym.firstIndex(of: el))] = 620 * share   // mol/m³
            }
        }
        let r = try DesignSearch.run(spec.problem)
        XCTAssertEqual(r.status, .feasible, "\(r.binding)", file: file, line: line)
        let chosen = try XCTUnwrap(r.chosen, file: file, line: line)
        XCTAssertLessThanOrEqual(chosen.totalStages, Self.publishedStages, "no more stages than published", file: file, line: line)
        // The published product, from a cold solve of the chosen cascade (not the search's numbers).
        let cold = try CascadeSolver.solve(spec.problem.cascade(stages: chosen.stages, values: chosen.values))
        XCTAssertTrue(cold.report.converged, file: file, line: line)
        let m = try XCTUnwrap(DesignEvaluator.measure(cold, targets: spec.problem.targets), file: file, line: line)
        XCTAssertGreaterThanOrEqual(m.purity[0], 0.9996, "La purity", file: file, line: line)
        XCTAssertGreaterThanOrEqual(m.recovery[0], 0.90, "La recovery", file: file, line: line)
        for c in cold.balanceClosure { XCTAssertLessThan(abs(c), 1e-9, file: file, line: line) }
    }

    func testNaphthenicAcidLanthanumCascadeIsFeasibleWithinThePublishedStages() throws {
        try check(laShare: nil)   // the bundled feed: La 50 %
    }

    func testFeasibleAtALowLanthanumShareToo() throws {
        try check(laShare: 0.3)
    }
}
