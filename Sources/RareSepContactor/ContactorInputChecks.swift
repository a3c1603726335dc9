import Foundation
import RareSepCore

/// Where errors from the pure contactor functions point before a case reader relocates them:
/// the functions have no file, so they name the quantity (the key a contactor file uses) and
/// the reader rewrites the location with `InputError.relocated(to:keyPrefix:)`.
public let contactorFunctionLocation = SourceLocation(file: "(emulsion-flow contactor)")

extension InputError {
    /// The same error at a file location, its key prefixed by the block that held the value
    /// (`contactors[0].` + `droplet_diameter`); for case readers calling the contactor functions.
    public func relocated(to location: SourceLocation, keyPrefix: String = "") -> InputError {
        var e = self
        e.location = location
        e.key = keyPrefix + key
        return e
    }
}

/// Number formatting for messages (4 significant digits).
func fmt(_ x: Double) -> String { String(format: "%.4g", x) }

/// Argument checks shared by the hydrodynamics and mass-transfer functions. Each bound is a
/// plausibility limit far outside real liquid-liquid practice, so only typos and unit slips fail.
enum ContactorCheck {
    static func error(_ key: String, _ value: Double, expected: String, problem: String? = nil) -> InputError {
        InputError(location: contactorFunctionLocation, key: key, value: fmt(value), expected: expected, problem: problem)
    }

    /// `value` finite and in (0, max] (or [0, max] when `allowZero`), in `unit`.
    static func positive(_ value: Double, _ key: String, unit: String, max: Double, allowZero: Bool = false,
                         problem: String? = nil) throws {
        let low = allowZero ? value >= 0 : value > 0
        guard value.isFinite, low, value <= max else {
            let sign = allowZero ? "a non-negative" : "a positive"
            throw error(key, value, expected: "\(sign) value up to \(fmt(max)) \(unit)",
                        problem: problem ?? (value.isFinite && !low ? (allowZero ? "negative" : "zero or negative") : nil))
        }
    }

    /// `value` finite and in [low, high].
    static func inRange(_ value: Double, _ key: String, _ low: Double, _ high: Double, unit: String) throws {
        guard value.isFinite, value >= low, value <= high else {
            throw error(key, value, expected: "a value in [\(fmt(low)), \(fmt(high))] \(unit)")
        }
    }
}
