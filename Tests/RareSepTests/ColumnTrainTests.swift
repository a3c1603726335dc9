import Foundation
import XCTest
@testable import RareSepChemistry
@testable import RareSepColumn
@testable import RareSepCore
@testable import RareSepIO
@testable import RareSepFlowsheet

/// Column trains (lead–lag carousel) and fraction cuts chosen for purity targets:
/// conservation over a cycle, the cyclic steady state, breakthrough switching and its
/// failure report, and the cut optimiser against exhaustive search.
final class ColumnTrainTests: XCTestCase {
    /// A small 3-column LRM Langmuir carousel (the validation column on a coarse grid).
    func problem(wash: Double = 600) -> ColumnProblem {
        let col = ColumnParameters(kind: .lrm, length: 0.1, bedPorosity: 0.37, particlePorosity: 0.5,
                                   superficialVelocity: 0.5e-3, axialDispersion: 1e-6, ldfRate: [0.05])
        let iso = LangmuirIsotherm(affinity: [1], capacity: [20])
        return ColumnProblem(components: SpeciesSet(["X"]), modifierIndex: nil, isotherm: iso, column: col,
                             sections: [OperatingSection(name: "load", start: 0, end: 600, inletStart: [1]),
                                        OperatingSection(name: "wash", start: 600, end: 600 + wash, inletStart: [0])])
    }
    let numerics = ColumnNumerics(cells: 40, rtol: 1e-6, atol: 1e-9)

    /// Time switching reaches the cyclic steady state; every cycle conserves mass to
    /// the interstage transfer error, and at the steady state feed = raffinate + pool.
    func testTimeSwitchedCarouselConservesMassAndReachesSteadyState() throws {
        let p = problem()
        let spec = ColumnTrainSpec(columns: 3, inSeries: 2, switching: .interval(600), cssTolerance: 1e-5, maxCycles: 30, recordStep: 2,
                                   pools: [FractionSpec(name: "pool", from: 600, to: 1200, product: 0)])
        let r = try ColumnTrainSimulator.run(p, numerics: numerics, spec: spec, regenerationOutputTimes: (0...120).map { 600 + Double($0) * 5 })
        let k = try XCTUnwrap(r.steadyCycle, "no cyclic steady state in \(r.cycles.count) cycles")
        XCTAssertGreaterThan(k, 4)
        for c in r.cycles {
            XCTAssertLessThan(abs(c.balance["X"]!), 1e-5, "cycle \(c.cycle) balance")
            XCTAssertLessThan(c.transferError, 1e-5)
            XCTAssertLessThanOrEqual(abs(c.balance["X"]!), c.transferError * 1.5 + 1e-9, "balance error is the transfer error")
        }
        let last = r.cycles.last!
        let pool = last.pools[0].amount["X"]!
        XCTAssertEqual(last.raffinate["X"]! + pool + last.regenerationWaste["X"]!, last.fed["X"]!, accuracy: 2e-6 * last.fed["X"]!)
        XCTAssertEqual(last.pools[0].recovery!, pool / 0.3, accuracy: 1e-12)
        // productivity: pool per m³ of three beds per hour of the 600 s cycle
        XCTAssertEqual(last.pools[0].productivity_mol_per_m3_h!, pool / (3 * 0.1) / (600.0 / 3600), accuracy: 1e-9)
    }

