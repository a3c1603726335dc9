import Foundation
import RareSepCore

/// A small CSV reader for reference data and datasets: lines starting with '#'
/// are comments (provenance), the first other line is the header. Quoted fields
/// may contain commas.
public struct CSVTable {
    public var path: String
    public var header: [String]
    /// Rows with their 1-based line numbers.
    public var rows: [(line: Int, fields: [String])]

    public static func load(path: String) throws -> CSVTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil, expected: "a readable CSV file")
        }
        var header: [String]?
        var rows: [(Int, [String])] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = split(line)
            if header == nil { header = fields; continue }
            if fields.count != header!.count {
                throw InputError(location: SourceLocation(file: path, line: i + 1), key: "(row)", value: line,
                                 expected: "\(header!.count) comma-separated fields as in the header")
            }
            rows.append((i + 1, fields))
        }
        guard let header else {
            throw InputError(location: SourceLocation(file: path), key: "(header)", value: nil, expected: "a header line")
        }
        return CSVTable(path: path, header: header, rows: rows)
    }

    static func split(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == "," && !quoted { out.append(cur.trimmingCharacters(in: .whitespaces)); cur = ""; continue }
            cur.append(ch)
        }
        out.append(cur.trimmingCharacters(in: .whitespaces))
        return out
    }

    /// Column index by name; throws naming the file and the columns it has.
    public func column(_ name: String) throws -> Int {
        if let i = header.firstIndex(of: name) { return i }
        let hint = nearestName(to: name, in: header).map { "; did you mean '\($0)'?" } ?? ""
        throw InputError(location: SourceLocation(file: path, line: 1), key: name, value: nil,
                         expected: "a column '\(name)' (columns: \(header.joined(separator: ", ")))\(hint)")
    }

    /// A numeric field; throws naming file, line and column.
    public func double(_ row: (line: Int, fields: [String]), _ column: Int) throws -> Double {
        guard let v = Double(row.fields[column]), v.isFinite else {
            throw InputError(location: SourceLocation(file: path, line: row.line), key: header[column],
                             value: row.fields[column], expected: "a finite number")
        }
        return v
    }
}
