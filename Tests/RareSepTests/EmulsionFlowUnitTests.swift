import Foundation
import XCTest
@testable import RareSepContactor
@testable import RareSepCore
@testable import RareSepFlowsheet
@testable import RareSepIO

/// The `emulsion_flow` flowsheet unit: a contactor between a leach feed and a solvent
/// feed, hold-up and K·a given or from the droplet swarm, and its hydrodynamic errors.
final class EmulsionFlowUnitTests: XCTestCase {
    /// A one-contactor plant; `unit` is the contactor's extra keys, `solventFlow` the organic feed.
    static func plant(unit: String, solventFlow: String = "10 L/h") -> String {
        """
        kind: flowsheet
        components: [Nd, Dy]
        units:
          - {name: leach, type: feed, flow: 10 L/h, composition: {Nd: 0.01 mol/L, Dy: 0.004 mol/L, H: 0.3 mol/L, Cl: 0.342 mol/L}}
          - {name: solvent, type: feed, phase: organic, flow: \(solventFlow), composition: {D2EHPA: 1 mol/L, H: 1 mol/L}}
          - {name: ef, type: emulsion_flow, model: extraction/d2ehpa-chloride-mass-action.yaml, height: 1 m, cells: 40, \(unit)}
        streams:
          - {name: feed, from: leach.out, to: ef.aqueous_in}
          - {name: fresh solvent, from: solvent.out, to: ef.organic_in}
          - {name: raffinate, from: ef.aqueous_out}
          - {name: loaded organic, from: ef.organic_out}
        """
    }

    static func load(_ text: String) throws -> FlowsheetCase {
        let path = TestPaths.root + "/fs.yaml"
        return try FlowsheetCase.load(root: try YAMLDocument.parse(text, file: path), path: path, library: TestPaths.library)
    }

    /// A central grid in plug flow without a nonnegative solution (Dy, strongly extracted):
    /// the unit's failure names the cause and the remedies, not only the stall.
    func testCentralSchemeWithoutNonnegativeSolutionSaysWhy() throws {
        let c = try Self.load(Self.plant(unit: "diameter: 0.1 m, hold_up: 0.1, transfer_coefficient: 0.02 1/s, scheme: central"))
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        let message = try XCTUnwrap(sol.failure?.message)
        for part in ["unit 'ef'", "no nonnegative solution", "cell Péclet", "axial dispersion of at least", "'scheme: upwind'"] {
            XCTAssertTrue(message.contains(part), "\(part): \(message)")
        }
    }

    func testGivenHoldUpAndTransferCoefficientBalanceAndSelectivity() throws {
        let c = try Self.load(Self.plant(unit: "diameter: 0.1 m, hold_up: 0.1, transfer_coefficient: 0.02 1/s"))
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertNil(sol.failure, sol.failure?.message ?? "")
        for b in sol.balance { XCTAssertLessThan(abs(b.closure), 1e-10, b.species) }
        let sp = c.flowsheet.species
        let raff = sol.products.first { $0.name == "raffinate" }!.stream
        let nd = sp.index(of: "Nd")!, dy = sp.index(of: "Dy")!
        // Dy (larger Kex) is extracted more completely than Nd
        XCTAssertLessThan(raff.concentrations[dy] / 4, raff.concentrations[nd] / 10)
        XCTAssertLessThan(raff.concentrations[dy], 4)
        let unit = c.flowsheet.units.first { $0.name == "ef" } as! EmulsionFlowUnit
        XCTAssertEqual(unit.lastSolution!.problem.holdUp, [0.1])
        XCTAssertLessThan(unit.lastSolution!.balanceClosure, 1e-12)
    }

    func testHoldUpAndTransferFromTheEquipmentFile() throws {
        // 50 µm drops flood at ~0.13 m³/(m² h): 20 L/h total needs a wide column
        let c = try Self.load(Self.plant(unit: "diameter: 0.8 m, hydrodynamics: equipment/emulsion-flow-contactor.yaml, equilibrium_slope: 5"))
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        XCTAssertNil(sol.failure, sol.failure?.message ?? "")
        for b in sol.balance { XCTAssertLessThan(abs(b.closure), 1e-10, b.species) }
        let unit = c.flowsheet.units.first { $0.name == "ef" } as! EmulsionFlowUnit
        let swarm = try XCTUnwrap(unit.lastSwarm)
        let p = unit.lastSolution!.problem
        XCTAssertEqual(p.holdUp[0], swarm.hydrodynamics.holdUp)
        XCTAssertEqual(swarm.hydrodynamics.dispersedVelocity, p.organicVelocity, accuracy: 1e-15)
        XCTAssertGreaterThan(swarm.hydrodynamics.marginToFlooding, 0)
        let ka = try swarm.volumetricCoefficients(organicOverAqueousSlope: 5).dispersedBasis
        XCTAssertEqual(p.transferCoefficient[0], ka, accuracy: 1e-12 * ka)
    }

