import Foundation
import GSLBridge
import XCTest
@testable import RareSepIO
@testable import RareSepFlowsheet
import RareSepCore
import RareSepCascade

/// Flowsheets: tear convergence from any start, the GSL cross-check, accumulation
/// reported as such, and bad flowsheet input through the executable.
final class FlowsheetTests: XCTestCase {
    func load(_ relative: String) throws -> FlowsheetCase {
        let path = TestPaths.validation + "/" + relative
        return try FlowsheetCase.load(root: try YAMLDocument.load(path: path), path: path, library: TestPaths.library)
    }

    /// The extract-strip-reflux loop reaches the same state from the cascade's own feed
    /// (default start) and from zero tear streams, and the plant balance closes.
    func testSameAnswerFromDefaultAndZeroTearStart() throws {
        var answers: [[ProcessStream]] = []
        for zero in [false, true] {
            let c = try load("flowsheet/extract-strip-reflux/flowsheet.yaml")
            var o = c.options
            o.zeroTearStart = zero
            let sol = try FlowsheetSolver.solve(c.flowsheet, options: o)
            XCTAssertNil(sol.failure)
            XCTAssertTrue(sol.loops.allSatisfy(\.converged))
            for b in sol.balance { XCTAssertLessThan(abs(b.closure), 1e-12, b.species) }
            answers.append(sol.streams)
        }
        for (a, b) in zip(answers[0], answers[1]) {
            XCTAssertEqual(a.flow, b.flow, accuracy: 1e-12 * max(a.flow, 1e-300))
            for (x, y) in zip(a.concentrations, b.concentrations) { XCTAssertEqual(x, y, accuracy: 1e-10 * max(abs(x), 1e-12)) }
        }
    }

    /// GSL's hybrid Powell solver on the same tear equations, with the units called by
    /// hand in loop order, lands on the flowsheet solver's reflux stream.
    func testTearSolutionMatchesGSLMultiroot() throws {
        let c = try load("flowsheet/reflux-kremser/flowsheet.yaml")
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertNil(sol.failure)
        let fs = c.flowsheet
        let n = fs.species.count
        let unit = { (name: String) in fs.units.first { $0.name == name }! }
        let fresh = (unit("leach") as! FeedUnit).stream
        // tear variables: reflux flow (L/h) and molar flows (mmol/h), scaled to order 1
        func reflux(_ v: UnsafePointer<Double>) -> ProcessStream {
            ProcessStream.fromAmounts((0..<n).map { v[1 + $0] / 3.6e6 }, flow: v[0] / 3.6e6, phase: .aqueous)
        }
        let gsl = DenseMultirootSolver(dimension: n + 1) { v, out in
            let t = reflux(v)
            let mixed = try! unit("feed-mixer").solve(inlets: [fresh, t], species: fs.species).outlets[0]
            let raff = try! unit("extraction").solve(inlets: [mixed], species: fs.species).outlets[0]
            let back = try! unit("raffinate-split").solve(inlets: [raff], species: fs.species).outlets[0]
            out[0] = back.flow * 3.6e6 - v[0]
            for j in 0..<n { out[1 + j] = back.flow * back.concentrations[j] * 3.6e6 - v[1 + j] }
        }
        let r = gsl.solve(start: [Double](repeating: 0, count: n + 1), residualTolerance: 1e-13)
        XCTAssertTrue(r.converged, "GSL status \(r.status)")
        let k = fs.streams.firstIndex { $0.name == "reflux" }!
        let ours = sol.streams[k]
        XCTAssertEqual(r.x[0] / 3.6e6, ours.flow, accuracy: 1e-10 * ours.flow)
        for j in 0..<n { XCTAssertEqual(r.x[1 + j] / 3.6e6, ours.flow * ours.concentrations[j], accuracy: 1e-9 * ours.flow * ours.concentrations[j]) }
    }

