import Foundation
import GSLBridge
import RareSepCore

/// Why a fit cannot be set up (the spec loader turns these into InputErrors with a location).
public enum FitSetupError: Error, CustomStringConvertible, Equatable {
    case tooFewPoints(points: Int, parameters: Int)
    case startOutsideBounds(parameter: String, start: Double, transform: String)
    case badUncertainty(point: String, value: Double)
    case nonFiniteObservation(point: String)
    case noParameters
    case unknownParameter(name: String, known: [String], missing: Bool = false)
    case modelRejected(String)
    /// The data cannot identify these parameters (found before fitting).
    case notIdentifiable(parameters: [String], reason: String)

    public var description: String {
        switch self {
        case .tooFewPoints(let n, let p):
            return "too few data points: \(n) point(s) for \(p) parameter(s); need more points than parameters (n > p) to estimate uncertainty"
        case .startOutsideBounds(let name, let start, let t):
            return "start value \(start) of parameter '\(name)' is outside the range of its transform \(t)"
        case .badUncertainty(let point, let v):
            return "uncertainty of \(point) is \(v); expected a positive finite number"
        case .nonFiniteObservation(let point):
            return "observation \(point) is not a finite number"
        case .noParameters:
            return "no parameters to fit"
        case .unknownParameter(let name, let known, let missing):
            if missing { return "parameter(s) \(name) neither fitted nor fixed; give a start value or a fixed value (model parameters: \(known.joined(separator: ", ")))" }
            return "unknown parameter '\(name)'; the model's parameters are \(known.joined(separator: ", "))"
        case .modelRejected(let message):
            return "the model cannot be evaluated at the start values: \(message)"
        case .notIdentifiable(let names, let reason):
            return "not identifiable: the data cannot determine parameter(s) \(names.joined(separator: ", ")): \(reason)"
        }
    }
}

/// Estimator options.
public struct FitOptions: Sendable {
    /// Trust-region settings passed to GSL.
    public var solver = NonlinearLeastSquaresOptions()
    /// Number of starts: the given start plus random ones around it (seeded).
    public var starts = 1
    /// Seed of the random starts (MT19937).
    public var seed: UInt = 1
    /// Confidence level of the intervals, e.g. 0.95.
    public var confidenceLevel = 0.95
    /// true: covariance × s² = χ²/(n − p) (relative weights, the usual case);
    /// false: σ_i are taken as absolute and the covariance is not rescaled.
    public var scaleCovarianceByResidualVariance = true
    /// Use the problem's analytic Jacobian when it has one.
    public var useAnalyticJacobian = true

    public init() {
        solver.method = .levenbergMarquardtGeodesic
    }
}

