import Foundation
import RareSepFitting

/// The printable fit report.
public enum FitReportText {
    static func g(_ v: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)g", v) }
    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    static func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

    public static func render(_ r: FitReport, modelDescription: String, notes: [String], written: [String]) -> String {
        var s = "Fit: \(r.title)\n"
        s += "Data:   \(r.dataset) (\(r.pointCount) points)\n"
        if !r.datasetSource.isEmpty {
            let text = r.datasetSource.hasPrefix("Source:") ? String(r.datasetSource.dropFirst(7)).trimmingCharacters(in: .whitespaces) : r.datasetSource
            s += "Source: \(text)\n"
        }
        s += "Model:  \(modelDescription)\n"
        s += "Fitted: \(r.observable)\n"
        s += "Method: \(r.method)\n"
        s += "Status: \(r.converged ? "CONVERGED" : r.notIdentifiable.isEmpty ? "NOT CONVERGED" : "NOT IDENTIFIABLE") — \(r.status); \(r.iterations) iterations, \(r.residualEvaluations) model evaluations\n\n"
        for w in r.warnings { s += "\(w)\n" }
        if !r.warnings.isEmpty { s += "\n" }
        let level = Int((r.confidenceLevel * 100).rounded())
        let w = max(14, (r.parameters.map(\.name.count).max() ?? 0) + 2)
        s += pad("parameter", w) + lpad("estimate", 14) + lpad("std. error", 13) + lpad("\(level) % interval", 30) + "  unit / transform\n"
        for e in r.parameters {
            let ci = "[\(g(e.lower)), \(g(e.upper))]"
            s += pad(e.name, w) + lpad(g(e.estimate), 14) + lpad(g(e.standardError, 3), 13) + lpad(ci, 30)
            s += "  \(e.unit.isEmpty ? "-" : e.unit) / \(e.transform)\n"
        }
        if r.parameters.count > 1 {
            s += "\nCorrelation of the estimates (columns in the same order):\n" + pad("", w + 4)
            for k in r.parameters.indices { s += lpad("(\(k + 1))", 10) }
            s += "\n"
            for (a, e) in r.parameters.enumerated() {
                s += pad("(\(a + 1)) \(e.name)", w + 4)
                for b in 0..<r.parameters.count { s += lpad(String(format: "%.3f", r.correlation[a][b]), 10) }
                s += "\n"
            }
        }
        s += "\nGoodness of fit: n = \(r.pointCount), p = \(r.parameterCount), n − p = \(r.degreesOfFreedom)\n"
        s += "  RSS = \(g(r.residualSumOfSquares)), χ² = \(g(r.chiSquared)), s = \(g(r.residualStandardDeviation))"
        s += ", RMSE = \(g(r.rmse)), R² = \(String(format: "%.5f", r.rSquared))\n"
        s += "  AIC = \(g(r.aic)), AICc = \(g(r.aicc)), t(\(g(r.confidenceLevel / 2 + 0.5, 4)), \(r.degreesOfFreedom)) = \(g(r.tQuantile, 5))\n"
        s += "\nResiduals (observed − predicted):\n"
        let lw = max(20, (r.points.map(\.label.count).max() ?? 0) + 2)
        s += pad("point", lw) + lpad("observed", 13) + lpad("predicted", 13) + lpad("residual", 13) + lpad("std.", 8) + "\n"
        let shown = r.points.count <= 60 ? r.points : Array(r.points.prefix(40))
        for p in shown {
            s += pad(p.label, lw) + lpad(g(p.observed), 13) + lpad(g(p.predicted), 13) + lpad(g(p.residual, 3), 13)
            s += lpad(String(format: "%.2f", p.standardized), 8) + "\n"
        }
        if shown.count < r.points.count { s += "  ... \(r.points.count - shown.count) more in the residuals CSV\n" }
        s += "\nUncertainty: \(r.uncertaintyMethod).\n"
        let allNotes = notes + r.notes
        if !allNotes.isEmpty { s += "Notes:\n" + allNotes.map { "  - \($0)\n" }.joined() }
        if !written.isEmpty { s += "Wrote:\n" + written.map { "  \($0)\n" }.joined() }
        return s
    }
}
