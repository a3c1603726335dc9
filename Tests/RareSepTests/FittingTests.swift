import Foundation
import GSLBridge
import RareSepChemistry
import RareSepCore
import RareSepFitting
import XCTest

final class FittingTests: XCTestCase {
    /// Synthetic truth: y = a·exp(−b·x) + N(0, σ²), a fitted in log space, b plain.
    /// Over 200 seeds each 95 % interval must cover the truth a number of times
    /// inside the central binomial band at α = 0.002 (about 181...197 of 200).
    func testIntervalsCoverTruthAtNominalRate() throws {
        let a = 2.0, b = 0.15, sigma = 0.05
        let x = (0..<20).map(Double.init)
        let truth = x.map { a * exp(-b * $0) }
        var cover = [0, 0]
        let trials = 200
        var options = FitOptions()
        options.solver.method = .levenbergMarquardt
        for seed in 1...trials {
            let rng = SeededRandom(seed: UInt(seed))
            let y = truth.map { $0 + rng.gaussian(standardDeviation: sigma) }
            let problem = FitProblem(
                parameters: [FitParameter(name: "a", start: 1, transform: .log), FitParameter(name: "b", start: 0.1)],
                observations: y,
                predict: { t, out in for i in x.indices { out[i] = t[0] * exp(-t[1] * x[i]) } },
                predictionJacobian: { t, J in
                    for i in x.indices {
                        J[2 * i] = exp(-t[1] * x[i])
                        J[2 * i + 1] = -t[0] * x[i] * exp(-t[1] * x[i])
                    }
                })
            let r = try LeastSquaresEstimator.fit(problem, options: options)
            XCTAssertTrue(r.converged, "seed \(seed): \(r.status)")
            if r.parameters[0].lower <= a && a <= r.parameters[0].upper { cover[0] += 1 }
            if r.parameters[1].lower <= b && b <= r.parameters[1].upper { cover[1] += 1 }
        }
        let band = StatisticalDistributions.binomialBand(probability: 0.95, trials: trials, alpha: 0.002)
        XCTAssertTrue(band.contains(cover[0]), "a covered \(cover[0])/\(trials), band \(band)")
        XCTAssertTrue(band.contains(cover[1]), "b covered \(cover[1])/\(trials), band \(band)")
        print("coverage over \(trials) seeds: a \(cover[0]), b \(cover[1]); band \(band)")
    }

