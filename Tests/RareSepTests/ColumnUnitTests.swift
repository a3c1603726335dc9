import Foundation
import XCTest
@testable import RareSepChemistry
@testable import RareSepColumn
@testable import RareSepCore
@testable import RareSepIO
@testable import RareSepFlowsheet

/// The column as a cyclic flowsheet unit: the acid vocabulary at its boundary, pools
/// that reproduce the time-resolved run's own fraction analysis, a plant balance that
/// closes to the column's own balance, and bad column-unit input.
final class ColumnUnitTests: XCTestCase {
    let dir = TestPaths.validation + "/flowsheet/column-pools"

    /// HNO3 = H + NO3 and H2SO4 = 2 H + SO4; metals carry their salt's anion; the map
    /// inverts exactly on an electroneutral stream and refuses what the column lacks.
    func testVocabularyMapsAcidPseudoComponentsBothWays() throws {
        let elements = TestPaths.library.elements
        let plant = SpeciesSet(["Nd", "Dy", "H", "Cl", "NO3", "SO4"])
        let nitrate = try UnitVocabularyMap(unitSymbols: ["Nd", "Dy", "HNO3"], acid: "HNO3", elements: elements)
        let p = nitrate.toPlant([1, 2, 100], species: plant)
        XCTAssertEqual(p, [1, 2, 100, 0, 100 + 3 * 3, 0])
        guard case .success(let back) = nitrate.toUnit(p, species: plant) else { return XCTFail("round trip") }
        XCTAssertEqual(back, [1, 2, 100])
        var chloride = p
        chloride[3] = 1
        guard case .failure(let e) = nitrate.toUnit(chloride, species: plant) else { return XCTFail("Cl accepted") }
        XCTAssertTrue(e.message.contains("Cl"), e.message)
        var unbalanced = p
        unbalanced[4] = 100
        guard case .failure(let e2) = nitrate.toUnit(unbalanced, species: plant) else { return XCTFail("unbalanced NO3 accepted") }
        XCTAssertTrue(e2.message.contains("NO3") && e2.message.contains("109"), e2.message)

        let sulfate = try UnitVocabularyMap(unitSymbols: ["Nd", "H2SO4"], acid: "H2SO4", elements: elements)
        XCTAssertEqual(sulfate.toPlant([2, 50], species: plant), [2, 0, 100, 0, 0, 50 + 2 * 1.5])
        XCTAssertThrowsError(try UnitVocabularyMap(unitSymbols: ["Nd", "HCl", "H"], acid: "HCl", elements: elements))
    }

    /// Pools cover the cycle: the gaps go to "waste"; overlaps are refused.
    func testPoolsCoverTheCycle() {
        guard case .success(let p) = ColumnPool.covering([ColumnPool(name: "a", windows: [10...20]), ColumnPool(name: "b", windows: [20...30])], duration: 50) else {
            return XCTFail("covering")
        }
        XCTAssertEqual(p.map(\.name), ["a", "b", "waste"])
        XCTAssertEqual(p[2].windows, [0...10, 30...50])
        guard case .failure(let e) = ColumnPool.covering([ColumnPool(name: "a", windows: [10...25]), ColumnPool(name: "b", windows: [20...30])], duration: 50) else {
            return XCTFail("overlap accepted")
        }
        XCTAssertTrue(e.message.contains("'a'") && e.message.contains("'b'") && e.message.contains("overlap"), e.message)
    }

