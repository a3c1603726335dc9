import Foundation
import RareSepCore

/// The checks every file RareSep is asked to read (case files, fit specs, model and
/// isotherm files, datasets) passes before it is opened: it exists, is a regular file
/// (not a directory, device, FIFO or a /proc, /sys or /dev file), is readable and is at
/// most `maxBytes` long. Problems are described by path and kind, never by content.
public enum InputFileCheck {
    /// Largest YAML or CSV input RareSep reads (256 MiB).
    public static let maxBytes: Int64 = 256 << 20

    /// Why `path` cannot be read as a `kind` (e.g. "model file"), or nil when it can.
    public static func problem(_ path: String, kind: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else {
            return errno == EACCES ? "\(path) cannot be reached (permission denied)" : "\(path) does not exist"
        }
        let real = realPath(path)
        for system in ["/proc/", "/sys/", "/dev/"] where real.hasPrefix(system) {
            return "\(path) is a system file under \(system.dropLast()), not a \(kind)"
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return "\(path) is a directory, not a \(kind)"
        case S_IFCHR, S_IFBLK: return "\(path) is a device, not a \(kind)"
        case S_IFIFO: return "\(path) is a pipe, not a \(kind)"
        case S_IFSOCK: return "\(path) is a socket, not a \(kind)"
        default: return "\(path) is not a regular file"
        }
        if Int64(st.st_size) > maxBytes {
            return "\(path) is \(Int64(st.st_size) >> 20) MiB; a \(kind) may be at most \(maxBytes >> 20) MiB"
        }
        guard access(path, R_OK) == 0 else { return "\(path) cannot be read (permission denied)" }
        return nil
    }

    /// Throw an InputError at `path` itself (a file named on the command line, `key`
    /// e.g. "case file") when it cannot be read as a `kind`.
    public static func require(_ path: String, key: String, kind: String) throws {
        if let p = problem(path, kind: kind) {
            throw InputError(location: SourceLocation(file: path), key: key, value: nil, expected: "a readable \(kind) (\(p))")
        }
    }

    /// The canonical path (symbolic links and `..` resolved); the standardized path when
    /// the file does not exist.
    public static func realPath(_ path: String) -> String {
        guard let r = realpath(path, nil) else { return (URL(fileURLWithPath: path).standardizedFileURL.path) }
        defer { free(r) }
        return String(cString: r)
    }

    /// Check that `doc` (a whole file read as a `kind`, e.g. "case file") is a YAML
    /// mapping; otherwise an InputError at `node` (the key that named the file) or at the
    /// file, which never echoes the file's contents.
    public static func requireMapping(_ doc: ConfigNode, kind: String, referencedBy node: ConfigNode? = nil) throws {
        if case .mapping = doc.kind { return }
        let file = doc.location.file
        let expected = "a \(kind): a YAML mapping of keys and values; \(file) is not one (its document is \(doc.scalarText == nil ? "a list or empty" : "plain text"))"
        if let node { throw node.error(expected) }
        throw InputError(location: SourceLocation(file: file), key: "(document)", value: nil, expected: expected)
    }

    /// Load the YAML file at `path` that the case key `node` names as a `kind`: a file
    /// that does not parse or is not a mapping is an error at that key, never echoing
    /// the file.
    public static func loadReferenced(_ path: String, kind: String, referencedBy node: ConfigNode) throws -> ConfigNode {
        let doc: ConfigNode
        do { doc = try YAMLDocument.load(path: path) } catch let e as InputError {
            throw node.error("a \(kind) (a YAML mapping); \(path) is not one: \(e.expected)")
        }
        try requireMapping(doc, kind: kind, referencedBy: node)
        return doc
    }
}