    /// With absolute uncertainties the covariance is not rescaled: SE_abs = SE_rel / s.
    func testAbsoluteUncertaintiesSkipTheResidualVarianceScaling() throws {
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6]
        let y: [Double] = [1.1, 2.9, 5.2, 6.8, 9.1, 11.2, 12.8]
        let problem = FitProblem(parameters: [FitParameter(name: "a", start: 0), FitParameter(name: "b", start: 1)],
                                 observations: y, uncertainties: [Double](repeating: 0.3, count: 7),
                                 predict: { t, out in for i in x.indices { out[i] = t[0] + t[1] * x[i] } })
        let relative = try LeastSquaresEstimator.fit(problem)
        var options = FitOptions()
        options.scaleCovarianceByResidualVariance = false
        let absolute = try LeastSquaresEstimator.fit(problem, options: options)
        for k in 0..<2 {
            XCTAssertEqual(absolute.parameters[k].standardError,
                           relative.parameters[k].standardError / relative.residualStandardDeviation, accuracy: 1e-10)
        }
        // Straight line, equal σ: SE(b) = σ/√Σ(x − x̄)² = 0.3/√28 when absolute.
        XCTAssertEqual(absolute.parameters[1].standardError, 0.3 / 28.0.squareRoot(), accuracy: 1e-7)  // FD Jacobian
        XCTAssertTrue(absolute.uncertaintyMethod.contains("absolute"))
    }

    func testTransformsRoundTripAndRespectBounds() {
        let transforms: [ParameterTransform] = [.identity, .log, .lowerBound(2), .upperBound(-1), .bounded(0, 1)]
        let values = [0.3, 0.3, 2.5, -3, 0.7]
        for (t, v) in zip(transforms, values) {
            let u = t.unconstrained(v)!
            XCTAssertEqual(t.parameter(u), v, accuracy: 1e-12, "\(t)")
            let h = 1e-6
            XCTAssertEqual(t.derivative(u), (t.parameter(u + h) - t.parameter(u - h)) / (2 * h), accuracy: 1e-6, "\(t)")
        }
        XCTAssertNil(ParameterTransform.log.unconstrained(-1))
        XCTAssertNil(ParameterTransform.bounded(0, 1).unconstrained(1.5))
        XCTAssertEqual(ParameterTransform.bounded(0, 1).parameter(50), 1, accuracy: 1e-12)
    }

    func testTooFewPointsAndBadStartAreSetupErrors() {
        let problem = FitProblem(parameters: [FitParameter(name: "a", start: 1), FitParameter(name: "b", start: 1)],
                                 observations: [1, 2], predict: { t, out in out[0] = t[0]; out[1] = t[1] })
        XCTAssertThrowsError(try LeastSquaresEstimator.fit(problem)) {
            XCTAssertEqual($0 as? FitSetupError, .tooFewPoints(points: 2, parameters: 2))
        }
        let bad = FitProblem(parameters: [FitParameter(name: "K", start: -1, transform: .log)],
                             observations: [1, 2, 3], predict: { t, out in for i in 0..<3 { out[i] = t[0] } })
        XCTAssertThrowsError(try LeastSquaresEstimator.fit(bad)) {
            XCTAssertEqual($0 as? FitSetupError, .startOutsideBounds(parameter: "K", start: -1, transform: "log"))
        }
    }

    func testResidualErrorIsStoredNotThrownAcrossC() throws {
        struct Boom: Error {}
        var calls = 0
        let problem = FitProblem(parameters: [FitParameter(name: "a", start: 1)], observations: [1, 2, 3],
                                 predict: { t, out in
                                     calls += 1
                                     if calls > 3 { throw Boom() }
                                     for i in 0..<3 { out[i] = t[0] }
                                 })
        let r = try LeastSquaresEstimator.fit(problem)
        XCTAssertFalse(r.converged)
        XCTAssertTrue(r.status.contains("model evaluation failed"), r.status)
    }

    // MARK: datasets

    func testDataTableErrorsNameFileLineAndColumn() throws {
        let t = try DataTable.parse(text: "# source: test\npH, D_Dy [-], c0_Dy [mol/L]\n1.0, 2.0, 0.01\n1.5, NaN, 0.01\n",
                                    file: "d.csv")
        XCTAssertEqual(t.citation, "source: test")
        XCTAssertEqual(t.columns.map(\.name), ["pH", "D_Dy", "c0_Dy"])
        XCTAssertThrowsError(try t.numbers(t.column("D_Dy")!)) { e in
            let ie = e as! InputError
            XCTAssertEqual(ie.location.line, 4)
            XCTAssertEqual(ie.key, "D_Dy")
            XCTAssertEqual(ie.value, "NaN")
        }
        XCTAssertThrowsError(try t.require("log10D_Dy", purpose: "fit target")) { e in
            XCTAssertTrue("\(e)".contains("the file has pH, D_Dy, c0_Dy"), "\(e)")
        }
        let u = try DataTable.parse(text: "c0_Dy [mol/furlong]\n1\n", file: "u.csv")
        XCTAssertThrowsError(try u.quantities(u.columns[0], dimension: .concentration)) { e in
            XCTAssertTrue("\(e)".contains("mol/furlong"), "\(e)")
        }
        XCTAssertThrowsError(try DataTable.parse(text: "a, b\n1\n", file: "r.csv")) { e in
            XCTAssertEqual((e as! InputError).location.line, 2)
        }
    }

    // MARK: batch equilibrium and distribution-model fits

    static let elements = ElementTable(elements: [
        Element(symbol: "Dy", name: "dysprosium", atomicNumber: 66, molarMass: 0.1625, charge: 3, oxideMetalAtoms: 2,
                oxideOxygenAtoms: 3, isRareEarth: true),
        Element(symbol: "Tb", name: "terbium", atomicNumber: 65, molarMass: 0.15893, charge: 3, oxideMetalAtoms: 4,
                oxideOxygenAtoms: 7, isRareEarth: true),
    ], oxygenMolarMass: 0.015999)

    func testConstantDistributionFitRecoversDFromAqueousConcentrations() throws {
        // Synthetic batch data from D_Dy = 2.5, D_Tb = 1.2 (closed form), 1 % noise with stated σ.
        let dTrue = [2.5, 1.2]
        var csv = "# synthetic test data\nO/A [-], c0_Dy [mmol/L], c0_Tb [mmol/L], c_Dy [mmol/L], u(c_Dy) [mmol/L], c_Tb [mmol/L], u(c_Tb) [mmol/L]\n"
        let rng = SeededRandom(seed: 7)
        for r in [0.25, 0.5, 1.0, 2.0, 4.0] {
            for c0 in [5.0, 20.0] {
                let x = (0..<2).map { c0 / (1 + r * dTrue[$0]) }
                let n = x.map { 0.01 * $0 * rng.gaussian(standardDeviation: 1) }
                csv += "\(r), \(c0), \(c0), \(x[0] + n[0]), \(0.01 * x[0]), \(x[1] + n[1]), \(0.01 * x[1])\n"
            }
        }
        let table = try DataTable.parse(text: csv, file: "batch.csv")
        let species = SpeciesSet(["Dy", "Tb"])
        let dataset = try BatchDataset.read(table, species: species, elements: Self.elements)
        let targets = ["c_Dy", "c_Tb"]
        let observables = targets.map { BatchObservable.parse($0, species: species)! }
        let fitTargets = try FitTargets.read(table, columns: targets, dimension: { _ in .concentration },
                                             element: { Self.elements[String($0.dropFirst(2))] }, elements: Self.elements)
        let node = ConfigNode(kind: .mapping([
            ("id", ConfigNode(kind: .scalar("constant-distribution"), location: SourceLocation(file: "m"), path: "id")),
            ("D", ConfigNode(kind: .mapping([
                ("Dy", ConfigNode(kind: .scalar("1"), location: SourceLocation(file: "m"), path: "D.Dy")),
                ("Tb", ConfigNode(kind: .scalar("1"), location: SourceLocation(file: "m"), path: "D.Tb")),
            ]), location: SourceLocation(file: "m"), path: "D")),
        ]), location: SourceLocation(file: "m"), path: "")
        let context = ModelContext(species: species, elements: Self.elements, metalCount: 2)
        let problem = try DistributionModelFit.problem(
            registration: ConstantDistribution.registration, baseNode: node, context: context, dataset: dataset,
            observables: observables, targets: fitTargets,
            parameters: [FitParameter(name: "D.Dy", start: 1, transform: .log), FitParameter(name: "D.Tb", start: 1, transform: .log)])
        let r = try LeastSquaresEstimator.fit(problem)
        XCTAssertTrue(r.converged, r.status)
        for k in 0..<2 {
            let e = r.parameters[k]
            XCTAssertEqual(e.estimate, dTrue[k], accuracy: 0.05 * dTrue[k])
            XCTAssertTrue(e.lower < dTrue[k] && dTrue[k] < e.upper, "\(e.name): [\(e.lower), \(e.upper)] vs \(dTrue[k])")
        }
        XCTAssertEqual(r.pointCount, 20)
        XCTAssertThrowsError(try DistributionModelFit.problem(
            registration: ConstantDistribution.registration, baseNode: node, context: context, dataset: dataset,
            observables: observables, targets: fitTargets, parameters: [FitParameter(name: "D.Dz", start: 1)])) { e in
            XCTAssertTrue("\(e)".contains("D.Dy, D.Tb"), "\(e)")
        }
    }
}

