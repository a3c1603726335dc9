import Foundation
import RareSepCore
import RareSepFitting

/// `raresep fit SPEC`: read the spec, fit, write JSON/CSV/fitted-model files,
/// and return the printable report.
public enum FitRunner {
    /// Run a fit spec. Outputs go to `outputDirectory` (default: out/<spec name> relative to the current
    /// directory); returns the report text. Bad input throws InputError.
    public static func run(specPath: String, library: ModelLibrary, outputDirectory: String?) throws -> String {
        let spec = try FitSpec.load(path: specPath, library: library)
        let report = try runReport(spec)
        let dir = outputDirectory ?? "out/" + ((specPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let written = try write(report, spec: spec, to: dir)
        return FitReportText.render(report, modelDescription: spec.modelDescription, notes: spec.notes, written: written)
    }

    /// Fit a loaded spec.
    public static func runReport(_ spec: FitSpec) throws -> FitReport {
        do {
            return try LeastSquaresEstimator.fit(spec.problem, options: spec.options, title: spec.title,
                                                 dataset: spec.table.file, datasetSource: spec.table.citation)
        } catch let e as FitSetupError {
            throw InputError(location: SourceLocation(file: spec.path), key: "parameters", value: nil, expected: "\(e)")
        }
    }

    /// Write fit.json, the parameter and residual CSVs, the fitted model and the SVG plot; returns the paths.
    public static func write(_ report: FitReport, spec: FitSpec, to dir: String) throws -> [String] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw InputError(location: SourceLocation(file: dir), key: "(output directory)", value: dir,
                             expected: "a directory RareSep can create and write")
        }
        var paths: [String] = []
        func put(_ key: String, _ text: String) throws {
            guard let name = spec.outputs[key] else { return }
            let p = (dir as NSString).appendingPathComponent(name)
            do { try text.write(toFile: p, atomically: true, encoding: .utf8) } catch {
                throw InputError(location: SourceLocation(file: p), key: "output.\(key)", value: name, expected: "a writable file")
            }
            paths.append(p)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = (try? encoder.encode(report)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        try put("json", json + "\n")
        var pcsv = "parameter,unit,estimate,standard_error,ci_lower,ci_upper,transform,start\n"
        for e in report.parameters {
            pcsv += "\(e.name),\(e.unit),\(e.estimate),\(e.standardError),\(e.lower),\(e.upper),\(e.transform),\(e.start)\n"
        }
        try put("parameters_csv", pcsv)
        var rcsv = "point,observed,predicted,residual,uncertainty,standardized_residual\n"
        for p in report.points {
            rcsv += "\(p.label),\(p.observed),\(p.predicted),\(p.residual),\(p.uncertainty),\(p.standardized)\n"
        }
        try put("residuals_csv", rcsv)
        try put("model", spec.fittedModel(report.parameters))
        try put("plot", FitPlot.svg(report))
        return paths
    }
}

/// The printable fit report.
public enum FitReportText {
    static func g(_ v: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)g", v) }
    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    static func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

    public static func render(_ r: FitReport, modelDescription: String, notes: [String], written: [String]) -> String {
        var s = "Fit: \(r.title)\n"
        s += "Data:   \(r.dataset) (\(r.pointCount) points)\n"
        if !r.datasetSource.isEmpty { s += "Source: \(r.datasetSource)\n" }
        s += "Model:  \(modelDescription)\n"
        s += "Fitted: \(r.observable)\n"
        s += "Method: \(r.method)\n"
        s += "Status: \(r.converged ? "CONVERGED" : "NOT CONVERGED") — \(r.status); \(r.iterations) iterations, \(r.residualEvaluations) model evaluations\n\n"
        let level = Int((r.confidenceLevel * 100).rounded())
        let w = max(14, (r.parameters.map(\.name.count).max() ?? 0) + 2)
        s += pad("parameter", w) + lpad("estimate", 14) + lpad("std. error", 13) + lpad("\(level) % interval", 30) + "  unit / transform\n"
        for e in r.parameters {
            let ci = "[\(g(e.lower)), \(g(e.upper))]"
            s += pad(e.name, w) + lpad(g(e.estimate), 14) + lpad(g(e.standardError, 3), 13) + lpad(ci, 30)
            s += "  \(e.unit.isEmpty ? "-" : e.unit) / \(e.transform)\n"
        }
        if r.parameters.count > 1 {
            s += "\nCorrelation of the estimates (columns in the same order):\n" + pad("", w + 4)
            for k in r.parameters.indices { s += lpad("(\(k + 1))", 10) }
            s += "\n"
            for (a, e) in r.parameters.enumerated() {
                s += pad("(\(a + 1)) \(e.name)", w + 4)
                for b in 0..<r.parameters.count { s += lpad(String(format: "%.3f", r.correlation[a][b]), 10) }
                s += "\n"
            }
        }
        s += "\nGoodness of fit: n = \(r.pointCount), p = \(r.parameterCount), n − p = \(r.degreesOfFreedom)\n"
        s += "  RSS = \(g(r.residualSumOfSquares)), χ² = \(g(r.chiSquared)), s = \(g(r.residualStandardDeviation))"
        s += ", RMSE = \(g(r.rmse)), R² = \(String(format: "%.5f", r.rSquared))\n"
        s += "  AIC = \(g(r.aic)), AICc = \(g(r.aicc)), t(\(g(r.confidenceLevel / 2 + 0.5, 4)), \(r.degreesOfFreedom)) = \(g(r.tQuantile, 5))\n"
        s += "\nResiduals (observed − predicted):\n"
        let lw = max(20, (r.points.map(\.label.count).max() ?? 0) + 2)
        s += pad("point", lw) + lpad("observed", 13) + lpad("predicted", 13) + lpad("residual", 13) + lpad("std.", 8) + "\n"
        let shown = r.points.count <= 60 ? r.points : Array(r.points.prefix(40))
        for p in shown {
            s += pad(p.label, lw) + lpad(g(p.observed), 13) + lpad(g(p.predicted), 13) + lpad(g(p.residual, 3), 13)
            s += lpad(String(format: "%.2f", p.standardized), 8) + "\n"
        }
        if shown.count < r.points.count { s += "  ... \(r.points.count - shown.count) more in the residuals CSV\n" }
        s += "\nUncertainty: \(r.uncertaintyMethod).\n"
        let allNotes = notes + r.notes
        if !allNotes.isEmpty { s += "Notes:\n" + allNotes.map { "  - \($0)\n" }.joined() }
        if !written.isEmpty { s += "Wrote:\n" + written.map { "  \($0)\n" }.joined() }
        return s
    }
}
