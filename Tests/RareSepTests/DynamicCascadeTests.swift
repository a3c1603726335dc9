import Foundation
import XCTest
@testable import RareSepCascade
@testable import RareSepChemistry
@testable import RareSepDynamics
@testable import RareSepIO
import RareSepODE

/// The dynamic mixer-settler cascade against closed forms, the steady solver and its own ledger.
final class DynamicCascadeTests: XCTestCase {
    /// One stage, one solute with constant D, aqueous feed Qa at c_in and clean organic Qo.
    func singleStage(D: Double, qa: Double, qo: Double, cIn: Double) -> CascadeProblem {
        let sec = CascadeSection(name: "extraction", firstStage: 0, stageCount: 1, modelIndex: 0, murphree: [1])
        return CascadeProblem(name: "one stage", species: SpeciesSet(["Dy"]), metalCount: 1,
                              models: [ConstantDistribution(distributionRatio: [D])], sections: [sec],
                              feeds: [CascadeFeed(name: "feed", stage: 0, phase: .aqueous, flow: qa, concentrations: [cIn]),
                                      CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: qo, concentrations: [0])])
    }

    /// A well-mixed stage with constant D: x(t) = x∞ + (x₀ − x∞)·exp(−t/τ),
    /// τ = (V_aq + D·V_org)/(Q_aq + D·Q_org), x∞ = Q_aq·c_in/(Q_aq + D·Q_org); through a step of c_in.
    func testSingleStageStepResponseMatchesClosedForm() throws {
        let D = 2.5, qa = 2e-6, qo = 3e-6, cIn = 40.0, vm = 0.01, phi = 0.4
        let p = singleStage(D: D, qa: qa, qo: qo, cIn: cIn)
        let spec = DynamicCascadeSpecification(problem: p, holdUps: [StageHoldUp(mixerVolume: vm, mixerOrganicFraction: phi,
                                                                              settlerAqueousVolume: 0, settlerOrganicVolume: 0)],
                                               settlerCells: 0)
        let va = vm * (1 - phi), vo = vm * phi
        let tau = (va + D * vo) / (qa + D * qo)
        let t1 = 3 * tau, c2 = 10.0
        let times = (1...24).map { Double($0) * tau / 4 }
        let run = try DynamicCascadeSimulator.run(spec, initial: .freshSolvent, horizon: 6 * tau,
                                                  events: [CascadeEvent(time: t1, changes: [.feedConcentration(feed: "feed", species: 0, value: c2)])],
                                                  outputTimes: times, recordStages: [0], options: DynamicRunOptions(rtol: 1e-9, relativeAbsoluteTolerance: 1e-12))
        XCTAssertEqual(run.report.code, .success, "\(run.report)")
        XCTAssertEqual(run.snapshots.count, times.count)
        let xInf1 = qa * cIn / (qa + D * qo), xInf2 = qa * c2 / (qa + D * qo)
        let x1 = xInf1 * (1 - exp(-t1 / tau))
        for snap in run.snapshots {
            let t = snap.time
            let expected = t <= t1 ? xInf1 * (1 - exp(-t / tau)) : xInf2 + (x1 - xInf2) * exp(-(t - t1) / tau)
            XCTAssertEqual(snap.stages[0].aqueous[0], expected, accuracy: 1e-6 * xInf1, "t = \(t / tau) τ")
            XCTAssertEqual(snap.stages[0].organic[0], D * snap.stages[0].aqueous[0], accuracy: 1e-9 * xInf1)
        }
    }

    /// A tracer through a settler's aqueous layer of n cells: the outlet follows the
    /// tanks-in-series (Erlang) response, and its median time approaches the plug-flow dead
    /// time V/Q as n grows.
    func testSettlerCellsGiveTheDeadTimeOfPlugFlow() throws {
        let qa = 1e-5, V = 0.05
        let tau = V / qa
        var previousGap = Double.infinity
        for cells in [1, 4, 16, 64] {
            let p = singleStage(D: 0, qa: qa, qo: qa, cIn: 1)
            let spec = DynamicCascadeSpecification(problem: p, holdUps: [StageHoldUp(mixerVolume: 0, mixerOrganicFraction: 0.5,
                                                                                  settlerAqueousVolume: V, settlerOrganicVolume: V)],
                                                   settlerCells: cells)
            let times = (1...400).map { Double($0) * tau / 200 }
            let run = try DynamicCascadeSimulator.run(spec, initial: .freshSolvent, horizon: 2 * tau, outputTimes: times,
                                                      options: DynamicRunOptions(rtol: 1e-8, relativeAbsoluteTolerance: 1e-12))
            XCTAssertEqual(run.report.code, .success, "\(run.report)")
            var median = Double.nan
            var previous = (0.0, 0.0)
            for snap in run.snapshots {
                let raffinate = snap.outlets.first { $0.name == "raffinate" }!.aqueous[0]
                // Erlang CDF with k = cells, rate k/τ
                let k = cells, z = Double(k) * snap.time / tau
                var term = 1.0, sum = 1.0
                if k > 1 { for i in 1..<k { term *= z / Double(i); sum += term } }
                XCTAssertEqual(raffinate, 1 - exp(-z) * sum, accuracy: 2e-6, "cells \(cells), t = \(snap.time / tau) τ")
                if median.isNaN && raffinate >= 0.5 {
                    median = previous.0 + (0.5 - previous.1) * (snap.time - previous.0) / (raffinate - previous.1)
                }
                previous = (snap.time, raffinate)
            }
            let gap = abs(median / tau - 1)
            XCTAssertLessThan(gap, previousGap, "cells \(cells)")
            previousGap = gap
        }
        XCTAssertLessThan(previousGap, 0.01)
    }

    func loadCase(_ name: String) throws -> CascadeProblem {
        try CascadeCase.load(path: TestPaths.root + "/cases/" + name, library: TestPaths.library).problem
    }

    /// Long-time limit: from the steady state at a 20 % lower feed flow, the feed steps up at
    /// t = 60 s and the cascade settles to the steady solver's state at the nominal flow.
    @discardableResult
    func assertLongTimeLimit(_ problem: CascadeProblem, cells: Int, horizon: Double,
                             options: DynamicRunOptions = DynamicRunOptions(rtol: 1e-6, relativeAbsoluteTolerance: 1e-12),
                             file: StaticString = #filePath, line: UInt = #line) throws -> DynamicCascadeRun {
        let steady = try CascadeSolver.solve(problem)
        XCTAssertTrue(steady.report.converged, file: file, line: line)
        var low = problem
        low.feeds[0].flow *= 0.8
        let hold = [StageHoldUp](repeating: StageHoldUp(mixerVolume: 2e-3, settlerAqueousVolume: 2e-3, settlerOrganicVolume: 2e-3),
                                 count: problem.sections.count)
        let spec = DynamicCascadeSpecification(problem: low, holdUps: hold, settlerCells: cells)
        let run = try DynamicCascadeSimulator.run(spec, initial: .steadyState, horizon: horizon,
                                                  events: [CascadeEvent(time: 60, changes: [.feedFlow(feed: problem.feeds[0].name, flow: problem.feeds[0].flow)])],
                                                  options: options)
        XCTAssertEqual(run.report.code, .success, "\(run.report)", file: file, line: line)
        let n = problem.species.count
        var worst = 0.0
        for j in 0..<n {
            let typ = (steady.aqueous + steady.organic).enumerated().filter { $0.offset % n == j }.map { abs($0.element) }.max()!
            if typ == 0 { continue }   // a species absent everywhere: checked by its test
            for s in 0..<problem.stageCount {
                let a = run.finalMixerAqueous[s * n + j], b = steady.aqueous[s * n + j]
                let c = run.finalMixerOrganic[s * n + j], d = steady.organic[s * n + j]
                worst = max(worst, abs(a - b) / (abs(b) + 1e-6 * typ), abs(c - d) / (abs(d) + 1e-6 * typ))
            }
        }
        XCTAssertLessThan(worst, 1e-8, "\(run.report.notes)", file: file, line: line)
        for l in run.ledger where l.fed > 0 { XCTAssertLessThan(abs(l.relativeClosure), 1e-9, "\(l)", file: file, line: line) }
        return run
    }

    func testLongTimeLimitIsTheSteadyStateOfTheLoopCase() throws {
        try assertLongTimeLimit(try loadCase("tb-dy-constant-beta.yaml"), cells: 2, horizon: 1e8)
    }

    func testLongTimeLimitIsTheSteadyStateOfTheDefaultCase() throws {
        try assertLongTimeLimit(try loadCase("default.yaml"), cells: 1, horizon: 1e8)
    }

    /// A species absent from every feed and from the initial state (Pr removed from the
    /// default case's feed): its absolute tolerance is floored at rtol × the plant-wide
    /// concentration scale (not 1e-39 mol/m³), the run with the default tolerances settles
    /// to the steady solver's state (1e-8) with its ledger closed, the absent species stays
    /// zero, and it costs no more steps than the same run without the floor's need (Pr at
    /// its feed value).
    func testSpeciesAbsentEverywhereKeepsTheRunRobust() throws {
        var p = try loadCase("default.yaml")
        let pr = p.species.symbols.firstIndex(of: "Pr")!
        var present = p
        present.feeds[0].concentrations[pr] *= 1e-6
        p.feeds[0].concentrations[pr] = 0
        XCTAssertTrue(p.feeds.allSatisfy { $0.concentrations[pr] == 0 } && p.loop!.makeupConcentrations[pr] == 0)
        let sys = try DynamicCascade(DynamicCascadeSpecification(problem: p, holdUps: [StageHoldUp](repeating: StageHoldUp(mixerVolume: 2e-3, settlerAqueousVolume: 0, settlerOrganicVolume: 0), count: 3), settlerCells: 0))
        let u = try sys.initialState(.freshSolvent)
        let scales = sys.concentrationScales(u, inlets: [p], floorFraction: 1e-6)
        let plant = scales.max()!
        XCTAssertEqual(scales[pr], 1e-6 * plant, accuracy: 1e-12 * plant)
        let run = try assertLongTimeLimit(p, cells: 1, horizon: 1e8, options: DynamicRunOptions())
        let reference = try assertLongTimeLimit(present, cells: 1, horizon: 1e8, options: DynamicRunOptions())
        let n = p.species.count
        for s in 0..<p.stageCount {
            XCTAssertLessThanOrEqual(abs(run.finalMixerAqueous[s * n + pr]) + abs(run.finalMixerOrganic[s * n + pr]), 1e-12 * plant)
        }
        let metalsFed = run.ledger.prefix(p.metalCount).reduce(0) { $0 + $1.fed }
        let absent = run.ledger[pr]
        for v in [absent.out, absent.initialHoldUp, absent.finalHoldUp] { XCTAssertLessThanOrEqual(abs(v), 1e-12 * metalsFed, "\(absent)") }
        XCTAssertLessThanOrEqual(run.statistics.steps, reference.statistics.steps * 3 / 2, "\(run.report.notes) vs \(reference.report.notes)")
    }

    /// Element conservation over a start-up with steps in feed flow, scrub-acid flow and
    /// feed composition: cumulative in − out (ledger states) − Δhold-up per species.
    func testLedgerClosesOverAStartUpWithEvents() throws {
        let p = try loadCase("tb-dy-constant-beta.yaml")
        let hold = [StageHoldUp](repeating: StageHoldUp(mixerVolume: 3e-3, settlerArea: 0.02, settlerHeight: 0.3), count: p.sections.count)
        let spec = DynamicCascadeSpecification(problem: p, holdUps: hold, settlerCells: 3)
        let hour = 3600.0
        let events = [CascadeEvent(time: 2 * hour, changes: [.feedFlow(feed: "feed", flow: 1.15 * p.feeds[0].flow)]),
                      CascadeEvent(time: 4 * hour, changes: [.feedFlow(feed: "scrub acid", flow: 0.9 * p.feeds[1].flow),
                                                             .feedConcentration(feed: "feed", species: 3, value: 2 * p.feeds[0].concentrations[3])])]
        let run = try DynamicCascadeSimulator.run(spec, initial: .freshSolvent, horizon: 8 * hour, events: events,
                                                  outputTimes: [0, 4 * hour, 8 * hour], recordStages: [0, 50])
        XCTAssertEqual(run.report.code, .success, "\(run.report)")
        XCTAssertEqual(run.snapshots.count, 3)
        for l in run.ledger where l.fed > 0 {
            XCTAssertLessThan(abs(l.relativeClosure), 1e-9, "\(l)")
            XCTAssertGreaterThan(l.out, 0)
        }
    }

    /// The analytic Jacobian (stage kernel blocks, finite-rate rows, settler cells, loop
    /// corner, ledger border) against central differences of f.
    func testJacobianMatchesFiniteDifferences() throws {
        var p = try loadCase("default.yaml")
        p.sections[2].stageCount = 2
        p.sections[1].stageCount = 2
        p.sections[1].firstStage = 2
        p.sections[0].stageCount = 2
        p.sections[2].firstStage = 4
        p.feeds[0].stage = 1; p.feeds[1].stage = 3; p.feeds[2].stage = 5
        let hold = [StageHoldUp(mixerVolume: 1e-3, settlerAqueousVolume: 1e-3, settlerOrganicVolume: 1e-3),
                    StageHoldUp(mixerVolume: 1e-3, settlerAqueousVolume: 1e-3, settlerOrganicVolume: 1e-3, transferCoefficient: 0.05),
                    StageHoldUp(mixerVolume: 1e-3, settlerAqueousVolume: 1e-3, settlerOrganicVolume: 1e-3)]
        for cells in [0, 2] {
            let sys = try DynamicCascade(DynamicCascadeSpecification(problem: p, holdUps: hold, settlerCells: cells))
            var u = try sys.initialState(.steadyState)
            for i in 0..<u.count { u[i] *= 1 + 0.01 * sin(Double(i)) }  // off the steady state
            let n = sys.dimension, m = 2 * sys.speciesCount, cs = 2 * m
            XCTAssertTrue(u.withUnsafeBufferPointer { sys.updateJacobian(t: 0, y: $0.baseAddress!) })
            let chain = sys.linearSolver.chain
            func analytic(_ r: Int, _ c: Int) -> Double {
                if r >= sys.chainSize {
                    let ls = sys.linearSolver
                    return (0..<ls.borderCount).filter { ls.borderRow[$0] == r && ls.borderColumn[$0] == c }.reduce(0) { $0 + ls.borderWeight[$1] }
                }
                if c >= sys.chainSize { return 0 }
                let er = r / m, ec = c / m, i = r % m, k = c % m
                if er == ec { return sys.jd[er * m * m + i * m + k] }
                guard let idx = chain.couplingIndex(row: i, column: k) else { return 0 }
                if ec == er - 1 { return sys.jl[er * cs + idx] }
                if ec == er + 1 { return sys.ju[er * cs + idx] }
                if er == 0 && ec == sys.E - 1 && sys.layout.hasCorner { return sys.jc[idx] }
                return 0
            }
            var fp = [Double](repeating: 0, count: n), fm = fp
            var worst = 0.0
            let rowMax = (0..<n).map { r in (0..<n).reduce(0.0) { max($0, abs(analytic(r, $1))) } }
            for c in 0..<n {
                let h = 1e-5 * max(1, abs(u[c]))
                var up = u, um = u
                up[c] += h; um[c] -= h
                _ = up.withUnsafeBufferPointer { y in fp.withUnsafeMutableBufferPointer { sys.rhs(t: 0, y: y.baseAddress!, f: $0.baseAddress!) } }
                _ = um.withUnsafeBufferPointer { y in fm.withUnsafeMutableBufferPointer { sys.rhs(t: 0, y: y.baseAddress!, f: $0.baseAddress!) } }
                for r in 0..<n {
                    let fd = (fp[r] - fm[r]) / (2 * h), a = analytic(r, c)
                    // rows of different units: relative to the entry, with a floor relative to the
                    // row's largest entry (finite-difference round-off), as StageJacobianTests
                    let denom = max(abs(fd), abs(a), 1e-300)
                    if abs(fd - a) > 1e-6 * denom + 1e-9 * rowMax[r] {
                        worst = max(worst, abs(fd - a) / denom)
                        XCTFail("cells \(cells): J[\(r), \(c)] analytic \(a), finite differences \(fd)")
                        return
                    }
                }
            }
            XCTAssertLessThan(worst, 1e-6)
        }
    }

    /// Bad input: negative volumes, an event outside the horizon, an event on a stream that
    /// does not exist, initial profiles of the wrong size.
    func testBadInputIsRejectedWithClearErrors() throws {
        let p = singleStage(D: 1, qa: 1e-6, qo: 1e-6, cIn: 1)
        let good = StageHoldUp(mixerVolume: 1e-3, settlerAqueousVolume: 1e-3, settlerOrganicVolume: 1e-3)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        var bad = good
        bad.mixerVolume = -1
        XCTAssertTrue(message { _ = try DynamicCascade(DynamicCascadeSpecification(problem: p, holdUps: [bad])) }.contains("mixer volume"))
        let spec = DynamicCascadeSpecification(problem: p, holdUps: [good])
        XCTAssertTrue(message { _ = try DynamicCascadeSimulator.run(spec, initial: .freshSolvent, horizon: 100,
                                                                   events: [CascadeEvent(time: 200, changes: [])]) }.contains("outside the horizon"))
        XCTAssertTrue(message { _ = try DynamicCascadeSimulator.run(spec, initial: .freshSolvent, horizon: 100,
                                                                   events: [CascadeEvent(time: 50, changes: [.feedFlow(feed: "nope", flow: 1)])]) }.contains("'nope'"))
        XCTAssertTrue(message { _ = try DynamicCascadeSimulator.run(spec, initial: .profiles(aqueous: [1, 2], organic: [1]), horizon: 100) }
            .contains("initial profiles"))
    }
}
