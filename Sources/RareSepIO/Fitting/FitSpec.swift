import Foundation
import GSLBridge
import RareSepChemistry
import RareSepCore
import RareSepFitting

/// A parsed fit spec (`raresep fit SPEC`): which dataset, which model, which
/// parameters with start values/transforms, estimator options and output names.
///
/// ```yaml
/// title: Dy on D2EHPA, log D vs pH and dose
/// dataset: dy-logD.csv               # CSV, header 'name [unit]'; '#' lines = citation
/// target: log10D_Dy                  # column(s) to fit; u(<target>) column = σ per point
/// uncertainty: 0.05                  # optional σ for all points (target's unit)
/// model:                             # either a closed-form function ...
///   function: uky-log-d-correlation
///   inputs: {pH: pH, dose: dose}     # function input -> column (default: same name)
///   fixed: {m1: 0}
/// # ... or a registered distribution model, solved as a batch equilibrium per row:
/// #  id: constant-distribution       (or file: Models/some-model.yaml)
/// #  components: [Dy, Tb]
/// #  parameters: {D: {Dy: 1, Tb: 1}}
/// #  phase_ratio: 1
/// parameters:
///   m0: {start: 1.5}
///   D.Dy: {start: 2, transform: log} # log (positive) | none | lower/upper bounds (tanh)
/// options: {method: lmaccel, starts: 1, seed: 1, confidence: 0.95, jacobian: analytic}
/// output: {json: fit.json, parameters_csv: fit-parameters.csv, residuals_csv: fit-residuals.csv, model: fitted-model.yaml,
///          plot: fit-plot.svg, report: report.html}
/// ```
public struct FitSpec {
    /// Spec file path.
    public var path: String
    public var title: String
    /// Dataset table (loaded).
    public var table: DataTable
    /// The problem ready for the estimator.
    public var problem: FitProblem
    public var options: FitOptions
    /// What the fitted model file should look like, given the estimates.
    public var fittedModel: ([ParameterEstimate]) -> String
    /// Model description for the report, e.g. "function uky-log-d-correlation".
    public var modelDescription: String
    /// Output file names.
    public var outputs: [String: String]
    /// Notes from reading (columns used, pH handling).
    public var notes: [String]
    /// For column fits: the case document and path (to rebuild the fitted case).
    public var columnCaseRoot: ConfigNode?
    public var columnCasePath: String?
    /// The model library the spec was read with (its files read are the run's inputs).
    public var library: ModelLibrary?
    /// Warnings about the data (conditions outside the model file's valid_range).
    public var warnings: [InputWarning] = []
    /// The spec's `parameters` node: where errors and statuses about the fitted
    /// parameters (start values, identifiability) are located.
    public var parametersNode: ConfigNode?
    /// The spec's `output.<key>` nodes, for errors about output names.
    public var outputNodes: [String: ConfigNode] = [:]
    /// How to draw the data against an input with the fitted curve per series (set
    /// for closed-form function fits); nil: observed against predicted.
    var plotView: FitPlotView? = nil

    static let topKeys = ["kind", "title", "description", "dataset", "select", "target", "uncertainty", "model", "parameters", "options", "output"]

    /// Read and check a spec; every problem is an InputError naming file, line and key.
    public static func load(path: String, library: ModelLibrary) throws -> FitSpec {
        let doc = try YAMLDocument.load(path: path)
        try InputFileCheck.requireMapping(doc, kind: "fit spec")
        try doc.checkKeys(topKeys)
        let title = try doc.optional("title")?.string() ?? (path as NSString).lastPathComponent
        let datasetNode = try doc.require("dataset")
        let datasetPath = try library.existingFile(datasetNode, relativeTo: path, kind: "CSV file")
        var table: DataTable
        do {
            table = try DataTable.load(path: datasetPath)
        } catch let e as InputError {
            // A file that is not a CSV dataset at all: an error at `dataset`, never quoting it.
            guard let why = DataTable.notADataset(datasetPath) else { throw e }
            throw datasetNode.error("a CSV dataset with a header line naming each column and its unit (e.g. 'pH, D_Dy [-], c0_Dy [mol/L]'); \(datasetPath) is not one: \(why)")
        }
        if let select = try doc.optional("select") {
            // Keep the rows whose cells equal the given values, e.g. {element: Dy}.
            for (column, valueNode) in try select.entries() {
                let col = try table.require(column, purpose: "row selection")
                let value = try valueNode.string()
                table = table.selecting(col.cells.indices.filter { col.cells[$0] == value })
                if table.rowCount == 0 { throw valueNode.error("a value present in column '\(column)' of \(datasetPath)") }
            }
        }
        let targetNode = try doc.require("target")
        let targets: [String] = targetNode.scalarText != nil ? [try targetNode.string()]
            : try targetNode.items().map { try $0.string() }
        if targetNode.scalarText == nil {
            var names = CascadeCaseChecks.UniqueNames("target column")
            for item in try targetNode.items() { try names.add(try item.string(), at: item) }
        }
        // Every target is a column of the dataset: say so at the spec's key.
        for item in targetNode.scalarText != nil ? [targetNode] : try targetNode.items() {
            _ = try table.require(try item.string(), purpose: "fit target", at: item)
        }
        var constantSigma: Double?
        if let u = try doc.optional("uncertainty") {
            let v = try u.double()
            if !(v > 0) { throw u.error("a positive standard uncertainty in the target's unit") }
            constantSigma = v
        }
        let options = try readOptions(try doc.optional("options"))
        let outputs = try readOutputs(try doc.optional("output"))
        let modelNode = try doc.require("model")
        let parametersNode = try doc.require("parameters")
        let citation = table.citation.isEmpty ? "no citation in the dataset file" : table.citation
        let provenance = "Fitted by raresep fit (spec \((path as NSString).lastPathComponent)) to dataset \((datasetPath as NSString).lastPathComponent): \(citation)"

        let common = Common(path: path, library: library, title: title, table: table, targets: targets, targetNode: targetNode,
                            constantSigma: constantSigma, options: options, outputs: outputs, modelNode: modelNode,
                            parametersNode: parametersNode, provenance: provenance)
        var spec = try build(common)
        spec.parametersNode = parametersNode
        if spec.library == nil { spec.library = library }
        for (k, n) in try doc.optional("output")?.entries() ?? [] { spec.outputNodes[k] = n }
        // Data that cannot determine the parameters: an error at the parameters, before fitting.
        try wrap(at: parametersNode) { try LeastSquaresEstimator.checkIdentifiableData(spec.problem) }
        return spec
    }