    /// A GRM train runs on the condensed Newton solver, chosen as for a single column
    /// (`ColumnNumerics.integrator(for:)`); its outlets equal the banded-LU train's to well
    /// within the integrator tolerance (the linear solves agree to rounding).
    func testGRMTrainCondensedEqualsBanded() throws {
        var p = problem()
        p.column.kind = .grm
        p.column.filmTransfer = [1e-5]
        p.column.particleRadius = 5e-5
        p.column.poreDiffusivity = [5e-11]
        let spec = ColumnTrainSpec(columns: 3, inSeries: 2, switching: .interval(600), cssTolerance: 1e-12, maxCycles: 3, recordStep: 5,
                                   pools: [FractionSpec(name: "pool", from: 600, to: 1200, product: 0)])
        var banded = ColumnNumerics(cells: 20, rtol: 1e-6, atol: 1e-9, particleCells: 3)
        XCTAssertTrue(banded.usesCondensedNewton(.grm))
        banded.condensedNewton = false
        XCTAssertFalse(banded.usesCondensedNewton(.grm))
        var condensed = banded
        condensed.condensedNewton = nil
        let a = try ColumnTrainSimulator.run(p, numerics: banded, spec: spec, regenerationOutputTimes: [])
        let b = try ColumnTrainSimulator.run(p, numerics: condensed, spec: spec, regenerationOutputTimes: [])
        XCTAssertEqual(a.cycles.count, b.cycles.count)
        let peak = a.lastTrainOutlet.flatMap { $0 }.map(abs).max()!
        XCTAssertGreaterThan(peak, 0.01)
        var diff = 0.0
        for (x, y) in zip(a.lastTrainOutlet, b.lastTrainOutlet) { for (u, v) in zip(x, y) { diff = max(diff, abs(u - v)) } }
        XCTAssertLessThan(diff, 10 * banded.rtol * peak)
        var amounts = 0.0
        for (ca, cb) in zip(a.cycles, b.cycles) {
            amounts = max(amounts, abs(ca.raffinate["X"]! - cb.raffinate["X"]!) / ca.fed["X"]!,
                          abs(ca.pools[0].amount["X"]! - cb.pools[0].amount["X"]!) / ca.fed["X"]!)
        }
        XCTAssertLessThan(amounts, 10 * banded.rtol)
        print("GRM train: outlet banded vs condensed max |Δ| \(diff) mol/m³ (peak \(peak)); amounts \(amounts) of the feed")
    }

    /// Breakthrough switching: the lag outlet at every switch is at the criterion (the
    /// crossing located between record samples); the train reaches its steady cycle.
    func testBreakthroughSwitchingStopsAtTheCriterion() throws {
        let p = problem(wash: 1200)
        let spec = ColumnTrainSpec(columns: 4, inSeries: 2, switching: .breakthrough(component: 0, fraction: 0.05, horizon: 5000),
                                   cssTolerance: 1e-4, maxCycles: 30, recordStep: 5,
                                   pools: [FractionSpec(name: "pool", from: 600, to: 1800, product: 0)])
        let r = try ColumnTrainSimulator.run(p, numerics: numerics, spec: spec, regenerationOutputTimes: [])
        XCTAssertNotNil(r.steadyCycle)
        for c in r.cycles where c.switchReason == "breakthrough" {
            XCTAssertEqual(c.breakthroughAtSwitch, 0.05, accuracy: 2e-3)
            XCTAssertLessThan(abs(c.balance["X"]!), 1e-4)
        }
    }