import RareSepIO

final class FitRunnerTests: XCTestCase {
    static let root = TestPaths.root

    func testBundledExamplePrintsAReadableReportAndWritesOutputs() throws {
        let library = try ModelLibrary.locate(near: Self.root + "/Models/elements.yaml")
        let out = NSTemporaryDirectory() + "raresep-fit-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fit = try FitRunner.run(specPath: Self.root + "/cases/fit-dy-logD.yaml", library: library,
                                    outputDirectory: out)
        let text = fit.text
        XCTAssertTrue(fit.converged)
        XCTAssertTrue(text.contains("Status: CONVERGED"))
        XCTAssertTrue(text.contains("SYNTHETIC"))
        for name in ["fit.json", "fit-parameters.csv", "fit-residuals.csv", "fitted-model.yaml", "fit-plot.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + name), name)
        }
        // The fitted model file parses and names the dataset and its citation.
        let model = try YAMLDocument.load(path: out + "/fitted-model.yaml")
        let source = try model.require("source").string()
        XCTAssertTrue(source.contains("dy-logD-synthetic.csv") && source.contains("SYNTHETIC"), source)
        let m0 = try model.require("parameters").require("m0").double()
        XCTAssertEqual(m0, 1.70783, accuracy: 0.1)
        // The JSON holds the same estimate.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/fit.json"))) as! [String: Any]
        let first = (json["parameters"] as! [[String: Any]])[0]
        XCTAssertEqual(first["estimate"] as! Double, m0, accuracy: 1e-12)
    }

    func testFitCommandPrintsReportAndExitsZero() throws {
        let out = TestPaths.temporaryDirectory()
        let r = try runCLI(["fit", "cases/fit-dy-logD.yaml", "--output", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Status: CONVERGED"), r.stdout)
        XCTAssertTrue(r.stdout.contains("95 % interval"), r.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/fitted-model.yaml"))
        // An iteration limit too small to converge: report still printed and written, exit status 3.
        let dir = TestPaths.temporaryDirectory()
        try String(contentsOfFile: TestPaths.root + "/cases/fit-dy-logD.yaml", encoding: .utf8)
            .replacingOccurrences(of: "dataset: data/", with: "dataset: \(TestPaths.root)/cases/data/")
            .replacingOccurrences(of: "options: {method: lmaccel, confidence: 0.95}", with: "options: {method: lm, max_iterations: 1}")
            .write(toFile: dir + "/short.yaml", atomically: true, encoding: .utf8)
        let short = try runCLI(["fit", dir + "/short.yaml", "--output", dir + "/out"])
        XCTAssertEqual(short.status, 3, short.stdout + short.stderr)
        XCTAssertTrue(short.stdout.contains("NOT CONVERGED"), short.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/fit.json"))
        let bad = try runCLI(["fit", "cases/missing.yaml"])
        XCTAssertEqual(bad.status, 1, bad.stdout + bad.stderr)
        XCTAssertTrue(bad.stderr.hasPrefix("error: "), bad.stderr)
    }

    /// A registered distribution model fitted through a spec: each row is solved as a
    /// batch equilibrium; the fitted model file loads back through the registry.
    func testRegisteredModelFitThroughSpecWritesLoadableModelFile() throws {
        let library = try ModelLibrary.locate(near: Self.root + "/Models/elements.yaml")
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Exact batch data from D_Dy = 3, D_Tb = 1.5 at several O/A (x = x0/(1 + r·D)), 0.5 % noise.
        var csv = "# synthetic batch data for a unit test\nO/A [-], c0_Dy [g/L], c0_Tb [g/L], D_Dy [-], D_Tb [-], u(D_Dy) [-], u(D_Tb) [-]\n"
        let rng = SeededRandom(seed: 3)
        for r in [0.2, 0.5, 1, 2, 5] {
            csv += "\(r), 1.0, 0.5, \(3 * (1 + 0.005 * rng.gaussian(standardDeviation: 1))), \(1.5 * (1 + 0.005 * rng.gaussian(standardDeviation: 1))), 0.015, 0.0075\n"
        }
        try csv.write(toFile: dir + "/batch.csv", atomically: true, encoding: .utf8)
        try """
        title: constant D from batch tests
        dataset: batch.csv
        target: [D_Dy, D_Tb]
        model:
          id: constant-distribution
          components: [Dy, Tb]
          parameters: {D: {Dy: 1, Tb: 1}}
        parameters:
          D.Dy: {transform: log}
          D.Tb: {start: 2, lower: 0.1, upper: 10}
        options: {starts: 3, seed: 5}
        """.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        let fit = try FitRunner.run(specPath: dir + "/spec.yaml", library: library, outputDirectory: dir + "/out")
        let text = fit.text
        XCTAssertTrue(fit.converged, text)
        XCTAssertTrue(text.contains("Status: CONVERGED"), text)
        XCTAssertTrue(text.contains("single-stage batch equilibrium"), text)
        XCTAssertTrue(text.contains("best of 3 starts"), text)
        let doc = try YAMLDocument.load(path: dir + "/out/fitted-model.yaml")
        XCTAssertEqual(try doc.require("model").string(), "constant-distribution")
        XCTAssertTrue(try doc.require("source").string().contains("batch.csv: synthetic batch data"))
        let reg = try ModelRegistry.registration(try doc.require("model").string(), at: doc)
        let species = SpeciesSet(["Dy", "Tb"])
        let model = try reg.make(try doc.require("parameters"), ModelContext(species: species, elements: library.elements, metalCount: 2))
        let d = model.distributionRatios(x: [1, 1], y: [0, 0])
        XCTAssertEqual(d[0], 3, accuracy: 0.03)
        XCTAssertEqual(d[1], 1.5, accuracy: 0.015)
    }

    func testParameterPathsReachMappingsAndListItems() throws {
        let doc = try YAMLDocument.parse("models: {m: {D: {Dy: 2}}}\nsections:\n  - {name: a, murphree: 0.7}\n  - {name: b, murphree: 0.9}\n",
                                         file: "c.yaml")
        XCTAssertEqual(doc.scalar(atParameter: "sections[2].murphree")?.scalarText, "0.9")
        XCTAssertEqual(doc.scalar(atParameter: "models.m.D.Dy")?.scalarText, "2")
        let changed = try XCTUnwrap(doc.replacingParameter("sections[1].murphree", with: 0.5))
        XCTAssertEqual(changed.scalar(atParameter: "sections[1].murphree")?.scalarText, "0.5")
        XCTAssertEqual(changed.scalar(atParameter: "sections[2].murphree")?.scalarText, "0.9")
        XCTAssertEqual(doc.scalar(atParameter: "sections[1].murphree")?.scalarText, "0.7", "original untouched")
        XCTAssertNil(doc.replacingParameter("sections[3].murphree", with: 1))
        XCTAssertNil(doc.scalar(atParameter: "sections[0].murphree"))
        XCTAssertNil(doc.scalar(atParameter: "models.m.D"), "a mapping is not a scalar parameter")
    }

    func testCascadeOutletFitNamesUnknownOutlet() throws {
        let library = try ModelLibrary.locate(near: Self.root + "/Models/elements.yaml")
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "outlet,species,c [mmol/L]\nraffinat,Tb,1.0\nraffinate,Dy,0.15\n".write(toFile: dir + "/o.csv", atomically: true, encoding: .utf8)
        try """
        dataset: o.csv
        target: c
        model: {case: \(Self.root)/Validation/analytic/murphree-four-stage/case.yaml}
        parameters:
          sections[1].murphree: {start: 0.5, lower: 0, upper: 1}
        """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FitRunner.run(specPath: dir + "/s.yaml", library: library, outputDirectory: dir + "/out")) { e in
            XCTAssertEqual((e as? InputError)?.location.line, 2, "\(e)")
            XCTAssertTrue("\(e)".contains("raffinate, loaded organic"), "\(e)")
        }
    }

    /// Extraction percentage and equilibrium pH as targets (no pH control): data made with
    /// the batch solver at the model file's log10 Kex(Dy) = 2.4940; the fit from 2.0
    /// returns it. Checks the E_ (in %) and pH observables and the pH0 plumbing.
    func testExtractionPercentAndEquilibriumPHTargets() throws {
        let library = try ModelLibrary.locate(near: Self.root + "/Models/elements.yaml")
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: library, metals: ["Dy"])
        guard let pm = bound.model as? AqueousProtonModel else { return XCTFail("model has no proton balance") }
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var csv = "# exact data from the batch solver (unit test)\npH0 [-], y0_D2EHPA [mol/L], c0_Dy [mmol/L], E_Dy [%], pH [-]\n"
        for (ph0, ext) in [(0.5, 0.1), (0.8, 0.1), (0.5, 0.2), (0.9, 0.2), (1.1, 0.05)] {
            var x0 = try bound.vector(["Dy": 5])
            x0[pm.protonSpeciesIndex] = pm.totalAcid(pH: ph0, sulfate: 0).value
            var y0 = try bound.vector(["D2EHPA": 1000 * ext])
            bound.model.completeOrganicInlet(&y0, specified: bound.species.symbols.map { $0 != "H" })
            let sol = BatchEquilibrium.solve(model: bound.model, problem: BatchEquilibriumProblem(
                aqueousVolume: 1, organicVolume: 1, aqueousInitial: x0, organicInitial: y0))
            XCTAssertTrue(sol.report.converged)
            csv += "\(ph0), \(ext), 5, \(100 * (5 - sol.aqueous[0]) / 5), \(sol.pH!)\n"
        }
        try csv.write(toFile: dir + "/d.csv", atomically: true, encoding: .utf8)
        try """
        dataset: d.csv
        target: [E_Dy, pH]
        model: {file: Models/extraction/d2ehpa-chloride-mass-action.yaml, components: [Dy]}
        parameters:
          log10_Kex.Dy: {start: 2.0}
        options: {jacobian: central}
        """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let spec = try FitSpec.load(path: dir + "/s.yaml", library: library)
        let report = try FitRunner.runReport(spec)
        XCTAssertTrue(report.converged, report.status)
        XCTAssertEqual(report.parameters[0].estimate, 2.4940, accuracy: 1e-7)
        XCTAssertTrue(report.points[0].label.contains("E_Dy") && report.points[5].label.contains("pH"))
        XCTAssertEqual(report.points[0].observed, report.points[0].predicted, accuracy: 1e-6, "E shown in %")
    }

    func testSpecErrorsAreInputErrorsWithLocation() throws {
        let library = try ModelLibrary.locate(near: Self.root + "/Models/elements.yaml")
        let dir = NSTemporaryDirectory() + "raresep-fitspec-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "pH [-], log10D_Dy [-]\n1, 0.1\n2, 0.9\n".write(toFile: dir + "/d.csv", atomically: true, encoding: .utf8)
        func expectError(_ spec: String, contains: String, line: Int? = nil) throws {
            try spec.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try FitRunner.run(specPath: dir + "/s.yaml", library: library, outputDirectory: dir + "/o")) { e in
                XCTAssertTrue(e is InputError, "\(e)")
                XCTAssertTrue("\(e)".contains(contains), "\(e)")
                if let line { XCTAssertEqual((e as? InputError)?.location.line, line, "\(e)") }
            }
        }
        // too few points for the parameters
        try expectError("dataset: d.csv\ntarget: log10D_Dy\nmodel: {function: log-linear-ph}\nparameters:\n  a: {start: 1}\n  b: {start: 0}\n",
                        contains: "more data points than fitted parameters")
        // missing target column, with a suggestion, at the spec's target line
        try expectError("dataset: d.csv\ntarget: log10D_Tb\nmodel: {function: log-linear-ph}\nparameters:\n  a: {start: 1}\n",
                        contains: "its columns: pH, log10D_Dy; did you mean 'log10D_Dy'", line: 2)
        // unknown function id with a hint
        try expectError("dataset: d.csv\ntarget: log10D_Dy\nmodel: {function: log-linear-pH}\nparameters:\n  a: {start: 1}\n",
                        contains: "did you mean 'log-linear-ph'", line: 3)
        // start outside the bounds
        try expectError("dataset: d.csv\ntarget: log10D_Dy\nmodel: {function: log-linear-ph}\nparameters:\n  a: {start: -1, transform: log}\n  b: {start: 0}\n",
                        contains: "inside the parameter's range", line: 5)
        // unknown parameter name
        try expectError("dataset: d.csv\ntarget: log10D_Dy\nmodel: {function: log-linear-ph}\nparameters:\n  slope: {start: 1}\n",
                        contains: "unknown parameter 'slope'")
    }
}