    /// The fit models a spec's `model:` block can name, by the key that selects each
    /// (the first key present wins): one entry per kind of model, so a new model
    /// (an equipment unit, a simulation) is one more entry with its own builder.
    static var modelKinds: [(key: String, build: (Common) throws -> FitSpec)] { [
        ("function", functionFit),
        ("case", cascadeFit),
        ("column", columnFit),
        ("isotherm", isothermFit),
        ("emulsion_flow", emulsionFlowFit),
    ] }

    /// The spec for the model kind `model:` names.
    static func build(_ common: Common) throws -> FitSpec {
        let modelNode = common.modelNode
        for kind in modelKinds where try modelNode.optional(kind.key) != nil { return try kind.build(common) }
        if let file = try modelNode.optional("file") {
            // A Models/ file whose `model:` id is a registered isotherm.
            let resolved = common.library.resolve(try file.string(), relativeTo: common.path)
            if InputFileCheck.problem(resolved, kind: "model file") == nil, let doc = try? YAMLDocument.load(path: resolved), let id = try? doc.optional("model")?.string(),
               IsothermRegistry.all.contains(where: { $0.id == id }) {
                return try isothermFit(common)
            }
        }
        return try distributionModelFit(common)
    }

    /// What every model kind reads from the spec.
    struct Common {
        var path: String
        var library: ModelLibrary
        var title: String
        var table: DataTable
        var targets: [String]
        var targetNode: ConfigNode
        var constantSigma: Double?
        var options: FitOptions
        var outputs: [String: String]
        var modelNode: ConfigNode
        var parametersNode: ConfigNode
        var provenance: String
    }

    static func wrap<T>(at node: ConfigNode, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as FitSetupError {
            throw node.error("\(e)", value: nil)
        }
    }

    /// The case file a cascade or column fit names under `model: {key: file}`, read,
    /// with the fitted parameters located in it; one target column.
    static func readCaseFit(_ c: Common, key: String, kind: String, target: String) throws
        -> (path: String, root: ConfigNode, parameters: [FitParameter]) {
        let caseNode = try c.modelNode.require(key)
        try c.modelNode.checkKeys([key])
        let casePath = try c.library.existingFile(caseNode, relativeTo: c.path, kind: "\(kind) case file")
        guard c.targets.count == 1 else { throw c.targetNode.error("one target column (\(target))") }
        let caseRoot = try YAMLDocument.load(path: casePath)
        try InputFileCheck.requireMapping(caseRoot, kind: "\(kind) case file", referencedBy: caseNode)
        let parameters = try readParameters(c.parametersNode, startFrom: caseRoot)
        try checkEnoughPoints(table: c.table, targets: 1, parameters: parameters.count, at: c.parametersNode)
        return (casePath, caseRoot, parameters)
    }

    static func checkEnoughPoints(table: DataTable, targets: Int, parameters: Int, at node: ConfigNode) throws {
        let n = table.rowCount * targets
        if n <= parameters {
            throw node.error("more data points than fitted parameters: \(table.file) gives \(n) point(s) for \(parameters) parameter(s)",
                             value: "\(parameters) parameters")
        }
    }

