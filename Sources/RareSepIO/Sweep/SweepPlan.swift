import Foundation
import RareSepCore

/// A sweep plan (`raresep sweep PLAN`, format in docs/sweep.md): a base case of any
/// sweepable kind, the case keys to vary and how (grid of lists and ranges, Latin
/// hypercube over ranges, Monte Carlo over fitted parameters), and the summary
/// quantities to record per point.
public struct SweepPlan: Sendable {
    /// How the points are chosen.
    public enum Method: String, Sendable, CaseIterable {
        case grid, latin_hypercube, monte_carlo
    }

    /// One varied case key.
    public struct Variable: Sendable {
        /// How a variable's values are given.
        public enum Values: Sendable {
            /// Explicit values (numbers in `unit`, or texts when `numeric` is false).
            case list([String])
            /// From `from` to `to` (in `unit`), `count` values (grid), linear or log spaced.
            case range(from: Double, to: Double, count: Int?, log: Bool)
            /// A fitted parameter (Monte Carlo): its index in the plan's `parameters`.
            case fitted(Int)
        }
        /// Dotted key path into the base case.
        public var keyPath: String
        /// The values (list, range or fitted parameter).
        public var values: Values
        /// Unit of the values ("" for plain numbers and texts), the CSV header's unit.
        public var unit: String
        /// Whether the base case holds a whole number here (stage counts): values are rounded.
        public var integer: Bool
        /// The plan node that gave the values (errors of the case reader point there).
        /// The plan node that gave the values.
        public var node: ConfigNode
    }

    /// One recorded summary quantity.
    public struct Output: Sendable {
        /// Column name (before its unit).
        public var name: String
        /// Dotted key path into the summary (as in summary.json).
        public var keyPath: String
        /// Unit of the column ("" for plain numbers).
        public var unit: String
        /// Divide the summary's value by this to express it in `unit`.
        public var factor: Double
        /// The plan node giving the path (errors about it point there).
        public var node: ConfigNode
    }

    /// The plan file.
    public var path: String
    /// The base case file (resolved) and its parsed document.
    public var casePath: String
    /// The parsed base case.
    public var caseDocument: ConfigNode
    /// The base case's kind (it has an `evaluate`).
    public var kind: CaseKind
    /// How points are chosen.
    public var method: Method
    /// The varied keys, in plan order (CSV column order).
    public var variables: [Variable]
    /// The recorded quantities, in plan order.
    public var outputs: [Output]
    /// Latin hypercube / Monte Carlo sample count.
    public var samples: Int?
    /// Seed of the Latin hypercube / Monte Carlo generator (default 1).
    public var seed: UInt64
    /// Monte Carlo: estimates and covariance of the fitted parameters named in the plan
    /// (order of `variables`).
    public var fitted: (mean: [Double], covariance: [[Double]], node: ConfigNode)?
    /// FNV-1a fingerprint of the plan, base case and fit report bytes: shards of different
    /// plans are never merged.
    public var fingerprint: String
    /// Where every point's solve starts (`warm_start:`; default `.base`).
    public var warmStart: WarmStart = .base

    /// Where a point's solve starts (`warm_start:` in the plan).
    public enum WarmStart: String, Sendable, CaseIterable {
        /// From the base case's solution, solved once per sweep run (the same start for every
        /// point, so rows do not depend on `--jobs` or shards); kinds without a warm start,
        /// and points whose Newton fails from it, solve cold.
        case base
        /// Every point from the case's own cold start.
        case none
    }

    static let topKeys = ["kind", "base", "method", "vary", "samples", "seed", "fit", "parameters", "outputs", "title", "warm_start"]

