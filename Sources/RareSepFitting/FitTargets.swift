import RareSepCore

/// Observed values of the target columns, stacked target by target, with their
/// uncertainties and point labels. A column `u(<target>)` (same unit as the
/// target) gives per-point standard uncertainties; otherwise `constantUncertainty`
/// (in the target's unit) or equal weights.
public struct FitTargets: Sendable {
    /// Target column names in order.
    public var columns: [String]
    /// Observations, rows of target 1, then target 2, ...
    public var observations: [Double]
    /// Uncertainties or nil (unweighted).
    public var uncertainties: [Double]?
    /// "line 7 D_Dy" per point.
    public var labels: [String]
    /// Human description, e.g. "log10D_Dy [-]".
    public var observable: String
    /// SI value of one unit of the column as written, per point (1 for plain numbers).
    public var displayScale: [Double]

    /// Read `columns` of `table`; `dimension(column)` gives each column's dimension
    /// (values converted to SI) or nil (numbers taken as written, any unit), and
    /// `element(column)` the element for mass units.
    public static func read(_ table: DataTable, columns: [String], dimension: (String) -> RareSepCore.Dimension?,
                            element: (String) -> Element? = { _ in nil }, elements: ElementTable? = nil,
                            constantUncertainty: Double? = nil,
                            range: (String) -> DataRange? = { _ in nil }) throws -> FitTargets {
        var obs: [Double] = []
        var sig: [Double] = []
        var labels: [String] = []
        var anyUncertainty = constantUncertainty != nil
        let withColumn = columns.filter { table.column("u(\($0))") != nil }
        if !withColumn.isEmpty && withColumn.count < columns.count && constantUncertainty == nil {
            let missing = columns.filter { table.column("u(\($0))") == nil }
            throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: "u(\(missing[0]))", value: nil,
                             expected: "an uncertainty column for every target or for none (found for \(withColumn.joined(separator: ", ")), missing for \(missing.joined(separator: ", ")); or give 'uncertainty:' in the spec")
        }
        var described: [String] = []
        var scale: [Double] = []
        for name in columns {
            let col = try table.require(name, purpose: "fit target")
            let dim = dimension(name)
            if let dim {
                let si = try table.quantities(col, dimension: dim, element: element(name), elements: elements)
                let raw = try table.numbers(col)
                if let r = range(name) { try table.requireRange(col, si, r) }
                obs += si
                let factor = zip(si, raw).first { $0.1 != 0 }.map { $0.0 / $0.1 } ?? 1
                scale += [Double](repeating: factor, count: si.count)
            } else {
                let raw = try table.numbers(col)
                if let r = range(name) { try table.requireRange(col, raw, r) }
                obs += raw
                scale += [Double](repeating: 1, count: table.rowCount)
            }
            labels += table.rowLines.map { "line \($0) \(name)" }
            described.append("\(name) [\(col.unit ?? "-")]")
            if let u = table.column("u(\(name))") {
                anyUncertainty = true
                if let uu = u.unit, uu != (col.unit ?? "") , dim == nil {
                    throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: u.name, value: uu,
                                     expected: "the unit of \(name) (\(col.unit ?? "none"))")
                }
                let v = try dim.map { try table.quantities(u, dimension: $0, element: element(name), elements: elements,
                                                           defaultUnit: col.unit) } ?? table.numbers(u)
                for (i, s) in v.enumerated() where !(s > 0) {
                    throw InputError(location: SourceLocation(file: table.file, line: table.rowLines[i]), key: u.name,
                                     value: u.cells[i], expected: "a positive standard uncertainty")
                }
                sig += v
            } else {
                sig += [Double](repeating: constantUncertainty ?? 1, count: table.rowCount)
            }
        }
        return FitTargets(columns: columns, observations: obs, uncertainties: anyUncertainty ? sig : nil,
                          labels: labels, observable: described.joined(separator: ", "), displayScale: scale)
    }
}