    /// Each pool is the time-resolved run's own fraction (same run of the case with the
    /// plant feed as its load inlet), at the cycle-average flow; the reagents are the
    /// other sections' solutions; the plant balance closes to the column's own balance.
    func testPoolsEqualTheColumnRunFractionsAndBalanceCloses() throws {
        let path = dir + "/flowsheet.yaml"
        let fc = try FlowsheetCase.load(root: try YAMLDocument.load(path: path), path: path, library: TestPaths.library)
        let sol = try FlowsheetSolver.solve(fc.flowsheet, options: fc.options)
        XCTAssertTrue(sol.converged, sol.failure?.message ?? "")
        let species = fc.flowsheet.species
        guard let cu = fc.flowsheet.units.first(where: { $0 is ColumnUnit }) as? ColumnUnit else { return XCTFail("no column unit") }
        XCTAssertEqual(cu.pools.map(\.name), ["Gd-cut", "Tb-cut", "Dy-cut", "waste"])

        // Independent: the column case itself, its load inlet set to the feed by hand.
        var cc = try ColumnCase.load(path: dir + "/column.yaml", library: TestPaths.library)
        let feed = sol.streams[fc.flowsheet.streams.firstIndex { $0.name == "column feed" }!]
        let plantFeed = Dictionary(uniqueKeysWithValues: zip(species.symbols, feed.concentrations))
        XCTAssertEqual(plantFeed["Cl"]!, plantFeed["H"]! + 3 * (plantFeed["Gd"]! + plantFeed["Tb"]! + plantFeed["Dy"]!), accuracy: 1e-9)
        let load = [plantFeed["Gd"]!, plantFeed["Tb"]!, plantFeed["Dy"]!, plantFeed["H"]!]
        cc.problem.sections[0].inletStart = load
        cc.problem.sections[0].inletEnd = load
        let T = cc.problem.duration
        let gaps = [FractionSpec(name: "waste", from: 0, to: cc.fractions[0].from, product: nil),
                    FractionSpec(name: "waste", from: cc.fractions[2].to, to: T, product: nil)]
        let fractions = cc.fractions + gaps
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes,
                                      probeTimes: fractions.flatMap { [$0.from, $0.to] })
        let summary = ColumnAnalysis.summarize(cc.problem, run: run, fractions: fractions)
        let us = cc.problem.column.superficialVelocity
        let tLoad = cc.problem.sections[0].end - cc.problem.sections[0].start
        let area = feed.flow * T / (us * tLoad)
        XCTAssertEqual(cu.lastCrossSection, area, accuracy: 1e-15 * area)

        for (p, pool) in cu.pools.enumerated() {
            let stream = sol.streams[fc.flowsheet.streamFromOutlet[PortReference(unit: 1, port: p)]!]
            let windows = fractions.filter { $0.name == pool.name }
            let volume = us * windows.reduce(0) { $0 + $1.to - $1.from }   // m³ per m² per cycle
            XCTAssertEqual(stream.flow, area * volume / T, accuracy: 1e-14 * stream.flow, pool.name)
            for (j, sym) in cc.problem.components.symbols.enumerated() where sym != "HCl" {
                let amount = summary.fractions.filter { $0.name == pool.name }.reduce(0) { $0 + $1.amount[sym]! }
                let c = stream.concentrations[species.index(of: sym)!]
                XCTAssertEqual(c, amount / volume, accuracy: 1e-12 * max(abs(c), 1e-12 * (load[j] + 1e-30)), "\(pool.name) \(sym)")
            }
            let acid = summary.fractions.filter { $0.name == pool.name }.reduce(0) { $0 + $1.amount["HCl"]! } / volume
            XCTAssertEqual(stream.concentrations[species.index(of: "H")!], acid, accuracy: 1e-12 * acid, pool.name)
        }
        // Reagents: wash, elution, regeneration, re-equilibration solutions.
        let reagents = sol.inputs.filter { $0.name.hasPrefix("column:") }
        XCTAssertEqual(reagents.count, 4, "\(sol.inputs.map(\.name))")

