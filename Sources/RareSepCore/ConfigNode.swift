/// A parsed input document (case, model, dataset spec) with the file and line of
/// every value, so that every reader error can name file, line, key and value.
/// The YAML front end lives in RareSepIO; models and loaders read through this.
public final class ConfigNode: @unchecked Sendable {
    public enum Kind {
        case scalar(String)
        case mapping([(key: String, node: ConfigNode)])
        case sequence([ConfigNode])
        case null
    }

    public let kind: Kind
    public let location: SourceLocation
    /// Dotted key path from the document root, for messages.
    public let path: String

    public init(kind: Kind, location: SourceLocation, path: String) {
        self.kind = kind
        self.location = location
        self.path = path
    }

    // MARK: errors

    /// An InputError located at this node; `problem` says what is wrong with the value.
    public func error(_ expected: String, value: String? = nil, problem: String? = nil) -> InputError {
        InputError(location: location, key: path.isEmpty ? "(document)" : path, value: value ?? scalarText, expected: expected,
                   problem: problem)
    }

    /// The scalar text, or nil when this is not a scalar.
    public var scalarText: String? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    // MARK: mappings

    /// Entries of a mapping; throws when this node is not one.
    public func entries() throws -> [(key: String, node: ConfigNode)] {
        guard case .mapping(let e) = kind else { throw error("a mapping of key: value pairs", value: describeKind) }
        return e
    }

    /// Items of a sequence; throws when this node is not one.
    public func items() throws -> [ConfigNode] {
        guard case .sequence(let s) = kind else { throw error("a list", value: describeKind) }
        return s
    }

