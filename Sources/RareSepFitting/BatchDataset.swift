import Foundation
import RareSepChemistry
import RareSepCore

/// A batch shake-out dataset: one test per row, with its conditions read from
/// named columns (units in the header):
///
/// - `c0_<S> [mol/L | g/L | ...]` initial aqueous concentration of species S (absent: 0)
/// - `y0_<S> [mol/L | ...]` initial organic concentration of S, e.g. the extractant (absent: 0)
/// - `O/A [-]` phase ratio V_org/V_aq (absent: the spec's `phase_ratio`, default 1)
/// - `pH0 [-]` initial pH: sets c0_H = 10^(−pH0) mol/L when H is a species
/// - `pH [-]` equilibrium pH: holds x_H = 10^(−pH) mol/L in the solve (a pH-stat
///   test) when H is a species and pH is not itself a fit target
///
/// Other columns (targets, uncertainties, temperature, notes) are left to the fit.
public struct BatchDataset: Sendable {
    /// The table as read.
    public let table: DataTable
    /// Species in solver order.
    public let species: SpeciesSet
    /// Conditions per row.
    public let conditions: [BatchConditions]
    /// Notes on how columns were used, for the report.
    public let notes: [String]

    /// Read conditions from `table` for `species`. `holdEquilibriumPH` is false when pH is a target.
    public static func read(_ table: DataTable, species: SpeciesSet, elements: ElementTable,
                            defaultPhaseRatio: Double = 1, holdEquilibriumPH: Bool = true) throws -> BatchDataset {
        let rows = table.rowCount
        let n = species.count
        var aqueous = [[Double]](repeating: [Double](repeating: 0, count: n), count: rows)
        var organic = aqueous
        var held = [[Double?]](repeating: [Double?](repeating: nil, count: n), count: rows)
        var notes: [String] = []
        for (j, s) in species.symbols.enumerated() {
            if let col = table.column("c0_\(s)") {
                let v = try table.quantities(col, dimension: .concentration, element: elements[s], elements: elements)
                for i in 0..<rows { aqueous[i][j] = v[i] }
            }
            if let col = table.column("y0_\(s)") {
                let v = try table.quantities(col, dimension: .concentration, element: elements[s], elements: elements)
                for i in 0..<rows { organic[i][j] = v[i] }
            }
        }
        var ratio = [Double](repeating: defaultPhaseRatio, count: rows)
        if let col = table.column("O/A") {
            ratio = try table.quantities(col, dimension: .dimensionless)
            for (i, r) in ratio.enumerated() where !(r > 0) {
                throw InputError(location: SourceLocation(file: table.file, line: table.rowLines[i]), key: "O/A",
                                 value: "\(r)", expected: "a positive phase ratio")
            }
        }
        if let h = species.index(of: "H") {
            if let col = table.column("pH0") {
                let v = try table.quantities(col, dimension: .dimensionless)
                for i in 0..<rows { aqueous[i][h] = 1000 * pow(10, -v[i]) }
                notes.append("initial acid from column pH0: c0_H = 10^(−pH0) mol/L")
            }
            if holdEquilibriumPH, let col = table.column("pH") {
                let v = try table.quantities(col, dimension: .dimensionless)
                for i in 0..<rows { held[i][h] = 1000 * pow(10, -v[i]) }
                notes.append("equilibrium pH held at the measured value (column pH): each test solved as a pH-stat")
            }
        } else if table.column("pH") != nil || table.column("pH0") != nil {
            notes.append("pH columns not used: the model carries no H species")
        }
        if table.column("O/A") == nil { notes.append("phase ratio O/A = \(defaultPhaseRatio) for every test (no O/A column)") }
        let conditions = (0..<rows).map {
            BatchConditions(aqueous: aqueous[$0], organic: organic[$0], phaseRatio: ratio[$0], heldAqueous: held[$0])
        }
        return BatchDataset(table: table, species: species, conditions: conditions, notes: notes)
    }
}

/// What a target column measures at equilibrium.
public enum BatchObservable: Sendable, Equatable {
    /// D_S = y_S/x_S.
    case distributionRatio(Int)
    /// log10 D_S.
    case log10DistributionRatio(Int)
    /// Aqueous x_S, mol/m³.
    case aqueous(Int)
    /// Organic y_S, mol/m³.
    case organic(Int)
    /// Fraction of the initial aqueous S extracted, (x⁰ − x)/x⁰.
    case extractedFraction(Int)
    /// Equilibrium pH = −log10(x_H / 1000 mol/m³ per mol/L).
    case pH(Int)

    /// Parse a column name: D_S, log10D_S, c_S, y_S, E_S, pH.
    public static func parse(_ column: String, species: SpeciesSet) -> BatchObservable? {
        if column == "pH" { return species.index(of: "H").map { .pH($0) } }
        let prefixes: [(String, (Int) -> BatchObservable)] = [
            ("log10D_", { .log10DistributionRatio($0) }), ("D_", { .distributionRatio($0) }), ("c_", { .aqueous($0) }),
            ("y_", { .organic($0) }), ("E_", { .extractedFraction($0) }),
        ]
        for (p, make) in prefixes where column.hasPrefix(p) {
            if let j = species.index(of: String(column.dropFirst(p.count))) { return make(j) }
        }
        return nil
    }

    /// Value at an equilibrium state.
    public func value(_ state: BatchState, _ c: BatchConditions) -> Double {
        switch self {
        case .distributionRatio(let j): return state.organic[j] / state.aqueous[j]
        case .log10DistributionRatio(let j): return log10(state.organic[j] / state.aqueous[j])
        case .aqueous(let j): return state.aqueous[j]
        case .organic(let j): return state.organic[j]
        case .extractedFraction(let j): return (c.aqueous[j] - state.aqueous[j]) / c.aqueous[j]
        case .pH(let h): return -log10(state.aqueous[h] / 1000)
        }
    }

    /// Dimension of the observed column.
    var dimension: RareSepCore.Dimension {
        switch self {
        case .aqueous, .organic: return .concentration
        default: return .dimensionless
        }
    }

    var species: Int {
        switch self {
        case .distributionRatio(let j), .log10DistributionRatio(let j), .aqueous(let j), .organic(let j),
             .extractedFraction(let j), .pH(let j): return j
        }
    }
}
