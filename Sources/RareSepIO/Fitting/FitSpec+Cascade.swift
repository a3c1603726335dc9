import Foundation
import RareSepChemistry
import RareSepCore
import RareSepFitting

extension FitSpec {
    /// `model: {case: file}`: case keys fitted to cascade outlet concentrations.
    static func cascadeFit(_ c: Common) throws -> FitSpec {
        let (casePath, caseRoot, parameters) = try readCaseFit(c, key: "case", kind: "cascade", target: "the measured concentration")
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
