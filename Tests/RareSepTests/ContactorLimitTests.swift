import Foundation
import XCTest
import RareSepChemistry
import RareSepCascade
@testable import RareSepContactor

/// The contactor with axial dispersion (against an independent matrix-exponential
/// reference), in the equilibrium limit, and its species balance.
final class ContactorLimitTests: XCTestCase {
    /// Validation/contactor/axial-dispersion-linear/reference.csv: (case, species) → (x_out, y_out).
    static func reference() throws -> [String: (Double, Double, Double, Double)] {
        let path = TestPaths.validation + "/contactor/axial-dispersion-linear/reference.csv"
        var out: [String: (Double, Double, Double, Double)] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("case") {
            let f = line.split(separator: ",").map(String.init)
            out[f[0] + "/" + f[1]] = (Double(f[3])!, Double(f[4])!, Double(f[7])!, Double(f[8])!)
        }
        return out
    }

    func testAxialDispersionMatchesDanckwertsReference() throws {
        let ref = try Self.reference()
        for name in ["moderate", "strong"] {
            let (ea, eo, _, _) = ref[name + "/A"]!
            let exact = [ref[name + "/A"]!.2, ref[name + "/B"]!.2, ref[name + "/A"]!.3, ref[name + "/B"]!.3]
            var results: [[Double]] = []
            for N in [200, 400, 800, 1600] {
                results.append(try ContactorLinearTests.outlets(ContactorLinearTests.linearProblem(cells: N, scheme: .central, ea: ea, eo: eo)))
            }
            let errors = results.map { r in zip(r, exact).map { abs($0 - $1) / abs($1) }.max()! }
            let observed = (0..<(errors.count - 1)).map { log2(errors[$0] / errors[$0 + 1]) }
            let extrapolated = zip(ContactorLinearTests.richardson(results, order: 2), exact).map { abs($0 - $1) / abs($1) }.max()!
            print("contactor dispersion \(name): errors \(errors), orders \(observed), Richardson \(extrapolated)")
            XCTAssertEqual(observed.last!, 2, accuracy: 0.1, "central scheme with dispersion: second order")
            XCTAssertLessThan(extrapolated, 1e-8)
            // upwind converges too, at first order
            let up = try ContactorLinearTests.outlets(ContactorLinearTests.linearProblem(cells: 1600, scheme: .upwind, ea: ea, eo: eo))
            XCTAssertLessThan(zip(up, exact).map { abs($0 - $1) / abs($1) }.max()!, 1e-2, "upwind: first order, numerical dispersion U·h/2")
        }
    }

    /// K·a → ∞ without dispersion: each upwind cell is an ideal stage, so N cells give
    /// the Kremser outlet of N equilibrium stages; and a long column approaches the pinch.
    func testLargeTransferCoefficientGivesEquilibriumStages() throws {
        let ua = 0.004, uo = 0.003
        for N in [1, 3, 8] {
            let p = ContactorLinearTests.linearProblem(cells: N, ka: 1e9)
            let s = try ContactorSolver.solve(p)
            XCTAssertTrue(s.report.converged)
            for (j, D) in [2.0, 0.5].enumerated() {
                let eps = D * uo / ua
                let fraction = (eps - 1) / (pow(eps, Double(N + 1)) - 1)
                let xin = p.aqueousInlet[j], yin = p.organicInlet[j]
                let kremser = yin / D + (xin - yin / D) * fraction
                XCTAssertEqual(s.aqueousOutlet[j], kremser, accuracy: 1e-7 * xin, "N = \(N), D = \(D)")
                let perf = ContactorPerformance(s, species: j)
                XCTAssertEqual(perf.equivalentStages, Double(N), accuracy: 1e-5, "N cells at equilibrium: N ideal stages")
                XCTAssertEqual(perf.extractionFactor, eps, accuracy: 1e-9)
                if N == 1 { XCTAssertEqual(perf.murphreeEfficiency, 1, accuracy: 1e-7, "one ideal stage: E_M = 1") }
                if N > 1 { XCTAssertGreaterThan(perf.murphreeEfficiency, 1, "several stages beat one") }
            }
        }
        // pinch: a long column at large K·a. ε = 1.5 > 1 for A: the aqueous is stripped to
        // equilibrium with the entering organic, x_out → y_in/D; ε = 0.375 for B: the
        // organic leaves in equilibrium with the entering aqueous, y_out → D·x_in.
        var p = ContactorLinearTests.linearProblem(cells: 400, ka: 50)
        p.height = 20
        let s = try ContactorSolver.solve(p)
        XCTAssertEqual(s.aqueousOutlet[0], p.organicInlet[0] / 2, accuracy: 1e-6)
        XCTAssertEqual(s.organicOutlet[1], 0.5 * p.aqueousInlet[1], accuracy: 1e-6)
    }

    /// Transfer units from K·a, and the stage figures of a rate-limited plug-flow column.
    func testPerformanceFigures() throws {
        let s = try ContactorSolver.solve(ContactorLinearTests.linearProblem(cells: 1600, scheme: .central))
        let perf = ContactorPerformance(s, species: 0)
        XCTAssertEqual(perf.transferUnits, 0.02 * 1.5 / 0.003, accuracy: 1e-12)
        XCTAssertEqual(perf.transferUnitHeight, 0.15, accuracy: 1e-12)
        XCTAssertEqual(perf.distributionRatio, 2, accuracy: 1e-12)
        // linear plug flow: ε^N_eq = exp((ε − 1)·NTU_oy) (Kremser against the closed form)
        let eps = 1.5
        XCTAssertEqual(perf.equivalentStages, perf.transferUnits * (eps - 1) / log(eps), accuracy: 1e-4)
        print("contactor performance (A, NTU 10, ε 1.5): N_eq \(perf.equivalentStages), HETS \(perf.stageHeight) m, E_M \(perf.murphreeEfficiency)")
    }

    /// The species balance over the contactor closes to round-off on every grid, scheme and dispersion.
    func testSpeciesBalanceCloses() throws {
        for scheme in [ContactorProblem.ConvectionScheme.upwind, .central] {
            for (ea, eo) in [(0.0, 0.0), (1e-3, 2e-3), (0.0, 5e-3)] {
                var p = ContactorLinearTests.linearProblem(cells: 37, scheme: scheme, ea: ea, eo: eo)
                p.holdUp = (0..<37).map { 0.1 + 0.005 * Double($0) }
                p.transferCoefficient = (0..<37).map { 0.01 + 0.001 * Double($0 % 5) }
                let s = try ContactorSolver.solve(p)
                XCTAssertTrue(s.report.converged)
                XCTAssertLessThan(s.balanceClosure, 1e-10, "\(scheme), E = (\(ea), \(eo))")
            }
        }
    }
}
