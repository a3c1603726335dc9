import Foundation

/// The one CSV reader of RareSep (reference data, datasets): lines starting
/// with '#' are comments (those before the header are the file's provenance),
/// the first other line is the header, every later line a row with as many
/// fields. Quoted fields may contain commas. Errors name file and line.
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
    /// header should hold when there is none. Works on the UTF-8 bytes in one pass
    /// (a 10⁶-row file parses in about a second); LF and CRLF line ends and a leading
    /// byte-order mark are accepted.
    public static func parse(text: String, file: String, headerExpected: String = "a header line") throws -> CSVTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, headerExpected: headerExpected) }
    }

    static func parse(bytes all: UnsafeBufferPointer<UInt8>, file: String, headerExpected: String) throws -> CSVTable {
        var header: [String]?
        var headerLine = 0
        var comments: [String] = []
        var rows: [(line: Int, fields: [String])] = []
        var start = 0
        if all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF { start = 3 }   // BOM
        var lineNumber = 0
        var fields: [String] = []
        while start <= all.count {
            var end = start
            while end < all.count && all[end] != 0x0A { end += 1 }
            lineNumber += 1
            let next = end + 1
            // Trim ASCII whitespace (and the CR of a CRLF line end) at both ends.
            var a = start, b = end
            while a < b && isSpace(all[a]) { a += 1 }
            while b > a && isSpace(all[b - 1]) { b -= 1 }
            defer { start = next }
            if a == b { if end >= all.count { break } else { continue } }
            if all[a] == 0x23 {   // '#'
                if header == nil {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: all[(a + 1)..<b]), as: UTF8.self)
                    comments.append(text.trimmingCharacters(in: .whitespaces))
                }
                if end >= all.count { break } else { continue }
            }
            split(all, a, b, into: &fields)
            if header == nil {
                header = fields
                headerLine = lineNumber
            } else if fields.count != header!.count {
                throw InputError(location: SourceLocation(file: file, line: lineNumber), key: "(row)", value: "\(fields.count) fields",
                                 expected: "\(header!.count) comma-separated fields as in the header on line \(headerLine)")
            } else {
                rows.append((lineNumber, fields))
            }
            if end >= all.count { break }
        }
        guard let header else {
            throw InputError(location: SourceLocation(file: file), key: "(header)", value: nil, expected: headerExpected)
        }
        return CSVTable(path: file, comments: comments, header: header, headerLine: headerLine, rows: rows)
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C }

    /// Split bytes a..<b of one line at commas outside double quotes; fields are trimmed
    /// and their quotes removed.
    static func split(_ all: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, into out: inout [String]) {
        out.removeAll(keepingCapacity: true)
        var quoted = false
        var fieldStart = a
        var hasQuote = false
        func emit(_ from: Int, _ to: Int) {
            var x = from, y = to
            while x < y && isSpace(all[x]) { x += 1 }
            while y > x && isSpace(all[y - 1]) { y -= 1 }
            let slice = UnsafeBufferPointer(rebasing: all[x..<y])
            if hasQuote {
                out.append(String(decoding: slice.filter { $0 != 0x22 }, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            } else {
                out.append(String(decoding: slice, as: UTF8.self))
            }
        }
        var i = a
        while i < b {
            let c = all[i]
            if c == 0x22 { quoted.toggle(); hasQuote = true } else if c == 0x2C && !quoted {
                emit(fieldStart, i)
                fieldStart = i + 1
                hasQuote = false
            }
            i += 1
        }
        emit(fieldStart, b)
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
