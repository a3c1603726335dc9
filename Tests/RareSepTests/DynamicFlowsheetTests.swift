import Foundation
import XCTest
@testable import RareSepCascade
@testable import RareSepCore
@testable import RareSepDynamics
@testable import RareSepFlowsheet
@testable import RareSepIO

/// Dynamic flowsheets (waveform relaxation over communication windows) against the steady
/// FlowsheetSolver, their plant ledger, and the dynamic cascade run.
final class DynamicFlowsheetTests: XCTestCase {
    static let reflux = TestPaths.validation + "/flowsheet/extract-strip-reflux"

    /// A work directory with the reflux flowsheet's two cascade files.
    func workDirectory() throws -> String {
        let dir = TestPaths.temporaryDirectory()
        for f in ["extract-scrub.yaml", "strip.yaml"] { try FileManager.default.copyItem(atPath: Self.reflux + "/" + f, toPath: dir + "/" + f) }
        return dir
    }

    func run(_ path: String, output: String? = nil) throws -> DynamicFlowsheetRunner.Outcome {
        try DynamicFlowsheetRunner.execute(root: try YAMLDocument.load(path: path), path: path,
                                           library: try ModelLibrary.locate(near: path), outputDirectory: output)
    }

    static let dynamics = """
        dynamics:
          hold_ups:
            extract-scrub: {all: {mixer_volume: 2 L, settler: {volume: 4 L}}}
            strip: {all: {mixer_volume: 2 L, settler: {volume: 4 L}}}
          settler_cells: 2
          initial: steady
          horizon: 2000 h
          window: 100 h
          events:
            - {time: 10 h, feed: leach, flow: 12 L/h}
          output: {every: 100 h}
          solver: {relative_tolerance: 1e-8, window_tolerance: 1e-12}
        """

    /// Extract–strip with a 30 % strip-liquor reflux (two cascades, a mixer and a splitter in
    /// a recycle): from the steady state at 10 L/h of leach, the leach steps to 12 L/h at
    /// 10 h; at 2000 h (windows of 100 h) every stream and every mixer equals the steady FlowsheetSolver of the
    /// case file written at 12 L/h (1e-8 relative), and the plant ledger closes (1e-9).
    func testLongTimeLimitOfARecycleIsTheSteadyFlowsheet() throws {
        let dir = try workDirectory()
        let text = try String(contentsOfFile: Self.reflux + "/flowsheet.yaml", encoding: .utf8)
        try (text + "\n" + Self.dynamics + "\n").write(toFile: dir + "/plant.yaml", atomically: true, encoding: .utf8)
        let stepped = text.replacingOccurrences(of: "{name: leach, type: feed, flow: 10 L/h", with: "{name: leach, type: feed, flow: 12 L/h")
        XCTAssertNotEqual(stepped, text)
        try stepped.write(toFile: dir + "/steady.yaml", atomically: true, encoding: .utf8)
        let o = try run(dir + "/plant.yaml")
        XCTAssertEqual(o.summary.status, "success", "\(o.summary.notes)")
        let c = try FlowsheetCase.load(root: try YAMLDocument.load(path: dir + "/steady.yaml"), path: dir + "/steady.yaml", library: TestPaths.library)
        let steady = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertTrue(steady.converged)
        let fs = o.dynamicCase.flowsheetCase.flowsheet, n = fs.species.count
        XCTAssertEqual(fs.streams.map(\.name), c.flowsheet.streams.map(\.name))
        // before the step the leach is at 10 L/h, after it at 12 L/h
        let leach = fs.streams.firstIndex { $0.name == "fresh feed" }!
        XCTAssertEqual(o.run.snapshots.first { $0.time == 0 }!.streams[leach].flow * 3.6e6, 10, accuracy: 1e-12)
        let last = o.run.snapshots.last!
        XCTAssertEqual(last.time, 2000 * 3600)
        XCTAssertEqual(last.streams[leach].flow * 3.6e6, 12, accuracy: 1e-12)
        var scale = [Double](repeating: 0, count: n)
        for s in steady.streams { for j in 0..<n { scale[j] = max(scale[j], abs(s.flow * s.concentrations[j])) } }
        var worst = 0.0
        for (a, b) in zip(last.streams, steady.streams) {
            worst = max(worst, abs(a.flow - b.flow) / b.flow)
            for j in 0..<n where scale[j] > 0 {
                let x = a.flow * a.concentrations[j], y = b.flow * b.concentrations[j]
                worst = max(worst, abs(x - y) / max(abs(y), 1e-9 * scale[j]))
            }
        }
        XCTAssertLessThan(worst, 1e-8)
        for (u, unit) in c.flowsheet.units.enumerated() {
            guard let cu = unit as? CascadeUnit, let sol = cu.lastSolution, let m = o.run.finalMixers[u] else { continue }
            let top = (sol.aqueous + sol.organic).map(abs).max()!
            for (a, b) in zip(m.aqueous + m.organic, sol.aqueous + sol.organic) { XCTAssertEqual(a, b, accuracy: 1e-8 * max(abs(b), 1e-6 * top), unit.name) }
        }
        XCTAssertNotNil(o.summary.end_vs_steady)
        XCTAssertLessThan(o.summary.end_vs_steady!, 1e-8)
        for l in o.run.ledger where l.fed > 0 {
            XCTAssertLessThan(abs(l.relativeClosure), 1e-9, "\(l)")
            XCTAssertGreaterThan(l.out, 0)
        }
    }

