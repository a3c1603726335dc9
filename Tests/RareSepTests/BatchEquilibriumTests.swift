import XCTest
@testable import RareSepChemistry
import RareSepCore
import RareSepIO

/// Batch equilibrium solver and the chemistry of the cation-exchange model through it:
/// closed-form limits, conservation, trace-limit slopes, saponification, stripping.
final class BatchEquilibriumTests: XCTestCase {
    let volume = 1e-3

    func exchanger() throws -> (model: any EquilibriumModel, species: SpeciesSet) {
        try ChemistryTestSets.build("cation-exchange", ChemistryTestSets.all["cation-exchange"]![0])
    }

    func vector(_ species: SpeciesSet, _ values: [String: Double]) -> [Double] {
        var v = [Double](repeating: 0, count: species.count)
        for (k, c) in values { v[species.index(of: k)!] = c }
        return v
    }

    func solve(_ model: any EquilibriumModel, _ species: SpeciesSet, aqueous: [String: Double], organic: [String: Double],
               oa: Double = 1, pH: Double? = nil) -> BatchEquilibriumSolution {
        BatchEquilibrium.solve(model: model, problem: BatchEquilibriumProblem(
            aqueousVolume: volume, organicVolume: oa * volume, aqueousInitial: vector(species, aqueous),
            organicInitial: vector(species, organic), fixedPH: pH))
    }

    /// At trace loading with the pH held, D equals K·(C/2)^3/h^3 (mol/L) in closed form.
    func testTraceDistributionRatioMatchesClosedForm() throws {
        let (model, species) = try exchanger()
        let c = 400.0   // mol/m³ D2EHPA monomer → 0.2 mol/L dimer
        let sol = solve(model, species, aqueous: ["Dy": 1e-7, "Cl": 3e-7], organic: ["HA": c, "H": c], pH: 0.5)
        XCTAssertTrue(sol.report.converged, "\(sol.report)")
        let expected = pow(10, 1.6) * pow(0.2, 3) / pow(pow(10, -0.5), 3)
        // the trace itself takes 6e-7 of 400 mol/m³ of extractant: a 4.5e-9 relative effect
        XCTAssertEqual(sol.distributionRatios[species.index(of: "Dy")!], expected, accuracy: 1e-7 * expected)
        XCTAssertEqual(sol.pH!, 0.5, accuracy: 1e-12)
    }

    /// Every species is conserved; extraction releases three protons per Ln³⁺ into the
    /// aqueous phase; Na from a saponified organic ends in the aqueous phase.
    func testBalancesProtonReleaseAndSaponification() throws {
        let (model, species) = try exchanger()
        let aq = ["Nd": 10.0, "Tb": 2, "Dy": 5, "Ho": 1, "H": 20, "Cl": 74]
        let plain = solve(model, species, aqueous: aq, organic: ["HA": 600, "H": 600])
        XCTAssertTrue(plain.report.converged, "\(plain.report)")
        XCTAssertLessThan(plain.massBalanceError, 1e-13)
        let h = species.index(of: "H")!
        let extracted = ["Nd", "Tb", "Dy"].reduce(0.0) { $0 + plain.organic[species.index(of: $1)!] * 3 }
            + plain.organic[species.index(of: "Ho")!] * 2.5   // Ho releases 2.5 in the test set
        XCTAssertEqual(plain.aqueous[h] - 20, extracted, accuracy: 1e-10 * extracted)
        // Saponified organic: Na goes to the aqueous phase and the pH stays higher.
        let sap = solve(model, species, aqueous: aq, organic: ["HA": 600, "H": 540, "Na": 60])
        XCTAssertTrue(sap.report.converged, "\(sap.report)")
        XCTAssertEqual(sap.aqueous[species.index(of: "Na")!], 60, accuracy: 1e-12)
        XCTAssertEqual(sap.organic[species.index(of: "Na")!], 0)
        XCTAssertGreaterThan(sap.pH!, plain.pH! + 0.2)
        XCTAssertGreaterThan(sap.organic[species.index(of: "Nd")!], plain.organic[species.index(of: "Nd")!])
    }

    /// Stripping is the same equilibrium driven by acid: a loaded organic gives its metal
    /// to strong acid, the heavier element less readily.
    func testStrippingByAcid() throws {
        let (model, species) = try exchanger()
        let loaded = ["HA": 600.0, "Dy": 10, "Nd": 10, "H": 540]
        let sol = solve(model, species, aqueous: ["H": 4000, "Cl": 4000], organic: loaded)
        XCTAssertTrue(sol.report.converged, "\(sol.report)")
        let nd = species.index(of: "Nd")!, dy = species.index(of: "Dy")!
        XCTAssertGreaterThan(sol.aqueous[nd] / 10, 0.99)                 // Nd stripped almost fully
        XCTAssertGreaterThan(sol.aqueous[dy] / 10, 0.1)                  // Dy partly
        XCTAssertLessThan(sol.aqueous[dy], sol.aqueous[nd])
    }