/// Weighted nonlinear least squares in transformed parameter space over GSL's
/// trust region, with covariance, t-intervals and goodness-of-fit statistics.
public enum LeastSquaresEstimator {
    /// Fit `problem`. Throws FitSetupError for a problem that cannot be set up;
    /// numerical trouble (no convergence, failed model evaluations) is reported
    /// in the report's status, not thrown.
    public static func fit(_ problem: FitProblem, options: FitOptions = FitOptions(), title: String = "fit",
                           dataset: String = "", datasetSource: String = "") throws -> FitReport {
        let n = problem.observations.count
        let p = problem.parameters.count
        guard p > 0 else { throw FitSetupError.noParameters }
        guard n > p else { throw FitSetupError.tooFewPoints(points: n, parameters: p) }
        for (i, y) in problem.observations.enumerated() where !y.isFinite {
            throw FitSetupError.nonFiniteObservation(point: problem.labels[i])
        }
        try checkIdentifiableData(problem)
        var weights: [Double]?
        if let sigma = problem.uncertainties {
            for (i, s) in sigma.enumerated() where !(s > 0 && s.isFinite) {
                throw FitSetupError.badUncertainty(point: problem.labels[i], value: s)
            }
            weights = sigma.map { 1 / ($0 * $0) }
        }
        var u0 = [Double](repeating: 0, count: p)
        for (k, par) in problem.parameters.enumerated() {
            guard let u = par.transform.unconstrained(par.start) else {
                throw FitSetupError.startOutsideBounds(parameter: par.name, start: par.start, transform: par.transform.description)
            }
            u0[k] = u
        }
        let transforms = problem.parameters.map(\.transform)
        let y = problem.observations
        // The model must give a finite prediction for every point at the start.
        var startPrediction = [Double](repeating: 0, count: n)
        do { try problem.predict(problem.parameters.map(\.start), &startPrediction) } catch {
            throw FitSetupError.modelRejected("\(error)")
        }
        let bad = startPrediction.indices.filter { !startPrediction[$0].isFinite }
        if !bad.isEmpty {
            let names = bad.prefix(3).map { problem.labels[$0] }.joined(separator: "; ")
            throw FitSetupError.modelRejected("no finite prediction for \(bad.count) point(s) at the start values (\(names)\(bad.count > 3 ? "; ..." : "")); check the conditions or choose other start values")
        }
        // Preallocated buffers shared by the closures.
        var theta = [Double](repeating: 0, count: p)
        var predictions = [Double](repeating: 0, count: n)
        var jTheta = [Double](repeating: 0, count: n * p)
        let predict = problem.predict
        let residual: ResidualFunction = { u, r in
            for k in 0..<p { theta[k] = transforms[k].parameter(u[k]) }
            try predict(theta, &predictions)
            for i in 0..<n { r[i] = predictions[i] - y[i] }
        }
        var jacobian: JacobianFunction?
        if options.useAnalyticJacobian, let pj = problem.predictionJacobian {
            jacobian = { u, J in
                for k in 0..<p { theta[k] = transforms[k].parameter(u[k]) }
                try pj(theta, &jTheta)
                for k in 0..<p {
                    let g = transforms[k].derivative(u[k])
                    for i in 0..<n { J[i * p + k] = jTheta[i * p + k] * g }
                }
            }
        }
        let solver = try NonlinearLeastSquares(residualCount: n, parameterCount: p, weights: weights,
                                               options: options.solver, residual: residual, jacobian: jacobian)
        // Starts: the given one, then random perturbations in transformed space.
        var starts = [u0]
        if options.starts > 1 {
            let rng = SeededRandom(seed: options.seed)
            for _ in 1..<options.starts {
                var u = u0
                for k in 0..<p {
                    switch transforms[k] {
                    case .bounded: u[k] = 3 * (2 * rng.uniform() - 1)
                    case .log, .lowerBound, .upperBound: u[k] = u0[k] + rng.gaussian(standardDeviation: 1)
                    case .identity: u[k] = u0[k] + rng.gaussian(standardDeviation: max(abs(u0[k]), 1))
                    }
                }
                starts.append(u)
            }
        }
        var best: NonlinearLeastSquaresResult?
        var bestStart = 0
        var converged = 0
        var evaluations = 0
        // Only fits with several starts take long enough for a progress line.
        let progress = ProgressReporter(label: "fit", total: starts.count, unit: "starts", quiet: starts.count > 1 ? nil : true)
        defer { progress.finish() }
        for (s, start) in starts.enumerated() {
            let r = solver.solve(start: start)
            progress.advance()
            evaluations += r.residualEvaluations
            if r.status.isConverged { converged += 1 }
            guard r.chiSquared.isFinite else {
                if best == nil { best = r; bestStart = s }
                continue
            }
            if let b = best, b.chiSquared.isFinite {
                let better = (r.status.isConverged && !b.status.isConverged) ||
                    (r.status.isConverged == b.status.isConverged && r.chiSquared < b.chiSquared)
                if better { best = r; bestStart = s }
            } else {
                best = r; bestStart = s
            }
        }
        return summarize(problem: problem, result: best!, start: starts[bestStart], weights: weights, options: options,
                         startsTried: starts.count, startsConverged: converged, evaluations: evaluations,
                         title: title, dataset: dataset, datasetSource: datasetSource)
    }

