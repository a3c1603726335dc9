import Foundation
import XCTest
@testable import RareSepCascade
@testable import RareSepContactor
@testable import RareSepCore
@testable import RareSepFlowsheet
@testable import RareSepIO

/// What the emulsion-flow unit does on a recycle to cost less, checked against the plain
/// solve: a workspace kept across calls and given new inlets (`setInlets`) solves as a
/// fresh one does, including its coarse grids; the warm start from a neighbouring
/// solution converges to the same profiles; and the inexact-then-exact inner solves of a
/// recycle give the plant the exact solves give.
final class EmulsionFlowWarmStartTests: XCTestCase {
    /// A mass-action contactor (60 cells: grid sequencing has a 30-cell coarse grid) from
    /// the one-contactor plant of `EmulsionFlowUnitTests`.
    func problem() throws -> ContactorProblem {
        let text = EmulsionFlowUnitTests.plant(unit: "diameter: 0.1 m, hold_up: 0.1, transfer_coefficient: 0.02 1/s")
            .replacingOccurrences(of: "cells: 40", with: "cells: 60")
        let c = try EmulsionFlowUnitTests.load(text)
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertNil(sol.failure)
        let unit = try XCTUnwrap(c.flowsheet.units.first { $0 is EmulsionFlowUnit } as? EmulsionFlowUnit)
        return try XCTUnwrap(unit.lastSolution?.problem)
    }

    static func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(abs($0), abs($1), 1e-300) }.max() ?? 0
    }

    func testKeptWorkspaceAtNewInletsSolvesAsAFreshOne() throws {
        let p = try problem()
        var q = p
        let tb = 0, dy = 1   // Nd, Dy in the unit's vocabulary order: scale both metals differently
        q.aqueousInlet[tb] *= 0.7
        q.aqueousInlet[dy] *= 1.4
        let fresh = try ContactorSolver.solve(q)
        XCTAssertTrue(fresh.report.converged)
        let ws = try ContactorWorkspace(problem: p)
        let first = ContactorSolver.solve(ws)
        XCTAssertTrue(first.report.converged)
        XCTAssertTrue(ws.setInlets(aqueous: q.aqueousInlet, organic: q.organicInlet))
        XCTAssertFalse(ws.setInlets(aqueous: q.aqueousInlet.map { -$0 }, organic: q.organicInlet))
        // the full solve in the kept workspace (its coarse grid got the new inlets too)
        let cold = ContactorSolver.solve(ws)
        XCTAssertTrue(cold.report.converged)
        XCTAssertLessThan(Self.maxRelativeDifference(cold.aqueousOutlet, fresh.aqueousOutlet), 1e-10)
        XCTAssertLessThan(Self.maxRelativeDifference(cold.organicOutlet, fresh.organicOutlet), 1e-10)
        // the warm start from the first solution, species scaled by their inflow change
        XCTAssertTrue(ws.setInlets(aqueous: q.aqueousInlet, organic: q.organicInlet))
        let f = WarmStartScaling.factors(before: p.aqueousInlet.indices.map { p.aqueousFlow * p.aqueousInlet[$0] + p.organicFlow * p.organicInlet[$0] },
                                         now: q.aqueousInlet.indices.map { q.aqueousFlow * q.aqueousInlet[$0] + q.organicFlow * q.organicInlet[$0] })
        let warm = ContactorSolver.solve(ws, warmStart: first, scaling: f)
        XCTAssertTrue(warm.report.converged)
        XCTAssertTrue(warm.report.method.contains("warm start"), warm.report.method)
        XCTAssertLessThan(Self.maxRelativeDifference(warm.aqueousOutlet, fresh.aqueousOutlet), 1e-10)
        XCTAssertLessThan(Self.maxRelativeDifference(warm.organicOutlet, fresh.organicOutlet), 1e-10)
        XCTAssertLessThan(warm.balanceClosure, 1e-12)
        // a small change of inlets: chord steps on the factorisation the warm Newton left
        XCTAssertTrue(ws.factorsValid)
        var r = q
        r.aqueousInlet[dy] *= 1.001
        let freshR = try ContactorSolver.solve(r)
        XCTAssertTrue(ws.setInlets(aqueous: r.aqueousInlet, organic: r.organicInlet))
        let chord = ContactorSolver.solve(ws, warmStart: warm, keptFactors: true)
        XCTAssertTrue(chord.report.converged)
        XCTAssertTrue(chord.report.method.contains("chord"), chord.report.method)
        XCTAssertLessThan(Self.maxRelativeDifference(chord.aqueousOutlet, freshR.aqueousOutlet), 1e-10)
        XCTAssertLessThan(Self.maxRelativeDifference(chord.organicOutlet, freshR.organicOutlet), 1e-10)
        // a fresh workspace has no factorisation to reuse: Newton
        let other = try ContactorWorkspace(problem: r)
        XCTAssertFalse(other.factorsValid)
        let newton = ContactorSolver.solve(other, warmStart: warm, keptFactors: true)
        XCTAssertFalse(newton.report.method.contains("chord"), newton.report.method)
        XCTAssertLessThan(Self.maxRelativeDifference(newton.aqueousOutlet, freshR.aqueousOutlet), 1e-10)
    }

    func testInnerToleranceFollowsTheLoopResidual() {
        let full = 1e-12
        XCTAssertEqual(LoopAccuracy.innerTolerance(loopResidual: .infinity, full: full), 1e-6)
        XCTAssertEqual(LoopAccuracy.innerTolerance(loopResidual: 1e-4, full: full), 1e-7, accuracy: 1e-22)
        XCTAssertEqual(LoopAccuracy.innerTolerance(loopResidual: LoopAccuracy.exactBelow, full: full), full)
        XCTAssertEqual(LoopAccuracy.innerTolerance(loopResidual: 0, full: full), full)
    }
}
