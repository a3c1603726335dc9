import Foundation
import RareSepCore

/// The estimates of a fit report (fit.json from `raresep fit`) with their covariance
/// Σᵢⱼ = sᵢ sⱼ ρᵢⱼ from the standard errors and the correlation matrix, for Monte Carlo
/// sweeps over fitted parameters.
public struct FittedParameters: Sendable {
    /// Parameter names, in the report's order.
    public var names: [String]
    /// Estimates θ̂.
    public var estimates: [Double]
    /// Covariance of the estimates.
    public var covariance: [[Double]]

    private struct Report: Decodable {
        struct Parameter: Decodable { var name: String; var estimate: Double; var standardError: Double }
        var parameters: [Parameter]
        var correlation: [[Double]]
        var converged: Bool
    }

    /// Read `path` (named at `node` of the plan); a file that is not a converged fit
    /// report with finite standard errors is an error at `node`.
    public static func load(_ path: String, at node: ConfigNode) throws -> FittedParameters {
        let report: Report
        do {
            report = try JSONDecoder().decode(Report.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw node.error("a fit report written by 'raresep fit' (fit.json: parameters with estimate and standardError, correlation)",
                             problem: "not readable as one")
        }
        guard report.converged else { throw node.error("the report of a converged fit", problem: "this fit did not converge") }
        let n = report.parameters.count
        let se = report.parameters.map(\.standardError)
        guard report.correlation.count == n, report.correlation.allSatisfy({ $0.count == n }),
              se.allSatisfy({ $0.isFinite && $0 >= 0 }), report.parameters.allSatisfy({ $0.estimate.isFinite }) else {
            throw node.error("a fit report with finite estimates, standard errors and an n×n correlation matrix", problem: "incomplete report")
        }
        let cov = (0..<n).map { i in (0..<n).map { j in se[i] * se[j] * report.correlation[i][j] } }
        return FittedParameters(names: report.parameters.map(\.name), estimates: report.parameters.map(\.estimate), covariance: cov)
    }
}
