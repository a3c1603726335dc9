import Foundation
import XCTest
import RareSepCascade
import RareSepCore
@testable import RareSepContactor

/// Grid sequencing (`GridSequencing`, `FrozenProfileSolve`) changes the start, not the
/// answer: the sequenced solve agrees with Newton from the linear start, and the fine
/// grid needs only a few Newton steps.
final class ContactorSequencingTests: XCTestCase {
    /// The prolongation's r^w by square roots agrees with `pow` to round-off for every
    /// weight that is a multiple of ⅛ (grids halved once or twice), over 600 decades of r.
    func testPowerBySquareRootsAgreesWithPow() {
        for k in 1..<8 {
            let w = Double(k) / 8
            for e in stride(from: -300.0, through: 300.0, by: 7.3) {
                let r = 1.7 * Foundation.pow(10, e)
                let want = Foundation.pow(r, w)
                XCTAssertEqual(GridSequencing.power(r, w), want, accuracy: 4e-16 * want, "r = \(r), w = \(w)")
            }
        }
        XCTAssertEqual(GridSequencing.power(2, 0.3), Foundation.pow(2, 0.3))
    }

    func testSequencedSolveMatchesTheDirectSolve() throws {
        let p = try ContactorMassActionTests.problem(cells: 200, ka: 0.05)
        let seq = try ContactorSolver.solve(p)
        XCTAssertTrue(seq.report.converged)
        XCTAssertTrue(seq.report.notes.first?.hasPrefix("grid sequencing: started from the 100-cell solution") ?? false, "\(seq.report.notes)")
        XCTAssertLessThanOrEqual(seq.report.iterations, 4)
        XCTAssertTrue(seq.report.notes.first?.hasSuffix("extrapolated with the 50-cell solution") ?? false, "\(seq.report.notes)")
        XCTAssertLessThan(seq.balanceClosure, 1e-12)
        // the same grid from the linear start (no sequencing)
        let ws = try ContactorWorkspace(problem: p)
        ContactorSolver.linearStart(ws)
        let direct = ContactorSolver.newton(ws)
        XCTAssertTrue(direct.report.converged, direct.report.worstLocation)
        for j in 0..<p.species.count {
            for (a, b) in [(seq.aqueousOutlet[j], direct.aqueousOutlet[j]), (seq.organicOutlet[j], direct.organicOutlet[j])] where max(a, b) > 1e-200 {
                XCTAssertEqual(a / b, 1, accuracy: 1e-9, p.species.symbols[j])
            }
        }
    }

    func testCoarseningAveragesPerCellValuesAndStopsAtTheMinimum() throws {
        var p = try ContactorMassActionTests.problem(cells: 100)
        p.transferCoefficient = (0..<100).map { 0.01 + 0.001 * Double($0) }
        let c = try XCTUnwrap(GridSequencing.coarsened(p))
        XCTAssertEqual(c.cells, 50)
        XCTAssertEqual(c.transferCoefficient.count, 50)
        XCTAssertEqual(c.transferCoefficient[0], 0.0105, accuracy: 1e-15)
        XCTAssertEqual(c.holdUp, [0.2])
        // the conductance of the whole column is kept
        XCTAssertEqual(c.transferCoefficient.reduce(0, +) * 2, p.transferCoefficient.reduce(0, +), accuracy: 1e-12)
        XCTAssertNotNil(GridSequencing.coarsened(c))
        XCTAssertNil(GridSequencing.coarsened(try ContactorMassActionTests.problem(cells: 49)))
        XCTAssertNil(GridSequencing.coarsened(try ContactorMassActionTests.problem(cells: 48)))
    }

    /// A profile whose logarithm carries a first-order grid error, ln u_h(z) = −z/H + κ·h,
    /// is log-linear in z (the geometric prolongation is exact between coarse centres), so
    /// the extrapolation from the N/2- and N/4-cell profiles gives the N-cell one exactly
    /// in every cell between the coarse grid's end centres.
    func testExtrapolationRemovesAFirstOrderErrorInLnC() throws {
        let p = try ContactorMassActionTests.problem(cells: 100)
        let ws = try ContactorWorkspace(problem: p)
        let n = p.species.count, kappa = 2.0
        func exact(_ z: Double, cells: Int, _ j: Int) -> Double {
            exp(-z / p.height + kappa * p.height / Double(cells) + Double(j))
        }
        func solution(cells: Int) -> ContactorSolution {
            let h = p.height / Double(cells)
            let z = (0..<cells).map { (Double($0) + 0.5) * h }
            let x = z.map { zc in (0..<n).map { exact(zc, cells: cells, $0) } }
            var q = p
            q.cells = cells
            return ContactorSolution(problem: q, heights: z, aqueous: x, organic: x.map { $0.map { 2 * $0 } },
                                     aqueousOutlet: x[0], organicOutlet: x[cells - 1],
                                     report: SolverReport(code: .success, method: "test", iterations: 0, residual: 0, worstLocation: "", notes: []),
                                     balanceClosure: 0)
        }
        GridSequencing.extrapolate(solution(cells: 50), solution(cells: 25), into: ws)
        // fine centres inside the 25-cell grid's end centres (0.03 m … 1.47 m); the species
        // the workspace holds fixed (one-phase, not fed in the other phase) are not extrapolated
        let solved = (0..<ws.solvedCount).map { ws.solved[$0] }
        XCTAssertLessThan(solved.count, n)
        for s in 2..<98 {
            let x = ws.aqueous(s), y = ws.organic(s)
            for j in solved {
                let want = exact(ws.grid.centre(s), cells: 100, j)
                XCTAssertEqual(x[j] / want, 1, accuracy: 1e-12, "cell \(s), species \(j)")
                XCTAssertEqual(y[j] / (2 * want), 1, accuracy: 1e-12, "cell \(s), species \(j)")
            }
        }
    }

    /// The coarse grids' options loosen only the tolerance and the chord contraction.
    func testCoarseOptionsLoosenTheToleranceOnly() {
        let fine = ContactorSolver.defaultOptions
        let coarse = ContactorSolver.coarseOptions(fine)
        XCTAssertEqual(coarse.residualTolerance, ContactorSolver.coarseResidualTolerance)
        XCTAssertEqual(coarse.chordContraction, 0.5)
        XCTAssertEqual(coarse.maxIterations, fine.maxIterations)
        XCTAssertEqual(coarse.chordThreshold, fine.chordThreshold)
    }
}
