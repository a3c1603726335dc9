import Foundation
import RareSepChemistry
import RareSepCore
import RareSepFitting

extension FitSpec {
    /// `model: {function: id, inputs: {...}, fixed: {...}}`: a closed-form function of columns.
    static func functionFit(_ c: Common) throws -> FitSpec {
        try c.modelNode.checkKeys(["function", "inputs", "fixed"])
        let fnode = try c.modelNode.require("function")
        guard let model = FunctionModelRegistry.model(try fnode.string()) else {
            let ids = FunctionModelRegistry.all.map(\.id)
            let hint = nearestName(to: try fnode.string(), in: ids).map { "; did you mean '\($0)'?" } ?? ""
            throw fnode.error("a fit function, one of \(ids.joined(separator: ", "))\(hint)")
        }
        var inputColumns = model.inputs
        var inputNodes = [ConfigNode?](repeating: nil, count: model.inputs.count)
        if let inputs = try c.modelNode.optional("inputs") {
            for (k, n) in try inputs.entries() {
                guard let i = model.inputs.firstIndex(of: k) else {
                    throw n.error("an input of \(model.id) (\(model.inputs.joined(separator: ", ")))", value: k)
                }
                inputColumns[i] = try n.string()
                inputNodes[i] = n
            }
        }
        var fixed: [String: Double] = [:]
        for (k, n) in try c.modelNode.optional("fixed")?.entries() ?? [] { fixed[k] = try n.double() }
        let parameters = try readParameters(c.parametersNode, startFrom: nil)
        try checkEnoughPoints(table: c.table, targets: c.targets.count, parameters: parameters.count, at: c.parametersNode)
        // A function sees the numbers as written: no unit conversion, so each header must
        // carry the unit the function's parameters assume (pH no unit, dose in vol%, ...).
        for (k, name) in inputColumns.enumerated() where k < model.inputUnits.count {
            let col = try c.table.require(name, purpose: "input '\(model.inputs[k])' of \(model.id)", at: inputNodes[k] ?? c.modelNode)
            try c.table.requireUnit(col, model.inputUnits[k], role: "input '\(model.inputs[k])' of \(model.id)")
            if k < model.inputRanges.count, let range = model.inputRanges[k] { try c.table.requireRange(col, try c.table.numbers(col), range) }
        }
        for t in c.targets {
            let col = try c.table.require(t, purpose: "fit target")
            try c.table.requireUnit(col, model.outputUnit, role: "target of \(model.id) (its output is \(model.output))")
            if let range = model.outputRange { try c.table.requireRange(col, try c.table.numbers(col), range) }
        }
        let fitTargets = try FitTargets.read(c.table, columns: c.targets, dimension: { _ in nil },
                                             constantUncertainty: c.constantSigma)
        let problem = try wrap(at: c.parametersNode) {
            try FunctionFit.problem(model: model, table: c.table, inputColumns: inputColumns, targets: fitTargets,
                                    parameters: parameters, fixed: fixed)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.function(model: model, estimates: est, fixed: fixed, title: c.title, provenance: c.provenance)
        }
        var spec = FitSpec(path: c.path, title: c.title, table: c.table, problem: problem, options: c.options, fittedModel: fitted,
                           modelDescription: "function \(model.id): \(model.summary)", outputs: c.outputs,
                           notes: [])
        spec.plotView = try? FitPlotView.function(model: model, table: c.table, inputColumns: inputColumns, targets: c.targets, fixed: fixed)
        return spec
    }
}
