import Foundation
import XCTest
import RareSepODE
@testable import RareSepColumn

/// The condensed (per-cell Schur complement) Newton solver equals the full banded LU
/// on the Newton matrices of the three column models.
final class CondensedColumnSolverTests: XCTestCase {
    /// Newton matrix I − c·J of `problem` at a loaded state, in BandedLU storage.
    func newtonMatrix(_ problem: ColumnProblem, cells: Int, shells: Int) -> (ColumnDiscretization, BandedLU, [Double]) {
        let d = ColumnDiscretization(problem: problem, cells: cells, particleCells: shells)
        // a partly loaded state: the run's state after 2000 s
        var p = problem
        p.sections = [OperatingSection(name: "load", start: 0, end: 2000, inletStart: problem.sections[0].inletStart)]
        let y = ColumnSimulator.run(p, numerics: ColumnNumerics(cells: cells, rtol: 1e-4, atol: 1e-6, particleCells: shells),
                                    outputTimes: []).finalState
        let ml = d.lowerBandwidth, mu = d.upperBandwidth, jw = ml + mu + 1
        var jac = [Double](repeating: 0, count: d.dimension * jw)
        _ = y.withUnsafeBufferPointer { yp in jac.withUnsafeMutableBufferPointer { d.jacobian(t: 100, y: yp.baseAddress!, jac: $0.baseAddress!) } }
        let lu = BandedLU(n: d.dimension, ml: ml, mu: mu)
        let c = 3.7
        for i in 0..<d.dimension {
            for j in max(0, i - ml)...min(d.dimension - 1, i + mu) { lu.set(i, j, -c * jac[i * jw + (j - i + ml)]) }
            lu.set(i, i, lu.get(i, i) + 1)
        }
        return (d, lu, y)
    }

    func check(_ problem: ColumnProblem, cells: Int, shells: Int = 8) {
        let (d, lu, y) = newtonMatrix(problem, cells: cells, shells: shells)
        let copy = UnsafeMutablePointer<Double>.allocate(capacity: lu.n * lu.width)
        defer { copy.deallocate() }
        copy.update(from: lu.band, count: lu.n * lu.width)
        let solver = CondensedColumnSolver(cells: cells, components: d.n, valuesPerCell: d.m, band: copy, width: lu.width,
                                           ml: lu.ml, mu: lu.mu)
        let t0 = DispatchTime.now().uptimeNanoseconds
        XCTAssertTrue(solver.factor())
        let t1 = DispatchTime.now().uptimeNanoseconds
        XCTAssertTrue(lu.factor())
        let t2 = DispatchTime.now().uptimeNanoseconds
        var b = (0..<d.dimension).map { sin(Double($0) * 0.37) + 0.1 }
        var x = b
        let t3 = DispatchTime.now().uptimeNanoseconds
        x.withUnsafeMutableBufferPointer { solver.solve($0.baseAddress!) }
        let t4 = DispatchTime.now().uptimeNanoseconds
        b.withUnsafeMutableBufferPointer { lu.solve($0.baseAddress!) }
        let t5 = DispatchTime.now().uptimeNanoseconds
        // the compact per-cell J written by the discretisation (the integrator's path)
        let system = CondensedColumnSystem(d)
        XCTAssertTrue(y.withUnsafeBufferPointer { system.updateJacobian(t: 100, y: $0.baseAddress!) })
        system.assembleNewtonMatrix(c: 3.7)
        XCTAssertTrue(system.linearSolver.factor())
        var xc = (0..<d.dimension).map { sin(Double($0) * 0.37) + 0.1 }
        xc.withUnsafeMutableBufferPointer { system.linearSolver.solve($0.baseAddress!) }
        let scale = b.map(abs).max()!
        let err = zip(x, b).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(err, 1e-10 * scale, "\(problem.column.kind)")
        let errCompact = zip(xc, b).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(errCompact, 1e-10 * scale, "\(problem.column.kind), compact J")
        print("\(problem.column.kind) \(cells) cells: condensed factor \(Double(t1 - t0) / 1e6) ms, solve \(Double(t4 - t3) / 1e6) ms; banded factor \(Double(t2 - t1) / 1e6) ms, solve \(Double(t5 - t4) / 1e6) ms; max diff \(err / scale) relative")
    }

    /// A whole run with the condensed Newton solver gives the banded run's outlet to
    /// well within the integrator tolerance (the linear solves agree to rounding).
    func testCondensedRunEqualsBandedRun() {
        var lrmp = ColumnBenchmark.b1Problem()
        lrmp.column.kind = .lrmp
        lrmp.column.filmTransfer = [1e-5, 1e-5, 1e-5]
        lrmp.column.particleRadius = 4.5e-5
        for (problem, shells) in [(ColumnBenchmark.b1GRMProblem(), 4), (lrmp, 1)] {
            let times = ColumnBenchmark.b1Times
            var numerics = ColumnNumerics(cells: 30, rtol: 1e-5, atol: 1e-7, particleCells: shells)
            numerics.condensedNewton = false
            let banded = ColumnSimulator.run(problem, numerics: numerics, outputTimes: times)
            numerics.condensedNewton = true
            let condensed = ColumnSimulator.run(problem, numerics: numerics, outputTimes: times)
            XCTAssertTrue(banded.report.converged && condensed.report.converged, "\(banded.report.notes) \(condensed.report.notes)")
            let peak = banded.outlet.flatMap { $0 }.map(abs).max()!
            var diff = 0.0
            for (a, b) in zip(banded.outlet, condensed.outlet) { for (u, v) in zip(a, b) { diff = max(diff, abs(u - v)) } }
            XCTAssertLessThan(diff, numerics.rtol * peak, "\(problem.column.kind)")
            XCTAssertEqual(condensed.report.method, "fv-weno3-bdf-condensed")
            print("\(problem.column.kind): outlet banded vs condensed max |Δ| \(diff) mol/m³ (peak \(peak)); steps \(banded.statistics.steps) vs \(condensed.statistics.steps)")
        }
    }

    func testCondensedSolverEqualsBandedLU() {
        check(ColumnBenchmark.b1GRMProblem(), cells: 40)
        var lrm = ColumnBenchmark.b1Problem()
        // the LRM has no shells to condense: it always runs banded
        XCTAssertFalse(CondensedColumnSolver.appliesTo(components: 3, valuesPerCell: 6))
        XCTAssertFalse(ColumnNumerics(cells: 10, condensedNewton: true).usesCondensedNewton(.lrm))
        lrm.column.kind = .lrmp
        lrm.column.filmTransfer = [1e-5, 1e-5, 1e-5]
        lrm.column.particleRadius = 4.5e-5
        check(lrm, cells: 40)
        var kinetic = ColumnBenchmark.b1GRMProblem()
        kinetic.column.binding = .kinetic
        check(kinetic, cells: 20, shells: 3)
    }
}
