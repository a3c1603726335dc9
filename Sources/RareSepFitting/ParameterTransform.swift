import Foundation

/// How a fitted parameter θ is mapped to the unconstrained value u the
/// optimiser moves. Bounds are enforced by the map itself, so every trial point
/// the trust region proposes is admissible.
public enum ParameterTransform: Sendable, Equatable, CustomStringConvertible {
    /// θ = u (no bounds).
    case identity
    /// θ = exp(u) for a positive quantity (θ > 0).
    case log
    /// θ = lo + exp(u) (θ > lo).
    case lowerBound(Double)
    /// θ = hi − exp(u) (θ < hi).
    case upperBound(Double)
    /// θ = lo + (hi − lo)·(1 + tanh u)/2 (lo < θ < hi).
    case bounded(Double, Double)

    /// θ from u.
    public func parameter(_ u: Double) -> Double {
        switch self {
        case .identity: return u
        case .log: return Foundation.exp(u)
        case .lowerBound(let lo): return lo + Foundation.exp(u)
        case .upperBound(let hi): return hi - Foundation.exp(u)
        case .bounded(let lo, let hi): return lo + (hi - lo) * (1 + tanh(u)) / 2
        }
    }

    /// u from θ; nil when θ is outside the admissible range.
    public func unconstrained(_ theta: Double) -> Double? {
        switch self {
        case .identity: return theta
        case .log: return theta > 0 ? Foundation.log(theta) : nil
        case .lowerBound(let lo): return theta > lo ? Foundation.log(theta - lo) : nil
        case .upperBound(let hi): return theta < hi ? Foundation.log(hi - theta) : nil
        case .bounded(let lo, let hi):
            guard theta > lo, theta < hi else { return nil }
            return atanh(2 * (theta - lo) / (hi - lo) - 1)
        }
    }

    /// dθ/du at u, for the chain rule and the delta method.
    public func derivative(_ u: Double) -> Double {
        switch self {
        case .identity: return 1
        case .log, .lowerBound: return Foundation.exp(u)
        case .upperBound: return -Foundation.exp(u)
        case .bounded(let lo, let hi):
            let t = tanh(u)
            return (hi - lo) / 2 * (1 - t * t)
        }
    }

    public var description: String {
        switch self {
        case .identity: return "none"
        case .log: return "log"
        case .lowerBound(let lo): return "log(θ − \(lo))"
        case .upperBound(let hi): return "log(\(hi) − θ)"
        case .bounded(let lo, let hi): return "tanh-bounded (\(lo), \(hi))"
        }
    }
}

/// One parameter to estimate: its name (a model parameter key or a function
/// parameter), start value θ₀ and transform.
public struct FitParameter: Sendable, Equatable {
    /// Name as the model or function knows it, e.g. "D.Dy" or "m0".
    public var name: String
    /// Start value θ₀ in the parameter's own unit.
    public var start: Double
    /// Transform (and thereby bounds).
    public var transform: ParameterTransform
    /// Unit text for reports (the SI or declared unit of θ), "" when dimensionless.
    public var unit: String

    public init(name: String, start: Double, transform: ParameterTransform = .identity, unit: String = "") {
        self.name = name
        self.start = start
        self.transform = transform
        self.unit = unit
    }
}
