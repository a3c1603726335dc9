import XCTest
@testable import RareSepCascade
@testable import RareSepChemistry
@testable import RareSepDesign

/// The shortcut methods against exact constant-separation-factor cascades solved by
/// RareSep's steady cascade (linear equilibrium: D_j = β_j·D_ref in every stage).
final class DesignShortcutTests: XCTestCase {
    /// Heavy key A (β_A = beta) and light key B (β_B = 1), D_ref = dRef; extraction
    /// (n stages) + scrub (m stages), aqueous feed F into the last extraction stage,
    /// scrub W into the last scrub stage, fresh organic O into stage 1.
    func twoSection(beta: Double, dRef: Double = 1, n: Int, m: Int, feed f: Double, scrub w: Double, organic o: Double) -> CascadeProblem {
        let model = ConstantSeparationFactors(referenceDistributionRatio: dRef, separationFactor: [beta, 1])
        let scale = 1e-6  // m³/s per flow unit
        return CascadeProblem(
            name: "fractional", species: SpeciesSet(["Dy", "Tb"]), metalCount: 2, models: [model],
            sections: [CascadeSection(name: "extraction", firstStage: 0, stageCount: n, modelIndex: 0, murphree: Array(repeating: 1, count: n)),
                       CascadeSection(name: "scrub", firstStage: n, stageCount: m, modelIndex: 0, murphree: Array(repeating: 1, count: m))],
            feeds: [CascadeFeed(name: "feed", stage: n - 1, phase: .aqueous, flow: f * scale, concentrations: [10, 5]),
                    CascadeFeed(name: "scrub", stage: n + m - 1, phase: .aqueous, flow: w * scale, concentrations: [0, 0]),
                    CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: o * scale, concentrations: [0, 0])])
    }

    /// Fraction of each species fed that leaves in the loaded organic, from the cascade.
    func organicFractions(_ p: CascadeProblem) throws -> [Double] {
        let sol = try CascadeSolver.solve(p)
        XCTAssertTrue(sol.report.converged)
        let out = try XCTUnwrap(sol.outlets.first { $0.name == "loaded organic" })
        return (0..<2).map { sol.recovery(species: $0, in: out) }
    }

    func testKremserInverseIsExact() {
        for e in [0.3, 0.8, 1.0, 1.5, 3.0] {
            // Below E = 1 the inverse is ill-conditioned once E^(N+1) is lost in round-off
            // against 1 (φ indistinguishable from its limit 1 − E).
            for n in [1, 3, 10, 40] where e >= 1 || pow(e, Double(n + 1)) > 1e-10 {
                let phi = Kremser.unextractedFraction(extractionFactor: e, stages: Double(n))
                XCTAssertEqual(Kremser.stages(extractionFactor: e, unextractedFraction: phi), Double(n), accuracy: 1e-8 * Double(n), "E=\(e) N=\(n)")
            }
        }
        // Below E = 1 a cascade cannot leave less than 1 − E behind.
        XCTAssertEqual(Kremser.stages(extractionFactor: 0.5, unextractedFraction: 0.4), .infinity)
    }

    /// The two-section fractional-extraction relation is exact for linear equilibrium.
    func testFractionalExtractionMatchesCascade() throws {
        for (beta, n, m, w, o) in [(2.0, 5, 4, 6.0, 12.0), (1.5, 12, 15, 20.0, 22.0), (3.0, 3, 8, 4.0, 5.0), (2.5, 20, 20, 15.0, 14.0)] {
            let p = twoSection(beta: beta, n: n, m: m, feed: 10, scrub: w, organic: o)
            let solved = try organicFractions(p)
            for (j, d) in [beta, 1.0].enumerated() {
                let fe = FractionalExtraction(distributionRatio: d, organicFlow: o, feedFlow: 10, scrubFlow: w)
                let theta = fe.organicFraction(extractionStages: n, scrubStages: m)
                XCTAssertEqual(theta, solved[j], accuracy: 1e-9 * max(theta, 1e-12), "β=\(beta) n=\(n) m=\(m) species \(j)")
            }
        }
    }

    /// Smallest (n, m) by total meeting the heavy key's loss r_A and the light key's
    /// allowance p_B at fixed flows, by the exact relation (checked above).
    func exactMinimum(_ kp: KeyPairShortcut, o: Double, w: Double, rA: Double, pB: Double) -> (n: Int, m: Int)? {
        let a = FractionalExtraction(distributionRatio: kp.heavyDistributionRatio, organicFlow: o, feedFlow: kp.feedFlow, scrubFlow: w)
        let b = FractionalExtraction(distributionRatio: kp.lightDistributionRatio, organicFlow: o, feedFlow: kp.feedFlow, scrubFlow: w)
        var best: (Int, Int)?
        for n in 1...300 {
            for m in 1...300 where best == nil || n + m < best!.0 + best!.1 {
                if 1 - a.organicFraction(extractionStages: n, scrubStages: m) <= rA && b.organicFraction(extractionStages: n, scrubStages: m) <= pB {
                    best = (n, m); break
                }
            }
        }
        return best
    }

    /// The key-pair stage equations against the exact minimum over β and purities, at the
    /// optimum organic flow for a scrub of 2·W_min: within 2 stages per section and 15 %
    /// of the total (the equations drop the finite-cascade terms; their error is stated
    /// in docs/design.md). One exact minimum per β is re-solved by the cascade.
    func testStageEquationsWithinToleranceOfExactCascades() throws {
        var worst = 0.0
        for beta in [1.5, 2.0, 2.5, 4.0] {
            for (y, purity) in [(0.95, 0.99), (0.99, 0.999), (0.999, 0.9999)] {
                let kp = KeyPairShortcut(heavyDistributionRatio: beta, lightDistributionRatio: 1, feedFlow: 10, heavyFed: 100, lightFed: 50)
                let w = 2 * kp.minimumScrubFlow
                let rA = 1 - y, pB = kp.lightAllowance(purity: purity, recovery: y)
                let o = try XCTUnwrap(kp.optimumOrganicFlow(scrubFlow: w, heavyLoss: rA, lightAllowance: pB))
                let s = kp.stages(organicFlow: o, scrubFlow: w, heavyLoss: rA, lightAllowance: pB)
                let exact = try XCTUnwrap(exactMinimum(kp, o: o, w: w, rA: rA, pB: pB))
                let shortcut = Int(s.extraction.rounded(.up)) + Int(s.scrub.rounded(.up))
                let total = exact.n + exact.m
                XCTAssertLessThanOrEqual(abs(Int(s.extraction.rounded(.up)) - exact.n), 2, "β=\(beta) Y=\(y) P=\(purity)")
                XCTAssertLessThanOrEqual(abs(Int(s.scrub.rounded(.up)) - exact.m), 2, "β=\(beta) Y=\(y) P=\(purity)")
                worst = max(worst, Double(abs(shortcut - total)) / Double(total))
                if purity == 0.999 {
                    // The exact minimum meets the targets in the cascade; one stage fewer in either section does not.
                    func meets(_ n: Int, _ m: Int) throws -> Bool {
                        let f = try organicFractions(twoSection(beta: beta, n: n, m: m, feed: 10, scrub: w, organic: o))
                        return 1 - f[0] <= rA * (1 + 1e-9) && f[1] <= pB * (1 + 1e-9)
                    }
                    XCTAssertTrue(try meets(exact.n, exact.m))
                    if exact.n > 1 { XCTAssertFalse(try meets(exact.n - 1, exact.m)) }
                    if exact.m > 1 { XCTAssertFalse(try meets(exact.n, exact.m - 1)) }
                }
            }
        }
        print(String(format: "stage equations vs exact minimum: largest relative error of the total %.3f", worst))
        XCTAssertLessThanOrEqual(worst, 0.15, "largest relative error of the total")
    }

    /// Fenske's total-reflux minimum bounds the exact stage count from below at every
    /// reflux, and the exact count falls towards a constant multiple of it as the scrub
    /// grows (with linear equilibrium the two keys cannot both have extraction factor 1,
    /// so about twice N_min is needed: docs/design.md).
    func testFenskeBoundsExactStagesAtHighReflux() throws {
        for beta in [1.5, 2.0, 3.0] {
            let kp = KeyPairShortcut(heavyDistributionRatio: beta, lightDistributionRatio: 1, feedFlow: 10, heavyFed: 100, lightFed: 100)
            let rA = 0.01, pB = 0.01
            let nMin = Fenske.minimumStages(separationFactor: beta, separation: Fenske.separation(heavyRecovery: 1 - rA, lightFraction: pB))
            var previous = 1_000_000
            for reflux in [2.0, 10.0, 100.0] {
                let w = reflux * kp.minimumScrubFlow
                let o = try XCTUnwrap(kp.optimumOrganicFlow(scrubFlow: w, heavyLoss: rA, lightAllowance: pB))
                let e = try XCTUnwrap(exactMinimum(kp, o: o, w: w, rA: rA, pB: pB))
                XCTAssertGreaterThanOrEqual(Double(e.n + e.m), nMin, "β=\(beta) reflux \(reflux)")
                XCTAssertLessThanOrEqual(e.n + e.m, previous + 1, "more scrub should not need more stages")
                previous = e.n + e.m
                if reflux == 100 { XCTAssertLessThanOrEqual(Double(e.n + e.m), 2.3 * nMin + 2, "β=\(beta)") }
            }
        }
    }

    func testEffectiveSeparationFactorOfGroups() {
        // Two heavy and two light components: feed-weighted mean D ratio.
        let beta = EffectiveSeparationFactor.of(heavy: [2, 3], light: [0, 1], feedFractions: [0.4, 0.4, 0.1, 0.1], distributionRatios: [0.5, 1, 2, 4])
        XCTAssertEqual(beta!, 3.0 / 0.75, accuracy: 1e-12)
        // A pair reduces to its own separation factor.
        XCTAssertEqual(EffectiveSeparationFactor.of(heavy: [1], light: [0], feedFractions: [0.3, 0.7], distributionRatios: [1, 2.5])!, 2.5, accuracy: 1e-12)
    }
}
