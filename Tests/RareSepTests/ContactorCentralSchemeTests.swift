import Foundation
import XCTest
import GSLBridge
import RareSepChemistry
import RareSepCascade
import RareSepCore
@testable import RareSepContactor
@testable import RareSepIO

/// The central scheme where it is not monotone (cell Péclet above 2, always in plug flow):
/// a grid without a nonnegative solution is reported with its cause, a negative
/// extrapolated outlet is not returned as converged, coarse grids of the sequence take
/// upwind fluxes; and a high organic/aqueous flow ratio against the closed forms.
final class ContactorCentralSchemeTests: XCTestCase {
    /// Linear (D = 2 and 0.5), O/A = `ratio` at U_a = 1 mm/s, H = 1.5 m.
    static func problem(cells: Int, scheme: ContactorProblem.ConvectionScheme, ratio: Double, ka: Double,
                        ua: Double = 0.001, ea: Double = 0, eo: Double = 0) -> ContactorProblem {
        ContactorProblem(species: SpeciesSet(["A", "B"]), model: ConstantDistribution(distributionRatio: [2, 0.5]),
                         height: 1.5, crossSection: 0.01, aqueousVelocity: ua, organicVelocity: ua * ratio,
                         holdUp: [0.2], transferCoefficient: [ka], aqueousDispersion: ea, organicDispersion: eo,
                         aqueousInlet: [10, 4], organicInlet: [0.5, 1], cells: cells, scheme: scheme)
    }