final class GSLBridgeFittingTests: XCTestCase {
    func testStatisticsMatchTabulatedValues() {
        // t_{0.975, 10} = 2.228138851986274 (any t table to 4 digits: 2.228), z_{0.975} = 1.959963984540054
        XCTAssertEqual(StatisticalDistributions.studentTQuantile(probability: 0.975, degreesOfFreedom: 10),
                       2.228138851986274, accuracy: 1e-12)
        XCTAssertEqual(StatisticalDistributions.normalQuantile(probability: 0.975), 1.959963984540054, accuracy: 1e-12)
        let band = StatisticalDistributions.binomialBand(probability: 0.95, trials: 200, alpha: 0.002)
        XCTAssertTrue(band.contains(190) && !band.contains(175) && !band.contains(200), "\(band)")
    }

    func testCovarianceOfAStraightLineFit() throws {
        // y = a + b·x at x = 0, 1, 2, 3: JᵀJ = [[4, 6], [6, 14]], inverse = [[0.7, -0.3], [-0.3, 0.2]].
        let j: [Double] = [1, 0, 1, 1, 1, 2, 1, 3]
        let c = try NonlinearLeastSquares.covariance(jacobian: j, residualCount: 4, parameterCount: 2)
        for (v, e) in zip(c, [0.7, -0.3, -0.3, 0.2]) { XCTAssertEqual(v, e, accuracy: 1e-14) }
        XCTAssertThrowsError(try NonlinearLeastSquares.covariance(jacobian: [1, 2], residualCount: 1, parameterCount: 2))
    }

