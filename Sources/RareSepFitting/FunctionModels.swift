import Foundation

/// A closed-form model fitted directly to columns: ŷ = f(inputs; θ). Used for
/// correlations (log D vs pH and dose), isotherms to q–c data, and anything
/// that needs no equilibrium solve. Inputs are the numbers as written in the
/// dataset (the parameters' units follow from the columns' units).
public struct FunctionModel: Sendable {
    /// Registry id, e.g. "uky-log-d-correlation".
    public var id: String
    /// One-line summary with the formula.
    public var summary: String
    /// Input names; the spec maps each to a column (default: the same name).
    public var inputs: [String]
    /// Parameter names in order.
    public var parameters: [String]
    /// What the function returns, e.g. "log10 D".
    public var output: String
    /// ŷ at one point: inputs (in `inputs` order) and parameters (in `parameters` order).
    public var value: @Sendable (_ inputs: [Double], _ theta: [Double]) -> Double
    /// ∂ŷ/∂θ at one point into `gradient` (p entries).
    public var gradient: @Sendable (_ inputs: [Double], _ theta: [Double], _ gradient: inout [Double]) -> Void
    /// What each input column's header unit must be (in `inputs` order; empty: any).
    public var inputUnits: [ColumnUnit] = []
    /// What the target column's header unit must be.
    public var outputUnit: ColumnUnit = .any
    /// Physical range of each input column's values as written (in `inputs` order; nil: any).
    public var inputRanges: [DataRange?] = []
    /// Physical range of the target column's values as written (nil: any).
    public var outputRange: DataRange?
}

/// Every closed-form fit function: one entry each.
public enum FunctionModelRegistry {
    public static let all: [FunctionModel] = [
        FunctionModel(
            id: "uky-log-d-correlation",
            summary: "log10 D = (m0 + m1·dose)·pH + B0 + B1·log10(dose) (University of Kentucky D2EHPA+TBP form; dose in vol%)",
            inputs: ["pH", "dose"], parameters: ["m0", "m1", "B0", "B1"], output: "log10 D",
            value: { x, t in (t[0] + t[1] * x[1]) * x[0] + t[2] + t[3] * log10(x[1]) },
            gradient: { x, _, g in g[0] = x[0]; g[1] = x[1] * x[0]; g[2] = 1; g[3] = log10(x[1]) },
            inputUnits: [.none("pH"), .oneOf(["vol%", "% v/v", "%"])], outputUnit: .none("log10 D"),
            inputRanges: [.pH, .volumePercent], outputRange: .log10DistributionRatio),
        FunctionModel(
            id: "log-linear-ph",
            summary: "log10 D = a·pH + b (slope analysis at fixed extractant)",
            inputs: ["pH"], parameters: ["a", "b"], output: "log10 D",
            value: { x, t in t[0] * x[0] + t[1] },
            gradient: { x, _, g in g[0] = x[0]; g[1] = 1 },
            inputUnits: [.none("pH")], outputUnit: .none("log10 D"),
            inputRanges: [.pH], outputRange: .log10DistributionRatio),
        // Isotherm adapter point: when the column branch's isotherm registry lands,
        // isotherms fit through it exactly like distribution models through ModelRegistry.
        FunctionModel(
            id: "langmuir",
            summary: "q = q_max·K·c/(1 + K·c) (single-component Langmuir isotherm)",
            inputs: ["c"], parameters: ["q_max", "K"], output: "q",
            value: { x, t in t[0] * t[1] * x[0] / (1 + t[1] * x[0]) },
            gradient: { x, t, g in
                let d = 1 + t[1] * x[0]
                g[0] = t[1] * x[0] / d
                g[1] = t[0] * x[0] / (d * d)
            },
            inputUnits: [.dimension(.concentration)], outputUnit: .dimensions([.concentration, .specificAmount]),
            inputRanges: [.nonNegative], outputRange: .nonNegative),
        FunctionModel(
            id: "freundlich",
            summary: "q = K_F·c^(1/n) (Freundlich isotherm)",
            inputs: ["c"], parameters: ["K_F", "n"], output: "q",
            value: { x, t in t[0] * pow(x[0], 1 / t[1]) },
            gradient: { x, t, g in
                let v = pow(x[0], 1 / t[1])
                g[0] = v
                g[1] = -t[0] * v * log(x[0]) / (t[1] * t[1])
            },
            inputUnits: [.dimension(.concentration)], outputUnit: .dimensions([.concentration, .specificAmount]),
            inputRanges: [.nonNegative], outputRange: .nonNegative),
    ]

    /// Model by id, or nil.
    public static func model(_ id: String) -> FunctionModel? { all.first { $0.id == id } }
}