    /// Trace-limit slope analysis: d log D/d pH = 3 and d log D/d log C = 3 at trace
    /// loading; both smaller at high loading (D < 2 for the extractant slope).
    func testTraceSlopesAndTheirFallWithLoading() throws {
        let (model, species) = try exchanger()
        let dy = species.index(of: "Dy")!
        func logD(_ metal: Double, _ c: Double, _ pH: Double) -> Double {
            let s = solve(model, species, aqueous: ["Dy": metal], organic: ["HA": c, "H": c], pH: pH)
            XCTAssertTrue(s.report.converged, "\(s.report)")
            return log10(s.distributionRatios[dy])
        }
        let d = 1e-4
        for (metal, pH, traceLike) in [(1e-7, 0.3, true), (40.0, 0.25, false)] {
            let c = 400.0
            let sPH = (logD(metal, c, pH + d) - logD(metal, c, pH - d)) / (2 * d)
            let sC = (logD(metal, c * (1 + d), pH) - logD(metal, c * (1 - d), pH)) / (log10(1 + d) - log10(1 - d))
            if traceLike {
                XCTAssertEqual(sPH, 3, accuracy: 1e-5)
                XCTAssertEqual(sC, 3, accuracy: 1e-5)
            } else {
                XCTAssertLessThan(logD(metal, c, pH), log10(2))
                XCTAssertLessThan(sPH, 2.9)
                XCTAssertLessThan(sC, 2.9)
            }
        }
    }

    /// The empirical and solvating models converge in a batch too, and D rises with acid
    /// for solvating extraction while it falls for cation exchange.
    func testOtherModelsAndAcidDependence() throws {
        let (emp, es) = try ChemistryTestSets.build("empirical-ph-dose", ChemistryTestSets.all["empirical-ph-dose"]![0])
        let e = solve(emp, es, aqueous: ["Nd": 5, "Dy": 2, "Y": 2, "Al": 20, "Sc": 0.1, "H": 30, "SO4": 70],
                      organic: ["HA": 151.3, "H": 151.3])
        XCTAssertTrue(e.report.converged, "\(e.report)")
        XCTAssertLessThan(e.massBalanceError, 1e-13)

        let (solv, ss) = try ChemistryTestSets.build("solvating", ChemistryTestSets.all["solvating"]![0])
        let dyS = ss.index(of: "Dy")!
        let low = solve(solv, ss, aqueous: ["Dy": 1e-4, "H": 100, "NO3": 100], organic: ["L": 100])
        let high = solve(solv, ss, aqueous: ["Dy": 1e-4, "H": 1000, "NO3": 1000], organic: ["L": 100])
        XCTAssertTrue(low.report.converged && high.report.converged)
        XCTAssertGreaterThan(high.distributionRatios[dyS], low.distributionRatios[dyS])
        XCTAssertGreaterThan(high.organic[ss.index(of: "H")!], low.organic[ss.index(of: "H")!])   // more acid co-extracted

        let (cx, cs) = try exchanger()
        let dyC = cs.index(of: "Dy")!
        let lowC = solve(cx, cs, aqueous: ["Dy": 1e-4, "H": 100, "Cl": 100], organic: ["HA": 400, "H": 400])
        let highC = solve(cx, cs, aqueous: ["Dy": 1e-4, "H": 1000, "Cl": 1000], organic: ["HA": 400, "H": 400])
        XCTAssertLessThan(highC.distributionRatios[dyC], lowC.distributionRatios[dyC])
    }

    /// Bad problems come back as return codes, not traps.
    func testBadProblemsReturnCodes() throws {
        let (model, species) = try exchanger()
        let bad = BatchEquilibrium.solve(model: model, problem: BatchEquilibriumProblem(
            aqueousVolume: 0, organicVolume: 1e-3, aqueousInitial: vector(species, [:]), organicInitial: vector(species, [:])))
        XCTAssertEqual(bad.report.code, .infeasible)
        let short = BatchEquilibrium.solve(model: model, problem: BatchEquilibriumProblem(
            aqueousVolume: 1e-3, organicVolume: 1e-3, aqueousInitial: [1], organicInitial: [1]))
        XCTAssertEqual(short.report.code, .infeasible)
        let constant = ConstantDistribution(distributionRatio: [2])
        let ph = BatchEquilibrium.solve(model: constant, problem: BatchEquilibriumProblem(
            aqueousVolume: 1e-3, organicVolume: 1e-3, aqueousInitial: [1], organicInitial: [0], fixedPH: 1))
        XCTAssertEqual(ph.report.code, .infeasible)
        let ok = BatchEquilibrium.solve(model: constant, problem: BatchEquilibriumProblem(
            aqueousVolume: 1e-3, organicVolume: 2e-3, aqueousInitial: [9], organicInitial: [0]))
        XCTAssertTrue(ok.report.converged)
        XCTAssertEqual(ok.aqueous[0], 9.0 / 5, accuracy: 1e-13)   // x = T/(V_aq + D V_org) = 9/(1 + 4)
    }
}

final class OrganicFeedConsistencyTests: XCTestCase {
    func testConsistentOrganicFeedFillsSiteBalanceAndAnion() throws {
        let (cx, cs) = try ChemistryTestSets.build("cation-exchange", ChemistryTestSets.all["cation-exchange"]![0])
        var y = [Double](repeating: 0, count: cs.count)
        y[cs.index(of: "HA")!] = 500; y[cs.index(of: "Na")!] = 100; y[cs.index(of: "Dy")!] = 10; y[cs.index(of: "Ho")!] = 4
        let filled = (cx as! AqueousProtonModel).consistentOrganicFeed(y)
        XCTAssertEqual(filled[cs.index(of: "H")!], 500 - 100 - 30 - 2.5 * 4, accuracy: 1e-12)
        let (sv, ss) = try ChemistryTestSets.build("solvating", ChemistryTestSets.all["solvating"]![0])
        var z = [Double](repeating: 0, count: ss.count)
        z[ss.index(of: "L")!] = 100; z[ss.index(of: "Dy")!] = 5; z[ss.index(of: "H")!] = 2
        XCTAssertEqual((sv as! AqueousProtonModel).consistentOrganicFeed(z)[ss.index(of: "NO3")!], 17, accuracy: 1e-12)
    }
}
