import RareSepCore

/// One estimated parameter with its uncertainty.
public struct ParameterEstimate: Codable, Sendable {
    /// Parameter name.
    public var name: String
    /// Unit of θ ("" when dimensionless).
    public var unit: String
    /// Estimate θ̂.
    public var estimate: Double
    /// Standard error of θ̂ (delta method through the transform), same unit.
    public var standardError: Double
    /// Lower end of the confidence interval.
    public var lower: Double
    /// Upper end of the confidence interval.
    public var upper: Double
    /// Transform the optimiser used.
    public var transform: String
    /// Start value θ₀ of the best start.
    public var start: Double
}

/// Observed, predicted and residual for one data point.
public struct PointResidual: Codable, Sendable {
    /// Where the point came from, e.g. "line 7 D_Dy".
    public var label: String
    /// Observed y_i.
    public var observed: Double
    /// Predicted ŷ_i.
    public var predicted: Double
    /// Residual y_i − ŷ_i (observed, predicted, residual and σ in the dataset's units).
    public var residual: Double
    /// Standard uncertainty σ_i used for the weight (NaN when unweighted).
    public var uncertainty: Double
    /// Standardised residual (y_i − ŷ_i)·√w_i / s.
    public var standardized: Double
}

/// Everything a fit reports: estimates, uncertainty, goodness of fit, residuals, status.
public struct FitReport: Codable, Sendable {
    /// Schema id of fit.json (docs/schemas/fit-report.schema.json); absent in files written before it existed.
    public var schema: String? = "raresep.fit-report/1"
    /// What was fitted (spec title or model id).
    public var title: String
    /// Observable with unit, e.g. "log10 D_Dy [-]".
    public var observable: String
    /// Dataset path and its citation.
    public var dataset: String
    public var datasetSource: String
    /// "levenberg-marquardt" etc. plus scaling.
    public var method: String
    /// Status text and flag: converged means the solver converged and the data identify
    /// every parameter ("not identifiable: ..." otherwise).
    public var status: String
    public var converged: Bool
    /// Parameters the data do not identify (rank-deficient Jacobian at the optimum or an
    /// undefined standard error); empty for an identifiable fit.
    public var notIdentifiable: [String]
    /// Trust-region iterations of the best start, residual evaluations over all starts.
    public var iterations: Int
    public var residualEvaluations: Int
    /// Starts tried and how many converged.
    public var startsTried: Int
    public var startsConverged: Int
    /// Points n, parameters p, degrees of freedom n − p.
    public var pointCount: Int
    public var parameterCount: Int
    public var degreesOfFreedom: Int
    /// Parameter estimates in order.
    public var parameters: [ParameterEstimate]
    /// Correlation matrix of the estimates (p×p, row-major nested).
    public var correlation: [[Double]]
    /// Unweighted residual sum of squares Σ(y − ŷ)², in the fitted (SI) units.
    public var residualSumOfSquares: Double
    /// Weighted χ² = Σ w(y − ŷ)².
    public var chiSquared: Double
    /// Residual standard deviation s = √(χ²/(n − p)) (weighted units).
    public var residualStandardDeviation: Double
    /// Root-mean-square error √(Σ(y − ŷ)²/n) in the fitted (SI) units.
    public var rmse: Double
    /// Coefficient of determination R² = 1 − χ²/Σw(y − ȳ_w)².
    public var rSquared: Double
    /// Akaike information criterion n·ln(χ²/n) + 2(p + 1) and its small-sample correction.
    public var aic: Double
    public var aicc: Double
    /// Confidence level and Student-t quantile t_{(1+level)/2, n−p}.
    public var confidenceLevel: Double
    public var tQuantile: Double
    /// How standard errors were formed (stated in every report).
    public var uncertaintyMethod: String
    /// Residuals per point.
    public var points: [PointResidual]
    /// Warnings and notes.
    public var notes: [String]
    /// Input warnings (data outside a model file's valid_range), also printed on stderr.
    public var warnings: [InputWarning] = []
}
