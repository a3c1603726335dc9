import Foundation
import RareSepFitting

/// `report.html` of a fit.
enum FitRunReport {
    static func html(_ r: FitReport, spec: FitSpec, plot: String, plotFile: String, text: String, files: [String]) -> String {
        let status = r.converged ? "converged" : (r.notIdentifiable.isEmpty ? "not converged" : "not identifiable")
        var page = HTMLReport(title: r.title, kind: "fit", status: status, ok: r.converged)
        page.section("Summary")
        page.facts([("dataset", "\(r.dataset) (\(r.pointCount) points)"), ("source of the data", r.datasetSource.isEmpty ? "—" : r.datasetSource),
                    ("model", spec.modelDescription), ("fitted quantity", r.observable), ("method", r.method)])
        let level = Int((r.confidenceLevel * 100).rounded())
        page.table(["parameter", "unit", "estimate", "standard error", "\(level) % interval low", "\(level) % interval high", "transform", "start"],
                   r.parameters.map { e in
                       [e.name, e.unit.isEmpty ? "-" : e.unit, HTMLReport.num(e.estimate, "%.6g"), HTMLReport.num(e.standardError, "%.3g"),
                        HTMLReport.num(e.lower, "%.6g"), HTMLReport.num(e.upper, "%.6g"), e.transform, HTMLReport.num(e.start, "%.6g")]
                   }, caption: "Parameters")
        page.table(["measure", "value"], [
            ["points / parameters / degrees of freedom", "\(r.pointCount) / \(r.parameterCount) / \(r.degreesOfFreedom)"],
            ["residual sum of squares (dataset units²)", HTMLReport.num(r.residualSumOfSquares)],
            ["χ² (weighted)", HTMLReport.num(r.chiSquared)],
            ["residual standard deviation", HTMLReport.num(r.residualStandardDeviation)],
            ["RMSE (dataset units)", HTMLReport.num(r.rmse)], ["R²", HTMLReport.num(r.rSquared, "%.5f")],
            ["AIC / AICc", "\(HTMLReport.num(r.aic)) / \(HTMLReport.num(r.aicc))"],
            ["uncertainty method", r.uncertaintyMethod],
        ], caption: "Goodness of fit")
        if r.parameters.count > 1, r.correlation.count == r.parameters.count {
            page.table([""] + r.parameters.map(\.name), r.parameters.enumerated().map { i, p in
                [p.name] + r.correlation[i].map { HTMLReport.num($0, "%.3f") }
            }, caption: "Parameter correlation")
        }
        page.section("Plots")
        page.plot(plot, file: plotFile, caption: "Data and fitted model; standardised residuals below (band ±2)")
        page.warnings(r.warnings.map(\.description))
        page.section("Solver report")
        page.facts([("status", r.status), ("iterations", "\(r.iterations)"), ("model evaluations", "\(r.residualEvaluations)"),
                    ("starts tried / converged", "\(r.startsTried) / \(r.startsConverged)")]
                   + (r.notes + spec.notes).enumerated().map { ("note \($0.offset + 1)", $0.element) })
        page.pre(text)
        page.inputs(casePath: spec.path, others: [spec.table.file] + files)
        return page.html()
    }
}
