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
/// output: {json: fit.json, parameters_csv: fit-parameters.csv, residuals_csv: fit-residuals.csv, model: fitted-model.yaml}
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

    static let topKeys = ["title", "description", "dataset", "target", "uncertainty", "model", "parameters", "options", "output"]

    /// Read and check a spec; every problem is an InputError naming file, line and key.
    public static func load(path: String, library: ModelLibrary) throws -> FitSpec {
        let doc = try YAMLDocument.load(path: path)
        try doc.checkKeys(topKeys)
        let title = try doc.optional("title")?.string() ?? (path as NSString).lastPathComponent
        let datasetNode = try doc.require("dataset")
        let datasetPath = library.resolve(try datasetNode.string(), relativeTo: path)
        guard FileManager.default.fileExists(atPath: datasetPath) else {
            throw datasetNode.error("an existing CSV file (looked for \(datasetPath))")
        }
        let table = try DataTable.load(path: datasetPath)
        let targetNode = try doc.require("target")
        let targets: [String] = targetNode.scalarText != nil ? [try targetNode.string()]
            : try targetNode.items().map { try $0.string() }
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

        if try modelNode.optional("function") != nil {
            try modelNode.checkKeys(["function", "inputs", "fixed"])
            let fnode = try modelNode.require("function")
            guard let model = FunctionModelRegistry.model(try fnode.string()) else {
                let ids = FunctionModelRegistry.all.map(\.id)
                let hint = nearestName(to: try fnode.string(), in: ids).map { "; did you mean '\($0)'?" } ?? ""
                throw fnode.error("a fit function, one of \(ids.joined(separator: ", "))\(hint)")
            }
            var inputColumns = model.inputs
            if let inputs = try modelNode.optional("inputs") {
                for (k, n) in try inputs.entries() {
                    guard let i = model.inputs.firstIndex(of: k) else {
                        throw n.error("an input of \(model.id) (\(model.inputs.joined(separator: ", ")))", value: k)
                    }
                    inputColumns[i] = try n.string()
                }
            }
            var fixed: [String: Double] = [:]
            for (k, n) in try modelNode.optional("fixed")?.entries() ?? [] { fixed[k] = try n.double() }
            let parameters = try readParameters(parametersNode, startFrom: nil)
            try checkEnoughPoints(table: table, targets: targets.count, parameters: parameters.count, at: parametersNode)
            // A function sees the numbers as written: no unit conversion.
            let fitTargets = try FitTargets.read(table, columns: targets, dimension: { _ in nil },
                                                 constantUncertainty: constantSigma)
            let problem = try wrap(at: parametersNode) {
                try FunctionFit.problem(model: model, table: table, inputColumns: inputColumns, targets: fitTargets,
                                        parameters: parameters, fixed: fixed)
            }
            let fitted: ([ParameterEstimate]) -> String = { est in
                FittedModelWriter.function(model: model, estimates: est, fixed: fixed, title: title, provenance: provenance)
            }
            return FitSpec(path: path, title: title, table: table, problem: problem, options: options, fittedModel: fitted,
                           modelDescription: "function \(model.id): \(model.summary)", outputs: outputs,
                           notes: [])
        }

        // A cascade case: fit case keys (Murphree efficiencies, model parameters) to outlet data.
        if let caseNode = try modelNode.optional("case") {
            try modelNode.checkKeys(["case"])
            let casePath = library.resolve(try caseNode.string(), relativeTo: path)
            guard FileManager.default.fileExists(atPath: casePath) else {
                throw caseNode.error("an existing cascade case file (looked for \(casePath))")
            }
            guard targets.count == 1 else { throw targetNode.error("one target column (the measured concentration)") }
            let caseRoot = try YAMLDocument.load(path: casePath)
            let parameters = try readParameters(parametersNode, startFrom: caseRoot)
            try checkEnoughPoints(table: table, targets: 1, parameters: parameters.count, at: parametersNode)
            let problem = try wrap(at: parametersNode) {
                try CascadeOutletFit.problem(caseRoot: caseRoot, casePath: casePath, library: library, table: table,
                                             target: targets[0], constantUncertainty: constantSigma, parameters: parameters)
            }
            let fitted: ([ParameterEstimate]) -> String = { est in
                FittedModelWriter.cascadeCase(root: caseRoot, estimates: est, provenance: provenance)
            }
            return FitSpec(path: path, title: title, table: table, problem: problem, options: options, fittedModel: fitted,
                           modelDescription: "cascade case \((casePath as NSString).lastPathComponent), solved to steady state per evaluation; observed: outlet concentrations",
                           outputs: outputs, notes: [])
        }

        // A registered distribution model, inline or from a model file.
        try modelNode.checkKeys(["id", "file", "components", "parameters", "phase_ratio"])
        // Parameter names are dotted paths inside the model's parameter mapping
        // (a Models/ file's `parameters:`, or the spec's inline `parameters:`).
        let baseNode: ConfigNode
        let idNode: ConfigNode
        var modelFile: ConfigNode?
        if let fileNode = try modelNode.optional("file") {
            let file = library.resolve(try fileNode.string(), relativeTo: path)
            guard FileManager.default.fileExists(atPath: file) else { throw fileNode.error("an existing model file (looked for \(file))") }
            let doc = try YAMLDocument.load(path: file)
            try doc.checkKeys(["description", "source", "model", "units", "parameters", "valid_range", "notes", "illustrative"])
            idNode = try doc.require("model")
            baseNode = try doc.require("parameters")
            modelFile = doc
        } else {
            idNode = try modelNode.require("id")
            baseNode = try modelNode.require("parameters")
        }
        let registration = try ModelRegistry.registration(try idNode.string(), at: idNode)
        let componentsNode = try modelNode.require("components")
        let metals = try componentsNode.items().map { try $0.string() }
        for (i, m) in metals.enumerated() where library.elements[m] == nil {
            throw try componentsNode.items()[i].error("an element symbol from Models/elements.yaml")
        }
        let extra = try registration.requiredSpecies(baseNode).filter { !metals.contains($0) }
        let species = SpeciesSet(metals + extra)
        let context = ModelContext(species: species, elements: library.elements, metalCount: metals.count)
        let ratio = try modelNode.optional("phase_ratio")?.positiveQuantity(.dimensionless) ?? 1
        let dataset = try BatchDataset.read(table, species: species, elements: library.elements,
                                            defaultPhaseRatio: ratio, holdEquilibriumPH: !targets.contains("pH"))
        var observables: [BatchObservable] = []
        for t in targets {
            guard let o = BatchObservable.parse(t, species: species) else {
                throw targetNode.error("target columns named D_<S>, log10D_<S>, c_<S>, y_<S>, E_<S> or pH for species \(species.symbols.joined(separator: ", "))", value: t)
            }
            observables.append(o)
        }
        var parameters = try readParameters(parametersNode, startFrom: baseNode)
        // Units from the model file's `units:` block, keyed by the last name component.
        if let units = try modelFile?.optional("units") {
            for k in parameters.indices where parameters[k].unit.isEmpty {
                let key = parameters[k].name.split(separator: ".").last.map(String.init) ?? parameters[k].name
                if let u = try units.optional(key)?.string() { parameters[k].unit = u }
            }
        }
        try checkEnoughPoints(table: table, targets: targets.count, parameters: parameters.count, at: parametersNode)
        let fitTargets = try FitTargets.read(
            table, columns: targets, dimension: { BatchObservable.parse($0, species: species)!.isConcentration ? .concentration : .dimensionless },
            element: { name in library.elements[name.split(separator: "_", maxSplits: 1).last.map(String.init) ?? ""] },
            elements: library.elements, constantUncertainty: constantSigma)
        let problem = try wrap(at: parametersNode) {
            try DistributionModelFit.problem(registration: registration, baseNode: baseNode, context: context,
                                             dataset: dataset, observables: observables, targets: fitTargets,
                                             parameters: parameters)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.registered(id: registration.id, parameters: baseNode, file: modelFile, estimates: est,
                                         title: title, provenance: provenance)
        }
        return FitSpec(path: path, title: title, table: table, problem: problem, options: options, fittedModel: fitted,
                       modelDescription: "distribution model \(registration.id) (\(registration.summary)), each test solved as a single-stage batch equilibrium; species \(species.symbols.joined(separator: ", "))",
                       outputs: outputs, notes: dataset.notes)
    }

    static func wrap<T>(at node: ConfigNode, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as FitSetupError {
            throw node.error("\(e)", value: nil)
        }
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
            } else if let b = base?.scalar(atParameter: name), let v = Double(b.scalarText!) {
                start = v
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
            out.append(FitParameter(name: name, start: start, transform: transform,
                                    unit: try p.optional("unit")?.string() ?? ""))
        }
        if out.isEmpty { throw node.error("at least one parameter to fit") }
        return out
    }

    static func readOptions(_ node: ConfigNode?) throws -> FitOptions {
        var o = FitOptions()
        guard let node else { return o }
        try node.checkKeys(["method", "starts", "seed", "confidence", "absolute_uncertainty", "jacobian", "max_iterations"])
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
        if let m = try node.optional("max_iterations") {
            o.solver.maxIterations = try m.int()
            if o.solver.maxIterations < 1 { throw m.error("a positive iteration limit") }
        }
        return o
    }

    static func readOutputs(_ node: ConfigNode?) throws -> [String: String] {
        var out = ["json": "fit.json", "parameters_csv": "fit-parameters.csv", "residuals_csv": "fit-residuals.csv",
                   "model": "fitted-model.yaml", "plot": "fit-plot.svg"]
        guard let node else { return out }
        try node.checkKeys(Array(out.keys).sorted())
        for (k, n) in try node.entries() { out[k] = try n.string() }
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
