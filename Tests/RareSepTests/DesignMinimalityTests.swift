import XCTest
@testable import RareSepCascade
@testable import RareSepChemistry
@testable import RareSepDesign

/// Global minimality of the design search on a small constant-separation-factor split,
/// and its independence of the thread count.
final class DesignMinimalityTests: XCTestCase {
    static let scale = 1e-6 / 3.6  // m³/s per L/h
    static let feedFlow = 5.0, feed: [Double] = [10, 5]   // L/h; Dy, Tb mol/m³
    static let beta = 4.0

    /// Extraction (fresh organic into stage 1, feed into its last stage) and scrub
    /// (scrub into its last stage); D_Dy = β, D_Tb = 1; Dy ≥ 98 % at ≥ 90 % in the loaded organic.
    static func problem(threads: Int? = nil) -> DesignProblem {
        let model = ConstantSeparationFactors(referenceDistributionRatio: 1, separationFactor: [beta, 1])
        let base = CascadeProblem(
            name: "constant β", species: SpeciesSet(["Dy", "Tb"]), metalCount: 2, models: [model],
            sections: [CascadeSection(name: "extraction", firstStage: 0, stageCount: 4, modelIndex: 0, murphree: Array(repeating: 1, count: 4)),
                       CascadeSection(name: "scrub", firstStage: 4, stageCount: 4, modelIndex: 0, murphree: Array(repeating: 1, count: 4))],
            feeds: [CascadeFeed(name: "feed", stage: 3, phase: .aqueous, flow: feedFlow * scale, concentrations: feed),
                    CascadeFeed(name: "scrub", stage: 7, phase: .aqueous, flow: 10 * scale, concentrations: [0, 0]),
                    CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: 5 * scale, concentrations: [0, 0])])
        return DesignProblem(base: base, scrubFeed: 1, targets: [DesignTarget(outlet: "loaded organic", species: 0, purity: 0.98, recovery: 0.9)],
                             variables: [DesignVariable(kind: .organicFlow, name: "organic flow", bounds: (0.5 * scale)...(200 * scale)),
                                         DesignVariable(kind: .streamFlow(feed: 1), name: "scrub flow", bounds: (0.5 * scale)...(200 * scale))],
                             bounds: DesignBounds(stages: [1...8, 1...8], phaseRatio: 0.1...10), threads: threads)
    }

    /// Purity and recovery of Dy in the loaded organic from the exact two-section
    /// fractional-extraction relation (flows in L/h), independent of the cascade solver.
    static func analytic(n: Int, m: Int, o: Double, w: Double) -> (purity: Double, recovery: Double) {
        let theta = [beta, 1].map { FractionalExtraction(distributionRatio: $0, organicFlow: o, feedFlow: feedFlow, scrubFlow: w)
            .organicFraction(extractionStages: n, scrubStages: m) }
        let dy = feed[0] * theta[0], tb = feed[1] * theta[1]
        return (dy / (dy + tb), theta[0])
    }

    /// Every tuple with fewer total stages than the search's design fails: the evaluator's
    /// flow search finds no flows, and neither does a 160 × 160 grid of (O, W) over the
    /// bounds through the exact relation (O/A bounds applied as in the search).
    func testSearchFindsTheFewestStagesOfAnExhaustiveEnumeration() throws {
        let p = Self.problem()
        let r = try DesignSearch.run(p)
        XCTAssertEqual(r.status, .feasible, "\(r.binding)")
        let chosen = try XCTUnwrap(r.chosen)
        let o = chosen.values[0] / Self.scale, w = chosen.values[1] / Self.scale
        let exact = Self.analytic(n: chosen.stages[0], m: chosen.stages[1], o: o, w: w)
        XCTAssertGreaterThanOrEqual(exact.purity, 0.98)
        XCTAssertGreaterThanOrEqual(exact.recovery, 0.9)
        XCTAssertGreaterThanOrEqual(chosen.totalStages, 4, "a few stages per section")
        let ev = DesignEvaluator(problem: p)
        let grid = (0..<160).map { 0.5 * pow(400, Double($0) / 159) }
        var checked = 0
        for n in 1...8 {
            for m in 1...8 where n + m < chosen.totalStages {
                XCTAssertFalse(ev.evaluate([n, m]).feasible, "(\(n), \(m)) by the flow search")
                for oi in grid {
                    for wi in grid where (0.1...10).contains(oi / (wi + Self.feedFlow)) && (0.1...10).contains(oi / wi) {
                        let a = Self.analytic(n: n, m: m, o: oi, w: wi)
                        if a.purity >= 0.98 && a.recovery >= 0.9 { XCTFail("(\(n), \(m)) meets the target at O \(oi), W \(wi) L/h") }
                    }
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 5)
    }

    /// The same design and the same explored rows, in the same order and to the last
    /// bit, on one thread and on three.
    func testResultDoesNotDependOnTheThreadCount() throws {
        let one = try DesignSearch.run(Self.problem(threads: 1)), three = try DesignSearch.run(Self.problem(threads: 3))
        XCTAssertEqual(one.threads, 1)
        XCTAssertEqual(three.threads, 3)
        XCTAssertEqual(one.chosen?.stages, three.chosen?.stages)
        XCTAssertEqual(one.chosen?.values, three.chosen?.values)
        XCTAssertEqual(one.explored.count, three.explored.count)
        for (a, b) in zip(one.explored, three.explored) {
            XCTAssertEqual(a.stages, b.stages)
            XCTAssertEqual(a.values, b.values)
            XCTAssertEqual(a.purity, b.purity)
            XCTAssertEqual(a.recovery, b.recovery)
            XCTAssertEqual(a.solves, b.solves)
            XCTAssertEqual(a.note, b.note)
        }
        XCTAssertEqual(one.solves, three.solves)
        XCTAssertGreaterThan(one.batches, 1)
    }
}