    /// A ramp in a plant feed (leach 10 → 12 L/h from 10 h to 50 h in 4 steps) is a staircase
    /// at the ramp's midpoint values, 12 L/h from its end; the metals fed over the run equal
    /// the ramp's integral (1e-12) and the plant ledger closes (1e-9).
    func testRampInAPlantFeedFeedsTheRampsAmount() throws {
        let dir = try workDirectory()
        let text = try String(contentsOfFile: Self.reflux + "/flowsheet.yaml", encoding: .utf8)
        let dynamics = Self.dynamics.replacingOccurrences(of: "- {time: 10 h, feed: leach, flow: 12 L/h}", with: "- {time: 10 h, until: 50 h, steps: 4, feed: leach, flow: 12 L/h}")
            .replacingOccurrences(of: "horizon: 2000 h", with: "horizon: 60 h").replacingOccurrences(of: "window: 100 h", with: "window: 10 h")
            .replacingOccurrences(of: "every: 100 h", with: "every: 10 h").replacingOccurrences(of: "relative_tolerance: 1e-8", with: "relative_tolerance: 1e-6")
        try (text + "\n" + dynamics + "\n").write(toFile: dir + "/plant.yaml", atomically: true, encoding: .utf8)
        let o = try run(dir + "/plant.yaml")
        XCTAssertEqual(o.summary.status, "success", "\(o.summary.notes)")
        let h = 3600.0, lph = 1e-3 / h
        XCTAssertEqual(o.dynamicCase.events.map(\.time), [10, 20, 30, 40, 50].map { $0 * h })
        for (e, q) in zip(o.dynamicCase.events, [10.25, 10.75, 11.25, 11.75, 12]) { XCTAssertEqual(e.flow! / lph, q, accuracy: 1e-12) }
        let fs = o.dynamicCase.flowsheetCase.flowsheet
        let leach = fs.units.compactMap { $0 as? FeedUnit }.first { $0.name == "leach" }!.stream
        let volume = (10 * 10 + 11 * 40 + 12 * 10) * h * lph   // m³ of leach over 60 h
        for j in 0..<fs.metalCount where leach.concentrations[j] > 0 {
            let l = o.run.ledger.first { $0.species == fs.species.symbols[j] }!
            XCTAssertEqual(l.fed, volume * leach.concentrations[j], accuracy: 1e-12 * l.fed, l.species)
            XCTAssertLessThan(abs(l.relativeClosure), 1e-9, l.species)
        }
        XCTAssert(o.dynamicCase.eventLabels[0].label.contains("ramp"))
    }