        // Plant balance: in − out is the column's own error plus its inventory change.
        let err = cu.balanceError(species: species), inv = cu.inventoryChange(species: species)
        for b in sol.balance {
            let j = species.index(of: b.species)!
            let gap = abs(b.inflow - b.outflow)
            XCTAssertLessThanOrEqual(gap, abs(err[j] + inv[j]) * 1.001 + 1e-13 * b.inflow, b.species)
            XCTAssertLessThan(abs(b.closure), 1e-9, b.species)
        }
        XCTAssertLessThan(cu.lastSummary!.worstMassBalance, 1e-9)
        XCTAssertEqual(FlowsheetReport.warnings(sol, case: fc), [])
    }

    /// Through the executable: the run succeeds, prints the column line, writes the
    /// column's own outlet and summary, and the plant balance closes.
    func testColumnFlowsheetThroughTheExecutable() throws {
        let out = TestPaths.temporaryDirectory() + "/out"
        let r = try runCLI(["run", dir + "/flowsheet.yaml", "-o", out])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("Column column: cycle 8400 s"), r.stdout)
        for f in ["units/column/outlet.csv", "units/column/summary.json", "balance.csv", "streams.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + f), f)
        }
        let balance = try String(contentsOfFile: out + "/balance.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(balance.count, 5)
        for line in balance { XCTAssertLessThan(abs(Double(line.split(separator: ",")[3])!), 1e-9, String(line)) }
    }

    /// Bad column-unit input: one error each, naming the file, the unit and the port.
    func testBadColumnUnitInput() throws {
        let tmp = TestPaths.temporaryDirectory()
        try FileManager.default.copyItem(atPath: dir + "/column.yaml", toPath: tmp + "/column.yaml")
        let cases: [(String, [String])] = [
            // a nitrate feed into a chloride column: the unit and its port are named
            ("composition: {Gd: 0.5 mol/m3, Tb: 1.5 mol/m3, Dy: 0.25 mol/m3, H: 0.1 mol/L}\n    balance_with: NO3",
             ["'column'", "'feed'", "NO3"]),
            // an unbalanced chloride feed: Cl not what HCl and the metal chlorides account for
            ("composition: {Gd: 0.5 mol/m3, Tb: 1.5 mol/m3, Dy: 0.25 mol/m3, H: 0.1 mol/L, Cl: 0.1 mol/L}",
             ["'column'", "'feed'", "Cl", "account for"]),
        ]
        for (feed, needles) in cases {
            let body = """
            kind: flowsheet
            components: [Gd, Tb, Dy]
            units:
              - name: feed
                type: feed
                flow: 2 L/h
                \(feed)
              - {name: column, type: column, case: column.yaml}
            streams:
              - {name: column feed, from: feed.out, to: column.feed}
              - {name: Gd pool, from: column.Gd-cut}
              - {name: Tb pool, from: column.Tb-cut}
              - {name: Dy pool, from: column.Dy-cut}
              - {name: column waste, from: column.waste}
            """
            try body.write(toFile: tmp + "/fs.yaml", atomically: true, encoding: .utf8)
            let r = try runCLI(["run", tmp + "/fs.yaml", "-o", tmp + "/out"])
            XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }.count, 1, r.stderr)
            for n in needles + ["fs.yaml:"] { XCTAssertTrue(r.stderr.contains(n), "missing '\(n)' in: \(r.stderr)") }
        }
        // overlapping pools and an unknown load section are refused at loading
        let overlap = """
        kind: flowsheet
        components: [Gd, Tb, Dy]
        units:
          - {name: feed, type: feed, flow: 2 L/h, composition: {Gd: 0.5 mol/m3, H: 0.1 mol/L}, balance_with: Cl}
          - {name: column, type: column, case: column.yaml, pools: {a: [0 min, 60 min], b: [50 min, 140 min]}}
        streams:
          - {name: column feed, from: feed.out, to: column.feed}
          - {name: a, from: column.a}
          - {name: b, from: column.b}
        """
        try overlap.write(toFile: tmp + "/fs.yaml", atomically: true, encoding: .utf8)
        var r = try runCLI(["run", tmp + "/fs.yaml", "-o", tmp + "/out"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("fs.yaml:5") && r.stderr.contains("overlap") && r.stderr.contains("'a'"), r.stderr)
        try overlap.replacingOccurrences(of: "pools: {a: [0 min, 60 min], b: [50 min, 140 min]}", with: "load: loading, pools: {a: [0 min, 60 min], b: [60 min, 140 min]}")
            .write(toFile: tmp + "/fs.yaml", atomically: true, encoding: .utf8)
        r = try runCLI(["run", tmp + "/fs.yaml", "-o", tmp + "/out"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("loading") && r.stderr.contains("load, wash"), r.stderr)
    }
}