    var describeKind: String {
        switch kind {
        // A whole document that is one scalar is a file that is not a case (plain text,
        // a system file): never print it back.
        case .scalar where path.isEmpty: return "a plain-text document"
        case .scalar(let s): return s
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }

    /// Child by key, or nil.
    public func optional(_ key: String) throws -> ConfigNode? {
        for (k, n) in try entries() where k == key {
            if case .null = n.kind { return nil }
            return n
        }
        return nil
    }

    /// Child by key; throws "missing key" when absent.
    public func require(_ key: String) throws -> ConfigNode {
        if let n = try optional(key) { return n }
        let p = path.isEmpty ? key : "\(path).\(key)"
        throw InputError(location: location, key: p, value: nil, expected: "missing required key '\(key)'")
    }

    /// Throw for the first key not in `allowed`, suggesting the nearest allowed one.
    public func checkKeys(_ allowed: [String]) throws {
        for (k, n) in try entries() where !allowed.contains(k) {
            let hint = nearestName(to: k, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
            throw InputError(location: n.location, key: n.path, value: nil,
                             expected: "unknown key '\(k)'\(hint) (allowed: \(allowed.joined(separator: ", ")))")
        }
    }

    // MARK: scalars

    /// The scalar as a string.
    public func string() throws -> String {
        guard let s = scalarText else { throw error("a text value", value: describeKind) }
        return s
    }

    /// The scalar as a finite number (no unit); NaN and infinity in any spelling are refused.
    public func double() throws -> Double {
        guard let s = scalarText, let v = Double(s.trimmingCharactersInSpaces()), v.isFinite else {
            throw error("a finite number", value: describeKind, problem: nonFiniteProblem)
        }
        return v
    }

    /// The scalar as an integer (digits only, as Swift's `Int` reads them); callers
    /// range-check counts themselves (a stage count, a cell count).
    public func int() throws -> Int {
        guard let s = scalarText?.trimmingCharactersInSpaces() else { throw error("a whole number", value: describeKind) }
        if let v = Int(s) { return v }
        let problem = Double(s).map { d -> String in
            if !d.isFinite { return nonFiniteProblem ?? "not a finite number" }
            return d == d.rounded() ? "write a count as digits, within ±9223372036854775807" : "not a whole number"
        } ?? nonFiniteProblem
        throw error("a whole number", value: describeKind, problem: problem)
    }

    /// "NaN and infinity are not accepted" when the scalar spells one of them.
    var nonFiniteProblem: String? {
        guard let s = scalarText, Units.isNonFiniteWord(s) || Double(s.trimmingCharactersInSpaces()).map({ !$0.isFinite }) == true else {
            return nil
        }
        return "NaN and infinity are not accepted"
    }

    /// The scalar as a boolean (true/false/yes/no).
    public func bool() throws -> Bool {
        switch scalarText?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("true or false", value: describeKind)
        }
    }

    /// A quantity with a unit, converted to SI.
    public func quantity(_ dimension: Dimension, element: Element? = nil, elements: ElementTable? = nil,
                         defaultUnit: String? = nil) throws -> Double {
        guard let s = scalarText else { throw error("a quantity with a unit (e.g. \(Self.example(dimension)))", value: describeKind) }
        let units = dimension.acceptedUnits.filter { !$0.isEmpty }.joined(separator: ", ")
        switch Units.parse(s, dimension: dimension, element: element, elements: elements, defaultUnit: defaultUnit) {
        case .success(let v):
            if !(abs(v) <= dimension.plausibleMagnitude) {
                throw rangeError(dimension, element: element, elements: elements, defaultUnit: defaultUnit, problem: "out of range")
            }
            return v
        case .failure(.notANumber):
            throw error("a number followed by a unit (e.g. \(Self.example(dimension)))", problem: nonFiniteProblem)
        case .failure(.notFinite):
            if Double(Units.split(s).number).map({ !$0.isFinite }) ?? true {
                throw error("a finite number followed by a unit (e.g. \(Self.example(dimension)))", problem: "not a finite number")
            }
            throw rangeError(dimension, element: element, elements: elements, defaultUnit: defaultUnit,
                             problem: "not finite after conversion to SI")
        case .failure(.unknownUnit(let u)):
            if u.isEmpty {
                throw error("a \(dimension.displayName) with its unit (e.g. \(Self.example(dimension))), one of \(units)", problem: "no unit")
            }
            if let other = Units.dimension(ofUnit: u), other != dimension {
                throw error("a \(dimension.displayName) unit, one of \(units)", problem: "'\(u)' is \(Self.article(other.displayName)) \(other.displayName) unit")
            }
            let hint = nearestName(to: u, in: dimension.acceptedUnits).map { " (did you mean '\($0)'?)" } ?? ""
            throw error("a \(dimension.displayName) unit, one of \(units)", problem: "unknown unit '\(u)'\(hint)")
        case .failure(.needsElement(let u)):
            throw error("a molar unit: '\(u)' needs an element to convert mass to moles")
        }
    }

    /// "'1e308 g/L': out of range; expected a concentration within ±1.6e+04 g/L (±1e+05 mol/m3)".
    func rangeError(_ dimension: Dimension, element: Element?, elements: ElementTable?, defaultUnit: String?,
                    problem: String) -> InputError {
        let limit = dimension.plausibleMagnitude
        var unit = Units.split(scalarText ?? "").unit
        if unit.isEmpty { unit = defaultUnit ?? dimension.siUnit }
        let si = "±\(Self.short(limit))\(dimension.siUnit.isEmpty ? "" : " " + dimension.siUnit)"
        var range = si
        if unit != dimension.siUnit,
           case .success(let factor) = Units.parse("1 \(unit)", dimension: dimension, element: element, elements: elements), factor > 0 {
            range = "±\(Self.short(limit / factor)) \(unit) (\(si))"
        }
        let what = dimension == .dimensionless ? "number" : dimension.displayName
        return error("\(Self.article(what)) \(what) within \(range), RareSep's plausible range", problem: problem)
    }

    static func short(_ x: Double) -> String {
        let s = String(format: "%.3g", x)
        return s.replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e+", with: "e")
    }

    static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    /// A non-negative quantity.
    public func nonNegativeQuantity(_ dimension: Dimension, element: Element? = nil, elements: ElementTable? = nil,
                                    defaultUnit: String? = nil) throws -> Double {
        let v = try quantity(dimension, element: element, elements: elements, defaultUnit: defaultUnit)
        if v < 0 { throw error("a non-negative \(dimension.rawValue)") }
        return v
    }

    /// A positive quantity.
    public func positiveQuantity(_ dimension: Dimension, element: Element? = nil, elements: ElementTable? = nil,
                                 defaultUnit: String? = nil) throws -> Double {
        let v = try quantity(dimension, element: element, elements: elements, defaultUnit: defaultUnit)
        if !(v > 0) { throw error("a positive \(dimension.rawValue)") }
        return v
    }

    /// A fraction in [0, 1] ("0.8" or "80 %").
    public func fraction() throws -> Double {
        let v = try quantity(.dimensionless)
        if !(v >= 0 && v <= 1) { throw error("a fraction between 0 and 1 (or 0 % to 100 %)") }
        return v
    }

    static func example(_ d: Dimension) -> String {
        switch d {
        case .concentration: return "0.5 mol/L"
        case .flow: return "62 L/h"
        case .volume: return "2 L"
        case .length: return "0.2 m"
        case .area: return "1 m2"
        case .time: return "30 min"
        case .velocity: return "0.37 mm/s"
        case .rate: return "0.06 1/s"
        case .diffusivity: return "2e-7 m2/s"
        case .dimensionless: return "0.8"
        case .specificAmount: return "1.2 mol/kg"
        case .inverseConcentration: return "0.25 m3/mol"
        }
    }
}

extension String {
    func trimmingCharactersInSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
