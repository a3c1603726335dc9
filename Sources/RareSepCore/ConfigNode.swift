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

    /// An InputError located at this node.
    public func error(_ expected: String, value: String? = nil) -> InputError {
        InputError(location: location, key: path.isEmpty ? "(document)" : path, value: value ?? scalarText, expected: expected)
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

    /// The scalar as a number (no unit).
    public func double() throws -> Double {
        guard let s = scalarText, let v = Double(s.trimmingCharactersInSpaces()), v.isFinite else {
            throw error("a finite number", value: describeKind)
        }
        return v
    }

    /// The scalar as an integer.
    public func int() throws -> Int {
        guard let s = scalarText, let v = Int(s.trimmingCharactersInSpaces()) else {
            throw error("a whole number", value: describeKind)
        }
        return v
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
        switch Units.parse(s, dimension: dimension, element: element, elements: elements, defaultUnit: defaultUnit) {
        case .success(let v): return v
        case .failure(.notANumber), .failure(.notFinite):
            throw error("a number followed by a unit (e.g. \(Self.example(dimension)))")
        case .failure(.unknownUnit(let u)):
            let hint = nearestName(to: u, in: dimension.acceptedUnits).map { "; did you mean '\($0)'?" } ?? ""
            throw error("a \(dimension.rawValue) unit, one of \(dimension.acceptedUnits.filter { !$0.isEmpty }.joined(separator: ", ")) (unknown unit '\(u)'\(hint))")
        case .failure(.needsElement(let u)):
            throw error("a molar unit: '\(u)' needs an element to convert mass to moles")
        }
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
