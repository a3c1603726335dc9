import Foundation

/// Physical dimension of a quantity in an input file; RareSep converts each to SI.
public enum Dimension: String, Sendable, CaseIterable {
    /// Amount concentration, SI mol/m³ (= mmol/L). Mass units need an element.
    case concentration
    /// Volumetric flow, SI m³/s.
    case flow
    /// Volume, SI m³.
    case volume
    /// Length, SI m.
    case length
    /// Area (a settler's floor), SI m².
    case area
    /// Time, SI s.
    case time
    /// Velocity, SI m/s.
    case velocity
    /// First-order rate constant, SI 1/s.
    case rate
    /// Diffusivity or dispersion coefficient, SI m²/s.
    case diffusivity
    /// Plain number; "80 %" is read as 0.8.
    case dimensionless
    /// Amount per kilogram (sorbent capacity), SI mol/kg.
    case specificAmount
    /// Volume per amount (e.g. Langmuir constant), SI m³/mol.
    case inverseConcentration

    /// Units accepted for this dimension, for error messages.
    public var acceptedUnits: [String] {
        Units.table[self]!.map(\.0) + (self == .concentration ? ["g/L", "mg/L", "g/L as oxide", "mg/L as oxide"] : [])
    }

    /// The dimension in words, for messages ("concentration", "amount per mass").
    public var displayName: String {
        switch self {
        case .specificAmount: return "amount per mass"
        case .inverseConcentration: return "volume per amount"
        case .dimensionless: return "plain number"
        default: return rawValue
        }
    }

    /// The SI unit values are converted to, as written in input files.
    public var siUnit: String { Units.table[self]!.first { $0.1 == 1 }!.0 }

    /// Largest magnitude RareSep accepts for this dimension, in SI: far beyond any real
    /// process (100 mol/L, 1000 m³/s, ...), so only typos and overflow are refused, before
    /// an absurd value reaches a solver as inf or traps converting to an integer.
    public var plausibleMagnitude: Double {
        switch self {
        case .concentration: return 1e5         // 100 mol/L
        case .flow: return 1e3                  // 3.6e6 m³/h
        case .volume: return 1e6
        case .length: return 1e4
        case .area: return 1e6
        case .time: return 1e10                 // about 300 years
        case .velocity: return 1e3
        case .rate: return 1e12
        case .diffusivity: return 1
        case .dimensionless: return 1e15
        case .specificAmount: return 1e3
        case .inverseConcentration: return 1e9
        }
    }
}

/// Unit tables and the quantity parser.
public enum Units {
    /// (unit text, factor to SI) per dimension. Mass-based concentration units are handled apart.
    static let table: [Dimension: [(String, Double)]] = [
        .concentration: [("mol/m3", 1), ("mol/m³", 1), ("mmol/L", 1), ("mM", 1), ("mol/L", 1000), ("M", 1000),
                         ("umol/L", 1e-3), ("µmol/L", 1e-3), ("uM", 1e-3), ("kmol/m3", 1000)],
        .flow: [("m3/s", 1), ("m³/s", 1), ("m3/h", 1.0 / 3600), ("m³/h", 1.0 / 3600), ("m3/d", 1.0 / 86400),
                ("L/s", 1e-3), ("L/min", 1e-3 / 60), ("L/h", 1e-3 / 3600), ("mL/s", 1e-6), ("mL/min", 1e-6 / 60),
                ("mL/h", 1e-6 / 3600)],
        .volume: [("m3", 1), ("m³", 1), ("L", 1e-3), ("mL", 1e-6)],
        .length: [("m", 1), ("cm", 1e-2), ("mm", 1e-3), ("um", 1e-6), ("µm", 1e-6)],
        .area: [("m2", 1), ("m²", 1), ("cm2", 1e-4), ("cm²", 1e-4)],
        .time: [("s", 1), ("min", 60), ("h", 3600), ("d", 86400)],
        .velocity: [("m/s", 1), ("mm/s", 1e-3), ("cm/s", 1e-2), ("cm/min", 1e-2 / 60), ("m/h", 1.0 / 3600),
                    ("cm/h", 1e-2 / 3600)],
        .rate: [("1/s", 1), ("1/min", 1.0 / 60), ("1/h", 1.0 / 3600)],
        .diffusivity: [("m2/s", 1), ("m²/s", 1), ("cm2/s", 1e-4), ("cm²/s", 1e-4), ("cm2/min", 1e-4 / 60)],
        .dimensionless: [("", 1), ("%", 0.01), ("-", 1)],
        .specificAmount: [("mol/kg", 1), ("mmol/g", 1), ("mmol/kg", 1e-3)],
        .inverseConcentration: [("m3/mol", 1), ("m³/mol", 1), ("L/mol", 1e-3), ("L/mmol", 1)],
    ]

