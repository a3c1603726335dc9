import Foundation
import RareSepChemistry
import RareSepCore
import RareSepFitting

extension FitSpec {
    /// `model: {case: file}`: case keys fitted to cascade outlet concentrations.
    static func cascadeFit(_ c: Common) throws -> FitSpec {
        let caseNode = try c.modelNode.require("case")
        try c.modelNode.checkKeys(["case"])
        let casePath = c.library.resolve(try caseNode.string(), relativeTo: c.path)
        guard FileManager.default.fileExists(atPath: casePath) else {
            throw caseNode.error("an existing cascade case file (looked for \(casePath))")
        }
        guard c.targets.count == 1 else { throw c.targetNode.error("one target column (the measured concentration)") }
        let caseRoot = try YAMLDocument.load(path: casePath)
        let parameters = try readParameters(c.parametersNode, startFrom: caseRoot)
        try checkEnoughPoints(table: c.table, targets: 1, parameters: parameters.count, at: c.parametersNode)
        let problem = try wrap(at: c.parametersNode) {
            try CascadeOutletFit.problem(caseRoot: caseRoot, casePath: casePath, library: c.library, table: c.table,
                                         target: c.targets[0], constantUncertainty: c.constantSigma, parameters: parameters)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.cascadeCase(root: caseRoot, estimates: est, provenance: c.provenance)
        }
        return FitSpec(path: c.path, title: c.title, table: c.table, problem: problem, options: c.options, fittedModel: fitted,
                       modelDescription: "cascade case \((casePath as NSString).lastPathComponent), solved to steady state per evaluation; observed: outlet concentrations",
                       outputs: c.outputs, notes: [])
    }
}
