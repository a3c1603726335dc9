import Foundation
import GSLBridge
import RareSepCore
import RareSepFitting
import RareSepFlowsheet
import XCTest
@testable import RareSepIO

/// Fitting an emulsion-flow contactor (K·a and the entrainment power law) to pilot runs
/// through `raresep fit` (cases/fit-emulsion-flow.yaml): parameter recovery from data the
/// model computed at known values, without noise (to ~1e-8) and with seeded noise of
/// stated size (within the fit's 95 % intervals).
final class EmulsionFlowFitTests: XCTestCase {
    static let spec = TestPaths.root + "/cases/fit-emulsion-flow.yaml"
    static let dataset = TestPaths.root + "/cases/data/emulsion-flow-pilot-synthetic.csv"
    /// The values the synthetic dataset was computed at (stated in its header), in the
    /// spec's parameter order: K·a (1/s), entrainment coefficient, exponent.
    static let truth = [0.003, 0.008, 1.3]
    /// Stated noise: 2 % of each outlet concentration, 2e-4 absolute on the entrained fraction.
    static let relativeConcentrationNoise = 0.02
    static let entrainedFractionNoise = 2e-4
    static let seed: UInt = 1

    /// The model's outputs at the true values, and what the noise is per point.
    static func noiseFree(_ spec: FitSpec) throws -> (values: [Double], sigma: [Double]) {
        var y = [Double](repeating: 0, count: spec.problem.observations.count)
        try spec.problem.predict(truth, &y)
        let rows = spec.table.rowCount
        let sigma = y.indices.map { i in
            spec.problem.labels[i].contains(" entrained_organic ") ? entrainedFractionNoise : relativeConcentrationNoise * y[i]
        }
        XCTAssertEqual(y.count, rows * 5)
        return (y, sigma)
    }

    func testNoiseFreeDataRecoverTheTrueParameters() throws {
        var spec = try FitSpec.load(path: Self.spec, library: TestPaths.library)
        let (y, sigma) = try Self.noiseFree(spec)
        spec.problem.observations = y
        spec.problem.uncertainties = sigma
        // exact data: no rescaling by the (zero) residual variance
        spec.options.scaleCovarianceByResidualVariance = false
        let report = try FitRunner.runReport(spec)
        XCTAssertTrue(report.converged, report.status)
        for (p, t) in zip(report.parameters, Self.truth) {
            XCTAssertEqual(p.estimate, t, accuracy: 1e-8 * t, "\(p.name): \(p.estimate) against \(t)")
        }
        XCTAssertLessThan(report.chiSquared, 1e-12)
        let worst = zip(report.parameters, Self.truth).map { abs($0.estimate / $1 - 1) }.max()!
        print("emulsion-flow noise-free fit: largest relative error \(worst), χ² \(report.chiSquared), \(report.iterations) iterations")
    }