    func write(_ text: String, name: String = "fs.yaml") throws -> (dir: String, path: String) {
        let dir = TestPaths.temporaryDirectory()
        for f in ["extraction.yaml"] {
            try FileManager.default.copyItem(atPath: TestPaths.validation + "/flowsheet/reflux-kremser/" + f, toPath: dir + "/" + f)
        }
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    static let header = """
    kind: flowsheet
    components: [Tb, Dy]
    units:
      - {name: leach, type: feed, flow: 10 L/h, composition: {Tb: 0.004 mol/L, Dy: 0.01 mol/L}}
      - {name: mix, type: mixer, phase: aqueous, inlets: [fresh, back]}
      - {name: split, type: splitter, phase: aqueous, fractions: {back: 100 %, out: 0 %}}

    """

    /// A loop whose material cannot leave has no steady state: the run says which
    /// species accumulates and in which loop, and exits 1.
    func testAccumulatingLoopIsNamed() throws {
        let (dir, path) = try write(Self.header + """
        streams:
          - {name: fresh, from: leach.out, to: mix.fresh}
          - {name: mixed, from: mix.out, to: split.in}
          - {name: back, from: split.back, to: mix.back}
          - {name: out, from: split.out}
        solver: {max_iterations: 40}
        """)
        let r = try runCLI(["run", path, "-o", dir + "/out"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("no steady state"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Tb") && r.stderr.contains("Dy"), r.stderr)
        XCTAssertTrue(r.stderr.contains("mix") && r.stderr.contains("split"), r.stderr)
    }

    /// Bad flowsheet input: one line naming file, line, unit and port; exit 1.
    func testBadFlowsheetInputNamesFileLineUnitAndPort() throws {
        let cases: [(String, [String])] = [
            // a port connected twice
            ("""
            streams:
              - {name: fresh, from: leach.out, to: mix.fresh}
              - {name: again, from: split.out, to: mix.fresh}
              - {name: mixed, from: mix.out, to: split.in}
              - {name: back, from: split.back, to: mix.back}
            """, ["fs.yaml:9", "mix.fresh", "connected twice"]),
            // an inlet connected never
            ("""
            streams:
              - {name: fresh, from: leach.out, to: mix.fresh}
              - {name: mixed, from: mix.out, to: split.in}
              - {name: back, from: split.back}
              - {name: out, from: split.out}
            """, ["fs.yaml:5", "mix.back", "connected to nothing"]),
            // an outlet connected never
            ("""
            streams:
              - {name: fresh, from: leach.out, to: mix.fresh}
              - {name: mixed, from: mix.out, to: split.in}
              - {name: back, from: split.back, to: mix.back}
            """, ["fs.yaml:6", "split.out", "connected to nothing"]),
            // a unit that does not exist, with a hint
            ("""
            streams:
              - {name: fresh, from: leech.out, to: mix.fresh}
            """, ["fs.yaml:8", "leech", "did you mean 'leach'"]),
            // a port that does not exist
            ("""
            streams:
              - {name: fresh, from: leach.out, to: mix.fresch}
            """, ["fs.yaml:8", "fresch", "inlets: 'fresh', 'back'"]),
            // duplicate stream names
            ("""
            streams:
              - {name: fresh, from: leach.out, to: mix.fresh}
              - {name: fresh, from: mix.out, to: split.in}
            """, ["fs.yaml:9", "used twice"]),
        ]
        for (body, needles) in cases {
            let (dir, path) = try write(Self.header + body)
            let r = try runCLI(["run", path, "-o", dir + "/out"])
            XCTAssertEqual(r.status, 1, body + "\n" + r.stdout + r.stderr)
            let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
            XCTAssertEqual(lines.count, 1, r.stderr)
            for n in needles { XCTAssertTrue(r.stderr.contains(n), "missing '\(n)' in: \(r.stderr)") }
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"), "nothing written for bad input")
        }
    }

    /// An aqueous outlet into an organic inlet, and a species reaching a cascade whose
    /// models lack it, are errors naming the unit and port.
    func testPhaseMismatchAndMissingComponent() throws {
        let phase = """
        kind: flowsheet
        components: [Tb, Dy]
        units:
          - {name: leach, type: feed, flow: 10 L/h, composition: {Tb: 0.004 mol/L, Dy: 0.01 mol/L}}
          - {name: extraction, type: cascade, case: extraction.yaml}
        streams:
          - {name: fresh, from: leach.out, to: extraction.fresh organic}
          - {name: raffinate, from: extraction.raffinate}
          - {name: loaded, from: extraction.loaded organic}
        """
        var (dir, path) = try write(phase)
        var r = try runCLI(["run", path, "-o", dir + "/out"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("fs.yaml:7") && r.stderr.contains("aqueous outlet") && r.stderr.contains("extraction.fresh organic"), r.stderr)
        let missing = """
        kind: flowsheet
        components: [Nd, Tb, Dy]
        units:
          - {name: leach, type: feed, flow: 10 L/h, composition: {Nd: 0.01 mol/L, Tb: 0.004 mol/L, Dy: 0.01 mol/L}}
          - {name: extraction, type: cascade, case: extraction.yaml}
        streams:
          - {name: fresh, from: leach.out, to: extraction.feed}
          - {name: raffinate, from: extraction.raffinate}
          - {name: loaded, from: extraction.loaded organic}
        """
        (dir, path) = try write(missing)
        r = try runCLI(["run", path, "-o", dir + "/out"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("fs.yaml:5") && r.stderr.contains("extraction") && r.stderr.contains("'feed'") && r.stderr.contains("Nd"), r.stderr)
    }
}