    /// A saponification-degree event on a plant's saponification unit (the closed solvent loop
    /// of Validation/flowsheet/saponified-loop, 30 % → 40 % at 10 h): at 2000 h every stream
    /// equals the steady FlowsheetSolver of the case written at 40 % (1e-8 relative) and the
    /// plant ledger (Na fed as reagent) closes (1e-9).
    func testSaponificationDegreeEventReachesTheSteadyPlantAtTheNewDegree() throws {
        let src = TestPaths.validation + "/flowsheet/saponified-loop"
        let dir = TestPaths.temporaryDirectory()
        try FileManager.default.copyItem(atPath: src + "/cascade.yaml", toPath: dir + "/cascade.yaml")
        let text = try String(contentsOfFile: src + "/flowsheet.yaml", encoding: .utf8)
        let dynamics = """
            dynamics:
              hold_ups: {cascade: {all: {mixer_volume: 2 L, settler: {volume: 4 L}}}}
              initial: steady
              horizon: 2000 h
              window: 100 h
              events:
                - {time: 10 h, unit: saponification, saponification: 40 %}
              output: {every: 100 h}
              solver: {relative_tolerance: 1e-8, window_tolerance: 1e-12}
            """
        try (text + "\n" + dynamics + "\n").write(toFile: dir + "/plant.yaml", atomically: true, encoding: .utf8)
        let at40 = text.replacingOccurrences(of: "degree: 30 %", with: "degree: 40 %")
        XCTAssertNotEqual(at40, text)
        try at40.write(toFile: dir + "/steady.yaml", atomically: true, encoding: .utf8)
        let o = try run(dir + "/plant.yaml")
        XCTAssertEqual(o.summary.status, "success", "\(o.summary.notes)")
        XCTAssertEqual(o.dynamicCase.events.first?.degree, 0.4)
        let c = try FlowsheetCase.load(root: try YAMLDocument.load(path: dir + "/steady.yaml"), path: dir + "/steady.yaml", library: TestPaths.library)
        let steady = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertTrue(steady.converged)
        let n = c.flowsheet.species.count
        var scale = [Double](repeating: 0, count: n)
        for s in steady.streams { for j in 0..<n { scale[j] = max(scale[j], abs(s.flow * s.concentrations[j])) } }
        var worst = 0.0
        for (a, b) in zip(o.run.snapshots.last!.streams, steady.streams) {
            for j in 0..<n where scale[j] > 0 {
                let x = a.flow * a.concentrations[j], y = b.flow * b.concentrations[j]
                worst = max(worst, abs(x - y) / max(abs(y), 1e-9 * scale[j]))
            }
        }
        XCTAssertLessThan(worst, 1e-8)
        // the first stream sample after the event carries more Na into the cascade than before it
        let sap = c.flowsheet.streams.firstIndex { $0.name == "saponified organic" }!
        let na = c.flowsheet.species.symbols.firstIndex(of: "Na")!
        XCTAssertGreaterThan(o.run.snapshots.last!.streams[sap].concentrations[na], 1.3 * o.run.snapshots[0].streams[sap].concentrations[na])
        for l in o.run.ledger where l.fed > 0 { XCTAssertLessThan(abs(l.relativeClosure), 1e-9, "\(l)") }
        // a degree event on a unit that is not a saponification unit names the ones there are
        try (text + "\n" + dynamics.replacingOccurrences(of: "unit: saponification,", with: "unit: cascade,") + "\n").write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try run(dir + "/bad.yaml")) { e in
            XCTAssert("\(e)".contains("a saponification unit of the flowsheet (saponification)"), "\(e)")
        }
    }

    /// A flowsheet of one cascade (its own feeds, its outlets the products) is the dynamic
    /// cascade run: the same feed step at 10 h, the same hold-ups; the mixers at the end and
    /// what left through each outlet over 60 h agree to 1e-6 relative (both at rtol 1e-9; the
    /// plant restarts the BDF every window); from the steady state and from fresh solvent.
    func testFlowsheetOfOneCascadeIsTheDynamicCascadeRun() throws {
        for initial in ["steady", "fresh"] { try assertOneCascadeRun(initial: initial) }
    }

    func assertOneCascadeRun(initial: String) throws {
        let dir = try workDirectory()
        try """
            kind: flowsheet
            name: one cascade
            components: [Tb, Dy]
            units:
              - {name: es, type: cascade, case: extract-scrub.yaml}
            streams:
              - {name: raffinate, from: es.raffinate}
              - {name: loaded organic, from: es.loaded organic}
            dynamics:
              hold_ups: {es: {all: {mixer_volume: 2 L, settler: {volume: 4 L}}}}
              settler_cells: 2
              initial: \(initial)
              horizon: 60 h
              window: 2 h
              events:
                - {time: 10 h, feed: es.feed, flow: 12 L/h}
              output: {every: 2 h}
              solver: {relative_tolerance: 1e-9, window_tolerance: 1e-12}
            """.write(toFile: dir + "/one.yaml", atomically: true, encoding: .utf8)
        let o = try run(dir + "/one.yaml", output: dir + "/out")
        XCTAssertEqual(o.summary.status, "success", "\(o.summary.notes)")
        XCTAssertGreaterThan(try JSONSchemaCheck.checkOutputSet(dir + "/out"), 0)   // summary.json against its schema
        for f in ["streams.csv", "streams.svg", "summary.json", "report.html", "COMPLETE"] { XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/" + f), f) }
        let html = try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8)
        let svg = try String(contentsOfFile: dir + "/out/streams.svg", encoding: .utf8)
        XCTAssert(html.contains(svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")), "the plot is inline in report.html")
        for part in ["Summary", "Warnings", "Solver report", "Inputs"] { XCTAssert(html.contains(">\(part)</h2>"), "section \(part)") }
        XCTAssert(html.contains("Plant ledger over the run") && html.contains(o.summary.products[0].stream), "ledger and product tables")
        let spec = o.dynamicCase.holdUps[0]!
        let h = 3600.0
        let ref = try DynamicCascadeSimulator.run(spec, initial: initial == "steady" ? .steadyState : .freshSolvent, horizon: 60 * h,
                                                  events: [CascadeEvent(time: 10 * h, changes: [.feedFlow(feed: "feed", flow: 12e-3 / h)])],
                                                  options: DynamicRunOptions(rtol: 1e-9))
        XCTAssertEqual(ref.report.code, .success)
        let m = o.run.finalMixers[0]!
        let top = (ref.finalMixerAqueous + ref.finalMixerOrganic).map(abs).max()!
        for (a, b) in zip(m.aqueous + m.organic, ref.finalMixerAqueous + ref.finalMixerOrganic) { XCTAssertEqual(a, b, accuracy: 1e-6 * max(abs(b), 1e-3 * top)) }
        let fs = o.dynamicCase.flowsheetCase.flowsheet
        for (k, s) in fs.streams.enumerated() {
            let o2 = ref.outletNames.firstIndex(of: s.name)!
            for j in 0..<2 {
                let total = o.run.snapshots.dropFirst().reduce(0.0) { $0 + ($1.time - $1.windowStart) * $1.streams[k].flow * $1.streams[k].concentrations[j] }
                XCTAssertEqual(total, ref.cumulativeOutflow[o2][j], accuracy: 1e-6 * ref.cumulativeOutflow[o2][j], s.name)
            }
        }
    }

    /// Units without a dynamic model are refused, naming the unit at its line; an event on a
    /// stream that is not a plant feed names the feeds there are.
    func testUnitsWithoutADynamicModelAreRefused() throws {
        let dir = TestPaths.temporaryDirectory()
        let text = try String(contentsOfFile: TestPaths.root + "/cases/emulsion-flow-two-units.yaml", encoding: .utf8)
        try (text + "\ndynamics: {hold_ups: {}, horizon: 1 h}\n").write(toFile: dir + "/ef.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try run(dir + "/ef.yaml")) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("ef1") && m.contains("emulsion_flow") && m.contains("ef.yaml:"), m)
        }
        let wd = try workDirectory()
        let bad = (try String(contentsOfFile: Self.reflux + "/flowsheet.yaml", encoding: .utf8)) + "\n"
            + Self.dynamics.replacingOccurrences(of: "feed: leach,", with: "feed: reflux,") + "\n"
        try bad.write(toFile: wd + "/plant.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try run(wd + "/plant.yaml")) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("reflux") && m.contains("leach") && m.contains("extract-scrub.scrub acid"), m)
        }
    }
}
