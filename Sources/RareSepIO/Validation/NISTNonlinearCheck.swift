import Foundation
import GSLBridge
import RareSepCore
import RareSepFitting

/// NIST StRD nonlinear regression: fit the certified problem from both NIST
/// starting points and compare parameters, standard deviations and the residual
/// sum of squares with the certified values (reference.yaml beside the data).
enum NISTNonlinearCheck {
    /// The StRD model functions by id: value and gradient ∂f/∂b at x.
    static let models: [String: (count: Int, f: @Sendable (Double, [Double]) -> Double,
                                 grad: @Sendable (Double, [Double], inout [Double]) -> Void)] = [
        "misra1a": (2, { x, b in b[0] * (1 - exp(-b[1] * x)) },
                    { x, b, g in g[0] = 1 - exp(-b[1] * x); g[1] = b[0] * x * exp(-b[1] * x) }),
        "boxbod": (2, { x, b in b[0] * (1 - exp(-b[1] * x)) },
                   { x, b, g in g[0] = 1 - exp(-b[1] * x); g[1] = b[0] * x * exp(-b[1] * x) }),
        "thurber": (7, { x, b in
            (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x) / (1 + b[4] * x + b[5] * x * x + b[6] * x * x * x)
        }, { x, b, g in
            let num = b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x
            let den = 1 + b[4] * x + b[5] * x * x + b[6] * x * x * x
            g[0] = 1 / den; g[1] = x / den; g[2] = x * x / den; g[3] = x * x * x / den
            let q = -num / (den * den)
            g[4] = q * x; g[5] = q * x * x; g[6] = q * x * x * x
        }),
        "mgh09": (4, { x, b in b[0] * (x * x + x * b[1]) / (x * x + x * b[2] + b[3]) }, { x, b, g in
            let num = x * x + x * b[1]
            let den = x * x + x * b[2] + b[3]
            g[0] = num / den; g[1] = b[0] * x / den
            g[2] = -b[0] * num * x / (den * den); g[3] = -b[0] * num / (den * den)
        }),
        "rat43": (4, { x, b in b[0] / pow(1 + exp(b[1] - b[2] * x), 1 / b[3]) }, { x, b, g in
            let e = exp(b[1] - b[2] * x)
            let base = 1 + e
            let f = b[0] / pow(base, 1 / b[3])
            g[0] = f / b[0]
            g[1] = -f / b[3] * e / base
            g[2] = f / b[3] * x * e / base
            g[3] = f * log(base) / (b[3] * b[3])
        }),
    ]

    static let check = ValidationCheck(id: "nist-strd-nonlinear") { ctx in
        let reference = try YAMLDocument.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let table = try DataTable.load(path: ctx.path(try ctx.spec.require("case").string()))
        let x = try table.numbers(try table.require("x", purpose: "predictor"))
        let y = try table.numbers(try table.require("y", purpose: "response"))
        let modelNode = try reference.require("model")
        guard let model = models[try modelNode.string()] else {
            throw modelNode.error("one of \(models.keys.sorted().joined(separator: ", "))")
        }
        let certified = try reference.require("parameters").items().map { try $0.double() }
        let sd = try reference.require("standard_deviations").items().map { try $0.double() }
        let rss = try reference.require("residual_sum_of_squares").double()
        var options = FitOptions()
        if let m = try ctx.spec.optional("parameters")?.optional("method") {
            guard let method = TrustRegionMethod(rawValue: try m.string()) else {
                throw m.error("one of \(TrustRegionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.solver.method = method
        }
        var comparisons: [Comparison] = []
        for (s, startNode) in try reference.require("starts").items().enumerated() {
            let start = try startNode.items().map { try $0.double() }
            guard start.count == model.count, certified.count == model.count else {
                throw startNode.error("\(model.count) values")
            }
            let parameters = start.enumerated().map { FitParameter(name: "b\($0.offset + 1)", start: $0.element) }
            var grad = [Double](repeating: 0, count: model.count)
            let problem = FitProblem(parameters: parameters, observations: y, predict: { b, out in
                for i in x.indices { out[i] = model.f(x[i], b) }
            }, predictionJacobian: { b, J in
                for i in x.indices {
                    model.grad(x[i], b, &grad)
                    for k in 0..<model.count { J[i * model.count + k] = grad[k] }
                }
            })
            let report = try LeastSquaresEstimator.fit(problem, options: options)
            for k in 0..<model.count {
                comparisons.append(Comparison("parameter[b\(k + 1) start \(s + 1)]", value: report.parameters[k].estimate,
                                              reference: certified[k]))
                comparisons.append(Comparison("standard_deviation[b\(k + 1) start \(s + 1)]",
                                              value: report.parameters[k].standardError, reference: sd[k]))
            }
            comparisons.append(Comparison("residual_sum_of_squares[start \(s + 1)]", value: report.residualSumOfSquares,
                                          reference: rss))
        }
        return comparisons
    }
}