    func testSyntheticPilotDataBracketTheTruthAndReportValidates() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = try FitRunner.run(specPath: Self.spec, library: TestPaths.library, outputDirectory: dir + "/out")
        XCTAssertTrue(outcome.converged, outcome.text)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/fit.json"))) as! [String: Any]
        let parameters = json["parameters"] as! [[String: Any]]
        XCTAssertEqual(parameters.count, 3)
        for (p, t) in zip(parameters, Self.truth) {
            let lo = p["lower"] as! Double, hi = p["upper"] as! Double
            XCTAssertTrue(lo <= t && t <= hi, "\(p["name"]!): truth \(t) outside the 95 % interval [\(lo), \(hi)]")
        }
        // the stated σ describe the scatter: s near 1 (χ²/(n − p) with 37 degrees of freedom: 0.5 to 1.6 at >99 %)
        let s = json["residualStandardDeviation"] as! Double
        XCTAssertTrue(s > 0.5 && s < 1.6, "s = \(s)")
        XCTAssertEqual(try JSONSchemaCheck.checkOutputSet(dir + "/out"), 1)
        let html = try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("entrainment.organic_in_aqueous.exponent"))
    }

    /// The committed dataset is what its header says: the model at the true values plus
    /// noise of the stated size (standardised residuals at the truth have mean square ≈ 1).
    func testCommittedDatasetMatchesItsHeader() throws {
        let spec = try FitSpec.load(path: Self.spec, library: TestPaths.library)
        let (y, sigma) = try Self.noiseFree(spec)
        let z = y.indices.map { (spec.problem.observations[$0] - y[$0]) / sigma[$0] }
        let meanSquare = z.map { $0 * $0 }.reduce(0, +) / Double(z.count)
        XCTAssertTrue(meanSquare > 0.5 && meanSquare < 1.6, "mean square standardised noise \(meanSquare) over \(z.count) points")
        for (i, s) in sigma.enumerated() { XCTAssertEqual(spec.problem.uncertainties![i], s, accuracy: 1e-5 * s, spec.problem.labels[i]) }
    }

    /// The unit keys a fit adjusts besides K·a: `transfer_factor` multiplies K·a (given or
    /// from the swarm), `characteristic_velocity` replaces the equipment file's u_K (the
    /// hold-up then satisfies the slip law with it).
    func testTransferFactorAndCharacteristicVelocity() throws {
        let library = TestPaths.library
        func unit(_ extra: String) throws -> EmulsionFlowUnit {
            let text = """
            {name: u, type: emulsion_flow, model: extraction/d2ehpa-chloride-mass-action.yaml, height: 1 m, diameter: 0.8 m,
             hydrodynamics: equipment/emulsion-flow-contactor.yaml, equilibrium_slope: 5, cells: 10\(extra)}
            """
            return try EmulsionFlowUnitReader.read(try YAMLDocument.parse(text, file: "u.yaml"), name: "u", path: TestPaths.root + "/u.yaml",
                                                   library: library, metals: ["Nd"])
        }
        let (ua, uo) = (1e-5, 1e-5)
        let plain = try unit("").holdUpAndTransfer(aqueousVelocity: ua, organicVelocity: uo)
        let doubled = try unit(", transfer_factor: 2").holdUpAndTransfer(aqueousVelocity: ua, organicVelocity: uo)
        XCTAssertEqual(doubled.ka, 2 * plain.ka, accuracy: 1e-15 * plain.ka)
        XCTAssertEqual(doubled.holdUp, plain.holdUp)
        let uK = 2e-3
        let fastUnit = try unit(", characteristic_velocity: 2 mm/s")
        let faster = try fastUnit.holdUpAndTransfer(aqueousVelocity: ua, organicVelocity: uo)
        let slip = try XCTUnwrap(fastUnit.transfer.swarm?.slip)
        XCTAssertEqual(slip.characteristicVelocity, uK)
        // U_d/φ + U_c/(1 − φ) = u_K (1 − φ)^m
        let phi = faster.holdUp, m = slip.exponent
        XCTAssertEqual(uo / phi + ua / (1 - phi), uK * pow(1 - phi, m), accuracy: 1e-10 * uK)
        XCTAssertLessThan(faster.holdUp, plain.holdUp, "faster drops: less hold-up")
    }

    /// With the droplet swarm (hold-up and K·a from the equipment file's correlations), the
    /// slip law's u_K (`characteristic_velocity`) is identifiable from outlet concentrations
    /// alone: the hold-up, hence a = 6φ/d32 and K·a, varies with the flows in a way u_K sets.
    /// Noise-free outlets at u_K = 4 mm/s are recovered from a start of 2 mm/s (the correlated
    /// K·a scaled by a fixed transfer_factor 0.002 so that the runs are not at equilibrium).
    func testCharacteristicVelocityFromOutletsWithTheSwarm() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        title: u_K from outlets
        dataset: runs.csv
        target: [x_out_Tb, y_out_Dy]
        model:
          emulsion_flow: {model: extraction/d2ehpa-chloride-mass-action.yaml, height: 1 m, diameter: 0.2 m,
                          hydrodynamics: equipment/emulsion-flow-contactor.yaml, sauter_diameter: 0.1 mm,
                          characteristic_velocity: 4 mm/s, equilibrium_slope: 1.5, transfer_factor: 0.002, cells: 20}
          components: [Tb, Dy]
          aqueous_inlet: {Tb: 0.005 mol/L, Dy: 0.005 mol/L, H: 0.8 mol/L, Cl: 0.83 mol/L}
          organic_inlet: {D2EHPA: 0.3 mol/L, H: 0.3 mol/L}
        parameters:
          characteristic_velocity: {start: 2, transform: log}   # in mm/s, the unit written in the unit
        options: {method: lm, jacobian: forward, finite_difference_step: 1e-6}
        """.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        try """
        aqueous_flow [L/h],organic_flow [L/h],x_out_Tb [mol/L],y_out_Dy [mol/L]
        5,5,0.001,0.002
        10,5,0.002,0.003
        5,10,0.003,0.004
        12,10,0.004,0.005
        """.write(toFile: dir + "/runs.csv", atomically: true, encoding: .utf8)
        // (the concentrations above are placeholders: replaced by the model's at the truth)
        var spec = try FitSpec.load(path: dir + "/spec.yaml", library: TestPaths.library)
        let truth = 4.0   // mm/s
        var y = [Double](repeating: 0, count: spec.problem.observations.count)
        try spec.problem.predict([truth], &y)
        spec.problem.observations = y
        spec.options.scaleCovarianceByResidualVariance = false
        let report = try FitRunner.runReport(spec)
        XCTAssertTrue(report.converged, report.status)
        XCTAssertEqual(report.parameters[0].estimate, truth, accuracy: 1e-8 * truth)
        print("emulsion-flow u_K from outlets: \(report.parameters[0].estimate) mm/s (truth \(truth)), \(report.iterations) iterations")
    }

    /// Writes cases/data/emulsion-flow-pilot-synthetic.csv (run with RARESEP_WRITE_FIXTURES=1).
    func testWriteSyntheticDataset() throws {
        guard ProcessInfo.processInfo.environment["RARESEP_WRITE_FIXTURES"] == "1" else { throw XCTSkip("set RARESEP_WRITE_FIXTURES=1 to rewrite the dataset") }
        let spec = try FitSpec.load(path: Self.spec, library: TestPaths.library)
        let (y, sigma) = try Self.noiseFree(spec)
        let rng = SeededRandom(seed: Self.seed)
        let noisy = y.indices.map { y[$0] + rng.gaussian(standardDeviation: sigma[$0]) }
        let rows = spec.table.rowCount
        let qa = spec.table.column("aqueous_flow")!.cells, qo = spec.table.column("organic_flow")!.cells
        let targets = ["x_out_Tb", "x_out_Dy", "y_out_Tb", "y_out_Dy", "entrained_organic"]
        var text = """
        # SYNTHETIC pilot data, not measurements: outlet concentrations and the entrained organic
        # volume fraction of an emulsion-flow contactor (cases/fit-emulsion-flow.yaml) computed by
        # RareSep's contactor at transfer_coefficient = \(Self.truth[0]) 1/s,
        # entrainment.organic_in_aqueous.coefficient = \(Self.truth[1]), exponent = \(Self.truth[2]),
        # plus Gaussian noise (GSL mt19937, seed \(Self.seed)): sigma = 2 % of each concentration,
        # 2e-4 on the entrained fraction (the u() columns). Written by
        # EmulsionFlowFitTests.testWriteSyntheticDataset with RARESEP_WRITE_FIXTURES=1.
        aqueous_flow [L/h],organic_flow [L/h],
        """
        text += targets.map { t in t.hasPrefix("entrained") ? "\(t) [-],u(\(t)) [-]" : "\(t) [mol/L],u(\(t)) [mol/L]" }.joined(separator: ",") + "\n"
        for r in 0..<rows {
            var cells = [qa[r], qo[r]]
            for t in targets.indices {
                let i = t * rows + r
                let scale = targets[t].hasPrefix("entrained") ? 1.0 : 1000.0  // mol/m³ → mol/L
                cells += [String(format: "%.6e", noisy[i] / scale), String(format: "%.6e", sigma[i] / scale)]
            }
            text += cells.joined(separator: ",") + "\n"
        }
        try text.write(toFile: Self.dataset, atomically: true, encoding: .utf8)
    }
}
