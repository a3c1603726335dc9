import Foundation
import RareSepCore

/// What one in-process evaluation of a case produced for a sweep or a design: its
/// summary (the numbers of summary.json, flattened to dotted key paths) and how the
/// run ended. Nothing is written to disk.
public struct CaseEvaluation: Sendable {
    /// One value of the summary: a number, a text or null (undefined, e.g. the purity of an
    /// empty outlet).
    public enum Value: Sendable, Equatable {
        case number(Double)
        case text(String)
        case null
    }
    /// The summary's tree (as summary.json holds it); values are looked up by key path
    /// (`self[keyPath]`), without flattening the whole tree per point.
    let tree: JSONValue
    /// How the run ended (success, numerical trouble, input found infeasible while solving).
    public var status: CaseRunOutcome.Status
    /// The solved state, for kinds that can start a neighbouring case's solve from it
    /// (`CaseKind.evaluate`'s `start`; a `CascadeSolution` for cascades); nil otherwise.
    public var start: (any Sendable)?

    /// An evaluation from a summary value (encoded as summary.json is, the tree built in
    /// memory by `SummaryTreeEncoder` rather than written as JSON text and parsed back).
    public init<S: Encodable>(summary: S, snakeCaseKeys: Bool = false, status: CaseRunOutcome.Status) throws {
        self.tree = try SummaryTreeEncoder.tree(summary, snakeCaseKeys: snakeCaseKeys)
        self.status = status
    }

    /// The summary flattened: every dotted key path (`outlets.strip liquor.purity.Dy`), as
    /// in summary.json; list items with a `name` (or `component`) are addressed by it,
    /// others by 1-based position.
    public var summary: [String: Value] {
        var flat: [String: Value] = [:]
        Self.flatten(tree, prefix: "", into: &flat)
        return flat
    }

    /// The value at one dotted key path (the same as `summary[keyPath]`, found by walking
    /// the tree along the path).
    public subscript(keyPath: String) -> Value? { Self.find(keyPath[...], in: tree) }

    static func find(_ path: Substring, in node: JSONValue) -> Value? {
        func child(_ key: String, _ v: JSONValue) -> Value? {
            if path == key { return leaf(v) }
            if path.count > key.count, path.hasPrefix(key), path[path.index(path.startIndex, offsetBy: key.count)] == "." {
                return find(path.dropFirst(key.count + 1), in: v)
            }
            return nil
        }
        switch node {
        case .object(let d):
            for (k, v) in d { if let r = child(k, v) { return r } }
        case .array(let a):
            for (i, v) in a.enumerated() { if let r = child(itemKey(v, position: i), v) { return r } }
        default: break
        }
        return nil
    }

    /// The key of a list item: its `name` (or `component`), else its 1-based position.
    static func itemKey(_ item: JSONValue, position i: Int) -> String {
        if case .object(let d) = item {
            if case .string(let n)? = d["name"] { return n } else if case .string(let n)? = d["component"] { return n }
        }
        return String(i + 1)
    }

    /// A leaf's value (nil for an object or a list).
    static func leaf(_ v: JSONValue) -> Value? {
        switch v {
        case .object, .array: return nil
        case .number(let x): return .number(x)
        case .bool(let b): return .text(b ? "true" : "false")
        case .string(let s):
            // Non-finite numbers are written as "inf", "-inf", "nan" in summaries.
            switch s {
            case "nan": return .number(.nan)
            case "inf": return .number(.infinity)
            case "-inf": return .number(-.infinity)
            default: return .text(s)
            }
        case .null: return .null
        }
    }

    /// A summary's JSON tree (as summary.json holds it).
    indirect enum JSONValue {
        case object([String: JSONValue]), array([JSONValue]), number(Double), bool(Bool), string(String), null
    }

    static func flatten(_ object: JSONValue, prefix: String, into flat: inout [String: Value]) {
        func join(_ k: String) -> String { prefix.isEmpty ? k : prefix + "." + k }
        switch object {
        case .object(let d):
            for (k, v) in d { flatten(v, prefix: join(k), into: &flat) }
        case .array(let a):
            for (i, v) in a.enumerated() { flatten(v, prefix: join(itemKey(v, position: i)), into: &flat) }
        default: flat[prefix] = leaf(object)
        }
    }

    /// The native unit of a summary quantity, from the unit its key carries
    /// (`aqueous_flow_m3_per_s`, `flow_L_per_h`, `aqueous_mol_per_m3`) or its meaning
    /// (purity, recovery, yield: fractions); nil dimension when RareSep's units cannot
    /// convert it (mass flows), "" for plain numbers.
    public static func nativeUnit(of keyPath: String) -> (dimension: RareSepCore.Dimension?, unit: String) {
        let suffixes: [(String, RareSepCore.Dimension?, String)] = [
            ("_m3_per_s", .flow, "m3/s"), ("_L_per_h", .flow, "L/h"), ("_mol_per_m3", .concentration, "mol/m3"),
            ("_mol_per_L", .concentration, "mol/L"), ("_m_per_s", .velocity, "m/s"), ("_mol_per_s", nil, "mol/s"),
            ("_mol_per_h", nil, "mol/h"), ("_kg_per_h", nil, "kg/h"), ("_t_per_yr", nil, "t/yr"), ("kg_per_h", nil, "kg/h"),
            ("t_per_yr", nil, "t/yr"), ("_per_yr", .time, "h"), ("_s", .time, "s"), ("_m", .length, "m"),
            ("_fraction", .dimensionless, ""),
        ]
        for seg in ConfigNode.keyPathSegments(keyPath).reversed() {
            if ["purity", "recovery", "yield"].contains(seg) { return (.dimensionless, "") }
            for (suffix, d, u) in suffixes where seg.hasSuffix(suffix) && seg != suffix {
                if suffix == "_per_yr" { return (nil, "h/yr") }
                return (d, u)
            }
        }
        return (.dimensionless, "")
    }
}
