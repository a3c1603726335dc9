import Foundation
import XCTest

/// The bundled plant (cases/plant-ndfeb.yaml) run through the executable: it
/// converges, its balance closes, and its products are what the design promises.
final class PlantCaseTests: XCTestCase {
    /// Design target for the Dy oxide purity (docs/plant-case.md), mass fraction.
    static let dyPurityTarget = 0.995

    func testBundledPlantConvergesClosesAndMakesPureDyOxide() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runCLI(["run", "cases/plant-ndfeb.yaml", "-o", dir + "/out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/summary.json"))
        let s = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        XCTAssertEqual(s["converged"] as? Bool, true)
        let loops = try XCTUnwrap(s["loops"] as? [[String: Any]])
        XCTAssertEqual(loops.count, 2, "one recycle group per solvent loop (the strip-liquor loop joins the first)")
        for l in loops { XCTAssertEqual(l["converged"] as? Bool, true, "\(l["units"] ?? "")") }
        let closure = try XCTUnwrap(s["worst_balance_closure"] as? Double)
        XCTAssertLessThanOrEqual(closure, 1e-10)

        // Oxide products: every one positive; purities over the plant metals only.
        let oxides = try XCTUnwrap(s["oxide_products"] as? [[String: Any]])
        func rows(_ unit: String) -> [[String: Any]] { oxides.filter { ($0["product"] as? String)?.hasPrefix(unit + ":") == true } }
        func row(_ unit: String, _ oxide: String) throws -> [String: Any] {
            try XCTUnwrap(rows(unit).first { $0["oxide"] as? String == oxide }, "\(unit) \(oxide)")
        }
        for unit in ["ndpr-oxalate", "tb-oxalate", "dy-oxalate"] {
            let rs = rows(unit)
            XCTAssertFalse(rs.isEmpty, unit)
            let total = rs.reduce(0.0) { $0 + ($1["kg_per_h"] as? Double ?? 0) }
            XCTAssertGreaterThan(total, 0, unit)
            // Na (from the saponification) reaches these liquors but is not an oxide row,
            // and the purities of the metals add up to one.
            XCTAssertFalse(rs.contains { ($0["oxide"] as? String ?? "").hasPrefix("Na") }, unit)
            let purities = rs.reduce(0.0) { $0 + ($1["purity_mass_fraction"] as? Double ?? 0) }
            XCTAssertEqual(purities, 1, accuracy: 1e-9, unit)
        }
        let dy = try row("dy-oxalate", "Dy2O3")
        XCTAssertGreaterThan(dy["purity_mass_fraction"] as? Double ?? 0, Self.dyPurityTarget)
        XCTAssertGreaterThan(dy["t_per_yr"] as? Double ?? 0, 0)
        let tb = try row("tb-oxalate", "Tb4O7")
        XCTAssertGreaterThan(tb["purity_mass_fraction"] as? Double ?? 0, 0.5, "the Tb product is Tb-rich")
        let nd = try row("ndpr-oxalate", "Nd2O3"), pr = try row("ndpr-oxalate", "Pr6O11")
        XCTAssertGreaterThan((nd["purity_mass_fraction"] as? Double ?? 0) + (pr["purity_mass_fraction"] as? Double ?? 0), 0.99)

        // Na does reach the raffinate liquors (so the purity figures above exclude it).
        let streams = try String(contentsOfFile: dir + "/out/streams.csv", encoding: .utf8).split(separator: "\n")
        let header = streams[0].split(separator: ",").map(String.init)
        let na = try XCTUnwrap(header.firstIndex(of: "Na_mol_per_L"))
        let raffinate = try XCTUnwrap(streams.first { $0.hasPrefix("Nd/Pr raffinate,") }).split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertGreaterThan(Double(raffinate[na]) ?? 0, 0)

        // Dy recovery into its oxide: Dy2O3 mol/s × 2 over the Dy fed to the plant.
        let balance = try XCTUnwrap(s["balance"] as? [[String: Any]])
        let dyIn = try XCTUnwrap(balance.first { $0["species"] as? String == "Dy" }?["inflow"] as? Double)
        let dyOut = (dy["kg_per_h"] as? Double ?? 0) / 3600 / 0.373 * 2  // Dy2O3 373.0 g/mol
        XCTAssertGreaterThan(dyOut / dyIn, 0.95)
    }
}
