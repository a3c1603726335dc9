import Foundation
@testable import RareSepIO
import RareSepCascade
import XCTest

/// The McCabe–Thiele diagram's data are the cascade's: its key pair is the pair the
/// cascade splits, and with constant separation factors every stage point lies on the
/// pair's equilibrium curve y/(1−y) = β·x/(1−x) (β = 2 for Dy/Tb in the bundled case).
final class McCabeThieleTests: XCTestCase {
    func testStagePointsLieOnTheConstantSeparationFactorCurve() throws {
        let c = try CascadeCase.load(path: TestPaths.root + "/cases/tb-dy-constant-beta.yaml", library: TestPaths.library)
        let sol = try CascadeSolver.solve(c.problem)
        XCTAssert(sol.report.converged)
        let pair = try XCTUnwrap(McCabeThielePlot.keyPair(sol))
        let symbols = c.problem.species.symbols
        XCTAssertEqual([symbols[pair.a], symbols[pair.b]], ["Dy", "Tb"], "the better-extracted key first")
        let n = c.problem.species.count
        var checked = 0
        for s in 0..<c.problem.stageCount {
            let xa = sol.aqueous[s * n + pair.a], xb = sol.aqueous[s * n + pair.b]
            let ya = sol.organic[s * n + pair.a], yb = sol.organic[s * n + pair.b]
            guard xa > 1e-12, xb > 1e-12, ya > 1e-12, yb > 1e-12 else { continue }
            let x = xa / (xa + xb), y = ya / (ya + yb)
            XCTAssertEqual((y / (1 - y)) / (x / (1 - x)), 2.0, accuracy: 1e-8, "stage \(s + 1)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 10)
        let svg = try XCTUnwrap(McCabeThielePlot.svg(sol))
        XCTAssert(svg.contains("McCabe–Thiele diagram of Dy/Tb"))
    }
}