    static func summarize(problem: FitProblem, result r: NonlinearLeastSquaresResult, start: [Double], weights: [Double]?,
                          options: FitOptions, startsTried: Int, startsConverged: Int, evaluations: Int,
                          title: String, dataset: String, datasetSource: String) -> FitReport {
        let n = problem.observations.count
        let p = problem.parameters.count
        let dof = n - p
        let transforms = problem.parameters.map(\.transform)
        let u = r.parameters
        let theta = (0..<p).map { transforms[$0].parameter(u[$0]) }
        let w = weights ?? [Double](repeating: 1, count: n)
        let y = problem.observations
        let residuals = (0..<n).map { -r.residuals[$0] }  // y − ŷ
        let rss = residuals.reduce(0) { $0 + $1 * $1 }
        let chi2 = r.chiSquared
        let s2 = chi2 / Double(dof)
        let scale = options.scaleCovarianceByResidualVariance ? s2 : 1
        let g = (0..<p).map { transforms[$0].derivative(u[$0]) }
        var covTheta = [Double](repeating: .nan, count: p * p)
        for a in 0..<p { for b in 0..<p { covTheta[a * p + b] = g[a] * r.covariance[a * p + b] * scale * g[b] } }
        let seU = (0..<p).map { (r.covariance[$0 * p + $0] * scale).squareRoot() }
        let t = StatisticalDistributions.studentTQuantile(probability: (1 + options.confidenceLevel) / 2,
                                                          degreesOfFreedom: Double(dof))
        var estimates: [ParameterEstimate] = []
        for k in 0..<p {
            let se = covTheta[k * p + k].squareRoot()
            var lo: Double, hi: Double
            if transforms[k] == .identity {
                lo = theta[k] - t * se
                hi = theta[k] + t * se
            } else {
                lo = transforms[k].parameter(u[k] - t * seU[k])
                hi = transforms[k].parameter(u[k] + t * seU[k])
                if lo > hi { swap(&lo, &hi) }
            }
            let par = problem.parameters[k]
            estimates.append(ParameterEstimate(name: par.name, unit: par.unit, estimate: theta[k], standardError: se,
                                               lower: lo, upper: hi, transform: par.transform.description,
                                               start: transforms[k].parameter(start[k])))
        }
        var corr = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        for a in 0..<p { for b in 0..<p {
            corr[a][b] = covTheta[a * p + b] / (covTheta[a * p + a] * covTheta[b * p + b]).squareRoot()
        } }
        let wsum = w.reduce(0, +)
        let ybar = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / wsum
        let tss = zip(w, y).reduce(0) { $0 + $1.0 * ($1.1 - ybar) * ($1.1 - ybar) }
        let k = Double(p + 1)
        let aic = Double(n) * Foundation.log(chi2 / Double(n)) + 2 * k
        let aicc = n - p - 2 > 0 ? aic + 2 * k * (k + 1) / Double(n - p - 2) : .nan
        let s = s2.squareRoot()
        var points: [PointResidual] = []
        for i in 0..<n {
            // Shown in the file's units (the fit itself ran in SI).
            let f = problem.displayScale?[i] ?? 1
            let sigma = (problem.uncertainties?[i] ?? .nan) / f
            let pred = y[i] - residuals[i]
            points.append(PointResidual(label: problem.labels[i], observed: y[i] / f, predicted: pred / f,
                                        residual: residuals[i] / f, uncertainty: sigma,
                                        standardized: residuals[i] * w[i].squareRoot() / s))
        }
        var notes: [String] = []
        if !r.status.isConverged { notes.append("the best start did not converge: \(r.status); treat the estimates as provisional") }
        // Identifiability at the optimum: the numerical rank of J, and finite uncertainties.
        let analytic = options.useAnalyticJacobian && problem.predictionJacobian != nil
        let rank = Identifiability.rankDeficiency(jacobian: r.weightedJacobian, rows: n, parameters: p,
                                                  tolerance: Identifiability.tolerance(analyticJacobian: analytic))
        var unidentified = Set(rank.parameters)
        if chi2.isFinite && r.status.isConverged {
            for (k, e) in estimates.enumerated() where !e.standardError.isFinite { unidentified.insert(k) }
        }
        let unidentifiedNames = unidentified.sorted().map { problem.parameters[$0].name }
        var status = r.status.description
        if !unidentifiedNames.isEmpty {
            status = "not identifiable: the data do not determine \(unidentifiedNames.joined(separator: ", ")) (at the optimum the Jacobian is rank deficient or their standard errors are undefined: these parameters have no effect on the predictions or are linearly dependent on each other); estimates, standard errors, intervals and correlations of these parameters are meaningless; fix some of them, reparametrise, or add data that vary the conditions they act on"
        }
        if r.reciprocalCondition.isFinite && r.reciprocalCondition < 1e-10 {
            notes.append("the Jacobian is nearly singular (1/cond = \(r.reciprocalCondition)): some parameters are not identifiable from these data")
        }
        for (k, e) in estimates.enumerated() where !e.standardError.isFinite {
            notes.append("standard error of '\(problem.parameters[k].name)' is undefined (parameter not identifiable)")
        }
        for a in 0..<p { for b in (a + 1)..<max(a + 1, p) where abs(corr[a][b]) > 0.99 {
            notes.append("'\(problem.parameters[a].name)' and '\(problem.parameters[b].name)' are strongly correlated (r = \(String(format: "%.3f", corr[a][b])))")
        } }
        if let scale = problem.displayScale, scale.contains(where: { $0 != 1 }) {
            notes.append("RSS and RMSE are in SI units (mol/m³ for concentrations); the residual table is in the dataset's units")
        }
        if problem.uncertainties != nil && dof > 0 {
            notes.append("s = \(String(format: "%.3g", s)): the scatter is \(String(format: "%.3g", s)) times the stated uncertainties (s ≈ 1 when they describe the scatter)")
        }
        if startsTried > 1 { notes.append("best of \(startsTried) starts (\(startsConverged) converged), seed \(options.seed)") }
        let anyTransform = transforms.contains { $0 != .identity }
        var method = "standard errors from the covariance (JᵀWJ)⁻¹"
        method += options.scaleCovarianceByResidualVariance ? " scaled by the residual variance s² = χ²/(n − p)"
            : " with the uncertainties taken as absolute (not rescaled)"
        if anyTransform {
            method += "; for transformed parameters the covariance in transformed space is mapped to θ by the delta method (SE_θ = |dθ/du|·SE_u) and the interval is the transformed-space t-interval mapped back (asymmetric in θ)"
        }
        method += "; \(Int((options.confidenceLevel * 100).rounded())) % intervals use Student t with n − p = \(dof) degrees of freedom"
        let solverName: String
        switch options.solver.method {
        case .levenbergMarquardt: solverName = "Levenberg–Marquardt"
        case .levenbergMarquardtGeodesic: solverName = "Levenberg–Marquardt with geodesic acceleration"
        case .dogleg: solverName = "dogleg"
        case .doubleDogleg: solverName = "double dogleg"
        case .subspace2D: solverName = "2D subspace"
        }
        let jac = options.useAnalyticJacobian && problem.predictionJacobian != nil ? "analytic Jacobian"
            : "\(options.solver.finiteDifference.rawValue)-difference Jacobian"
        return FitReport(
            title: title, observable: problem.observable, dataset: dataset, datasetSource: datasetSource,
            method: "GSL multifit_nlinear trust region, \(solverName), \(options.solver.scaling.rawValue) scaling, \(jac)",
            status: status, converged: r.status.isConverged && unidentifiedNames.isEmpty,
            notIdentifiable: unidentifiedNames, iterations: r.iterations,
            residualEvaluations: evaluations, startsTried: startsTried, startsConverged: startsConverged,
            pointCount: n, parameterCount: p, degreesOfFreedom: dof, parameters: estimates, correlation: corr,
            residualSumOfSquares: rss, chiSquared: chi2, residualStandardDeviation: s, rmse: (rss / Double(n)).squareRoot(),
            rSquared: tss > 0 ? 1 - chi2 / tss : .nan, aic: aic, aicc: aicc, confidenceLevel: options.confidenceLevel, tQuantile: t,
            uncertaintyMethod: method, points: points, notes: notes)
    }
}
