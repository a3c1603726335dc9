import Foundation

/// Limits that keep one run from exhausting the machine: checked before a solver
/// workspace, a grid or a dataset is allocated, so an oversized input becomes a
/// one-line error saying how much memory it would need, never an out-of-memory abort.
///
/// Defaults: 4 GiB for one workspace. Raise it with the environment variable
/// `RARESEP_MAX_MEMORY` (bytes, or with a suffix K, M, G, T: `RARESEP_MAX_MEMORY=16G`).
public enum ResourceLimits {
    /// Default memory budget of one workspace, bytes.
    public static let defaultMaxWorkspaceBytes: Double = 4 * 1024 * 1024 * 1024

    /// Memory budget of one workspace, bytes (`RARESEP_MAX_MEMORY` or the default).
    /// Read with `getenv` (one variable) rather than `ProcessInfo.environment` (a copy of
    /// the whole environment, about 5 % of a sweep point's CPU when read per case).
    public static var maxWorkspaceBytes: Double {
        guard let raw = getenv("RARESEP_MAX_MEMORY"),
              let v = parseBytes(String(cString: raw)) else { return defaultMaxWorkspaceBytes }
        return v
    }

    /// Parse "16G", "512M", "1e9" into bytes; nil when malformed or not positive.
    public static func parseBytes(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("B") { s.removeLast() }
        var factor = 1.0
        if let last = s.last, let p = ["K": 1.0, "M": 2.0, "G": 3.0, "T": 4.0][String(last)] {
            factor = pow(1024, p)
            s.removeLast()
        }
        guard let v = Double(s), v.isFinite, v > 0 else { return nil }
        return v * factor
    }

    /// Human-readable byte count ("3.2 GiB").
    public static func describe(bytes: Double) -> String {
        if !bytes.isFinite { return "unboundedly much memory" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = bytes, i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        if i == units.count - 1 && v >= 1024 { return String(format: "%.3g EiB", v) }
        return i == 0 ? String(format: "%.0f bytes", v) : String(format: "%.1f %@", v, units[i])
    }

    /// Throw when `bytes` (computed in floating point, so it cannot overflow) exceeds
    /// the budget. `what` names the workspace ("cascade workspace for 10^9 stages"),
    /// `node` is the input value responsible for its size.
    public static func checkWorkspace(bytes: Double, what: String, node: ConfigNode) throws {
        let limit = maxWorkspaceBytes
        if !(bytes <= limit) {
            throw node.error("a size whose \(what) fits the memory limit: it would need \(describe(bytes: bytes)), the limit is \(describe(bytes: limit)) (raise it with RARESEP_MAX_MEMORY, e.g. RARESEP_MAX_MEMORY=16G)")
        }
    }
}

/// A warning about input that is accepted but questionable (a value outside a model
/// file's stated valid range, a feed that is not electroneutral): printed on
/// standard error and listed in the run's summary; the run still solves.
public struct InputWarning: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Where it applies: a file and line, or a stage and quantity ("stage 12 of extraction").
    public var location: String
    /// What is questionable, with the quantity, its value and the limit.
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "warning: \(location): \(message)" }
}
