import Foundation
import RareSepColumn
import RareSepCore
import RareSepFitting

extension FitSpec {
    /// `model: {column: file}`: column-case keys (isotherm, LDF rate, dispersion) fitted
    /// to breakthrough curves, the column simulated at every evaluation.
    static func columnFit(_ c: Common) throws -> FitSpec {
        let (casePath, caseRoot, parameters) = try readCaseFit(c, key: "column", kind: "column", target: "c_over_c0 or a concentration")
        let problem = try wrap(at: c.parametersNode) {
            try ColumnBreakthroughFit.problem(caseRoot: caseRoot, casePath: casePath, library: c.library, table: c.table,
                                              target: c.targets[0], constantUncertainty: c.constantSigma, parameters: parameters)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.cascadeCase(root: caseRoot, estimates: est, provenance: c.provenance)
        }
        var spec = FitSpec(path: c.path, title: c.title, table: c.table, problem: problem, options: c.options, fittedModel: fitted,
                       modelDescription: "column case \((casePath as NSString).lastPathComponent), simulated over its programme per evaluation; each parameter in the unit its case file states",
                       outputs: c.outputs, notes: [])
        spec.columnCaseRoot = caseRoot
        spec.columnCasePath = casePath
        spec.library = c.library
        return spec
    }

    /// The fitted column case of a column fit spec, and the component its data are for;
    /// nil when the spec is not a column fit.
    public static func fittedColumnCase(_ spec: FitSpec, estimates: [Double]) throws -> (columnCase: ColumnCase, component: Int)? {
        guard let root = spec.columnCaseRoot, let casePath = spec.columnCasePath, let library = spec.library else { return nil }
        let map = try NodeParameterMap(base: root, parameters: spec.problem.parameters)
        let cc = try ColumnCase.load(root: try map.node(estimates), path: casePath, library: library)
        let binding = cc.problem.components.symbols.indices.filter { cc.problem.isotherm.isBinding($0) }
        return (cc, binding.first ?? 0)
    }
}