    static func readParameters(_ node: ConfigNode, startFrom base: ConfigNode?) throws -> [FitParameter] {
        var out: [FitParameter] = []
        for (name, p) in try node.entries() {
            try p.checkKeys(["start", "transform", "lower", "upper", "unit"])
            var start: Double
            if let s = try p.optional("start") {
                start = try s.double()
            } else if let b = base?.scalar(atParameter: name), let q = ConfigNode.splitQuantity(b.scalarText!) {
                start = q.value
            } else {
                throw InputError(location: p.location, key: p.path, value: nil, expected: "missing required key 'start'")
            }
            let lower = try p.optional("lower")?.double()
            let upper = try p.optional("upper")?.double()
            var transform: ParameterTransform
            switch (lower, upper) {
            case let (lo?, hi?):
                guard lo < hi else { throw p.error("lower < upper") }
                transform = .bounded(lo, hi)
            case let (lo?, nil): transform = lo == 0 ? .log : .lowerBound(lo)
            case let (nil, hi?): transform = .upperBound(hi)
            case (nil, nil): transform = .identity
            }
            if let t = try p.optional("transform") {
                switch try t.string() {
                case "log":
                    guard lower == nil || lower == 0, upper == nil else {
                        throw t.error("'log' alone (θ > 0); for other bounds give lower/upper without a transform")
                    }
                    transform = .log
                case "none":
                    guard lower == nil, upper == nil else { throw t.error("no bounds with transform 'none'") }
                    transform = .identity
                default: throw t.error("log or none (bounds: lower/upper)")
                }
            }
            guard transform.unconstrained(start) != nil else {
                throw p.error("a start value inside the parameter's range (\(transform))", value: "\(start)")
            }
            let fileUnit = base?.scalar(atParameter: name).flatMap { ConfigNode.splitQuantity($0.scalarText!)?.unit } ?? ""
            out.append(FitParameter(name: name, start: start, transform: transform,
                                    unit: try p.optional("unit")?.string() ?? fileUnit))
        }
        if out.isEmpty { throw node.error("at least one parameter to fit") }
        return out
    }

    /// Largest `options.max_iterations` accepted.
    public static let maxIterations = 100_000

    static func readOptions(_ node: ConfigNode?) throws -> FitOptions {
        var o = FitOptions()
        guard let node else { return o }
        try node.checkKeys(["method", "starts", "seed", "confidence", "absolute_uncertainty", "jacobian", "max_iterations",
                            "finite_difference_step"])
        if let m = try node.optional("method") {
            guard let v = TrustRegionMethod(rawValue: try m.string()) else {
                throw m.error("one of \(TrustRegionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            o.solver.method = v
        }
        if let s = try node.optional("starts") {
            o.starts = try s.int()
            if !(1...1000).contains(o.starts) { throw s.error("a number of starts from 1 to 1000") }
        }
        if let s = try node.optional("seed") {
            let v = try s.int()
            if v < 0 { throw s.error("a non-negative seed") }
            o.seed = UInt(v)
        }
        if let c = try node.optional("confidence") {
            o.confidenceLevel = try c.fraction()
            if !(o.confidenceLevel > 0 && o.confidenceLevel < 1) { throw c.error("a confidence level between 0 and 1, e.g. 0.95") }
        }
        if let a = try node.optional("absolute_uncertainty") { o.scaleCovarianceByResidualVariance = !(try a.bool()) }
        if let j = try node.optional("jacobian") {
            switch try j.string() {
            case "analytic": o.useAnalyticJacobian = true
            case "forward": o.useAnalyticJacobian = false; o.solver.finiteDifference = .forward
            case "central": o.useAnalyticJacobian = false; o.solver.finiteDifference = .central
            default: throw j.error("analytic, forward or central")
            }
        }
        if let h = try node.optional("finite_difference_step") {
            o.solver.finiteDifferenceStep = try h.double()
            if !(o.solver.finiteDifferenceStep > 0 && o.solver.finiteDifferenceStep < 0.1) {
                throw h.error("a relative step between 0 and 0.1 (GSL h_df; default 1.5e-8, larger for simulations solved to a loose tolerance)")
            }
        }
        if let m = try node.optional("max_iterations") {
            o.solver.maxIterations = try m.int()
            if !(1...maxIterations).contains(o.solver.maxIterations) {
                throw m.error("an iteration limit from 1 to \(maxIterations) (a fit that has not converged in that many iterations will not)")
            }
        }
        return o
    }

    static func readOutputs(_ node: ConfigNode?) throws -> [String: String] {
        var out = ["json": "fit.json", "parameters_csv": "fit-parameters.csv", "residuals_csv": "fit-residuals.csv",
                   "model": "fitted-model.yaml", "plot": "fit-plot.svg", "report": "report.html"]
        guard let node else { return out }
        try node.checkKeys(Array(out.keys).sorted())
        var given: [(key: String, node: ConfigNode)] = []
        for (k, n) in try node.entries() { out[k] = try OutputDirectory.checkedName(n); given.append((k, n)) }
        for (k, n) in given {
            if let other = out.keys.sorted().first(where: { $0 != k && out[$0] == out[k] }) {
                throw n.error("a file name no other output uses (output.\(other) is also '\(out[k]!)')")
            }
        }
        return out
    }
}

extension BatchObservable {
    var isConcentration: Bool {
        switch self {
        case .aqueous, .organic: return true
        default: return false
        }
    }
}
