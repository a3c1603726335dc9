import Foundation
import RareSepCore

/// One compared quantity of a validation case: a model value against its reference.
public struct Comparison: Sendable {
    public enum Kind: String, Sendable { case withinTolerance, atLeast, atMost }
    /// Quantity name; the part before "[" selects the tolerance in spec.yaml.
    public var name: String
    /// Value RareSep computed.
    public var value: Double
    /// Reference value (independent method or published data), or the bound for atLeast/atMost.
    public var reference: Double
    public var kind: Kind

    public init(_ name: String, value: Double, reference: Double, kind: Kind = .withinTolerance) {
        self.name = name
        self.value = value
        self.reference = reference
        self.kind = kind
    }

    /// Tolerance group: the name up to the first "[".
    public var group: String { String(name.split(separator: "[", maxSplits: 1).first ?? Substring(name)) }
}

/// A tolerance from spec.yaml: "rel 1e-9" or "abs 1e-6" (or both: "rel 1e-6 abs 1e-12").
public struct Tolerance: Sendable, CustomStringConvertible {
    public var relative: Double
    public var absolute: Double

    public func accepts(_ value: Double, _ reference: Double) -> Bool {
        guard value.isFinite, reference.isFinite else { return false }
        return abs(value - reference) <= max(absolute, relative * abs(reference))
    }

    public var description: String {
        [relative > 0 ? "rel \(relative)" : nil, absolute > 0 ? "abs \(absolute)" : nil].compactMap { $0 }.joined(separator: " ")
    }

    static func parse(_ node: ConfigNode) throws -> Tolerance {
        let words = try node.string().split(separator: " ").map(String.init)
        var t = Tolerance(relative: 0, absolute: 0)
        var i = 0
        while i + 1 < words.count + 0 {
            guard let v = Double(words[i + 1]), v >= 0 else { throw node.error("'rel X' and/or 'abs Y' with non-negative numbers") }
            switch words[i] {
            case "rel": t.relative = v
            case "abs": t.absolute = v
            default: throw node.error("'rel X' and/or 'abs Y' with non-negative numbers")
            }
            i += 2
        }
        if i != words.count || (t.relative == 0 && t.absolute == 0) {
            throw node.error("'rel X' and/or 'abs Y' with non-negative numbers")
        }
        return t
    }
}

/// What a validation check gets: its folder, its parsed spec, and the model library.
public struct ValidationContext: Sendable {
    /// The case folder, e.g. Validation/analytic/kremser.
    public var directory: String
    /// spec.yaml as a tree.
    public var spec: ConfigNode
    /// Elements and model files.
    public var library: ModelLibrary

    /// Path of a file inside the case folder.
    public func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}

/// A named check: computes comparisons for a validation case.
public struct ValidationCheck: Sendable {
    public var id: String
    public var run: @Sendable (ValidationContext) throws -> [Comparison]

    public init(id: String, run: @escaping @Sendable (ValidationContext) throws -> [Comparison]) {
        self.id = id
        self.run = run
    }
}

/// Result of one validation case.
public struct ValidationOutcome {
    public var name: String
    public var requirement: String
    public var comparisons: [(Comparison, Tolerance?, Bool)]
    public var error: String?
    public var passed: Bool { error == nil && !comparisons.isEmpty && comparisons.allSatisfy { $0.2 } }

    /// One line for `raresep validate`.
    public var summaryLine: String {
        if let error { return "FAIL \(name): \(error)" }
        let failed = comparisons.filter { !$0.2 }
        if passed { return "PASS \(name) (\(comparisons.count) quantities)" }
        let first = failed.first!
        return "FAIL \(name): \(failed.count) of \(comparisons.count) quantities out of tolerance; first \(first.0.name) = \(first.0.value) vs \(first.0.reference) (\(first.1?.description ?? first.0.kind.rawValue))"
    }
}

/// Finds and runs validation cases: every folder under Validation/ with a spec.yaml.
public enum ValidationRunner {
    /// Case folders under `root`, sorted.
    public static func discover(root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var dirs: [String] = []
        while let p = e.nextObject() as? String {
            if (p as NSString).lastPathComponent == "spec.yaml" {
                dirs.append((root as NSString).appendingPathComponent((p as NSString).deletingLastPathComponent))
            }
        }
        return dirs.sorted()
    }

    /// Run one case folder; errors become a failed outcome with the message.
    public static func run(directory: String, library: ModelLibrary, root: String) -> ValidationOutcome {
        let name = directory.hasPrefix(root) ? String(directory.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/")) : directory
        var outcome = ValidationOutcome(name: name, requirement: "", comparisons: [], error: nil)
        do {
            let spec = try YAMLDocument.load(path: (directory as NSString).appendingPathComponent("spec.yaml"))
            try spec.checkKeys(["requirement", "source", "check", "case", "reference", "tolerances", "parameters", "notes"])
            outcome.requirement = try spec.require("requirement").string()
            _ = try spec.require("source").string()
            let checkNode = try spec.require("check")
            let id = try checkNode.string()
            guard let check = ValidationRegistry.all.first(where: { $0.id == id }) else {
                throw checkNode.error("a registered check id, one of \(ValidationRegistry.all.map(\.id).joined(separator: ", "))")
            }
            var tolerances: [String: Tolerance] = [:]
            for (k, n) in try spec.require("tolerances").entries() { tolerances[k] = try Tolerance.parse(n) }
            let ctx = ValidationContext(directory: directory, spec: spec, library: library)
            let comparisons = try check.run(ctx)
            for c in comparisons {
                switch c.kind {
                case .withinTolerance:
                    guard let tol = tolerances[c.group] ?? tolerances["default"] else {
                        throw InputError(location: spec.location, key: "tolerances", value: nil,
                                         expected: "a tolerance for quantity '\(c.group)' (or 'default')")
                    }
                    outcome.comparisons.append((c, tol, tol.accepts(c.value, c.reference)))
                case .atLeast:
                    outcome.comparisons.append((c, nil, c.value.isFinite && c.value >= c.reference))
                case .atMost:
                    outcome.comparisons.append((c, nil, c.value.isFinite && c.value <= c.reference))
                }
            }
            if comparisons.isEmpty { outcome.error = "check '\(id)' produced no comparisons" }
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }
}
