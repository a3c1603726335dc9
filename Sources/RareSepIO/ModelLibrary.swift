import Foundation
import RareSepCore

/// The `Models/` data directory: element data and model parameter files.
public struct ModelLibrary: Sendable {
    /// Absolute path of the Models directory.
    public let root: String
    /// Element and ion data from Models/elements.yaml.
    public let elements: ElementTable
    /// The files read through this library during a run (model, isotherm, dataset and
    /// case files named by a case or spec): outputs must never replace them.
    public let filesRead = FilesRead()
    /// Model files already parsed through this library (a sweep reads its case's model
    /// files once, not once per point).
    public let documents = ParsedDocuments()

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

    /// The file a case or spec names at `node` (resolved as `resolve` does), which must be
    /// a readable regular file of at most `InputFileCheck.maxBytes` (not a directory,
    /// device or /proc file); otherwise an InputError at the node naming `kind`, the path
    /// looked for and what is wrong with it. The file is recorded in `filesRead`.
    public func existingFile(_ node: ConfigNode, relativeTo file: String, kind: String) throws -> String {
        let resolved = resolve(try node.string(), relativeTo: file)
        if let problem = InputFileCheck.problem(resolved, kind: kind) {
            throw node.error("an existing, readable \(kind) (\(problem))")
        }
        filesRead.record(resolved)
        return resolved
    }

    /// Resolve a file reference: an absolute path as given; a relative one against the
    /// directory of the referring file when it exists there, otherwise against Models/
    /// (a leading `Models/` dropped).
    public func resolve(_ reference: String, relativeTo file: String) -> String {
        let fm = FileManager.default
        if reference.hasPrefix("/") { return reference }
        let local = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(reference)
        if fm.fileExists(atPath: local) { return local }
        let stripped = reference.hasPrefix("Models/") ? String(reference.dropFirst("Models/".count)) : reference
        return (root as NSString).appendingPathComponent(stripped)
    }
}

/// The input files of one run, by canonical path (thread-safe).
public final class FilesRead: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    /// An empty set.
    public init() {}

    /// Record `path` (stored canonical).
    public func record(_ path: String) {
        let real = InputFileCheck.realPath(path)
        lock.lock(); defer { lock.unlock() }
        paths.insert(real)
    }

    /// The canonical paths recorded so far.
    public var all: [String] {
        lock.lock(); defer { lock.unlock() }
        return paths.sorted()
    }
}

/// Parsed YAML documents by path (thread-safe): a file is parsed again only when its
/// size or modification time changed since it was parsed.
public final class ParsedDocuments: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: (stamp: [Int], document: ConfigNode)] = [:]

    /// An empty cache.
    public init() {}

    /// The document at `path` (`YAMLDocument.load`), parsed once per version of the file.
    public func load(_ path: String) throws -> ConfigNode {
        var st = stat()
        guard stat(path, &st) == 0 else { return try YAMLDocument.load(path: path) }
        let stamp = [Int(st.st_size), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), Int(st.st_ino)]
        lock.lock()
        let hit = parsed[path]
        lock.unlock()
        if let hit, hit.stamp == stamp { return hit.document }
        let document = try YAMLDocument.load(path: path)
        lock.lock()
        parsed[path] = (stamp, document)
        lock.unlock()
        return document
    }
}
