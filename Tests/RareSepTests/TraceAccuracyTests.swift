import XCTest
@testable import RareSepCascade
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
    /// (J − M/Δτ)·z − F, so the fixed point is F = 0 whatever the step sizes. The loop
    /// cascades (tbdy loop, default case) start with metal-free scrub stages, whose rows
    /// need the continuation's relative row-scale floor. Not listed: the saponified case,
    /// whose transient stalls (the saponified organic strips the aqueous protons and the
    /// metals collapse) and which converges only in the Newton phase after Δτ passes
    /// 1e12 s, for some initial Δτ and not others — not the continuation's doing.
    func testPseudoTransientContinuationReachesTheNewtonSolution() throws {
        for file in ["cases/bench/cascade-40-stage.yaml", "cases/bench/cascade-3-stage.yaml", "Validation/chemistry/sulfate-impurities-cascade/case.yaml",
                     "Validation/chemistry/multi-element-strip/case.yaml", "cases/bench/cascade-tbdy-loop.yaml", "cases/default.yaml"] {
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

    /// The whole fallback chain of `solve`: with one Newton iteration allowed, Newton
    /// from the Kremser start and from the feed start both stop short, and the
    /// continuation (allowed its own iteration limit) reaches the Newton answer.
    func testFallbackChainEndsInPseudoTransientContinuation() throws {
        let c = try CascadeCase.load(path: TestPaths.root + "/cases/bench/cascade-tbdy-loop.yaml", library: TestPaths.library)
        let base = try CascadeSolver.solve(c.problem, options: c.options)
        XCTAssertTrue(base.report.converged, "\(base.report)")
        var o = c.options
        o.maxIterations = 1
        o.continuationMaxIterations = 100
        let chained = try CascadeSolver.solve(c.problem, options: o)
        XCTAssertTrue(chained.report.converged, "\(chained.report)")
        XCTAssertTrue(chained.report.method.hasPrefix("pseudo-transient continuation"), chained.report.method)
        XCTAssertEqual(chained.report.notes.filter { $0.hasPrefix("Newton from the") }.count, 2, "\(chained.report.notes)")
        XCTAssertLessThan(chained.worstStageClosure, 1e-10)
        for i in base.aqueous.indices where base.aqueous[i] > 0 {
            XCTAssertEqual(chained.aqueous[i], base.aqueous[i], accuracy: 1e-6 * base.aqueous[i])
        }
    }
}
