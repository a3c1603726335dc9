import Foundation
import RareSepCore

/// One CSV column: header `name [unit]` (unit optional) and its cells as written.
public struct DataColumn: Sendable {
    /// Name before the bracket, e.g. "D_Dy".
    public var name: String
    /// Unit inside the brackets, e.g. "mol/L"; nil when the header has none.
    public var unit: String?
    /// Cells as text, one per data row.
    public var cells: [String]
}

/// A CSV data file: leading `#` comment lines (the citation), one header line
/// naming each column and its unit, then rows of numbers. Every reader error
/// names the file, the line and the column.
public struct DataTable: Sendable {
    /// File path as given.
    public var file: String
    /// Text of the leading comment lines, without '#'.
    public var comments: [String]
    /// Columns in file order.
    public var columns: [DataColumn]
    /// 1-based source line of each data row.
    public var rowLines: [Int]
    /// 1-based line of the header.
    public var headerLine: Int

    /// Number of data rows.
    public var rowCount: Int { rowLines.count }

    /// The comment lines joined: the dataset's own citation.
    public var citation: String { comments.joined(separator: " ").trimmingCharacters(in: .whitespaces) }

    /// Memory a fit needs per byte of dataset file (rows as text and numbers, the points
    /// of the report and its JSON), measured: a 24 MB, 10⁶-row file takes 1.2 GB.
    public static let memoryPerFileByte = 50.0

