import XCTest
@testable import RareSepChemistry
@testable import RareSepCascade

final class CascadeSolverTests: XCTestCase {
    /// One solute, N counter-current stages, constant D: Kremser.
    func kremserProblem(D: Double, stages: Int, oa: Double, murphree: Double = 1, loop: Bool = false) -> CascadeProblem {
        let species = SpeciesSet(["Dy"])
        let A = 1e-5
        let sec = CascadeSection(name: "extraction", firstStage: 0, stageCount: stages, modelIndex: 0,
                                 murphree: Array(repeating: murphree, count: stages))
        var feeds = [CascadeFeed(name: "feed", stage: stages - 1, phase: .aqueous, flow: A, concentrations: [10])]
        if !loop { feeds.append(CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: oa * A, concentrations: [0])) }
        return CascadeProblem(name: "kremser", species: species, metalCount: 1,
                              models: [ConstantDistribution(distributionRatio: [D])], sections: [sec], feeds: feeds)
    }

    func testKremserRaffinateFraction() throws {
        for (D, N) in [(0.5, 5), (1.0, 5), (2.0, 5), (3.0, 10), (1.0, 1), (0.2, 3)] {
            let p = kremserProblem(D: D, stages: N, oa: 1)
            let sol = try CascadeSolver.solve(p)
            XCTAssertEqual(sol.report.code, .success, "\(sol.report)")
            let E = D
            let expected = abs(E - 1) < 1e-15 ? 1.0 / Double(N + 1) : (E - 1) / (pow(E, Double(N + 1)) - 1)
            XCTAssertEqual(sol.aqueous[0] / 10, expected, accuracy: 1e-12 * max(expected, 1e-300) + 1e-14, "D=\(D) N=\(N)")
            for c in sol.balanceClosure { XCTAssertLessThan(abs(c), 1e-12) }
            XCTAssertLessThan(sol.worstStageClosure, 1e-12)
        }
    }
}