    func testAnalyticAndFiniteDifferenceJacobiansAgreeWithWeights() throws {
        let x: [Double] = [0, 1, 2, 3, 4, 5]
        let y: [Double] = [5.1, 3.0, 1.9, 1.1, 0.62, 0.4]
        let w: [Double] = [1, 2, 1, 2, 1, 2]
        let f: ResidualFunction = { t, r in for i in x.indices { r[i] = t[0] * exp(-t[1] * x[i]) - y[i] } }
        let jac: JacobianFunction = { t, J in
            for i in x.indices { J[2 * i] = exp(-t[1] * x[i]); J[2 * i + 1] = -t[0] * x[i] * exp(-t[1] * x[i]) }
        }
        var options = NonlinearLeastSquaresOptions()
        options.finiteDifference = .central
        let analytic = try NonlinearLeastSquares(residualCount: 6, parameterCount: 2, weights: w, residual: f, jacobian: jac)
            .solve(start: [1, 0.1])
        let fd = try NonlinearLeastSquares(residualCount: 6, parameterCount: 2, weights: w, options: options, residual: f)
            .solve(start: [1, 0.1])
        XCTAssertTrue(analytic.status.isConverged, "\(analytic.status)")
        XCTAssertTrue(fd.status.isConverged, "\(fd.status)")
        XCTAssertGreaterThan(analytic.jacobianEvaluations, 0)
        XCTAssertEqual(fd.jacobianEvaluations, 0)
        for k in 0..<2 { XCTAssertEqual(analytic.parameters[k], fd.parameters[k], accuracy: 1e-8) }
        for k in 0..<4 { XCTAssertEqual(analytic.covariance[k], fd.covariance[k], accuracy: 1e-6 * abs(analytic.covariance[k])) }
        // χ² uses the weights: Σ w r².
        let chi2 = zip(w, analytic.residuals).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        XCTAssertEqual(analytic.chiSquared, chi2, accuracy: 1e-12 * chi2)
        XCTAssertThrowsError(try NonlinearLeastSquares(residualCount: 6, parameterCount: 2, weights: [1, 1], residual: f))
    }

