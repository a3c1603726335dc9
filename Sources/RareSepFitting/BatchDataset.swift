import Foundation
import RareSepChemistry
import RareSepCore

/// A batch shake-out dataset: one test per row, with its conditions read from
/// named columns (units in the header):
///
/// - `c0_<S> [mol/L | g/L | ...]` initial aqueous concentration of species S (absent: 0)
/// - `y0_<S> [mol/L | ...]` initial organic concentration of S, e.g. the extractant (absent: 0)
/// - `O/A [-]` phase ratio V_org/V_aq (absent: the spec's `phase_ratio`, default 1)
/// - `pH0 [-]` initial pH: the initial total acid is the one giving this pH at the
///   initial sulfate, from the model's aqueous speciation (models with a proton balance)
/// - `pH [-]` equilibrium pH: each test is solved as a pH-stat holding this pH (models
///   with a proton balance), unless pH is itself a fit target
///
/// Each test becomes a `BatchEquilibriumProblem` (RareSepChemistry) with V_aq = 1 m³ and
/// V_org = O/A m³. Other columns (targets, uncertainties, temperature, notes) are left to the fit.
public struct BatchDataset: Sendable {
    /// The table as read.
    public let table: DataTable
    /// Species in solver order.
    public let species: SpeciesSet
    /// One batch problem per row.
    public let problems: [BatchEquilibriumProblem]
    /// Initial pH per row (column pH0), applied with the model's speciation at solve time.
    public let initialPH: [Double?]
    /// Notes on how columns were used, for the report.
    public let notes: [String]
    /// Condition columns that were read, in file order (for point labels).
    public let conditionColumns: [String]
    /// Species whose initial organic concentration the file gives (y0_<S> columns).
    public let givenOrganic: Set<Int>

    /// "pH 0.60, c0_Dy 0.5, y0_D2EHPA 0.1" for row i, as written in the file.
    public func conditionLabel(_ i: Int) -> String {
        conditionColumns.compactMap { name in table.column(name).map { "\(name) \($0.cells[i])" } }.joined(separator: ", ")
    }

    /// Read conditions from `table` for `species`. `holdEquilibriumPH` is false when pH is a target.
    public static func read(_ table: DataTable, species: SpeciesSet, elements: ElementTable,
                            defaultPhaseRatio: Double = 1, holdEquilibriumPH: Bool = true) throws -> BatchDataset {
        let rows = table.rowCount
        let n = species.count
        var aqueous = [[Double]](repeating: [Double](repeating: 0, count: n), count: rows)
        var organic = aqueous
        var notes: [String] = []
        for (j, s) in species.symbols.enumerated() {
            if let col = table.column("c0_\(s)") {
                let v = try table.quantities(col, dimension: .concentration, element: elements[s], elements: elements)
                try table.requireRange(col, v, .concentration)
                for i in 0..<rows { aqueous[i][j] = v[i] }
            }
            if let col = table.column("y0_\(s)") {
                let v = try table.quantities(col, dimension: .concentration, element: elements[s], elements: elements)
                try table.requireRange(col, v, .concentration)
                for i in 0..<rows { organic[i][j] = v[i] }
            }
        }
        let unused = table.columns.map(\.name).filter { name in
            (name.hasPrefix("c0_") || name.hasPrefix("y0_")) && species.index(of: String(name.dropFirst(3))) == nil
        }
        if !unused.isEmpty {
            notes.append("columns \(unused.joined(separator: ", ")) not used: the model does not carry those species (species: \(species.symbols.joined(separator: ", ")))")
        }
        var ratio = [Double](repeating: defaultPhaseRatio, count: rows)
        if let col = table.column("O/A") {
            try table.requireUnitless(col, meaning: "the phase ratio O/A")
            ratio = try table.quantities(col, dimension: .dimensionless)
            for (i, r) in ratio.enumerated() where !(r > 0) {
                throw InputError(location: SourceLocation(file: table.file, line: table.rowLines[i]), key: "O/A",
                                 value: "\(r)", expected: "a positive phase ratio")
            }
        } else {
            notes.append("phase ratio O/A = \(defaultPhaseRatio) for every test (no O/A column)")
        }
        var initialPH = [Double?](repeating: nil, count: rows)
        var fixedPH = [Double?](repeating: nil, count: rows)
        if species.index(of: "H") != nil {
            if let col = table.column("pH0") {
                try table.requireUnitless(col, meaning: "pH")
                let v = try table.quantities(col, dimension: .dimensionless)
                try table.requireRange(col, v, .pH)
                for i in 0..<rows { initialPH[i] = v[i] }
                notes.append("initial acid from column pH0 through the model's aqueous speciation")
            }
            if let col = table.column("pH") { try table.requireUnitless(col, meaning: "pH") }
            if holdEquilibriumPH, let col = table.column("pH") {
                let v = try table.quantities(col, dimension: .dimensionless)
                try table.requireRange(col, v, .pH)
                for i in 0..<rows { fixedPH[i] = v[i] }
                notes.append("equilibrium pH held at the measured value (column pH): each test solved as a pH-stat")
            }
        } else if table.column("pH") != nil || table.column("pH0") != nil {
            notes.append("pH columns not used: the model carries no proton balance (no H species)")
        }
        let problems = (0..<rows).map {
            BatchEquilibriumProblem(aqueousVolume: 1, organicVolume: ratio[$0], aqueousInitial: aqueous[$0],
                                    organicInitial: organic[$0], fixedPH: fixedPH[$0])
        }
        let used = table.columns.map(\.name).filter { name in
            name == "O/A" || (name == "pH0" && species.index(of: "H") != nil)
                || (name == "pH" && holdEquilibriumPH && species.index(of: "H") != nil)
                || species.symbols.contains { name == "c0_\($0)" || name == "y0_\($0)" }
        }
        let given = Set(species.symbols.indices.filter { table.column("y0_\(species.symbols[$0])") != nil })
        return BatchDataset(table: table, species: species, problems: problems, initialPH: initialPH, notes: notes,
                            conditionColumns: used, givenOrganic: given)
    }