    /// The grid's linear equations for species j with y* = D·x (aqueous and organic phase
    /// balances of every cell from `ContactorGrid`'s coefficients), solved densely by GSL:
    /// the unique discrete solution, (x, y) per cell.
    static func denseGridSolution(_ p: ContactorProblem, species j: Int, ratio D: Double) throws -> [(Double, Double)] {
        let g = ContactorGrid(p), N = p.cells, n = 2 * N
        var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n)
        for s in 0..<N {
            let ra = 2 * s, ro = 2 * s + 1, kv = g.transferConductance[s]
            a[ra * n + 2 * s] += g.aD[s] - kv * D; a[ra * n + 2 * s + 1] += kv
            a[ro * n + 2 * s] += kv * D; a[ro * n + 2 * s + 1] += g.oD[s] - kv
            if s > 0 { a[ra * n + 2 * (s - 1)] += g.aL[s]; a[ro * n + 2 * (s - 1) + 1] += g.oL[s] }
            if s < N - 1 { a[ra * n + 2 * (s + 1)] += g.aU[s]; a[ro * n + 2 * (s + 1) + 1] += g.oU[s] }
            b[ra] = -g.aIn[s] * p.aqueousInlet[j]
            b[ro] = -g.oIn[s] * p.organicInlet[j]
        }
        let u = try gslSolveDense(matrix: a, rhs: b)
        return (0..<N).map { (u[2 * $0], u[2 * $0 + 1]) }
    }

    /// (b), O/A = 5, plug flow, 25 cells: the central grid's own solution of species A
    /// (K·a·h·D/U_a = 2.4 per cell) is negative, so no nonnegative profile solves it;
    /// the solve says so (species, cell, cell Péclet numbers, the remedies) instead of
    /// stalling silently. The dispersion the message names makes the same grid monotone,
    /// and that solve converges, nonnegative; upwind converges on the plain grid.
    func testCentralGridWithoutNonnegativeSolutionSaysWhy() throws {
        let p = Self.problem(cells: 25, scheme: .central, ratio: 5, ka: 0.02)
        let exact = try Self.denseGridSolution(p, species: 0, ratio: 2)
        XCTAssertLessThan(exact.map { min($0.0, $0.1) }.min()!, -0.01, "the discrete solution leaves the nonnegative cone")
        let s = try ContactorSolver.solve(p)
        XCTAssertFalse(s.report.converged)
        let note = try XCTUnwrap(s.report.notes.first { $0.hasPrefix("no nonnegative solution") }, "\(s.report.notes)")
        for part in ["the A ", "cell Péclet", "aqueous ∞ (plug flow)", "axial dispersion of at least", "'scheme: upwind'",
                     "K·a·h·m/U_a = 2.4 (slope m = ∂y*/∂x = 2)", "K·a·h/U_o = 0.24"] {
            XCTAssertTrue(note.contains(part), "\(part): \(note)")
        }
        // the remedy stated: dispersion making every cell Péclet number ≤ 2
        let mono = GridMonotonicity(p)
        XCTAssertFalse(mono.isMonotone)
        XCTAssertNil(mono.monotoneCells, "plug flow: no number of cells makes central fluxes monotone")
        var q = p
        q.aqueousDispersion = mono.aqueousDispersionNeeded
        q.organicDispersion = mono.organicDispersionNeeded
        XCTAssertTrue(GridMonotonicity(q).isMonotone)
        XCTAssertEqual(max(GridMonotonicity(q).aqueousPeclet, GridMonotonicity(q).organicPeclet), 2, accuracy: 1e-12)
        let sq = try ContactorSolver.solve(q)
        XCTAssertTrue(sq.report.converged, "\(sq.report.code) \(sq.report.worstLocation) \(sq.report.notes)")
        XCTAssertLessThan(sq.balanceClosure, 1e-10)
        XCTAssertGreaterThanOrEqual((sq.aqueous + sq.organic).flatMap { $0 }.min()!, 0)
        var u = p
        u.scheme = .upwind
        let su = try ContactorSolver.solve(u)
        XCTAssertTrue(su.report.converged, "\(su.report)")
        XCTAssertLessThan(su.balanceClosure, 1e-10)
    }

    /// A monotone central grid has a nonnegative solution whatever K·a and D: with cell
    /// Péclet ≤ 2 the frozen-ratio cell system is an M-matrix (a strongly extracted
    /// species, K·a·h·D/U_a = 48 per cell, O/A = 20).
    func testMonotoneCentralGridHasANonnegativeSolution() throws {
        var p = Self.problem(cells: 25, scheme: .central, ratio: 20, ka: 0.2)
        p.model = ConstantDistribution(distributionRatio: [100, 0.01])
        let mono = GridMonotonicity(p)
        p.aqueousDispersion = mono.aqueousDispersionNeeded
        p.organicDispersion = mono.organicDispersionNeeded
        for (j, D) in [(0, 100.0), (1, 0.01)] {
            XCTAssertGreaterThanOrEqual(try Self.denseGridSolution(p, species: j, ratio: D).map { min($0.0, $0.1) }.min()!, 0)
        }
        let s = try ContactorSolver.solve(p)
        XCTAssertTrue(s.report.converged, "\(s.report)")
        XCTAssertLessThan(s.balanceClosure, 1e-10)
    }

    /// Cell Péclet numbers and the remedies by hand: U·h/(ε·E), N ≥ U·H/(2·ε·E), E ≥ U·h/(2·ε).
    func testMonotonicityFiguresByHand() {
        let p = Self.problem(cells: 30, scheme: .central, ratio: 4, ka: 0.02, ea: 1e-4, eo: 1e-3)
        let m = GridMonotonicity(p), h = 1.5 / 30
        XCTAssertEqual(m.aqueousPeclet, 0.001 * h / (0.8 * 1e-4), accuracy: 1e-12)    // 0.625
        XCTAssertEqual(m.organicPeclet, 0.004 * h / (0.2 * 1e-3), accuracy: 1e-12)    // 1
        XCTAssertTrue(m.isMonotone)
        XCTAssertEqual(m.monotoneCells, 15)   // organic: 0.004·1.5/(2·0.2·1e-3)
        var q = p
        q.cells = 14
        XCTAssertFalse(GridMonotonicity(q).isMonotone)
        q.scheme = .upwind
        XCTAssertTrue(GridMonotonicity(q).isMonotone)
    }

    /// A converged central grid (plug flow) whose extrapolated aqueous outlet
    /// 1.5·x₀ − 0.5·x₁ is negative (the profile falls more than threefold over the
    /// outlet cell) is reported infeasible at that outlet, not returned as converged.
    func testNegativeExtrapolatedOutletIsNotReturnedAsConverged() throws {
        var p = Self.problem(cells: 60, scheme: .central, ratio: 1, ka: 2)
        p.model = ConstantDistribution(distributionRatio: [0.5, 2])
        let s = try ContactorSolver.solve(p)
        XCTAssertEqual(s.report.code, .infeasible, "\(s.report)")
        XCTAssertTrue(s.report.worstLocation.hasPrefix("aqueous outlet (bottom face)"), s.report.worstLocation)
        XCTAssertTrue(s.report.notes.contains { $0.contains("negative aqueous outlet") && $0.contains("cell Péclet") }, "\(s.report.notes)")
        XCTAssertLessThan(s.aqueousOutlet.min()!, 0, "the outlet the grid gives is kept, for the record")
        XCTAssertGreaterThanOrEqual((s.aqueous + s.organic).flatMap { $0 }.min()!, 0, "every cell value is nonnegative")
        XCTAssertLessThan(s.residualOfDenseSolution(p), 1e-9, "the cells are the grid's own solution")
        // a warm start (a flowsheet unit's), even one accepting a looser residual, says the same
        let warm = ContactorSolver.solve(try ContactorWorkspace(problem: p), warmStart: s, acceptBelow: 1e-6)
        XCTAssertEqual(warm.report.code, .infeasible, "\(warm.report)")
    }

    /// Sm and Ho (2 mol/m³ each) in 0.3 mol/L HCl against 0.6 mol/L D2EHPA (mass action),
    /// central scheme, axial dispersion 2.5e-4 m²/s in both phases on 50 cells: cell
    /// Péclet 0.6 (aqueous) and 1.8 (organic), a monotone grid; Ho's distribution ratio at
    /// the solvent inlet is in the thousands.
    static func heavyProblem() throws -> ContactorProblem {
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: TestPaths.library, metals: ["Sm", "Ho"])
        let sp = bound.species
        var xin = try bound.vector(["Sm": 2, "Ho": 2, "H": 300])
        xin[sp.index(of: "Cl")!] = 300 + 3 * 4
        var yin = try bound.vector(["D2EHPA": 600])
        bound.model.completeOrganicInlet(&yin, specified: sp.symbols.map { $0 != "H" })
        return ContactorProblem(species: sp, model: bound.model, height: 1.5, crossSection: 0.01,
                                aqueousVelocity: 0.004, organicVelocity: 0.003, holdUp: [0.2], transferCoefficient: [0.05],
                                aqueousDispersion: 2.5e-4, organicDispersion: 2.5e-4,
                                aqueousInlet: xin, organicInlet: yin, cells: 50, scheme: .central)
    }

    /// (a) Mass action, central, monotone fine grid (`heavyProblem`) whose 25-cell coarse
    /// grid is not (organic cell Péclet 3.6): the coarse grid is solved upwind and the
    /// central grid converges from it in a few Newton steps (with a central 25-cell grid,
    /// which stalls, 91 iterations were spent there and in its own fallbacks before the
    /// fine grid fell back to the linear start), to the solution the fine grid's fallback
    /// (linear start, flat start, continuation, without sequencing) reaches.
    func testMonotoneCentralMassActionStartsFromAnUpwindCoarseGrid() throws {
        let p = try Self.heavyProblem()
        XCTAssertTrue(GridMonotonicity(p).isMonotone)
        XCTAssertEqual(GridSequencing.coarsened(p)?.scheme, .upwind, "25 cells: organic cell Péclet 3.6")
        let s = try ContactorSolver.solve(p)
        XCTAssertTrue(s.report.converged, "\(s.report)")
        XCTAssertLessThanOrEqual(s.report.iterations, 3, "\(s.report.notes)")
        XCTAssertTrue(s.report.notes.first?.contains("(upwind: central fluxes are not monotone on it)") ?? false, "\(s.report.notes)")
        XCTAssertLessThan(s.balanceClosure, 1e-12)
        let direct = ContactorSolver.fallbacks(try ContactorWorkspace(problem: p), options: ContactorSolver.defaultOptions,
                                               coarseNote: nil, coarseIterations: 0)
        XCTAssertTrue(direct.report.converged, "\(direct.report.code) \(direct.report.worstLocation)")
        for j in 0..<p.species.count {
            for (a, b) in [(s.aqueousOutlet[j], direct.aqueousOutlet[j]), (s.organicOutlet[j], direct.organicOutlet[j])] where max(a, b) > 1e-200 {
                XCTAssertEqual(a / b, 1, accuracy: 1e-9, p.species.symbols[j])
            }
        }
    }

    /// (b) O/A = 10 (extraction factors 20 and 5 at U_a = 2 mm/s), linear: plug flow,
    /// upwind (order 1) and central (order 2), Richardson-extrapolated against the closed
    /// form; central with axial dispersion against the Danckwerts reference
    /// (Validation/contactor/axial-dispersion-linear, case high-flow-ratio, mpmath).
    func testHighFlowRatioAgreesWithTheClosedForms() throws {
        let ka = 0.004, ua = 0.002, uo = 0.02
        var exact: [Double] = []
        for (j, D) in [2.0, 0.5].enumerated() {
            let p0 = Self.problem(cells: 1, scheme: .upwind, ratio: 10, ka: ka, ua: ua)
            let e = ContactorLinearTests.plugFlowExact(D: D, ka: ka, H: 1.5, ua: ua, uo: uo, xin: p0.aqueousInlet[j], yin: p0.organicInlet[j])
            exact.append(contentsOf: [e.0, e.1])
        }
        exact = [exact[0], exact[2], exact[1], exact[3]]
        for (scheme, order, levels, tolerance) in [(ContactorProblem.ConvectionScheme.upwind, 1.0, [100, 200, 400, 800], 1e-7),
                                                   (.central, 2.0, [100, 200, 400], 1e-8)] {
            let results = try levels.map { try ContactorLinearTests.outlets(Self.problem(cells: $0, scheme: scheme, ratio: 10, ka: ka, ua: ua)) }
            let error = zip(ContactorLinearTests.richardson(results, order: order), exact).map { abs($0 - $1) / abs($1) }.max()!
            print("contactor O/A 10 plug flow \(scheme): Richardson error \(error)")
            XCTAssertLessThan(error, tolerance, "\(scheme)")
        }
        let ref = try ContactorLimitTests.reference()
        let (ea, eo, _, _) = try XCTUnwrap(ref["high-flow-ratio/A"])
        let danckwerts = [ref["high-flow-ratio/A"]!.2, ref["high-flow-ratio/B"]!.2, ref["high-flow-ratio/A"]!.3, ref["high-flow-ratio/B"]!.3]
        let results = try [100, 200, 400].map { N -> [Double] in
            let p = Self.problem(cells: N, scheme: .central, ratio: 10, ka: ka, ua: ua, ea: ea, eo: eo)
            XCTAssertTrue(GridMonotonicity(p).isMonotone)
            return try ContactorLinearTests.outlets(p)
        }
        let error = zip(ContactorLinearTests.richardson(results, order: 2), danckwerts).map { abs($0 - $1) / abs($1) }.max()!
        print("contactor O/A 10 dispersion: Richardson error \(error)")
        XCTAssertLessThan(error, 1e-8)
    }
}

private extension ContactorSolution {
    /// Largest residual of the cells' profiles in the dense linear grid equations of a
    /// constant-D problem, relative to the largest inlet (dimensionless).
    func residualOfDenseSolution(_ p: ContactorProblem) -> Double {
        guard let model = p.model as? ConstantDistribution else { return .infinity }
        var worst = 0.0
        for j in 0..<p.species.count {
            guard let u = try? ContactorCentralSchemeTests.denseGridSolution(p, species: j, ratio: model.distributionRatio[j]) else { return .infinity }
            let scale = max(p.aqueousInlet[j], p.organicInlet[j])
            for s in 0..<p.cells { worst = max(worst, abs(u[s].0 - aqueous[s][j]) / scale, abs(u[s].1 - organic[s][j]) / scale) }
        }
        return worst
    }
}
