import Foundation

/// The one CSV reader of RareSep (reference data, datasets): lines starting
/// with '#' are comments (those before the header are the file's provenance),
/// the first other line is the header, every later line a row with as many
/// fields. Quoted fields may contain commas. LF, CRLF or CR line endings and a
/// leading UTF-8 byte-order mark are accepted. Errors name file and line.
public struct CSVTable: Sendable {
    /// A text as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
    /// comma, a quote or a line break; as it is otherwise. Every CSV RareSep writes uses it.
    public static func quoted(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A number as a CSV field with 10 significant digits (C's "%.10g"; "" when not
    /// finite), without Foundation's `String(format:)` (a time series of a dynamic run
    /// writes hundreds of thousands of them). Allocation: the returned string only.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buf in
            let len = Int(csvFormatG10(buf.baseAddress!, v))
            return String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress!, count: max(0, min(len, 31))), as: UTF8.self)
        }
    }

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
    /// header should hold when there is none. Works on the UTF-8 bytes (a 10⁶-row
    /// dataset parses in about a second in a release build).
    public static func parse(text: String, file: String, headerExpected: String = "a header line") throws -> CSVTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, headerExpected: headerExpected) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, headerExpected: String) throws -> CSVTable {
        var header: [String]?
        var headerLine = 0
        var comments: [String] = []
        var rows: [(line: Int, fields: [String])] = []
        let n = bytes.count
        // A UTF-8 byte-order mark and LF, CRLF or CR line endings are legal.
        var i = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var lineNumber = 0
        while i < n {
            var j = i
            while j < n && bytes[j] != 10 && bytes[j] != 13 { j += 1 }
            lineNumber += 1
            let lineStart = i
            i = j < n && bytes[j] == 13 && j + 1 < n && bytes[j + 1] == 10 ? j + 2 : j + 1
            let (a, b) = trim(bytes, lineStart, j)
            if a == b { continue }
            if bytes[a] == UInt8(ascii: "#") {
                if header == nil {
                    let (c, d) = trim(bytes, a + 1, b)
                    comments.append(string(bytes, c, d))
                }
                continue
            }
            let fields = split(bytes, a, b)
            guard let header else {
                header = fields
                headerLine = lineNumber
                continue
            }
            if fields.count != header.count {
                throw InputError(location: SourceLocation(file: file, line: lineNumber), key: "(row)", value: "\(fields.count) fields",
                                 expected: "\(header.count) comma-separated fields as in the header on line \(headerLine)")
            }
            rows.append((lineNumber, fields))
        }
        guard let header else {
            throw InputError(location: SourceLocation(file: file), key: "(header)", value: nil, expected: headerExpected)
        }
        return CSVTable(path: file, comments: comments, header: header, headerLine: headerLine, rows: rows)
    }

    /// Bounds of bytes[a..<b] without leading and trailing ASCII blanks (space, tab, VT, FF).
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> (Int, Int) {
        func blank(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 11 || c == 12 }
        var a = a, b = b
        while a < b && blank(bytes[a]) { a += 1 }
        while b > a && blank(bytes[b - 1]) { b -= 1 }
        return (a, b)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
    }

    /// Fields of one line: commas inside double quotes do not split, the quotes are
    /// dropped, each field is trimmed of blanks.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> [String] {
        var out: [String] = []
        var fieldStart = a, quoted = false, hasQuote = false
        func finish(_ end: Int) {
            if hasQuote {
                let kept = bytes[fieldStart..<end].filter { $0 != UInt8(ascii: "\"") }
                out.append(kept.withUnsafeBufferPointer { buf in
                    let (c, d) = trim(buf, 0, buf.count)
                    return string(buf, c, d)
                })
            } else {
                let (c, d) = trim(bytes, fieldStart, end)
                out.append(string(bytes, c, d))
            }
        }
        var k = a
        while k < b {
            let c = bytes[k]
            if c == UInt8(ascii: "\"") {
                quoted.toggle()
                hasQuote = true
            } else if c == UInt8(ascii: ","), !quoted {
                finish(k)
                fieldStart = k + 1
                hasQuote = false
            }
            k += 1
        }
        finish(b)
        return out
    }

    /// Column index by name; throws naming the file and the columns it has.
    public func column(_ name: String) throws -> Int {
        if let i = header.firstIndex(of: name) { return i }
        let hint = nearestName(to: name, in: header).map { "; did you mean '\($0)'?" } ?? ""
        // List the columns (at most 12, each cut to 32 characters): a file that is not a CSV must not be echoed.
        var shown = header.prefix(12).map { $0.count > 32 ? String($0.prefix(32)) + "…" : $0 }
        if header.count > 12 { shown.append("… \(header.count - 12) more") }
        throw InputError(location: SourceLocation(file: path, line: headerLine), key: name, value: nil,
                         expected: "a column '\(name)' (columns: \(shown.joined(separator: ", ")))\(hint)")
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

/// snprintf(buf, 32, "%.10g", v) (a non-variadic call site for Swift).
@inline(__always)
private func csvFormatG10(_ buf: UnsafeMutablePointer<CChar>, _ v: Double) -> Int32 {
    withVaList([v]) { vsnprintf(buf, 32, "%.10g", $0) }
}
