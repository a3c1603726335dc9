import Foundation
import RareSepCore

/// Scalar root finding on a bracket: Newton steps when a derivative is given and the step stays
/// inside the bracket, bisection otherwise; the bracket always shrinks, so it cannot diverge.
enum BracketedRoot {
    /// A root of `f` in [lower, upper] where f(lower) ≤ 0 ≤ f(upper) or the reverse.
    /// Stops when the bracket is within a few ulps or f is exactly zero.
    static func solve(lower: Double, upper: Double, maxIterations: Int = 400,
                      f: (Double) -> Double, derivative: ((Double) -> Double)? = nil) throws -> Double {
        var a = lower, b = upper
        var fa = f(a), fb = f(b)
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard fa.isFinite, fb.isFinite, (fa < 0) != (fb < 0) else {
            throw InputError(location: contactorFunctionLocation, key: "(root bracket)", value: "[\(fmt(a)), \(fmt(b))]",
                             expected: "a bracket with a sign change (internal error: please report)")
        }
        if fa > 0 { swap(&a, &b); swap(&fa, &fb) }   // now f(a) < 0 < f(b)
        var x = 0.5 * (a + b)
        for _ in 0..<maxIterations {
            let fx = f(x)
            if fx == 0 { return x }
            if fx < 0 { a = x } else { b = x }
            if abs(b - a) <= 4 * Double.ulpOfOne * max(abs(a), abs(b)) || abs(b - a) < Double.leastNormalMagnitude { return x }
            var next = 0.5 * (a + b)
            if let derivative {
                let d = derivative(x)
                if d.isFinite, d != 0 {
                    let n = x - fx / d
                    if n > min(a, b), n < max(a, b) { next = n }
                }
            }
            if next == x { return x }
            x = next
        }
        return x
    }
}
