import XCTest
@testable import RareSepCascade
@testable import RareSepIO

/// The steady cascade solve converges over wide ranges of stage counts and flows, as a
/// design search needs (it solves hundreds of neighbouring designs): each case's section
/// stage counts scaled ×0.5, ×2, ×4 and its organic and scrub flows ×0.5, ×2, every
/// variant converged with the species balance closing per stage and over the cascade.
final class CascadeRobustnessTests: XCTestCase {
    /// The cases of the set: the default Tb/Dy loop (mass action, proton balance), the
    /// constant-separation-factor Tb/Dy split, the saponified once-through Tb/Dy split of
    /// the plant flowsheet and the 40-stage sulfate cascade (one section, 15 species).
    static let cases = ["cases/default.yaml", "cases/tb-dy-constant-beta.yaml",
                        "cases/plant-ndfeb/tb-dy-split.yaml", "cases/bench/cascade-40-stage.yaml"]

    /// A variant of a case: its name and the problem.
    struct Variant {
        var name: String
        var problem: CascadeProblem
    }

    /// The variants of `problem`: stage counts ×0.5, ×2, ×4, organic flow ×0.5, ×2 and
    /// (with a scrub section) scrub flow ×0.5, ×2.
    static func variants(of problem: CascadeProblem) -> [Variant] {
        var out: [Variant] = []
        for k in [0.5, 2, 4] {
            let counts = problem.sections.map { max(1, Int((Double($0.stageCount) * k).rounded())) }
            out.append(Variant(name: "stages ×\(k) \(counts)", problem: problem.withStageCounts(counts)))
        }
        for f in [0.5, 2] {
            out.append(Variant(name: "organic ×\(f)", problem: withOrganicFlow(problem, times: f)))
        }
        if let scrub = problem.sections.firstIndex(where: { $0.name == "scrub" }) {
            for f in [0.5, 2] {
                var p = problem
                for i in p.feeds.indices where p.feeds[i].phase == .aqueous && p.sections[scrub].stages.contains(p.feeds[i].stage) {
                    p.feeds[i].flow *= f
                }
                out.append(Variant(name: "scrub ×\(f)", problem: p))
            }
        }
        return out
    }

    /// `problem` with its organic inlets (loop flow and organic feeds) scaled by `f`.
    static func withOrganicFlow(_ problem: CascadeProblem, times f: Double) -> CascadeProblem {
        var p = problem
        p.loop?.flow *= f
        for i in p.feeds.indices where p.feeds[i].phase == .organic { p.feeds[i].flow *= f }
        return p
    }

    /// Asserts that `solution` converged with every stage and species balance closed.
    static func assertClosed(_ solution: CascadeSolution, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(solution.report.converged, "\(label): \(solution.report)", file: file, line: line)
        XCTAssertLessThan(solution.worstStageClosure, 1e-10, "\(label): stage closure", file: file, line: line)
        for (j, c) in solution.balanceClosure.enumerated() {
            XCTAssertLessThan(abs(c), 1e-10, "\(label): cascade balance of \(solution.problem.species.symbols[j])", file: file, line: line)
        }
    }

    func testStageAndFlowVariantsConverge() throws {
        for file in Self.cases {
            let c = try CascadeCase.load(path: TestPaths.root + "/" + file, library: TestPaths.library)
            for v in Self.variants(of: c.problem) {
                let start = Date()
                let sol = try CascadeSolver.solve(v.problem, options: c.options)
                Self.assertClosed(sol, "\(file) \(v.name)")
                print(String(format: "robustness: %@ %@: %@, %d iterations, %.2f s", file, v.name, sol.report.method,
                             sol.report.iterations, Date().timeIntervalSince(start)))
            }
        }
    }

    /// Largest difference between two solutions of one problem, relative to each value
    /// (values below 1e-200 mol/m³ count as equal).
    static func largestRelativeDifference(_ a: CascadeSolution, _ b: CascadeSolution) -> Double {
        var worst = 0.0
        for (u, v) in zip(a.aqueous + a.organic, b.aqueous + b.organic) where max(abs(u), abs(v)) > 1e-200 {
            worst = max(worst, abs(u - v) / max(abs(u), abs(v)))
        }
        return worst
    }

    /// A warm start from a neighbouring design (one more extraction stage; organic and
    /// scrub flows 10 % lower) takes fewer Newton iterations than the cold start and
    /// reaches the same profiles to 1e-10 relative; a start from the design with half the
    /// stages (profiles interpolated per section) reaches the same solution too.
    func testWarmStartFromNeighbouringDesign() throws {
        let c = try CascadeCase.load(path: TestPaths.root + "/cases/default.yaml", library: TestPaths.library)
        let base = try CascadeSolver.solve(c.problem, options: c.options)
        XCTAssertTrue(base.report.converged)
        var counts = c.problem.sections.map(\.stageCount)
        counts[0] += 1
        var flows = Self.withOrganicFlow(c.problem, times: 0.9)
        for i in flows.feeds.indices where flows.feeds[i].name == "scrub acid" { flows.feeds[i].flow *= 0.9 }
        let neighbours = [("one more extraction stage", c.problem.withStageCounts(counts)), ("organic and scrub flows ×0.9", flows)]
        for (name, p) in neighbours {
            let cold = try CascadeSolver.solve(p, options: c.options)
            let warm = try CascadeSolver.solve(p, warmStart: base, options: c.options)
            Self.assertClosed(cold, "\(name), cold")
            Self.assertClosed(warm, "\(name), warm")
            XCTAssertEqual(warm.report.method, "newton-block-tridiagonal (warm start)", name)
            XCTAssertLessThan(warm.report.iterations, cold.report.iterations, name)
            XCTAssertLessThan(Self.largestRelativeDifference(warm, cold), 1e-10, name)
            print("warm start, \(name): \(warm.report.iterations) iterations (cold \(cold.report.iterations)), largest relative difference \(Self.largestRelativeDifference(warm, cold))")
        }
        // from half the stages to the full design
        let half = try CascadeSolver.solve(c.problem.withStageCounts(c.problem.sections.map { $0.stageCount / 2 }), options: c.options)
        let doubled = try CascadeSolver.solve(c.problem, warmStart: half, options: c.options)
        Self.assertClosed(doubled, "from half the stages")
        XCTAssertLessThan(Self.largestRelativeDifference(doubled, base), 1e-10)
        print("warm start from half the stages: \(doubled.report.method), \(doubled.report.iterations) iterations (cold \(base.report.iterations))")
        // a design that does not match (other sections) is solved cold
        var other = c.problem
        other.sections[1].name = "wash"
        let unmatched = try CascadeSolver.solve(other, warmStart: base, options: c.options)
        Self.assertClosed(unmatched, "unmatched warm start")
        XCTAssertFalse(unmatched.report.method.contains("warm"))
    }
}
