import Foundation
import XCTest
import GSLBridge
import RareSepChemistry
import RareSepCascade
@testable import RareSepContactor
@testable import RareSepIO

/// The contactor with mass-action chemistry (D2EHPA, chloride, four rare earths):
/// against plug-flow shooting with GSL odeiv2 + multiroot, and, at K·a → ∞, against
/// the cascade solver's equilibrium stages.
final class ContactorMassActionTests: XCTestCase {
    static let metals = ["La", "Pr", "Nd", "Sm"]
    static let scheme = ContactorProblem.ConvectionScheme.upwind

    static func problem(cells: Int, ka: Double = 0.02, scheme: ContactorProblem.ConvectionScheme = .upwind) throws -> ContactorProblem {
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: TestPaths.library, metals: metals)
        let sp = bound.species
        var xin = try bound.vector(["La": 8, "Pr": 6, "Nd": 10, "Sm": 4, "H": 300])
        xin[sp.index(of: "Cl")!] = 300 + 3 * 28
        var yin = try bound.vector(["D2EHPA": 600])
        bound.model.completeOrganicInlet(&yin, specified: sp.symbols.map { $0 != "H" })
        return ContactorProblem(species: sp, model: bound.model, height: 1.5, crossSection: 0.01,
                                aqueousVelocity: 0.004, organicVelocity: 0.003, holdUp: [0.2], transferCoefficient: [ka],
                                aqueousInlet: xin, organicInlet: yin, cells: cells, scheme: scheme)
    }

    /// Plug-flow shooting: unknowns the aqueous outlet x(0) (species that reach the
    /// aqueous phase); the partitioning species' organic profiles integrated upward
    /// (dy/dz = K·a·(y* − y)/U_o, rk8pd), the aqueous from the flux invariant
    /// U_o·y − U_a·x = U_o·y_in − U_a·x(0), the constraint species closed locally;
    /// residual x(H) − x_in. Returns (aqueous outlet, organic outlet).
    static func shoot(_ p: ContactorProblem, start: [Double]) -> ([Double], [Double]) {
        let n = p.species.count, model = p.model
        let roles = (0..<n).map { model.role($0) }
        let part = (0..<n).filter { roles[$0] == .partitioning }
        let free = (0..<n).filter { roles[$0] != .organicOnly }
        let r = p.organicVelocity / p.aqueousVelocity
        func closeState(_ yp: UnsafePointer<Double>, _ x0: [Double], _ x: inout [Double], _ y: inout [Double]) {
            for (k, j) in part.enumerated() { y[j] = yp[k] }
            for j in 0..<n where roles[j] == .organicOnly { y[j] = p.organicInlet[j] }
            for j in 0..<n where roles[j] == .aqueousOnly { y[j] = 0 }
            var ys = [Double](repeating: 0, count: n)
            for _ in 0..<3 {
                for j in 0..<n { x[j] = roles[j] == .organicOnly ? 0 : x0[j] + r * (y[j] - p.organicInlet[j]) }
                x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { ypp in ys.withUnsafeMutableBufferPointer { s in
                    model.equilibriumOrganic(x: xp.baseAddress!, y: ypp.baseAddress!, yStar: s.baseAddress!, dYdX: nil, dYdY: nil) } } }
                for j in 0..<n where roles[j] == .organicConstraint { y[j] = ys[j] }
            }
        }
        func integrate(_ x0: [Double]) -> (x: [Double], y: [Double])? {
            var x = [Double](repeating: 0, count: n), y = x, ys = x
            let ode = ODEDriver(dimension: part.count, method: .rk8pd, absoluteTolerance: 1e-14, relativeTolerance: 1e-12,
                                initialStep: 1e-4, rightHandSide: { _, yp, f in
                closeState(yp, x0, &x, &y)
                x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { ypp in ys.withUnsafeMutableBufferPointer { s in
                    model.equilibriumOrganic(x: xp.baseAddress!, y: ypp.baseAddress!, yStar: s.baseAddress!, dYdX: nil, dYdY: nil) } } }
                for (k, j) in part.enumerated() { f[k] = p.transferCoefficient[0] * (ys[j] - y[j]) / p.organicVelocity }
            })
            var state = part.map { p.organicInlet[$0] }
            var z = 0.0
            guard ode.integrate(&state, from: &z, until: p.height) == .reached else { return nil }
            state.withUnsafeBufferPointer { closeState($0.baseAddress!, x0, &x, &y) }
            return (x, y)
        }
        let solver = DenseMultirootSolver(dimension: free.count) { u, out in
            var x0 = [Double](repeating: 0, count: n)
            for (k, j) in free.enumerated() { x0[j] = u[k] }
            guard let (xH, _) = integrate(x0) else { for k in 0..<free.count { out[k] = .nan }; return }
            for (k, j) in free.enumerated() { out[k] = (xH[j] - p.aqueousInlet[j]) / max(p.aqueousInlet[j], 1) }
        }
        let result = solver.solve(start: free.map { start[$0] }, residualTolerance: 1e-13, maxIterations: 100)
        // The hybrid solver stops (GSL_ENOPROG) at the integrator's noise floor (rk8pd at
        // 1e-12 relative over the height): about 1e-10 here, depending in the last digits on
        // the start (the grid's outlet, itself known to the grid solver's 1e-12). That floor
        // is far below the 1e-7 agreement checked with it.
        XCTAssertTrue(result.converged || result.residualNorm < 1e-9, "shooting: status \(result.status), residual \(result.residualNorm)")
        var x0 = [Double](repeating: 0, count: n)
        for (k, j) in free.enumerated() { x0[j] = result.x[k] }
        let (_, yH) = integrate(x0)!
        return (x0, yH)
    }

    /// The one-phase species not fed in their other phase (Cl, Na: aqueous; D2EHPA:
    /// organic) are left out of the unknowns and held at their inlet values: the solve
    /// gives the same profiles as the full 2n system (both to the 1e-12 residual), the
    /// fixed species sit at their inlet value in their phase and 0 in the other, and a
    /// one-phase species fed in its other phase stays in the unknowns. Plug flow and with
    /// axial dispersion in both phases.
    func testFixedOnePhaseSpeciesGiveTheFullSystemSolution() throws {
        for dispersion in [0.0, 2e-5] {
            var p = try Self.problem(cells: 50)
            p.aqueousDispersion = dispersion
            p.organicDispersion = dispersion
            let sp = p.species
            let reduced = try ContactorWorkspace(problem: p)
            let full = try ContactorWorkspace(problem: p, condensed: true, fixesOnePhaseSpecies: false)
            let fixed = ["Cl", "D2EHPA"].map { sp.index(of: $0)! }
            XCTAssertEqual(full.solvedCount, sp.count)
            XCTAssertLessThanOrEqual(reduced.solvedCount, sp.count - fixed.count)
            for j in fixed { XCTAssertFalse((0..<reduced.solvedCount).contains { reduced.solved[$0] == j }) }
            let a = ContactorSolver.solve(reduced), b = ContactorSolver.solve(full)
            XCTAssertTrue(a.report.converged && b.report.converged, "\(a.report.code) \(b.report.code)")
            for s in 0..<p.cells {
                for j in 0..<sp.count {
                    for (u, v) in [(a.aqueous[s][j], b.aqueous[s][j]), (a.organic[s][j], b.organic[s][j])] where max(u, v) > 1e-8 {
                        XCTAssertEqual(u / v, 1, accuracy: 1e-8, "E = \(dispersion) cell \(s) \(sp.symbols[j])")
                    }
                }
            }
            let cl = sp.index(of: "Cl")!, ext = sp.index(of: "D2EHPA")!
            for s in 0..<p.cells {
                XCTAssertEqual(a.aqueous[s][cl], p.aqueousInlet[cl]); XCTAssertEqual(a.organic[s][cl], 0)
                XCTAssertEqual(a.organic[s][ext], p.organicInlet[ext]); XCTAssertEqual(a.aqueous[s][ext], 0)
            }
            XCTAssertLessThan(a.balanceClosure, 1e-10)
        }
        // chloride also fed with the organic: it transfers (to the aqueous), so it is solved
        var q = try Self.problem(cells: 50)
        let cl = q.species.index(of: "Cl")!
        q.organicInlet[cl] = 1
        let ws = try ContactorWorkspace(problem: q)
        XCTAssertTrue((0..<ws.solvedCount).contains { ws.solved[$0] == cl })
        // a kept workspace takes new inlets while its fixed species stay one-phase (their
        // values follow), and refuses them (untouched) when one would be fed in its other phase
        let p = try Self.problem(cells: 50)
        let kept = try ContactorWorkspace(problem: p)
        _ = ContactorSolver.solve(kept)
        var x = p.aqueousInlet
        x[cl] *= 1.1
        XCTAssertFalse(kept.setInlets(aqueous: x, organic: q.organicInlet))
        XCTAssertEqual(kept.problem.organicInlet[cl], 0)
        XCTAssertTrue(kept.setInlets(aqueous: x, organic: p.organicInlet))
        let again = ContactorSolver.solve(kept)
        XCTAssertTrue(again.report.converged)
        XCTAssertEqual(again.aqueousOutlet[cl], x[cl])
        XCTAssertLessThan(again.balanceClosure, 1e-10)
    }

    func testGridAgreesWithShootingOnMassActionCase() throws {
        var results: [[Double]] = []
        var last: ContactorSolution?
        for N in [200, 400, 800, 1600] {
            let s = try ContactorSolver.solve(try Self.problem(cells: N, scheme: Self.scheme))
            XCTAssertTrue(s.report.converged, "\(s.report)")
            XCTAssertLessThan(s.balanceClosure, 1e-10)
            results.append(s.aqueousOutlet + s.organicOutlet)
            last = s
        }
        let p = try Self.problem(cells: 1)
        let (xo, yo) = Self.shoot(p, start: last!.aqueousOutlet)
        let shot = xo + yo
        let grid = ContactorLinearTests.richardson(results, order: 1)
        let n = p.species.count
        var worst = 0.0
        for i in 0..<(2 * n) where shot[i] > 1e-6 {
            worst = max(worst, abs(grid[i] - shot[i]) / shot[i])
        }
        print("contactor mass action: metals x_out \(xo.prefix(4)), y_out \(yo.prefix(4)); grid vs shooting \(worst), N=1600 vs shooting \(zip(results.last!, shot).map { $1 > 1e-6 ? abs($0 - $1) / $1 : 0 }.max()!)")
        XCTAssertLessThan(worst, 1e-7)
        let loading = 6 * yo.prefix(4).reduce(0, +) / p.organicInlet[p.species.index(of: "D2EHPA")!]
        XCTAssertGreaterThan(loading, 0.1, "a nonlinear case: the extractant loads (free dimer falls) and the acid rises")
    }

    /// K·a → ∞, plug flow, upwind: N cells are N ideal mixer-settler stages; the cascade
    /// solver (StageEquations) gives the same outlets with the same chemistry.
    func testLargeTransferCoefficientMatchesCascadeStages() throws {
        let N = 6
        let p = try Self.problem(cells: N, ka: 1e9)
        let s = try ContactorSolver.solve(p)
        XCTAssertTrue(s.report.converged, "\(s.report)")
        let cascade = CascadeProblem(name: "stages", species: p.species, metalCount: Self.metals.count, models: [p.model],
                                     sections: [CascadeSection(name: "extraction", firstStage: 0, stageCount: N, modelIndex: 0,
                                                               murphree: Array(repeating: 1, count: N))],
                                     feeds: [CascadeFeed(name: "aqueous", stage: N - 1, phase: .aqueous, flow: p.aqueousFlow, concentrations: p.aqueousInlet),
                                             CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: p.organicFlow, concentrations: p.organicInlet)])
        let c = try CascadeSolver.solve(cascade)
        XCTAssertTrue(c.report.converged)
        let n = p.species.count
        for j in 0..<n {
            let xc = c.aqueous[j], yc = c.organic[(N - 1) * n + j]
            XCTAssertEqual(s.aqueousOutlet[j], xc, accuracy: 1e-6 * max(xc, 1e-3), p.species.symbols[j])
            XCTAssertEqual(s.organicOutlet[j], yc, accuracy: 1e-6 * max(yc, 1e-3), p.species.symbols[j])
        }
    }
}
