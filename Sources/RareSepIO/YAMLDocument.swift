import Foundation
import RareSepCore

/// Limits on one YAML input file (case, model, fit spec, validation spec), checked
/// before and while it is parsed, so a hostile document (an alias bomb, 10 000 levels
/// of nesting, a huge file) becomes a one-line InputError instead of exhausting the
/// stack or memory.
public struct YAMLLimits: Sendable {
    /// Largest file read, bytes (16 MiB; RareSep's own files are a few KiB).
    public var maxBytes: Int = 16 * 1024 * 1024
    /// Deepest nesting of lists and mappings (64; RareSep's formats use fewer than 8).
    public var maxDepth: Int = 64
    /// Most values, lists and mappings in one document, aliases expanded (1 000 000).
    public var maxNodes: Int = 1_000_000
    /// Most nodes that aliases (`*name`) may expand to in one document (100 000).
    public var maxAliasNodes: Int = 100_000

    /// The limits above.
    public static let standard = YAMLLimits()

    /// Limits with the defaults above.
    public init() {}
}

/// Reads YAML files into `ConfigNode` trees that remember file and line.
public enum YAMLDocument {
    /// Parse a YAML file. Malformed YAML, a missing file, a directory, a file larger
    /// than `limits.maxBytes` or an empty document becomes an InputError naming the file
    /// (and line where YAML gives one).
    public static func load(path: String, limits: YAMLLimits = .standard) throws -> ConfigNode {
        let data = try readBounded(path: path, maxBytes: limits.maxBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil, expected: "UTF-8 text")
        }
        return try parse(text, file: path, limits: limits)
    }

    /// Parse YAML text; `file` names it in messages. Duplicate keys in a mapping,
    /// more than one document, and documents beyond `limits` are errors.
    public static func parse(_ text: String, file: String, limits: YAMLLimits = .standard) throws -> ConfigNode {
        if text.utf8.count > limits.maxBytes { throw tooLarge(file, limits.maxBytes) }
        var composer = YAMLComposer(file: file, limits: limits)
        var text = text
        let root = try text.withUTF8 { try composer.compose($0) }
        guard let root else {
            throw InputError(location: SourceLocation(file: file), key: "(document)", value: nil, expected: "a non-empty YAML document")
        }
        return root
    }

    /// The bytes of a regular file, reading at most `maxBytes` (so /dev/zero or a
    /// growing file cannot exhaust memory).
    static func readBounded(path: String, maxBytes: Int) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil,
                             expected: "a readable file (it does not exist)")
        }
        if isDirectory.boolValue {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil,
                             expected: "a YAML file (this is a directory)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil,
                             expected: "a readable file (it cannot be opened)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil,
                             expected: "a readable file (reading failed: \(error.localizedDescription))")
        }
        if data.count > maxBytes { throw tooLarge(path, maxBytes) }
        return data
    }

    static func tooLarge(_ file: String, _ maxBytes: Int) -> InputError {
        InputError(location: SourceLocation(file: file), key: "(file)", value: nil,
                   expected: "a YAML file of at most \(ResourceLimits.describe(bytes: Double(maxBytes))) (this one is larger)")
    }
}
