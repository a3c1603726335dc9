import Foundation
import RareSepCore
import RareSepFitting

/// `raresep fit SPEC`: read the spec, fit, write JSON/CSV/fitted-model files,
/// and return the printable report.
public enum FitRunner {
    /// What `run` returns: the printable report and whether the estimator converged.
    public struct Outcome: Sendable {
        public var text: String
        public var converged: Bool
        /// Parameters the data do not identify (then `converged` is false too).
        public var notIdentifiable: [String] = []
        /// Warnings about the data (also in the report); the CLI prints them on stderr.
        public var warnings: [InputWarning] = []
        /// Where the fitted parameters are declared (the spec's `parameters` line), for
        /// the status line of a fit that did not converge or cannot identify them.
        public var location: SourceLocation?
    }

    /// Run a fit spec. Outputs go to `outputDirectory` (default: out/<spec name> relative to the current
    /// directory). Bad input throws InputError.
    public static func run(specPath: String, library: ModelLibrary, outputDirectory: String?) throws -> Outcome {
        let spec = try FitSpec.load(path: specPath, library: library)
        let dir = outputDirectory ?? "out/" + ((specPath as NSString).lastPathComponent as NSString).deletingPathExtension
        try checkOutputsAreNotInputs(spec, directory: dir, inputs: [specPath] + library.filesRead.all)
        // Check the output directory before fitting; the set is written whole at the end.
        let out = try OutputDirectory(dir, key: outputDirectory == nil ? "(output directory)" : "--output",
                                      inputs: [specPath] + library.filesRead.all)
        let report = try runReport(spec)
        let written = try write(report, spec: spec, into: out)
        try out.commit(command: "fit", input: specPath, status: report.converged ? "converged" : "not converged")
        return Outcome(text: FitReportText.render(report, modelDescription: spec.modelDescription, notes: spec.notes, written: written),
                       converged: report.converged, notIdentifiable: report.notIdentifiable, warnings: report.warnings,
                       location: spec.parametersNode?.location)
    }

    /// Fit a loaded spec.
    public static func runReport(_ spec: FitSpec) throws -> FitReport {
        do {
            var report = try LeastSquaresEstimator.fit(spec.problem, options: spec.options, title: spec.title,
                                                       dataset: spec.table.file, datasetSource: spec.table.citation)
            report.warnings = spec.warnings
            return report
        } catch let e as FitSetupError {
            guard let node = spec.parametersNode else {
                throw InputError(location: SourceLocation(file: spec.path), key: "parameters", value: nil, expected: "\(e)")
            }
            // Name the start values as written: the usual cause of a model that cannot be evaluated.
            var starts: String?
            if case .modelRejected = e {
                let written = try node.entries().compactMap { name, p in try p.optional("start")?.scalarText.map { "\(name) \($0)" } }
                if !written.isEmpty { starts = "start values " + written.joined(separator: ", ") }
            }
            throw node.error("\(e)", value: starts)
        }
    }

    /// An output name that, in `directory`, would be one of the run's input files (e.g.
    /// `output: {model: spec.yaml}` with `--output .`): an error at that `output.<key>`
    /// line of the spec, before the output directory is checked or anything is written.
    static func checkOutputsAreNotInputs(_ spec: FitSpec, directory: String, inputs: [String]) throws {
        let real = Dictionary(inputs.map { (InputFileCheck.realPath($0), $0) }, uniquingKeysWith: { a, _ in a })
        for (key, name) in spec.outputs.sorted(by: { $0.key < $1.key }) {
            let target = InputFileCheck.realPath((directory as NSString).appendingPathComponent(name))
            guard let input = real[target], let node = spec.outputNodes[key] else { continue }
            throw node.error("an output name that is not an input of this run: in output directory '\(directory)' it would replace \(input), which this run reads", value: name)
        }
    }

    /// Write the whole output set (see `write(_:spec:into:)`) into `dir` and commit it; returns the paths.
    public static func write(_ report: FitReport, spec: FitSpec, to dir: String) throws -> [String] {
        let out = try OutputDirectory(dir, key: "(output directory)", inputs: [spec.path, spec.table.file] + (spec.library?.filesRead.all ?? []))
        let paths = try write(report, spec: spec, into: out)
        try out.commit(command: "fit", input: spec.path, status: report.converged ? "converged" : "not converged")
        return paths
    }

    /// Write fit.json, the parameter and residual CSVs, the fitted model, the SVG plot
    /// and report.html into `out` (committed by the caller); returns the paths they have once committed.
    public static func write(_ report: FitReport, spec: FitSpec, into out: OutputDirectory) throws -> [String] {
        var paths: [String] = []
        func put(_ key: String, _ text: String) throws {
            guard let name = spec.outputs[key] else { return }
            paths.append(try out.write(text, name, key: "output.\(key)"))
        }
        try put("json", try OutputDirectory.json(report))
        var pcsv = "parameter,unit,estimate,standard_error,ci_lower,ci_upper,transform,start\n"
        for e in report.parameters {
            pcsv += "\(CSVTable.quoted(e.name)),\(CSVTable.quoted(e.unit)),\(e.estimate),\(e.standardError),\(e.lower),\(e.upper),\(e.transform),\(e.start)\n"
        }
        try put("parameters_csv", pcsv)
        var rcsv = "point,observed,predicted,residual,uncertainty,standardized_residual\n"
        for p in report.points {
            rcsv += "\(CSVTable.quoted(p.label)),\(p.observed),\(p.predicted),\(p.residual),\(p.uncertainty),\(p.standardized)\n"
        }
        try put("residuals_csv", rcsv)
        try put("model", spec.fittedModel(report.parameters))
        let plot = FitPlot.svg(report, view: spec.plotView)
        try put("plot", plot)
        let text = FitReportText.render(report, modelDescription: spec.modelDescription, notes: spec.notes, written: [])
        try put("report", FitRunReport.html(report, spec: spec, plot: plot, plotFile: spec.outputs["plot"] ?? "fit-plot.svg", text: text,
                                            files: spec.library?.filesRead.all ?? []))
        return paths
    }
}
