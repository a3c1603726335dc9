import XCTest
@testable import RareSepCascade
@testable import RareSepIO

/// The cascade solve's last fallback, continuation in the stage count
/// (`CascadeSolver.stageCountContinuation`): long cascades whose cold path (Kremser
/// start, feed start, pseudo-transient continuation) fails converge from the same
/// cascade with every section halved, doubled back up with warm starts.
final class StageCountContinuationTests: XCTestCase {
    /// Each rung halves every section (rounding up) until at most `base` stages remain;
    /// the ladder runs from the coarsest rung up and excludes the cascade itself.
    func testLadderHalvesEverySectionDownToTheBase() {
        XCTAssertEqual(CascadeSolver.stageCountLadder([400, 500, 120], base: 64),
                       [[13, 16, 4], [25, 32, 8], [50, 63, 15], [100, 125, 30], [200, 250, 60]])
        XCTAssertEqual(CascadeSolver.stageCountLadder([20, 25, 6], base: 64), [])
        XCTAssertEqual(CascadeSolver.stageCountLadder([1, 200], base: 64), [[1, 50], [1, 100]])
    }

    /// The default case (D2EHPA chloride mass action, Dy/Tb, closed solvent loop) with
    /// every section ×7 (140/175/42 stages): the cold path fails (before this fallback
    /// the solve ended there); the stage-count continuation converges, every stage and
    /// the whole cascade balance per species, and the longer scrub leaves less Tb per Dy
    /// in the strip liquor than the default's. (~3 s in a debug build, most of it the
    /// failing cold path; ×7 is the smallest multiple of every section that failed.)
    func testSevenfoldDefaultCaseConvergesByStageCountContinuation() throws {
        let c = try CascadeCase.load(path: TestPaths.root + "/cases/default.yaml", library: TestPaths.library)
        let short = try CascadeSolver.solve(c.problem, options: c.options)
        XCTAssertTrue(short.report.converged, "\(short.report)")
        let long = c.problem.withStageCounts(c.problem.sections.map { 7 * $0.stageCount })
        let sol = try CascadeSolver.solve(long, options: c.options)
        XCTAssertTrue(sol.report.converged, "\(sol.report)")
        XCTAssertTrue(sol.report.method.hasPrefix("stage-count continuation"), sol.report.method)
        XCTAssertTrue(sol.report.notes.contains { $0.hasPrefix("pseudo-transient continuation from the feed start: ") },
                      "the cold path should have failed: \(sol.report.notes)")
        XCTAssertLessThan(sol.worstStageClosure, 1e-10)
        for (j, closure) in sol.balanceClosure.enumerated() {
            XCTAssertLessThan(abs(closure), 1e-10, long.species.symbols[j])
        }
        let sym = long.species.symbols
        let dy = try XCTUnwrap(sym.firstIndex(of: "Dy")), tb = try XCTUnwrap(sym.firstIndex(of: "Tb"))
        func ratio(_ s: CascadeSolution, _ outlet: String, _ a: Int, _ b: Int) throws -> Double {
            let o = try XCTUnwrap(s.outlets.first { $0.name == outlet }, outlet)
            return o.amounts[a] / o.amounts[b]
        }
        XCTAssertLessThan(try ratio(sol, "strip liquor", tb, dy), try ratio(short, "strip liquor", tb, dy))
    }
}
