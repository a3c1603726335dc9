import Foundation
import RareSepCore

/// The directory a run writes its results into (`raresep run --output`, a fit's
/// output directory): created on demand; every failure is an InputError naming the
/// path and what the user set.
struct OutputDirectory {
    /// Directory path.
    let path: String
    /// What the user set to choose it (e.g. "--output"), for error messages.
    let key: String

    /// Create the directory (and its parents) if needed.
    init(_ path: String, key: String) throws {
        self.path = path
        self.key = key
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError(location: SourceLocation(file: path), key: key, value: path,
                             expected: "a directory RareSep can create and write")
        }
    }

    /// Write `text` as file `name`; returns its path. `key` names the setting that
    /// chose the file name, when there is one.
    @discardableResult
    func write(_ text: String, _ name: String, key fileKey: String? = nil) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        do {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(location: SourceLocation(file: file), key: fileKey ?? key, value: fileKey == nil ? path : name,
                             expected: fileKey == nil ? "a writable output directory" : "a writable file")
        }
        return file
    }

    /// Pretty-printed JSON with sorted keys (non-finite numbers as "inf", "-inf",
    /// "nan"), ending in a newline.
    static func json<T: Encodable>(_ value: T, snakeCaseKeys: Bool = false) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        if snakeCaseKeys { enc.keyEncodingStrategy = .convertToSnakeCase }
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(value), as: UTF8.self) + "\n"
    }
}