    /// The batch problem of row i for `model`: applies the row's initial pH through the
    /// model's aqueous speciation when it has a proton balance, and sets the initial
    /// organic content of every organic-constraint species the file does not give to
    /// the constraint's value (`completeOrganicInlet`, e.g. the exchangeable protons of a
    /// fresh acidic extractant), so the organic enters consistent.
    public func problem(_ i: Int, model: any EquilibriumModel) -> BatchEquilibriumProblem {
        var p = problems[i]
        model.completeOrganicInlet(&p.organicInitial,
                                   specified: (0..<model.speciesCount).map { givenOrganic.contains($0) })
        if let ph0 = initialPH[i], let pm = model as? AqueousProtonModel {
            let s = pm.sulfateSpeciesIndex.map { p.aqueousInitial[$0] } ?? 0
            p.aqueousInitial[pm.protonSpeciesIndex] = pm.totalAcid(pH: ph0, sulfate: s).value
        }
        return p
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
    /// Equilibrium pH = −log10[H⁺] (molar scale) from the model's speciation.
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

    /// Value at an equilibrium state of batch problem `c`.
    public func value(_ state: BatchEquilibriumSolution, _ c: BatchEquilibriumProblem) -> Double {
        switch self {
        case .distributionRatio(let j): return state.organic[j] / state.aqueous[j]
        case .log10DistributionRatio(let j): return log10(state.organic[j] / state.aqueous[j])
        case .aqueous(let j): return state.aqueous[j]
        case .organic(let j): return state.organic[j]
        case .extractedFraction(let j): return (c.aqueousInitial[j] - state.aqueous[j]) / c.aqueousInitial[j]
        case .pH(let h): return state.pH ?? -log10(state.aqueous[h] / 1000)
        }
    }

    /// Physical range of the observed column's values (concentrations in SI units).
    public var range: DataRange {
        switch self {
        case .distributionRatio: return .distributionRatio
        case .log10DistributionRatio: return .log10DistributionRatio
        case .aqueous, .organic: return .concentration
        case .extractedFraction: return DataRange(-100, 100, expected: "an extracted fraction of at most 1 (or 100 %) in size")
        case .pH: return .pH
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
