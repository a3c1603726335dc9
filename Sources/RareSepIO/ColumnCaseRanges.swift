import Foundation
import RareSepCore

/// Physical ranges of column-case quantities, checked while the case loads so that an
/// absurd value (`1e308 mm/s`, `1e308 1/s`) is a located range error instead of a
/// non-finite integration. The bounds lie far outside any real column either way.
enum ColumnCaseRanges {
    /// A quantity range in SI units with the text an error shows.
    struct Range {
        var lower: Double
        var upper: Double
        /// Whether `lower` itself is allowed (0 for dispersion); otherwise values must exceed it.
        var includesLower: Bool
        /// "from 1e-9 to 1 m/s", for messages.
        var text: String

        func contains(_ v: Double) -> Bool { (includesLower ? v >= lower : v > lower) && v <= upper }
    }

    /// Column length, m.
    static let length = Range(lower: 1e-4, upper: 1e3, includesLower: true, text: "from 0.1 mm to 1000 m")
    /// Superficial velocity, m/s (3.6e-6 to 3600 m/h).
    static let velocity = Range(lower: 1e-9, upper: 1, includesLower: true, text: "from 1e-9 to 1 m/s (3.6e-6 to 3600 m/h)")
    /// Axial dispersion coefficient, m²/s.
    static let axialDispersion = Range(lower: 0, upper: 1, includesLower: true, text: "from 0 to 1 m²/s")
    /// LDF or desorption rate constant, 1/s.
    static let rate = Range(lower: 0, upper: 1e6, includesLower: false, text: "above 0 and at most 1e6 1/s")
    /// Film mass-transfer coefficient, m/s.
    static let filmTransfer = Range(lower: 0, upper: 1, includesLower: false, text: "above 0 and at most 1 m/s")
    /// Particle radius, m.
    static let particleRadius = Range(lower: 1e-8, upper: 0.1, includesLower: true, text: "from 10 nm to 10 cm")
    /// Pore diffusivity, m²/s.
    static let poreDiffusivity = Range(lower: 0, upper: 1e-3, includesLower: false, text: "above 0 and at most 1e-3 m²/s")
    /// Concentration of a liquid (inlet, initial), mol/m³: 0 to 100 mol/L, as for cascades.
    static let concentration = Range(lower: 0, upper: CascadeCaseChecks.maxConcentration, includesLower: true,
                                     text: "from 0 to 100 mol/L (1e5 mol/m³)")

    /// `value` (SI, read from `node`) checked against `range`; the error names the
    /// quantity, its range and the converted value.
    @discardableResult
    static func check(_ value: Double, _ range: Range, what: String, at node: ConfigNode) throws -> Double {
        if !range.contains(value) {
            let converted = value.isFinite ? String(format: " (this is %.3g in SI units)", value) : ""
            throw node.error("a \(what) \(range.text)\(converted)")
        }
        return value
    }
}