    /// A criterion that is never met is an error with diagnostics, not a hang.
    func testUnreachableCriterionIsReported() {
        let p = problem()
        let spec = ColumnTrainSpec(columns: 3, inSeries: 2, switching: .breakthrough(component: 0, fraction: 0.5, horizon: 300),
                                   recordStep: 5)
        XCTAssertThrowsError(try ColumnTrainSimulator.run(p, numerics: numerics, spec: spec, regenerationOutputTimes: [])) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("did not reach 0.5") && m.contains("horizon of 300") && m.contains("highest it reached"), m)
        }
    }

    /// The case file form: a criterion never met and bad carousel input are located errors.
    func testCarouselCaseErrors() throws {
        let base = try String(contentsOfFile: TestPaths.validation + "/column/carousel-css/case.yaml", encoding: .utf8)
            .replacingOccurrences(of: "numerics: {cells: 200", with: "numerics: {cells: 30")
        let dir = TestPaths.temporaryDirectory()
        func run(_ text: String) throws -> CaseRunOutcome {
            let path = dir + "/case.yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try CaseKinds.run(path: path, output: dir + "/out")
        }
        let never = base.replacingOccurrences(of: "switch: {every: 10 min}",
                                              with: "switch: {breakthrough: {component: X, fraction: 0.9}, horizon: 5 min}")
        XCTAssertThrowsError(try run(never)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("carousel.switch") && m.contains("did not reach 0.9"), m)
        }
        XCTAssertThrowsError(try run(base.replacingOccurrences(of: "in_series: 2", with: "in_series: 3"))) { e in
            XCTAssertTrue("\(e)".contains("in_series") && "\(e)".contains("off-line"), "\(e)")
        }
        XCTAssertThrowsError(try run(base.replacingOccurrences(of: "switch: {every: 10 min}", with: "switch: {every: 5 min}"))) { e in
            XCTAssertTrue("\(e)".contains("off-line programme takes 600"), "\(e)")
        }
        XCTAssertThrowsError(try run(base.replacingOccurrences(of: "from: 10 min, to: 20 min", with: "from: 5 min, to: 20 min"))) { e in
            XCTAssertTrue("\(e)".contains("within the off-line programme"), "\(e)")
        }
    }

    /// The cut optimiser equals exhaustive search over all windows (one product) and
    /// over all pairs of ordered non-overlapping windows (two products).
    func testAutoCutsMatchExhaustiveSearch() {
        // two overlapping Gaussian peaks and a third binding component, sampled
        let K = 120
        let times = (0..<K).map { Double($0) }
        func peak(_ t: Double, _ c: Double, _ w: Double) -> Double { exp(-0.5 * (t - c) * (t - c) / (w * w)) }
        var cum = [[Double]](repeating: [0, 0, 0], count: K)
        for k in 1..<K {
            let t = times[k]
            let rates = [peak(t, 45, 9), 0.7 * peak(t, 62, 10), 0.2 * peak(t, 80, 6)]
            for j in 0..<3 { cum[k][j] = cum[k - 1][j] + rates[j] }
        }
        let fed = [cum[K - 1][0], cum[K - 1][1], cum[K - 1][2]]
        func amounts(_ a: Int, _ b: Int) -> [Double] { (0..<3).map { cum[b][$0] - cum[a][$0] } }
        func meets(_ a: Int, _ b: Int, _ p: Int, _ pi: Double) -> Bool {
            let x = amounts(a, b)
            return x[p] > 0 && x[p] >= pi * (x[0] + x[1] + x[2])
        }
        for (p, pi) in [(0, 0.95), (1, 0.9), (1, 0.99), (2, 0.999)] {
            var best = 0.0
            for a in 0..<K { for b in (a + 1)..<K where meets(a, b, p, pi) { best = max(best, amounts(a, b)[p]) } }
            let c = FractionCuts.choose(times: times, cumulative: cum, binding: [0, 1, 2], targets: [CutTarget(product: p, purity: pi)],
                                        normaliser: fed, names: ["A", "B", "C"])[0]
            if best == 0 { XCTAssertNil(c.from_s); continue }
            XCTAssertEqual(c.amount!, best, accuracy: 1e-12 * best, "product \(p) purity \(pi)")
            XCTAssertGreaterThanOrEqual(c.purity!, pi - 1e-12)
        }
        // two products, ordered, not overlapping: maximise the summed recovery
        let targets = [CutTarget(product: 0, purity: 0.97), CutTarget(product: 1, purity: 0.95)]
        var best = 0.0
        // exhaustive: window 1 [a1, b1], window 2 [a2, b2] with b1 <= a2 (either may be absent)
        var bestEnd = [Double](repeating: 0, count: K)   // best recovery of product 0 with window ending ≤ s
        for s in 0..<K {
            bestEnd[s] = s > 0 ? bestEnd[s - 1] : 0
            for a in 0..<s where meets(a, s, 0, 0.97) { bestEnd[s] = max(bestEnd[s], amounts(a, s)[0] / fed[0]) }
        }
        best = bestEnd[K - 1]
        for a in 0..<K { for b in (a + 1)..<K where meets(a, b, 1, 0.95) { best = max(best, bestEnd[a] + amounts(a, b)[1] / fed[1]) } }
        let cuts = FractionCuts.choose(times: times, cumulative: cum, binding: [0, 1, 2], targets: targets, normaliser: fed, names: ["A", "B", "C"])
        let got = (cuts[0].recovery ?? 0) + (cuts[1].recovery ?? 0)
        XCTAssertEqual(got, best, accuracy: 1e-12)
        if let b0 = cuts[0].to_s, let a1 = cuts[1].from_s { XCTAssertLessThanOrEqual(b0, a1) }
        XCTAssertGreaterThanOrEqual(cuts[0].purity!, 0.97 - 1e-12)
        XCTAssertGreaterThanOrEqual(cuts[1].purity!, 0.95 - 1e-12)
    }

    /// A carousel as a flowsheet unit: the feed flows through the train (A = Q/u_s), the
    /// raffinate leaves at the feed flow, the pool is the steady cycle's pool over its
    /// volume, and the plant balance closes to the train's cycle balance.
    func testTrainAsAFlowsheetUnit() throws {
        let dir = TestPaths.temporaryDirectory()
        let train = """
        kind: column
        name: Tb carousel
        components: [Tb, HCl]
        modifier: HCl
        column: {model: lrm, length: 0.1 m, bed_porosity: 0.37, particle_porosity: 0.5, superficial_velocity: 0.5 mm/s,
                 axial_dispersion: 1e-6 m2/s, ldf_rate: {Tb: 0.05 1/s}}
        isotherm: {id: langmuir, K: {Tb: 1 m3/mol}, q_max: {Tb: 20 mol/m3}, source: synthetic test parameters}
        initial: {HCl: 0.01 mol/L}
        programme:
          - {name: load, duration: 10 min, inlet: {Tb: 1 mol/m3, HCl: 0.01 mol/L}}
          - {name: wash, duration: 10 min, inlet: {HCl: 0.01 mol/L}}
        fractions:
          - {name: Tb-pool, from: 10 min, to: 16 min, product: Tb}
        carousel: {columns: 3, in_series: 2, switch: {every: 10 min}, css_tolerance: 1e-4, record_step: 5 s}
        numerics: {cells: 30, rtol: 1e-5, atol: 1e-9 mol/m3}
        output: {step: 10 s}
        """
        let flowsheet = """
        kind: flowsheet
        name: feed → carousel
        components: [Tb]
        units:
          - {name: feed, type: feed, flow: 1 L/h, composition: {Tb: 0.8 mol/m3, H: 0.01 mol/L}, balance_with: Cl}
          - {name: train, type: column, case: train.yaml}
        streams:
          - {name: train feed, from: feed.out, to: train.feed}
          - {name: Tb pool, from: train.Tb-pool}
          - {name: raffinate, from: train.raffinate}
          - {name: waste, from: train.waste}
        """
        try train.write(toFile: dir + "/train.yaml", atomically: true, encoding: .utf8)
        try flowsheet.write(toFile: dir + "/flowsheet.yaml", atomically: true, encoding: .utf8)
        let path = dir + "/flowsheet.yaml"
        let fc = try FlowsheetCase.load(root: try YAMLDocument.load(path: path), path: path, library: TestPaths.library)
        let sol = try FlowsheetSolver.solve(fc.flowsheet, options: fc.options)
        XCTAssertTrue(sol.converged, sol.failure?.message ?? "")
        let tu = try XCTUnwrap(fc.flowsheet.units.first { $0 is ColumnTrainUnit } as? ColumnTrainUnit)
        XCTAssertEqual(tu.outlets.map(\.name), ["Tb-pool", "raffinate", "waste"])
        let species = fc.flowsheet.species
        let feed = sol.streams[fc.flowsheet.streams.firstIndex { $0.name == "train feed" }!]
        let raff = sol.streams[fc.flowsheet.streams.firstIndex { $0.name == "raffinate" }!]
        let pool = sol.streams[fc.flowsheet.streams.firstIndex { $0.name == "Tb pool" }!]
        XCTAssertEqual(tu.lastCrossSection, feed.flow / 0.5e-3, accuracy: 1e-12 * tu.lastCrossSection)
        XCTAssertEqual(raff.flow, feed.flow, accuracy: 1e-12 * feed.flow)
        let cycle = try XCTUnwrap(tu.lastResult?.cycles.last)
        let tb = species.index(of: "Tb")!
        XCTAssertEqual(pool.flow, feed.flow * 360 / 600, accuracy: 1e-12 * feed.flow)
        XCTAssertEqual(pool.concentrations[tb], cycle.pools[0].amount["Tb"]! / (0.5e-3 * 360), accuracy: 1e-12)
        XCTAssertEqual(cycle.fed["Tb"]!, 0.5e-3 * 0.8 * 600, accuracy: 1e-12)
        for b in sol.balance where b.inflow > 0 {
            XCTAssertLessThan(abs(b.inflow - b.outflow) / b.inflow, 1e-4, b.species)
        }
    }
}