    /// Mass concentration units with their factor to kg/m³ (g/L = kg/m³); they need an element.
    static let massConcentrationUnits: [(String, Double)] = [("g/L", 1), ("mg/L", 1e-3), ("kg/m3", 1), ("ug/L", 1e-6), ("µg/L", 1e-6)]

    /// Why a quantity could not be read.
    public enum ParseFailure: Error, Equatable {
        case notANumber
        case unknownUnit(String)
        case needsElement(String)
        case notFinite
    }

    /// Parse "0.5 mol/L", "62 L/h", "2 g/L as oxide", or a bare number (taken as
    /// SI unless `defaultUnit` is given) and return the value in SI units.
    /// `element` is needed only for mass concentrations.
    /// A result that is not finite after conversion (`1e308 g/L`) is `.notFinite`.
    public static func parse(_ text: String, dimension: Dimension, element: Element? = nil,
                             elements: ElementTable? = nil, defaultUnit: String? = nil) -> Result<Double, ParseFailure> {
        let result = parseUnchecked(text, dimension: dimension, element: element, elements: elements, defaultUnit: defaultUnit)
        if case .success(let v) = result, !v.isFinite { return .failure(.notFinite) }
        return result
    }

    /// The number and the unit text of a quantity ("1.5 mL/min" → ("1.5", "mL/min")).
    public static func split(_ text: String) -> (number: String, unit: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let end = numberEnd(trimmed)
        return (String(trimmed[..<end]), trimmed[end...].trimmingCharacters(in: .whitespaces))
    }

    /// The dimension whose units include `unit` (mass concentrations count as
    /// concentration), or nil when no dimension knows it. Used to say "'mol/L' is a
    /// concentration unit" when a flow was expected.
    public static func dimension(ofUnit unit: String) -> Dimension? {
        if unit.isEmpty || unit == "-" { return nil }
        if massConcentrationUnits.contains(where: { unit == $0.0 || unit == $0.0 + " as oxide" }) { return .concentration }
        return Dimension.allCases.first { d in table[d]!.contains { $0.0 == unit } }
    }

    /// True for the spellings of NaN and infinity (`nan`, `.nan`, `inf`, `-.inf`, `Infinity`),
    /// which no reader accepts.
    public static func isNonFiniteWord(_ text: String) -> Bool {
        var t = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        if t.first == "+" || t.first == "-" { t = t.dropFirst() }
        if t.first == "." { t = t.dropFirst() }
        return t.hasPrefix("nan") || t.hasPrefix("inf")
    }

    static func numberEnd(_ trimmed: String) -> String.Index {
        var numberEnd = trimmed.startIndex
        for (i, ch) in zip(trimmed.indices, trimmed) {
            if ch.isNumber || ch == "." || ch == "-" || ch == "+" || ch == "e" || ch == "E" {
                // 'e' only counts inside a number followed by a digit or sign
                if (ch == "e" || ch == "E") {
                    let next = trimmed.index(after: i)
                    guard next < trimmed.endIndex, let n = trimmed[next...].first, n.isNumber || n == "-" || n == "+" else { break }
                }
                numberEnd = trimmed.index(after: i)
            } else { break }
        }
        return numberEnd
    }

    static func parseUnchecked(_ text: String, dimension: Dimension, element: Element?,
                               elements: ElementTable?, defaultUnit: String?) -> Result<Double, ParseFailure> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberEnd = numberEnd(trimmed)
        guard let value = Double(trimmed[..<numberEnd]) else { return .failure(.notANumber) }
        guard value.isFinite else { return .failure(.notFinite) }
        var unit = trimmed[numberEnd...].trimmingCharacters(in: .whitespaces)
        if unit.isEmpty, let defaultUnit { unit = defaultUnit }
        if dimension == .concentration {
            let lower = unit.replacingOccurrences(of: "  ", with: " ")
            for (u, factor) in massConcentrationUnits {
                if lower == u || lower == u + " as oxide" {
                    guard let element else { return .failure(.needsElement(unit)) }
                    let kgPerM3 = value * factor
                    if lower.hasSuffix("as oxide") {
                        guard let elements else { return .failure(.needsElement(unit)) }
                        return .success(kgPerM3 * elements.molesPerKilogramOxide(element))
                    }
                    return .success(kgPerM3 / element.molarMass)
                }
            }
        }
        if let factor = table[dimension]!.first(where: { $0.0 == unit })?.1 {
            return .success(value * factor)
        }
        return .failure(.unknownUnit(unit))
    }

    /// Format an SI value in a display unit, e.g. `format(0.0174, "L/h")`.
    public static func convert(_ si: Double, to unit: String, dimension: Dimension) -> Double? {
        table[dimension]!.first(where: { $0.0 == unit }).map { si / $0.1 }
    }
}