    /// Read and check a plan file.
    public static func load(path: String) throws -> SweepPlan {
        try InputFileCheck.require(path, key: "(sweep plan)", kind: "sweep plan")
        let root = try YAMLDocument.load(path: path)
        try InputFileCheck.requireMapping(root, kind: "sweep plan")
        try root.checkKeys(topKeys)
        if let k = try root.optional("kind"), try k.string() != "sweep" { throw k.error("'sweep' for a sweep plan") }
        let library = try ModelLibrary.locate(near: path)
        let baseNode = try root.require("base")
        let casePath = try library.existingFile(baseNode, relativeTo: path, kind: "base case file")
        let doc = try InputFileCheck.loadReferenced(casePath, kind: "case file", referencedBy: baseNode)
        let kind = try CaseKinds.kind(of: doc)
        if kind.evaluate == nil {
            throw baseNode.error("a case that can be swept (kind \(CaseKinds.all.filter { $0.evaluate != nil }.map(\.id).joined(separator: ", "))), not a '\(kind.id)' file",
                                 value: try baseNode.string())
        }
        let methodNode = try root.optional("method")
        let methodText = try methodNode?.string() ?? "grid"
        guard let method = Method(rawValue: methodText) else {
            let names = Method.allCases.map(\.rawValue)
            let hint = nearestName(to: methodText, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw methodNode!.error("a sweep method, one of \(names.joined(separator: ", "))\(hint)")
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.append(try Data(contentsOf: URL(fileURLWithPath: casePath)))

        var variables: [Variable] = []
        var fitted: (mean: [Double], covariance: [[Double]], node: ConfigNode)?
        let samplesNode = try root.optional("samples")
        let samples = try samplesNode.map { n -> Int in
            let v = try n.int()
            guard v >= 1 && v <= 10_000_000 else { throw n.error("a sample count from 1 to 10 000 000") }
            return v
        }
        let seedNode = try root.optional("seed")
        let seed = try seedNode.map { n -> UInt64 in
            guard let s = n.scalarText, let v = UInt64(s.trimmingCharacters(in: .whitespaces)) else {
                throw n.error("a seed: a whole number from 0 to 18446744073709551615")
            }
            return v
        } ?? 1

        switch method {
        case .grid, .latin_hypercube:
            for key in ["fit", "parameters"] {
                if let n = try root.optional(key) { throw n.error("'\(key)' only with method: monte_carlo", value: key) }
            }
            let vary = try root.require("vary")
            let entries = try vary.entries()
            if entries.isEmpty { throw vary.error("at least one case key to vary (key path: values)", value: "an empty mapping") }
            for (key, node) in entries {
                variables.append(try variable(key: key, node: node, method: method, base: doc))
            }
            if method == .latin_hypercube {
                if samples == nil { _ = try root.require("samples") }
            } else if let samplesNode {
                throw samplesNode.error("'samples' only with method: latin_hypercube or monte_carlo (a grid has one point per combination)")
            }
        case .monte_carlo:
            if let n = try root.optional("vary") { throw n.error("no 'vary' with method: monte_carlo (its keys are the fitted 'parameters')", value: "vary") }
            if samples == nil { _ = try root.require("samples") }
            let fitNode = try root.require("fit")
            let fitPath = try library.existingFile(fitNode, relativeTo: path, kind: "fit report (fit.json from raresep fit)")
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: fitPath)))
            let report = try FittedParameters.load(fitPath, at: fitNode)
            let params = try root.require("parameters")
            let entries = try params.entries()
            if entries.isEmpty { throw params.error("at least one fitted parameter: case key path", value: "an empty mapping") }
            var index: [Int] = []
            for (name, node) in entries {
                guard let i = report.names.firstIndex(of: name) else {
                    let hint = nearestName(to: name, in: report.names).map { "; did you mean '\($0)'?" } ?? ""
                    throw InputError(location: node.location, key: node.path, value: name,
                                     expected: "a parameter of the fit (\(report.names.joined(separator: ", ")))\(hint)")
                }
                let keyPath = try node.string()
                let target = try scalarTarget(keyPath, in: doc, at: node)
                let baseUnit = Units.split(target.scalarText ?? "").unit
                if !baseUnit.isEmpty {
                    throw node.error("a key holding a plain number (fitted parameters are plain numbers; the case gives '\(target.scalarText ?? "")')", value: keyPath)
                }
                variables.append(Variable(keyPath: keyPath, values: .fitted(variables.count), unit: "", integer: false, node: node))
                index.append(i)
            }
            fitted = (index.map { report.estimates[$0] }, index.map { i in index.map { report.covariance[i][$0] } }, fitNode)
        }
        let outputs = try Self.outputs(try root.require("outputs"))
        let warmNode = try root.optional("warm_start")
        let warmText = try warmNode?.string() ?? WarmStart.base.rawValue
        guard let warmStart = WarmStart(rawValue: warmText) else {
            throw warmNode!.error("where each point's solve starts: base (from the base case's solution) or none (cold)")
        }
        return SweepPlan(path: path, casePath: casePath, caseDocument: doc, kind: kind, method: method, variables: variables,
                         outputs: outputs, samples: samples, seed: seed, fitted: fitted, fingerprint: fnv1a(bytes),
                         warmStart: warmStart)
    }

    /// The scalar at `keyPath` in the base case (a located error when absent or not a single value).
    static func scalarTarget(_ keyPath: String, in doc: ConfigNode, at node: ConfigNode) throws -> ConfigNode {
        let target = try doc.node(atKeyPath: keyPath, at: node)
        guard target.scalarText != nil else {
            throw InputError(location: node.location, key: node.path, value: keyPath,
                             expected: "a key path to a single value of the case (\(target.location): '\(keyPath)' is a list or mapping)")
        }
        return target
    }

    /// One `vary` entry: `key.path: [values]` or `key.path: {from, to, count, scale}`.
    static func variable(key: String, node: ConfigNode, method: Method, base: ConfigNode) throws -> Variable {
        let keyNode = ConfigNode(kind: .scalar(key), location: node.location, path: node.path)
        let target = try scalarTarget(key, in: base, at: keyNode)
        let baseText = target.scalarText!
        let (baseNumber, baseUnit) = Units.split(baseText)
        let integer = Int(baseNumber) != nil && baseUnit.isEmpty
        let numericBase = Double(baseNumber) != nil
        // A value's unit must measure what the case's value measures.
        func checkUnit(_ unit: String, at n: ConfigNode) throws {
            guard numericBase else { return }
            let d = Units.dimension(ofUnit: unit), bd = Units.dimension(ofUnit: baseUnit)
            if unit == baseUnit || (d != nil && d == bd) { return }
            if baseUnit.isEmpty && unit != "%" {
                throw n.error("a plain number like the case's '\(baseText)' at \(key) (\(target.location))", problem: "unit '\(unit)' not expected")
            }
            if let bd {
                let units = bd.acceptedUnits.filter { !$0.isEmpty }.joined(separator: ", ")
                throw n.error("a \(bd.displayName) like the case's '\(baseText)' at \(key) (\(target.location)), in one of \(units)",
                              problem: unit.isEmpty ? "no unit" : "'\(unit)' is not a \(bd.displayName) unit")
            }
            if unit.isEmpty { return }
            throw n.error("a value in '\(baseUnit)' like the case's '\(baseText)' at \(key)", problem: "unit '\(unit)' not expected")
        }
        switch node.kind {
        case .sequence(let items):
            if items.isEmpty { throw node.error("at least one value", value: "an empty list") }
            if method == .latin_hypercube {
                throw node.error("a range {from, to} (a Latin hypercube samples ranges, not lists)", value: "a list")
            }
            var unit: String?
            var texts: [String] = []
            for it in items {
                let t = try it.string()
                let (num, u) = Units.split(t)
                if numericBase {
                    guard let v = Double(num), v.isFinite else { throw it.error("a number like the case's '\(baseText)' at \(key)") }
                    if integer && Int(num) == nil { throw it.error("a whole number like the case's '\(baseText)' at \(key)") }
                    _ = v
                    try checkUnit(u, at: it)
                    if let unit, unit != u { throw it.error("the same unit as the first value of \(key) ('\(unit)')", problem: "unit '\(u)'") }
                    unit = u
                    texts.append(num)
                } else {
                    texts.append(t)
                }
            }
            return Variable(keyPath: key, values: .list(texts), unit: unit ?? "", integer: integer, node: node)
        case .mapping:
            try node.checkKeys(method == .grid ? ["from", "to", "count", "scale"] : ["from", "to", "scale"])
            guard numericBase else { throw node.error("a list of values (the case's '\(baseText)' at \(key) is not a number)", value: "a range") }
            let fromNode = try node.require("from"), toNode = try node.require("to")
            func read(_ n: ConfigNode) throws -> (Double, String) {
                let (num, u) = Units.split(try n.string())
                guard let v = Double(num), v.isFinite else { throw n.error("a number with the unit of the case's '\(baseText)'") }
                if integer && Int(num) == nil { throw n.error("a whole number like the case's '\(baseText)' at \(key)") }
                try checkUnit(u, at: n)
                return (v, u)
            }
            let (from, unit) = try read(fromNode)
            let (to, toUnit) = try read(toNode)
            if toUnit != unit { throw toNode.error("the unit of 'from' ('\(unit)')", problem: "unit '\(toUnit)'") }
            var log = false
            if let s = try node.optional("scale") {
                switch try s.string() {
                case "linear": log = false
                case "log": log = true
                default: throw s.error("linear or log")
                }
            }
            if log && !(from > 0 && to > 0) { throw node.error("positive 'from' and 'to' for scale: log", value: "\(from) to \(to)") }
            var count: Int?
            if method == .grid {
                let c = try node.require("count")
                count = try c.int()
                guard count! >= 1 && count! <= 1_000_000 else { throw c.error("a count of values from 1 to 1 000 000 (an empty range has no points)") }
                if count! > 1 && from == to { throw node.error("a range with 'to' different from 'from' (this one is empty)", value: "\(try fromNode.string()) to \(try toNode.string())") }
                if integer && count! > Int(abs(to - from)) + 1 {
                    throw c.error("at most \(Int(abs(to - from)) + 1) values (whole numbers from \(Int(from)) to \(Int(to)))")
                }
            } else if from == to {
                throw node.error("a range with 'to' different from 'from' (this one is empty)", value: "\(try fromNode.string()) to \(try toNode.string())")
            }
            return Variable(keyPath: key, values: .range(from: from, to: to, count: count, log: log), unit: unit, integer: integer, node: node)
        default:
            throw node.error("a list of values or a range {from, to\(method == .grid ? ", count" : "")}", value: node.scalarText ?? "nothing")
        }
    }

    /// `outputs:` name: summary.key.path, or name: {path, unit}.
    static func outputs(_ node: ConfigNode) throws -> [Output] {
        let entries = try node.entries()
        if entries.isEmpty { throw node.error("at least one output (name: summary key path)", value: "an empty mapping") }
        var result: [Output] = []
        for (name, n) in entries {
            let pathNode: ConfigNode
            var unitNode: ConfigNode?
            if n.scalarText != nil {
                pathNode = n
            } else {
                try n.checkKeys(["path", "unit"])
                pathNode = try n.require("path")
                unitNode = try n.optional("unit")
            }
            let keyPath = try pathNode.string()
            let native = CaseEvaluation.nativeUnit(of: keyPath)
            var unit = native.unit, factor = 1.0
            if let unitNode {
                let u = try unitNode.string()
                if u != native.unit {
                    guard let d = native.dimension, case .success(let f) = Units.parse("1 \(u)", dimension: d), f > 0 else {
                        let accepted = native.dimension.map { $0.acceptedUnits.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ") } ?? native.unit
                        throw unitNode.error("a unit for \(keyPath), which is in '\(native.unit.isEmpty ? "plain numbers" : native.unit)': one of \(accepted)")
                    }
                    unit = u
                    factor = f
                }
            }
            result.append(Output(name: name, keyPath: keyPath, unit: unit, factor: factor, node: pathNode))
        }
        return result
    }

    /// FNV-1a 64-bit hash as 16 hex digits.
    static func fnv1a(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(format: "%016llx", h)
    }
}
