/// A least-squares problem in physical terms: parameters with transforms,
/// observed values y_i (in the space the residual is formed, e.g. log10 D),
/// optional standard uncertainties σ_i, and a prediction ŷ_i(θ). The estimator
/// minimises Σ w_i·(ŷ_i − y_i)² with w_i = 1/σ_i² (or 1 without uncertainties).
public struct FitProblem {
    /// Parameters to estimate, in order.
    public var parameters: [FitParameter]
    /// Observations y_i.
    public var observations: [Double]
    /// Standard uncertainties σ_i (same unit as y_i), or nil for equal weights.
    public var uncertainties: [Double]?
    /// A label per point for the residual table, e.g. "line 7 D_Dy".
    public var labels: [String]
    /// What y is, with unit, e.g. "log10 D_Dy [-]".
    public var observable: String
    /// Per point, the SI value of one display unit (e.g. 1 mg/L of Dy in mol/m³), so
    /// the residual table shows the file's units; nil when y is shown as fitted.
    public var displayScale: [Double]?
    /// Fill ŷ (n entries) at physical parameters θ (p entries). Throw only for
    /// failures that must stop the fit; write NaN for a point the model cannot
    /// evaluate at this θ (the trust region then rejects the step).
    public var predict: (_ theta: [Double], _ predictions: inout [Double]) throws -> Void
    /// Optional analytic ∂ŷ_i/∂θ_k, n×p row-major; nil for finite differences.
    public var predictionJacobian: ((_ theta: [Double], _ jacobian: inout [Double]) throws -> Void)?
    /// Number of distinct data points: distinct experimental conditions (rows with
    /// different inputs) times the number of targets, when the builder knows them; the
    /// estimator refuses a fit with fewer distinct points than parameters. nil: unknown
    /// (the rank of the Jacobian at the optimum is still checked).
    public var distinctPoints: Int?

    public init(parameters: [FitParameter], observations: [Double], uncertainties: [Double]? = nil,
                labels: [String]? = nil, observable: String = "y", displayScale: [Double]? = nil,
                predict: @escaping (_ theta: [Double], _ predictions: inout [Double]) throws -> Void,
                predictionJacobian: ((_ theta: [Double], _ jacobian: inout [Double]) throws -> Void)? = nil) {
        self.parameters = parameters
        self.observations = observations
        self.uncertainties = uncertainties
        self.labels = labels ?? observations.indices.map { "point \($0 + 1)" }
        self.observable = observable
        self.displayScale = displayScale
        self.predict = predict
        self.predictionJacobian = predictionJacobian
    }
}
