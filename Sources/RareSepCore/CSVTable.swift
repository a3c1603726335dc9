import Foundation

/// The one CSV reader of RareSep (reference data, datasets): lines starting
/// with '#' are comments (those before the header are the file's provenance),
/// the first other line is the header, every later line a row with as many
/// fields. Quoted fields may contain commas. LF, CRLF or CR line endings and a
/// leading UTF-8 byte-order mark are accepted. Errors name file and line.
public struct CSVTable: Sendable {
    public var path: String
    /// Text of the '#' lines before the header, without the '#'.
    public var comments: [String]
    public var header: [String]
    /// 1-based line of the header.
    public var headerLine: Int
    /// Rows with their 1-based line numbers.
    public var rows: [(line: Int, fields: [String])]

    /// Read a file.
    public static func load(path: String) throws -> CSVTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil, expected: "a readable UTF-8 CSV file")
        }
        return try parse(text: text, file: path)
    }

    /// Parse CSV text; `file` names it in messages. `headerExpected` says what the
    /// header should hold when there is none.
    public static func parse(text: String, file: String, headerExpected: String = "a header line") throws -> CSVTable {
        var header: [String]?
        var headerLine = 0
        var comments: [String] = []
        var rows: [(Int, [String])] = []
        // A UTF-8 byte-order mark and CRLF (or CR) line endings are legal: "\r\n" is one
        // Character in Swift, so split on every newline character, not on "\n" alone.
        let body = text.first == "\u{FEFF}" ? Substring(text.dropFirst()) : Substring(text)
        for (i, raw) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if header == nil { comments.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces)) }
                continue
            }
            let fields = split(line)
            if header == nil {
                header = fields
                headerLine = i + 1
                continue
            }
            if fields.count != header!.count {
                throw InputError(location: SourceLocation(file: file, line: i + 1), key: "(row)", value: line,
                                 expected: "\(header!.count) comma-separated fields as in the header on line \(headerLine)")
            }
            rows.append((i + 1, fields))
        }
        guard let header else {
            throw InputError(location: SourceLocation(file: file), key: "(header)", value: nil, expected: headerExpected)
        }
        return CSVTable(path: file, comments: comments, header: header, headerLine: headerLine, rows: rows)
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
        throw InputError(location: SourceLocation(file: path, line: headerLine), key: name, value: nil,
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
