import RareSepCore

/// The physical range of the values a dataset column holds (pH, log10 D, a dose, a
/// concentration), checked row by row when a fit reads the column so that an absurd or
/// negative value is an error naming the file, line, column and cell, not a fit that
/// fails to converge or a model that cannot be evaluated.
public struct DataRange: Sendable {
    /// Smallest allowed value.
    public var lower: Double
    /// Whether `lower` itself is allowed.
    public var includesLower: Bool
    /// Largest allowed value.
    public var upper: Double
    /// What the error expects, e.g. "a pH from -2 to 16".
    public var expected: String

    /// A range [lower, upper] (or (lower, upper] when `includesLower` is false).
    public init(_ lower: Double, _ upper: Double, includesLower: Bool = true, expected: String) {
        self.lower = lower
        self.upper = upper
        self.includesLower = includesLower
        self.expected = expected
    }

    /// Whether `v` is inside the range (never for NaN or infinities beyond it).
    public func contains(_ v: Double) -> Bool { (includesLower ? v >= lower : v > lower) && v <= upper }

    /// pH of an aqueous solution.
    public static let pH = DataRange(-2, 16, expected: "a pH from -2 to 16")
    /// log10 of a distribution ratio, matching the 1e-12 to 1e12 bound on model D values.
    public static let log10DistributionRatio = DataRange(-12, 12, expected: "a log10 D from -12 to 12 (D from 1e-12 to 1e12)")
    /// A distribution ratio.
    public static let distributionRatio = DataRange(0, 1e12, expected: "a distribution ratio from 0 to 1e12")
    /// An extractant dose in vol% (its logarithm enters the correlation, so it must be positive).
    public static let volumePercent = DataRange(0, 100, includesLower: false, expected: "a dose above 0 and at most 100 vol%")
    /// A liquid concentration in SI units (mol/m³): 0 to 100 mol/L, as for case files.
    public static let concentration = DataRange(0, 1e5, expected: "a concentration from 0 to 100 mol/L (after unit conversion)")
    /// A non-negative amount as written (a loading, a concentration in the column's unit).
    public static let nonNegative = DataRange(0, .greatestFiniteMagnitude, expected: "a non-negative value")
}

extension DataTable {
    /// Check `values` (the column's cells, as written or converted) against `range`;
    /// the error names the file, the row's line, the column and the cell as written.
    public func requireRange(_ column: DataColumn, _ values: [Double], _ range: DataRange) throws {
        for (i, v) in values.enumerated() where !range.contains(v) {
            throw InputError(location: SourceLocation(file: file, line: rowLines[i]), key: column.name, value: column.cells[i],
                             expected: range.expected)
        }
    }
}
