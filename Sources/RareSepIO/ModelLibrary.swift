import Foundation
import RareSepCore

/// The `Models/` data directory: element data and model parameter files.
public struct ModelLibrary: Sendable {
    /// Absolute path of the Models directory.
    public let root: String
    /// Element and ion data from Models/elements.yaml.
    public let elements: ElementTable

    /// Load from an explicit directory.
    public init(root: String) throws {
        self.root = root
        self.elements = try ElementData.load(path: (root as NSString).appendingPathComponent("elements.yaml"))
    }

    /// Find Models/: $RARESEP_MODELS, then the current directory and its parents,
    /// then the package this binary was built from.
    public static func locate(near path: String? = nil) throws -> ModelLibrary {
        let fm = FileManager.default
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["RARESEP_MODELS"] { candidates.append(env) }
        var starts = [fm.currentDirectoryPath]
        if let path { starts.insert((path as NSString).deletingLastPathComponent, at: 0) }
        for start in starts {
            var dir = URL(fileURLWithPath: start).standardizedFileURL
            for _ in 0..<8 {
                candidates.append(dir.appendingPathComponent("Models").path)
                dir.deleteLastPathComponent()
            }
        }
        // Sources/RareSepIO/ModelLibrary.swift → package root
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(built.appendingPathComponent("Models").path)
        for c in candidates where fm.fileExists(atPath: (c as NSString).appendingPathComponent("elements.yaml")) {
            return try ModelLibrary(root: c)
        }
        throw InputError(location: SourceLocation(file: "Models/elements.yaml"), key: "(file)", value: nil,
                         expected: "the RareSep Models/ directory (set RARESEP_MODELS to its path)")
    }

    /// The file a case or spec names at `node` (resolved as `resolve` does), which must
    /// exist; otherwise an InputError at the node naming `kind` and the path looked for.
    public func existingFile(_ node: ConfigNode, relativeTo file: String, kind: String) throws -> String {
        let resolved = resolve(try node.string(), relativeTo: file)
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw node.error("an existing \(kind) (looked for \(resolved))")
        }
        return resolved
    }

    /// Resolve a model-file reference relative to the referring file, then to Models/.
    public func resolve(_ reference: String, relativeTo file: String) -> String {
        let fm = FileManager.default
        if reference.hasPrefix("/") { return reference }
        let local = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(reference)
        if fm.fileExists(atPath: local) { return local }
        let stripped = reference.hasPrefix("Models/") ? String(reference.dropFirst("Models/".count)) : reference
        return (root as NSString).appendingPathComponent(stripped)
    }
}
