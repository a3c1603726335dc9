import Foundation
import XCTest
import RareSepCascade
@testable import RareSepContactor

/// Grid sequencing (`GridSequencing`, `FrozenProfileSolve`) changes the start, not the
/// answer: the sequenced solve agrees with Newton from the linear start, and the fine
/// grid needs only a few Newton steps.
final class ContactorSequencingTests: XCTestCase {
    func testSequencedSolveMatchesTheDirectSolve() throws {
        let p = try ContactorMassActionTests.problem(cells: 200, ka: 0.05)
        let seq = try ContactorSolver.solve(p)
        XCTAssertTrue(seq.report.converged)
        XCTAssertTrue(seq.report.notes.first?.hasPrefix("grid sequencing: started from the 100-cell solution") ?? false, "\(seq.report.notes)")
        XCTAssertLessThanOrEqual(seq.report.iterations, 4)
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
}
