import XCTest
import Foundation
import RareSepCore
import RareSepColumn
@testable import RareSepIO

/// Component-specific transport (issue 15): film coefficients, pore diffusivities and
/// binding rates given per component; a table whose entries all equal the shared
/// value is the shared case, bit for bit, and different values act per component.
final class ColumnTransportTests: XCTestCase {
    static func text(film: String, pore: String, rate: String) -> String {
        """
        kind: column
        components: [Dy, Tb, HCl]
        modifier: HCl
        column:
          model: grm
          length: 5 cm
          bed_porosity: 0.37
          particle_porosity: 0.5
          superficial_velocity: 0.5 mm/s
          axial_dispersion: 2e-7 m2/s
          binding: kinetic
          desorption_rate: \(rate)
          film_transfer: \(film)
          particle_radius: 50 um
          pore_diffusivity: \(pore)
        isotherm:
          id: langmuir-mpm
          K_ref: {Dy: 0.3 m3/mol, Tb: 0.08 m3/mol}
          q_max: 100 mol/m3
          beta: 3
          gamma: 0.0005 m3/mol
          reference_modifier: 600 mol/m3
        initial: {HCl: 300 mol/m3}
        programme:
          - {name: load, duration: 200 s, inlet: {Dy: 1 mol/m3, Tb: 1 mol/m3, HCl: 300 mol/m3}}
          - {name: elute, duration: 600 s, inlet: {HCl: {from: 300 mol/m3, to: 1200 mol/m3}}}
        numerics: {cells: 12, particle_cells: 3, rtol: 1e-6, atol: 1e-9 mol/m3}
        output: {step: 20 s}
        """
    }

    func run(_ text: String) throws -> ColumnRun {
        let dir = NSTemporaryDirectory() + "raresep-transport-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/case.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let cc = try ColumnCase.load(path: path, library: try ModelLibrary.locate())
        let r = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes)
        XCTAssertTrue(r.report.converged, "\(r.report.notes)")
        return r
    }

    func testPerComponentValuesEqualToTheSharedValueReproduceTheSharedResult() throws {
        let shared = try run(Self.text(film: "2e-5 m/s", pore: "3e-11 m2/s", rate: "0.05 1/s"))
        let table = try run(Self.text(film: "{Dy: 2e-5 m/s, Tb: 0.02 mm/s, HCl: 2e-5 m/s}",
                                      pore: "{HCl: 3e-11 m2/s, Dy: 3e-11 m2/s, Tb: 3e-11 m2/s}",
                                      rate: "{Tb: 0.05 1/s, Dy: 0.05 1/s}"))
        XCTAssertEqual(shared.outlet, table.outlet)
        XCTAssertEqual(shared.totalOutflow, table.totalOutflow)
        // a slower pore diffusivity for Tb alone changes Tb's outlet, and Dy's only through competition
        let slowTb = try run(Self.text(film: "2e-5 m/s", pore: "{Dy: 3e-11 m2/s, Tb: 3e-12 m2/s, HCl: 3e-11 m2/s}", rate: "0.05 1/s"))
        let k = shared.times.firstIndex(of: 200)!
        XCTAssertNotEqual(shared.outlet[k][1], slowTb.outlet[k][1])
        for r in [shared, table, slowTb] {
            for j in 0..<3 {
                let err = r.fed[j] - r.totalOutflow[j] - (r.finalHoldup[j] - r.initialHoldup[j])
                XCTAssertLessThan(abs(err), 1e-8 * max(r.fed[j], r.initialHoldup[j]), "mass balance of component \(j)")
            }
        }
    }
}
