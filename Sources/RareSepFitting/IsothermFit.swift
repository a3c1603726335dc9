import Foundation
import RareSepChemistry
import RareSepCore

/// Builds the least-squares problem for any registered isotherm fitted to q–c data
/// (batch sorption equilibria): each evaluation rebuilds the isotherm from its
/// parameter node with the trial values (`NodeParameterMap`) and evaluates
/// q*_i(c, s) at every row's measured liquid concentrations.
///
/// Dataset columns: `c_<S>` equilibrium liquid concentration of each component
/// (absent: 0; a single-component fit may call it `c`), the modifier's `c_<M>` when
/// the isotherm has one, and targets `q_<S>` (or `q`): loading per volume of solid
/// (mol/m³, mmol/L) or per mass (mol/kg, mmol/g) with `solidDensity` ρ_s (kg/m³),
/// q_vol = ρ_s·q_mass. Optional `u(<target>)` in the target's unit.
public enum IsothermFit {
    public static func problem(registration: IsothermRegistration, baseNode: ConfigNode, context: IsothermContext,
                               table: DataTable, targets: [String], solidDensity: Double?, elements: ElementTable,
                               constantUncertainty: Double?, parameters: [FitParameter]) throws -> FitProblem {
        let map = try NodeParameterMap(base: baseNode, parameters: parameters)
        let symbols = context.components.symbols
        let n = symbols.count
        let rows = table.rowCount
        // Liquid concentrations per row (SI, mol/m³).
        var c = [[Double]](repeating: [Double](repeating: 0, count: n), count: rows)
        for (j, s) in symbols.enumerated() {
            guard let col = table.column("c_\(s)") ?? (n == 1 ? table.column("c") : nil) else { continue }
            let v = try table.quantities(col, dimension: .concentration, element: elements[s], elements: elements)
            try table.requireRange(col, v, .concentration)
            for i in 0..<rows { c[i][j] = v[i] }
        }
        // Targets: q per volume of solid (SI), with the display scale of the column unit.
        var observations: [Double] = [], sigmas: [Double] = [], scale: [Double] = [], labels: [String] = []
        var which: [(row: Int, component: Int)] = []
        var anySigma = constantUncertainty != nil
        for t in targets {
            let symbol = t == "q" && n == 1 ? symbols[0] : String(t.dropFirst(2))
            guard t.hasPrefix("q_") || t == "q", let j = symbols.firstIndex(of: symbol) else {
                throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: t, value: nil,
                                 expected: "a loading column q_<component> for one of \(symbols.joined(separator: ", "))")
            }
            let col = try table.require(t, purpose: "measured loading")
            let factor = try loadingFactor(col, table: table, solidDensity: solidDensity)
            let raw = try table.numbers(col)
            try table.requireRange(col, raw, .nonNegative)
            let u = table.column("u(\(t))")
            let rawSigma = try u.map { try table.numbers($0) }
            if u != nil { anySigma = true }
            for i in 0..<rows {
                observations.append(raw[i] * factor)
                sigmas.append((rawSigma?[i] ?? constantUncertainty ?? 1) * factor)
                scale.append(factor)
                labels.append("line \(table.rowLines[i]) \(t) (\(symbols.map { "c_\($0) \(String(format: "%.4g", c[i][symbols.firstIndex(of: $0)!])) mol/m³" }.joined(separator: ", ")))")
                which.append((i, j))
            }
        }
        let modifierValues: [Double] = context.modifierIndex.map { m in c.map { $0[m] } } ?? [Double](repeating: 0, count: rows)
        let build: ([Double]) throws -> any Isotherm = { theta in try registration.make(try map.node(theta), context) }
        do { _ = try build(parameters.map(\.start)) } catch { throw FitSetupError.modelRejected("\(error)") }
        var q = [Double](repeating: 0, count: n)
        var problem = FitProblem(
            parameters: parameters, observations: observations, uncertainties: anySigma ? sigmas : nil, labels: labels,
            observable: targets.joined(separator: ", ") + " (loading, mol/m³ solid)", displayScale: scale,
            predict: { theta, out in
                guard let iso = try? build(theta) else {
                    for i in out.indices { out[i] = .nan }
                    return
                }
                for (k, w) in which.enumerated() {
                    c[w.row].withUnsafeBufferPointer { cp in
                        q.withUnsafeMutableBufferPointer { qp in
                            iso.equilibrium(c: cp.baseAddress!, modifier: modifierValues[w.row], qStar: qp.baseAddress!,
                                            dQdC: nil, dQdS: nil)
                        }
                    }
                    out[k] = q[w.component]
                }
            })
        problem.distinctPoints = distinctRows(rows) { c[$0] } * targets.count
        return problem
    }

    /// SI (mol per m³ of solid) per unit of a loading column: a concentration unit
    /// directly, an amount per mass times the solid density.
    static func loadingFactor(_ col: DataColumn, table: DataTable, solidDensity: Double?) throws -> Double {
        let unit = col.unit ?? "mol/m3"
        if case .success(let f) = Units.parse("1 \(unit)", dimension: .concentration) { return f }
        if case .success(let f) = Units.parse("1 \(unit)", dimension: .specificAmount) {
            guard let rho = solidDensity else {
                throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: "\(col.name) (header)",
                                 value: unit, expected: "a loading per volume of solid (mol/m3, mmol/L), or give solid_density in the spec to convert \(unit)")
            }
            return f * rho
        }
        throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: "\(col.name) (header)",
                         value: unit, expected: "a loading unit: mol/m3 or mmol/L of solid, or mol/kg, mmol/g with solid_density")
    }
}