    func testHydrodynamicErrorsNameTheUnit() throws {
        // too narrow: beyond flooding, with the flooding throughput and the margin
        var c = try Self.load(Self.plant(unit: "diameter: 0.1 m, hydrodynamics: equipment/emulsion-flow-contactor.yaml, equilibrium_slope: 5"))
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        let f = try XCTUnwrap(sol.failure)
        XCTAssertEqual(f.unit.map { c.flowsheet.units[$0].name }, "ef")
        XCTAssertFalse(f.numerical)
        for needle in ["flooding throughput", "margin to flooding", "unit 'ef'"] { XCTAssertTrue(f.message.contains(needle), f.message) }
        // no dispersed (organic) flow reaching the unit
        c = try Self.load(Self.plant(unit: "diameter: 0.8 m, hydrodynamics: equipment/emulsion-flow-contactor.yaml, equilibrium_slope: 5"))
        let sp = c.flowsheet.species
        let unit = c.flowsheet.units.first { $0.name == "ef" }!
        var aq = ProcessStream.empty(.aqueous, count: sp.count)
        aq.flow = 10.0 / 3.6e6
        aq.concentrations[sp.index(of: "Nd")!] = 10
        let org = ProcessStream.empty(.organic, count: sp.count)
        XCTAssertThrowsError(try unit.solve(inlets: [aq, org], species: sp)) { e in
            XCTAssertTrue("\(e)".contains("no flow") && "\(e)".contains("unit 'ef'"), "\(e)")
        }
        // a droplet diameter ≤ 0 is refused when the file is read, at its line
        XCTAssertThrowsError(try Self.load(Self.plant(unit: "diameter: 0.8 m, hydrodynamics: equipment/emulsion-flow-contactor.yaml, equilibrium_slope: 5, sauter_diameter: 0 um"))) { e in
            let s = "\(e)"
            XCTAssertTrue(s.contains("fs.yaml:6") && s.contains("sauter_diameter") && s.contains("positive"), s)
        }
        // neither the values nor the equipment file
        XCTAssertThrowsError(try Self.load(Self.plant(unit: "diameter: 0.8 m, hold_up: 0.1"))) { e in
            XCTAssertTrue("\(e)".contains("hydrodynamics"), "\(e)")
        }
    }
}

/// The example plant through the executable: two contactors in series, balance and errors.
final class EmulsionFlowCLITests: XCTestCase {
    func testTwoContactorsInSeriesThroughTheExecutable() throws {
        let tmp = TestPaths.temporaryDirectory()
        let r = try runCLI(["run", "cases/emulsion-flow-two-units.yaml", "-o", tmp + "/out"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let rows = try String(contentsOfFile: tmp + "/out/balance.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 6)
        for row in rows {
            let closure = Double(row.split(separator: ",")[3])!
            XCTAssertLessThan(abs(closure), 1e-10, String(row))
        }
        // the same plant with ef1 too narrow: one located error with the flooding figures
        let text = try String(contentsOfFile: TestPaths.root + "/cases/emulsion-flow-two-units.yaml", encoding: .utf8)
            .replacingOccurrences(of: "diameter: 0.8 m", with: "diameter: 0.1 m")
        try text.write(toFile: tmp + "/fs.yaml", atomically: true, encoding: .utf8)
        let bad = try runCLI(["run", tmp + "/fs.yaml", "-o", tmp + "/bad"])
        XCTAssertEqual(bad.status, 1, bad.stdout + bad.stderr)
        let errors = bad.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        XCTAssertEqual(errors.count, 1, bad.stderr)
        for needle in ["fs.yaml:17", "unit 'ef1'", "flooding throughput", "margin to flooding"] {
            XCTAssertTrue(bad.stderr.contains(needle), "missing '\(needle)' in: \(bad.stderr)")
        }
    }
}
