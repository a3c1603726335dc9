import XCTest
@testable import RareSepFlowsheet
@testable import RareSepIO

/// Trace raffinate values many decades below the feed are converged, not
/// artefacts of the solver settings: perturbing the start and tightening the
/// tolerance changes none of them by more than 1e-6 relative.
final class TraceAccuracyTests: XCTestCase {
    func testTraceRaffinateIndependentOfSolverSettings() throws {
        let c = try CascadeCase.load(path: TestPaths.root + "/cases/bench/cascade-40-stage.yaml", library: TestPaths.library)
        let base = try CascadeSolver.solve(c.problem, options: c.options)
        XCTAssertTrue(base.report.converged, "\(base.report)")
        let n = c.problem.species.count
        // At least one metal is eight or more decades below its feed in the raffinate.
        let feed = c.problem.feeds[0].concentrations
        let deepest = (0..<c.problem.metalCount).map { base.aqueous[$0] / feed[$0] }.min()!
        XCTAssertLessThan(deepest, 1e-8)

        for (factor, tol) in [(0.3, 1e-12), (3.0, 1e-14)] {
            let ws = try CascadeWorkspace(problem: c.problem)
            CascadeSolver.initialGuess(ws)
            var x = ws.state().x, y = ws.state().y
            for i in x.indices { x[i] *= factor; y[i] *= factor }
            ws.setState(x: x, y: y)
            var o = c.options
            o.residualTolerance = tol
            let other = CascadeSolver.solve(ws, options: o)
            XCTAssertTrue(other.report.converged, "\(other.report)")
            for j in 0..<c.problem.metalCount {
                let a = base.aqueous[j], b = other.aqueous[j]
                XCTAssertEqual(b, a, accuracy: 1e-6 * a, "raffinate \(c.problem.species.symbols[j]) (start ×\(factor))")
            }
            for s in 0..<c.problem.stageCount {
                for j in 0..<n where base.aqueous[s * n + j] > 0 {
                    XCTAssertEqual(other.aqueous[s * n + j], base.aqueous[s * n + j], accuracy: 1e-6 * base.aqueous[s * n + j])
                }
            }
        }
    }

    /// The continuation fallback on its own (from the feed start, no Kremser solve)
    /// reaches the Newton answer: its pseudo-time steps solve (J − M/Δτ)·z_new =
    /// (J − M/Δτ)·z − F, so the fixed point is F = 0 whatever the step sizes.
    /// Not yet on the loop cascades (tbdy loop, default case: the start's absent
    /// species overflow the row-scaled blocks) or the saponified case (it stalls).
    func testPseudoTransientContinuationReachesTheNewtonSolution() throws {
        for file in ["cases/bench/cascade-40-stage.yaml", "cases/bench/cascade-3-stage.yaml", "Validation/chemistry/sulfate-impurities-cascade/case.yaml", "Validation/chemistry/multi-element-strip/case.yaml"] {
            let c = try CascadeCase.load(path: TestPaths.root + "/" + file, library: TestPaths.library)
            let base = try CascadeSolver.solve(c.problem, options: c.options)
            XCTAssertTrue(base.report.converged, "\(base.report)")
            let ws = try CascadeWorkspace(problem: c.problem)
            CascadeSolver.initialGuess(ws, kremser: false)
            let report = CascadeSolver.newton(ws, options: c.options, pseudoTimeStep: c.options.initialPseudoTimeStep)
            XCTAssertTrue(report.converged, "\(file): \(report)")
            let other = CascadeSolver.solution(ws, report: report)
            XCTAssertLessThan(other.worstStageClosure, 1e-10, file)
            let n = c.problem.species.count, feed = c.problem.feeds[0].concentrations
            for s in 0..<c.problem.stageCount {
                for j in 0..<n where base.aqueous[s * n + j] > 1e-8 * max(feed[j], 1e-300) {
                    XCTAssertEqual(other.aqueous[s * n + j], base.aqueous[s * n + j], accuracy: 1e-6 * base.aqueous[s * n + j],
                                   "\(file) stage \(s + 1) \(c.problem.species.symbols[j])")
                }
            }
        }
    }
}
