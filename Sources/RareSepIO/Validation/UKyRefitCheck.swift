import Foundation
import GSLBridge
import RareSepCore
import RareSepFitting

/// Refit of the University of Kentucky D2EHPA log D correlation:
/// 1. the committed synthetic dataset (case file) is fitted per element and the
///    estimates, standard errors and t quantile are compared with the
///    independent ordinary-least-squares reference (reference file, numpy/scipy);
/// 2. with data regenerated in Swift (GSL MT19937, seeds 1…N) from the true
///    coefficients (truth.csv) at the same design and noise, each 95 % interval
///    must cover the truth a number of times inside the central binomial band.
enum UKyRefitCheck {
    static let check = ValidationCheck(id: "uky-correlation-refit") { ctx in
        guard let model = FunctionModelRegistry.model("uky-log-d-correlation") else { return [] }
        let params = try ctx.spec.require("parameters")
        let seeds = try params.require("seeds").int()
        let sigma = try params.require("sigma").double()
        let alpha = try params.require("band_alpha").double()
        let data = try DataTable.load(path: ctx.path(try ctx.spec.require("case").string()))
        let reference = try DataTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let truthTable = try DataTable.load(path: ctx.path("truth.csv"))
        let elements = try reference.require("element", purpose: "element").cells
        let names = try reference.require("parameter", purpose: "parameter").cells
        let refEstimate = try reference.numbers(try reference.require("estimate", purpose: "OLS estimate"))
        let refSE = try reference.numbers(try reference.require("standard_error", purpose: "OLS standard error"))
        let refT = try reference.numbers(try reference.require("t_quantile", purpose: "t quantile"))
        let pH = try data.numbers(try data.require("pH", purpose: "input"))
        let dose = try data.numbers(try data.require("dose", purpose: "input"))
        var options = FitOptions()
        options.solver.method = .levenbergMarquardt
        var comparisons: [Comparison] = []
        let band = StatisticalDistributions.binomialBand(probability: 0.95, trials: seeds, alpha: alpha)
        for (row, element) in truthTable.column("element")!.cells.enumerated() {
            let parameters = model.parameters.map { FitParameter(name: $0, start: 0) }
            // 1. committed data vs the OLS reference
            let targets = try FitTargets.read(data, columns: ["log10D_\(element)"], dimension: { _ in .dimensionless })
            let problem = try FunctionFit.problem(model: model, table: data, inputColumns: ["pH", "dose"], targets: targets,
                                                  parameters: parameters)
            let report = try LeastSquaresEstimator.fit(problem, options: options)
            for (i, e) in elements.enumerated() where e == element {
                guard let k = model.parameters.firstIndex(of: names[i]) else { continue }
                comparisons.append(Comparison("estimate[\(element) \(names[i])]", value: report.parameters[k].estimate,
                                              reference: refEstimate[i]))
                comparisons.append(Comparison("standard_error[\(element) \(names[i])]",
                                              value: report.parameters[k].standardError, reference: refSE[i]))
                comparisons.append(Comparison("t_quantile[\(element)]", value: report.tQuantile, reference: refT[i]))
            }
            // 2. coverage over seeds, data regenerated from the truth
            let truth = try model.parameters.map { name -> Double in
                try truthTable.numbers(try truthTable.require(name, purpose: "true coefficient"))[row]
            }
            var covered = [Int](repeating: 0, count: truth.count)
            for seed in 1...seeds {
                let rng = SeededRandom(seed: UInt(seed))
                let y = pH.indices.map { model.value([pH[$0], dose[$0]], truth) + rng.gaussian(standardDeviation: sigma) }
                let synthetic = FitProblem(parameters: parameters, observations: y,
                                           predict: { t, out in for i in y.indices { out[i] = model.value([pH[i], dose[i]], t) } },
                                           predictionJacobian: problem.predictionJacobian)
                let r = try LeastSquaresEstimator.fit(synthetic, options: options)
                for k in truth.indices where r.parameters[k].lower <= truth[k] && truth[k] <= r.parameters[k].upper {
                    covered[k] += 1
                }
            }
            for k in truth.indices {
                let name = "\(element) \(model.parameters[k]), \(seeds) seeds"
                comparisons.append(Comparison("coverage_low[\(name)]", value: Double(covered[k]),
                                              reference: Double(band.lowerBound), kind: .atLeast))
                comparisons.append(Comparison("coverage_high[\(name)]", value: Double(covered[k]),
                                              reference: Double(band.upperBound), kind: .atMost))
            }
        }
        return comparisons
    }
}
