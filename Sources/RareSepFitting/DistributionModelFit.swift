import RareSepChemistry
import RareSepCore

/// Builds the least-squares problem for any registered distribution model
/// fitted to batch shake-out data: each evaluation rebuilds the model from its
/// parameter node with the trial values substituted at the parameters' dotted
/// names (e.g. "D.Dy", "K_ex.Nd"), then solves every test's full single-stage
/// equilibrium (loading and pH shift included) and reads the targets.
public enum DistributionModelFit {
    /// `baseNode` is the model's parameter mapping (as in a Models/ file);
    /// `targets` were read for `observables` in the same order.
    public static func problem(registration: ModelRegistration, baseNode: ConfigNode, context: ModelContext,
                               dataset: BatchDataset, observables: [BatchObservable], targets: FitTargets,
                               parameters: [FitParameter]) throws -> FitProblem {
        let map = try NodeParameterMap(base: baseNode, parameters: parameters)
        let build: ([Double]) throws -> any EquilibriumModel = { theta in try registration.make(try map.node(theta), context) }
        do { _ = try build(parameters.map(\.start)) } catch {
            throw FitSetupError.modelRejected("\(error)")
        }
        let rows = dataset.problems.count
        var fitProblem = FitProblem(
            parameters: parameters, observations: targets.observations, uncertainties: targets.uncertainties,
            labels: targets.labels.enumerated().map { "\($0.element) (\(dataset.conditionLabel($0.offset % max(rows, 1))))" },
            observable: targets.observable, displayScale: targets.displayScale,
            predict: { theta, out in
                guard let model = try? build(theta) else {
                    for i in out.indices { out[i] = .nan }  // outside the model's domain: the step is rejected
                    return
                }
                for i in 0..<rows {
                    let problem = dataset.problem(i, model: model)
                    let state = BatchEquilibrium.solve(model: model, problem: problem)
                    for (s, o) in observables.enumerated() {
                        out[s * rows + i] = state.report.converged ? o.value(state, problem) : .nan
                    }
                }
            })
        fitProblem.distinctPoints = distinctRows(rows) { i in
            let b = dataset.problems[i]
            return b.aqueousInitial + b.organicInitial + [b.organicVolume, b.fixedPH ?? .infinity, dataset.initialPH[i] ?? .infinity]
        } * observables.count
        return fitProblem
    }
}