    /// y = sin(ω·x) sampled at ω = 2: from ω₀ = 0.6 a single start ends in a local
    /// minimum; seeded random starts around it reach ω = 2.
    func testSeveralStartsEscapeALocalMinimum() throws {
        let x = (0..<40).map { Double($0) * 0.25 }
        let y = x.map { sin(2 * $0) }
        let problem = FitProblem(parameters: [FitParameter(name: "omega", start: 0.6)], observations: y,
                                 predict: { t, out in for i in x.indices { out[i] = sin(t[0] * x[i]) } })
        var options = FitOptions()
        let single = try LeastSquaresEstimator.fit(problem, options: options)
        XCTAssertGreaterThan(abs(single.parameters[0].estimate - 2), 0.1, "a single start should stop in a local minimum")
        options.starts = 12
        options.seed = 3
        let multi = try LeastSquaresEstimator.fit(problem, options: options)
        XCTAssertEqual(multi.parameters[0].estimate, 2, accuracy: 1e-8)
        XCTAssertLessThan(multi.residualSumOfSquares, 1e-16)
        XCTAssertTrue(multi.notes.contains { $0.contains("best of 12 starts") })
    }

    func testNonFinitePredictionAtStartIsASetupError() {
        let problem = FitProblem(parameters: [FitParameter(name: "k", start: 1)], observations: [1, 2, 3],
                                 predict: { t, out in out[0] = t[0]; out[1] = .nan; out[2] = 2 * t[0] })
        XCTAssertThrowsError(try LeastSquaresEstimator.fit(problem)) { e in
            XCTAssertTrue("\(e)".contains("no finite prediction for 1 point(s)"), "\(e)")
        }
    }
}
