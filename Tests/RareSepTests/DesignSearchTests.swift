import XCTest
@testable import RareSepCascade
@testable import RareSepDesign
@testable import RareSepIO
@testable import RareSepCore

/// The bundled design (cases/design-dy-tb.yaml): the reported design meets its target
/// when re-solved from cold, and one stage fewer in each section it reports as minimal
/// fails the target (no flows within the bounds meet it; nor do the design's own flows).
final class DesignSearchTests: XCTestCase {
    func testBundledDesignMeetsTargetAndIsStageMinimal() throws {
        let path = TestPaths.root + "/cases/design-dy-tb.yaml"
        let library = try ModelLibrary.locate(near: path)
        let spec = try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path, library: library)
        let r = try DesignSearch.run(spec.problem)
        XCTAssertEqual(r.status, .feasible, "\(r.binding)")
        let chosen = try XCTUnwrap(r.chosen)
        let t = spec.problem.targets
        // Re-solve from cold, independently of the search's warm starts.
        let cold = try CascadeSolver.solve(spec.problem.cascade(stages: chosen.stages, values: chosen.values))
        XCTAssertTrue(cold.report.converged)
        for c in cold.balanceClosure { XCTAssertLessThan(abs(c), 1e-9) }
        let m = try XCTUnwrap(DesignEvaluator.measure(cold, targets: t))
        XCTAssertTrue(DesignEvaluator.meets(t, purity: m.purity, recovery: m.recovery), "\(m)")
        // Stage minimality where the search claims it; at least the two key sections.
        XCTAssertTrue(r.minimalSections.contains(r.shortcut.extractionSection) && r.minimalSections.contains(r.shortcut.scrubSection),
                      "minimal sections \(r.minimalSections)")
        let ev = DesignEvaluator(problem: spec.problem)
        for k in r.minimalSections {
            var fewer = chosen.stages
            fewer[k] -= 1
            XCTAssertFalse(ev.evaluate(fewer).feasible, "one stage fewer in \(spec.problem.base.sections[k].name) should fail")
            let same = try CascadeSolver.solve(spec.problem.cascade(stages: fewer, values: chosen.values))
            let f = try XCTUnwrap(DesignEvaluator.measure(same, targets: t))
            XCTAssertFalse(DesignEvaluator.meets(t, purity: f.purity, recovery: f.recovery), "section \(k) at the design's flows")
        }
        // The shortcut's Fenske minimum bounds the design's extraction + scrub stages.
        XCTAssertLessThanOrEqual(r.shortcut.fenskeMinimumStages,
                                 Double(chosen.stages[r.shortcut.extractionSection] + chosen.stages[r.shortcut.scrubSection]))
        // Phase ratios within the bounds in every stage.
        XCTAssertNil(ev.phaseRatioViolation(stages: chosen.stages, values: chosen.values))
    }

    /// A stage budget too small for the target: a result (status infeasible) with the
    /// best reachable purity and recovery and the bounds that bind, not an error.
    func testUnreachableTargetIsReportedWithBindingBounds() throws {
        let path = TestPaths.root + "/cases/design-dy-tb.yaml"
        let library = try ModelLibrary.locate(near: path)
        var spec = try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path, library: library)
        spec.problem.bounds.stages = [2...3, 2...3, 2...2]
        let r = try DesignSearch.run(spec.problem)
        XCTAssertEqual(r.status, .infeasible)
        XCTAssertNil(r.chosen)
        let best = try XCTUnwrap(r.bestReachable)
        XCTAssertFalse(DesignEvaluator.meets(spec.problem.targets, purity: best.purity, recovery: best.recovery))
        XCTAssertTrue(r.binding.contains { $0.contains("stage budget") }, "\(r.binding)")
        XCTAssertGreaterThanOrEqual(r.binding.count, 2, "the flow bound that binds is named too: \(r.binding)")
    }

    /// A feed given as an annual oxide tonnage: the base feed's flow carries that much
    /// oxide (Pr6O11, Nd2O3, Tb4O7, Dy2O3 from the feed's g/L; worked by hand: 24.018 kg
    /// of oxide per m³ of the default feed, so 1 t/a over 8000 h is 5.2045 L/h).
    func testFeedFromAnnualOxideTonnage() throws {
        let dir = TestPaths.temporaryDirectory()
        let spec = """
        kind: design
        base: \(TestPaths.root)/cases/default.yaml
        feed: {stream: feed, oxide: 1 t/a, operating_hours: 8000 h}
        targets:
          - {outlet: strip liquor, element: Dy, purity: 99 %, recovery: 90 %}
        """
        let path = dir + "/spec.yaml"
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        let library = try ModelLibrary.locate(near: TestPaths.root + "/cases/default.yaml")
        let loaded = try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path, library: library)
        let feed = try XCTUnwrap(loaded.problem.base.feeds.first { $0.name == "feed" })
        XCTAssertEqual(feed.flow * 3.6e6, 5.2045, accuracy: 2e-4)
        XCTAssertEqual(loaded.problem.feedFlow, feed.flow)
        // Defaults: the scrub is the metal-free stream entering the scrub section; O/A 1:10–10:1.
        XCTAssertEqual(loaded.problem.base.feeds[loaded.problem.scrubFeed].name, "scrub acid")
        XCTAssertEqual(loaded.problem.bounds.phaseRatio, 0.1...10)
    }

    static func load(_ file: String) throws -> DesignSpec {
        let path = TestPaths.root + "/cases/" + file
        return try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path, library: try ModelLibrary.locate(near: path))
    }

    /// Two products of one cut (cases/design-tb-dy-two-products.yaml): Dy in the strip
    /// liquor and Tb in the raffinate. The design meets both when re-solved from cold,
    /// with the strip flow searched; one stage fewer in extraction or scrub was evaluated
    /// and fails a target. A stage budget too small is a result naming the target that
    /// binds and, per target, the closest point reached.
    func testTwoProductTargetsAllHold() throws {
        var spec = try Self.load("design-tb-dy-two-products.yaml")
        XCTAssertEqual(spec.problem.targets.count, 2)
        XCTAssertEqual(spec.problem.variables.map(\.name), ["organic flow", "scrub flow", "strip flow"])
        let r = try DesignSearch.run(spec.problem)
        XCTAssertEqual(r.status, .feasible, "\(r.binding)")
        let chosen = try XCTUnwrap(r.chosen)
        let cold = try CascadeSolver.solve(spec.problem.cascade(stages: chosen.stages, values: chosen.values))
        XCTAssertTrue(cold.report.converged)
        for c in cold.balanceClosure { XCTAssertLessThan(abs(c), 1e-9) }
        let m = try XCTUnwrap(DesignEvaluator.measure(cold, targets: spec.problem.targets))
        XCTAssertTrue(DesignEvaluator.meets(spec.problem.targets, purity: m.purity, recovery: m.recovery), "\(m)")
        for k in [r.shortcut.extractionSection, r.shortcut.scrubSection] {
            XCTAssertTrue(r.minimalSections.contains(k), "minimal sections \(r.minimalSections)")
            var fewer = chosen.stages
            fewer[k] -= 1
            let f = try XCTUnwrap(r.explored.first { $0.stages == fewer })
            XCTAssertFalse(f.feasible)
            XCTAssertNotNil(f.bindingTarget)
            XCTAssertFalse(DesignEvaluator.meets(spec.problem.targets, purity: f.purity, recovery: f.recovery))
        }

        spec.problem.bounds.stages = [2...4, 2...4, 2...2]
        let bad = try DesignSearch.run(spec.problem)
        XCTAssertEqual(bad.status, .infeasible)
        XCTAssertNotNil(bad.bindingTarget)
        XCTAssertEqual(bad.bestPerTarget.count, 2)
        XCTAssertTrue(bad.binding.contains { $0.contains("stage budget") }, "\(bad.binding)")
        let best = try XCTUnwrap(bad.bestReachable)
        XCTAssertFalse(DesignEvaluator.meets(spec.problem.targets, purity: best.purity, recovery: best.recovery))
    }

    /// The single-target form (`targets:` one mapping) still reads; a fixed strip flow is
    /// not searched; contradictory targets are errors.
    func testTargetsFormsAndContradictions() throws {
        let dir = TestPaths.temporaryDirectory()
        func spec(_ body: String) throws -> DesignSpec {
            let path = dir + "/spec.yaml"
            try ("kind: design\nbase: \(TestPaths.root)/cases/default.yaml\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
            return try DesignSpec.load(root: try YAMLDocument.load(path: path), path: path,
                                       library: try ModelLibrary.locate(near: TestPaths.root + "/cases/default.yaml"))
        }
        let one = try spec("targets: {outlet: strip liquor, element: Dy, purity: 99 %, recovery: 90 %}\nsearch: {strip_flow: 4 L/h, scrub_acid: [0.4 mol/L, 1.6 mol/L]}\n")
        XCTAssertEqual(one.problem.targets.count, 1)
        let strip = try XCTUnwrap(one.problem.variables.first { $0.name == "strip flow" })
        XCTAssertFalse(strip.isFree)
        XCTAssertEqual(strip.bounds.lowerBound * 3.6e6, 4, accuracy: 1e-12)
        let acid = try XCTUnwrap(one.problem.variables.first { $0.name == "scrub acid" })
        XCTAssertEqual(acid.bounds, 400...1600)
        for bad in ["targets:\n  - {outlet: strip liquor, element: Dy, purity: 99 %, recovery: 60 %}\n  - {outlet: raffinate, element: Dy, purity: 5 %, recovery: 60 %}\n",
                    "targets:\n  - {outlet: strip liquor, element: Dy, purity: 99 %, recovery: 60 %}\n  - {outlet: strip liquor, element: Tb, purity: 5 %, recovery: 60 %}\n",
                    "targets:\n  - {outlet: strip liquor, element: Dy, purity: 99 %, recovery: 60 %}\n  - {outlet: strip liquor, element: Dy, purity: 98 %, recovery: 50 %}\n",
                    "targets: []\n"] {
            XCTAssertThrowsError(try spec(bad), bad) { XCTAssertTrue($0 is InputError, "\($0)") }
        }
    }
}