    /// Load and parse a CSV file. A file whose fit would need more memory than
    /// `ResourceLimits.maxWorkspaceBytes` (about 85 MB of CSV, 3·10⁶ rows, at the default
    /// 4 GiB) is refused before it is read.
    public static func load(path: String) throws -> DataTable {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
            let need = size.doubleValue * memoryPerFileByte, limit = ResourceLimits.maxWorkspaceBytes
            if need > limit {
                throw InputError(location: SourceLocation(file: path), key: "(file)", value: "\(size.intValue) bytes",
                                 expected: "a dataset whose fit fits the memory limit: it would need about \(ResourceLimits.describe(bytes: need)), the limit is \(ResourceLimits.describe(bytes: limit)) (raise it with RARESEP_MAX_MEMORY, e.g. RARESEP_MAX_MEMORY=16G)")
            }
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil,
                             expected: "a readable UTF-8 CSV file")
        }
        return try parse(text: text, file: path)
    }

    /// Parse CSV text through the shared reader (`CSVTable`), then read the headers.
    public static func parse(text: String, file: String) throws -> DataTable {
        let t = try CSVTable.parse(text: text, file: file,
                                   headerExpected: "a header line naming each column and its unit, e.g. 'pH, D_Dy [-], c0_Dy [mol/L]'")
        let (header, headerLine, rows, lines, comments) = (t.header, t.headerLine, t.rows.map(\.fields), t.rows.map(\.line), t.comments)
        var columns: [DataColumn] = []
        for (k, h) in header.enumerated() {
            var name = h
            var unit: String?
            if let open = h.firstIndex(of: "[") {
                guard h.hasSuffix("]") else {
                    throw InputError(location: SourceLocation(file: file, line: headerLine), key: "(header)", value: h,
                                     expected: "a column header 'name [unit]'")
                }
                name = h[..<open].trimmingCharacters(in: .whitespaces)
                unit = h[h.index(after: open)..<h.index(before: h.endIndex)].trimmingCharacters(in: .whitespaces)
            }
            if name.isEmpty {
                throw InputError(location: SourceLocation(file: file, line: headerLine), key: "(header)", value: h,
                                 expected: "a non-empty column name")
            }
            if columns.contains(where: { $0.name == name }) {
                throw InputError(location: SourceLocation(file: file, line: headerLine), key: name, value: h,
                                 expected: "each column named once")
            }
            columns.append(DataColumn(name: name, unit: unit, cells: rows.map { $0[k] }))
        }
        return DataTable(file: file, comments: comments, columns: columns, rowLines: lines, headerLine: headerLine)
    }

    /// The same table with only the given rows (in the given order).
    public func selecting(_ rows: [Int]) -> DataTable {
        var t = self
        t.columns = columns.map { c in DataColumn(name: c.name, unit: c.unit, cells: rows.map { c.cells[$0] }) }
        t.rowLines = rows.map { rowLines[$0] }
        return t
    }

    /// Column by name, or nil.
    public func column(_ name: String) -> DataColumn? { columns.first { $0.name == name } }

    /// Column by name; an InputError suggesting the nearest name when missing, located at
    /// `node` (the spec key that named the column) when given, else at the header.
    public func require(_ name: String, purpose: String, at node: ConfigNode? = nil) throws -> DataColumn {
        if let c = column(name) { return c }
        let names = columns.map(\.name)
        if let node {
            let plausible = names.allSatisfy { n in n.count <= 64 && !n.contains(where: { ":/\\\"'<>{}".contains($0) }) }
            let listed = plausible ? "its columns: \(names.joined(separator: ", "))" : "its first line is not a header of 'name [unit]' columns"
            let hint = plausible ? (nearestName(to: name, in: names).map { "; did you mean '\($0)'?" } ?? "") : ""
            throw node.error("a column of \(file) (\(purpose)); \(listed)\(hint)", value: name)
        }
        // List the columns only when the header looks like one (a file that is not a CSV
        // dataset is not echoed).
        let plausible = names.allSatisfy { n in n.count <= 64 && !n.contains(where: { ":/\\\"'<>{}".contains($0) }) }
        guard plausible else {
            throw InputError(location: SourceLocation(file: file, line: headerLine), key: name, value: nil,
                             expected: "a column '\(name)' (\(purpose)); line \(headerLine) of \(file) is not a header of 'name [unit]' columns: is it a CSV dataset?")
        }
        let hint = nearestName(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
        throw InputError(location: SourceLocation(file: file, line: headerLine), key: name, value: nil,
                         expected: "a column '\(name)' (\(purpose)); the file has \(names.joined(separator: ", "))\(hint)")
    }

    /// The column's numbers as written (no unit conversion); throws for a cell that
    /// is not a finite number, naming its line.
    public func numbers(_ column: DataColumn) throws -> [Double] {
        try column.cells.enumerated().map { i, cell in
            guard let v = Double(cell), v.isFinite else {
                throw InputError(location: SourceLocation(file: file, line: rowLines[i]), key: column.name, value: cell,
                                 expected: "a finite number (no NaN, no empty cell)")
            }
            return v
        }
    }

    /// The column converted to SI with its header unit (or `defaultUnit` when the
    /// header has none); an InputError for an unknown unit or a bad cell.
    public func quantities(_ column: DataColumn, dimension: RareSepCore.Dimension, element: Element? = nil,
                           elements: ElementTable? = nil, defaultUnit: String? = nil) throws -> [Double] {
        let unit = column.unit ?? defaultUnit ?? ""
        let values = try numbers(column)
        if dimension == .dimensionless, unit.isEmpty || unit == "-" { return values }
        switch Units.parse("1 \(unit)", dimension: dimension, element: element, elements: elements) {
        case .success(let factor):
            return values.map { $0 * factor }
        case .failure(let f):
            var expected = "a \(dimension.rawValue) unit, one of \(dimension.acceptedUnits.filter { !$0.isEmpty }.joined(separator: ", "))"
            if case .needsElement = f { expected = "a unit that can be converted for this column (mass units need an element symbol in the column name)" }
            throw InputError(location: SourceLocation(file: file, line: headerLine), key: "\(column.name) (header)",
                             value: column.unit ?? "(none)", expected: expected)
        }
    }

    /// The header as written, "name [unit]".
    public func header(_ column: DataColumn) -> String {
        column.unit.map { "\(column.name) [\($0)]" } ?? column.name
    }

    /// Check that a column holding a plain number (pH, log10 D, a ratio, bed volumes)
    /// has no unit: none, or `[-]`. `meaning` says what it holds, e.g. "pH".
    public func requireUnitless(_ column: DataColumn, meaning: String) throws {
        guard let u = column.unit, !u.isEmpty, u != "-" else { return }
        throw InputError(location: SourceLocation(file: file, line: headerLine), key: "\(column.name) (header)", value: header(column),
                         expected: "no unit: \(meaning) is a plain number (write '\(column.name)' or '\(column.name) [-]')")
    }

    /// Check a column's header unit against what the column must hold (`ColumnUnit`);
    /// `role` names its use, e.g. "input 'dose' of uky-log-d-correlation".
    public func requireUnit(_ column: DataColumn, _ expected: ColumnUnit, role: String) throws {
        let unit = column.unit ?? ""
        let fail = { (what: String) in
            InputError(location: SourceLocation(file: self.file, line: self.headerLine), key: "\(column.name) (header)",
                       value: self.header(column), expected: "\(what) for the \(role)")
        }
        switch expected {
        case .any: return
        case .none(let meaning):
            try requireUnitless(column, meaning: meaning)
        case .oneOf(let units):
            let squeeze = { (u: String) in u.replacingOccurrences(of: " ", with: "").lowercased() }
            if !units.contains(where: { squeeze($0) == squeeze(unit) }) {
                throw fail("the unit \(units.map { "[\($0)]" }.joined(separator: " or ")) (numbers are used as written)")
            }
        case .dimensions(let dims):
            for dim in dims {
                switch Units.parse("1 \(unit)", dimension: dim) {
                case .success, .failure(.needsElement): return
                case .failure: continue
                }
            }
            let accepted = dims.flatMap { $0.acceptedUnits.filter { !$0.isEmpty } }.joined(separator: ", ")
            let kinds = dims.map { $0 == .specificAmount ? "amount per mass" : $0.rawValue }
            throw fail("a \(kinds.joined(separator: " or ")) unit in the header (one of \(accepted))")
        case .dimension(let dim):
            let accepted = dim.acceptedUnits.filter { !$0.isEmpty }.joined(separator: ", ")
            if unit.isEmpty || unit == "-" { throw fail("a \(dim.rawValue) unit in the header (one of \(accepted))") }
            switch Units.parse("1 \(unit)", dimension: dim) {
            case .success, .failure(.needsElement): return   // a mass unit: valid, converted elsewhere
            case .failure:
                throw fail("a \(dim.rawValue) unit, one of \(accepted)")
            }
        }
    }
}

/// What a dataset column's header unit must be.
public enum ColumnUnit: Sendable {
    /// A plain number (no unit or `[-]`); the text says what it is, e.g. "pH".
    case none(String)
    /// One of these units exactly (spaces and case ignored), e.g. vol% for a dose.
    case oneOf([String])
    /// Any unit of this dimension.
    case dimension(RareSepCore.Dimension)
    /// Any unit of one of these dimensions (a loading per volume or per mass of solid).
    case dimensions([RareSepCore.Dimension])
    /// Anything (the numbers are used as written and the unit only labels them).
    case any
}
