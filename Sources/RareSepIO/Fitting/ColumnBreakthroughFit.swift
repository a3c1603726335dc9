import Foundation
import RareSepColumn
import RareSepCore
import RareSepFitting

/// Fits any numeric key of a column case (`kind: column`: isotherm parameters such
/// as `isotherm.H.La` or `isotherm.K.Dy`, `column.ldf_rate`, `column.axial_dispersion`)
/// to measured outlet (breakthrough) curves: each evaluation rebuilds the case with
/// the trial values and simulates the whole programme.
///
/// Dataset rows: a time column — `bv` (bed volumes fed, u_s·t/L) or `time [s | min | h]` —,
/// optionally `component` (the case component of the row; may be omitted
/// when the case has one binding component), and the target: `c_over_c0` (outlet over
/// the component's first non-zero inlet concentration) or a concentration with its unit.
/// A parameter is fitted in the unit the case file writes it in ("1e-5 1/s" → 1/s).
enum ColumnBreakthroughFit {
    struct Row {
        var component: Int
        /// Time in s, or bed volumes when `inBedVolumes`.
        var time: Double
    }

    static func problem(caseRoot: ConfigNode, casePath: String, library: ModelLibrary, table: DataTable, target: String,
                        constantUncertainty: Double?, parameters: [FitParameter]) throws -> FitProblem {
        let map = try NodeParameterMap(base: caseRoot, parameters: parameters)
        let base = try ColumnCase.load(root: caseRoot, path: casePath, library: library)
        let components = base.problem.components
        let binding = components.symbols.indices.filter { base.problem.isotherm.isBinding($0) }
        let componentCol = table.column("component")
        if componentCol == nil && binding.count != 1 {
            throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: "component", value: nil,
                             expected: "a 'component' column: the case has \(binding.count) binding components")
        }
        let inBedVolumes: Bool
        var times: [Double]
        if let bv = table.column("bv") {
            inBedVolumes = true
            try table.requireUnitless(bv, meaning: "the number of bed volumes fed")
            times = try table.quantities(bv, dimension: .dimensionless)
        } else {
            inBedVolumes = false
            times = try table.quantities(try table.require("time", purpose: "time fed or bed volumes ('bv')"), dimension: .time,
                                         defaultUnit: "s")
        }
        let normalized = target == "c_over_c0"
        let valueCol = try table.require(target, purpose: "measured outlet")
        if normalized { try table.requireUnitless(valueCol, meaning: "the outlet ratio C/C0") }
        let raw = try table.numbers(valueCol)
        var rows: [Row] = []
        var values: [Double] = []
        var scale: [Double] = []
        var labels: [String] = []
        for i in 0..<table.rowCount {
            let line = SourceLocation(file: table.file, line: table.rowLines[i])
            var j = binding.first ?? 0
            if let cc = componentCol {
                guard let k = components.index(of: cc.cells[i]) else {
                    throw InputError(location: line, key: cc.name, value: cc.cells[i],
                                     expected: "a component of the case (\(components.symbols.joined(separator: ", ")))")
                }
                j = k
            }
            if times[i] < 0 { throw InputError(location: line, key: inBedVolumes ? "bv" : "time", value: "\(times[i])", expected: "a non-negative time") }
            var factor = 1.0
            if !normalized {
                switch Units.parse("1 \(valueCol.unit ?? "mol/m3")", dimension: .concentration,
                                   element: library.elements[components.symbols[j]], elements: library.elements) {
                case .success(let f): factor = f
                case .failure:
                    throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: "\(target) (header)",
                                     value: valueCol.unit ?? "(none)", expected: "a concentration unit, or name the column c_over_c0")
                }
            }
            rows.append(Row(component: j, time: times[i]))
            values.append(raw[i] * factor)
            scale.append(factor)
            labels.append("line \(table.rowLines[i]) \(components.symbols[j]) at \(table.column(inBedVolumes ? "bv" : "time")!.cells[i])\(inBedVolumes ? " BV" : "")")
        }
        var sigmas: [Double]?
        if let u = table.column("u(\(target))") {
            sigmas = try table.numbers(u).enumerated().map { $0.element * scale[$0.offset] }
        } else if let c = constantUncertainty {
            sigmas = scale.map { c * $0 }
        }
        let build: ([Double]) throws -> ColumnCase = { theta in
            try ColumnCase.load(root: try map.node(theta), path: casePath, library: library)
        }
        do { _ = try build(parameters.map(\.start)) } catch { throw FitSetupError.modelRejected("\(error)") }
        return FitProblem(
            parameters: parameters, observations: values, uncertainties: sigmas, labels: labels,
            observable: normalized ? "C/C0 [-]" : "\(target) [\(valueCol.unit ?? "mol/m3")]", displayScale: scale,
            predict: { theta, out in
                guard let cc = try? build(theta) else {
                    for i in out.indices { out[i] = .nan }
                    return
                }
                let curve = simulate(cc, rows: rows, inBedVolumes: inBedVolumes)
                for i in out.indices {
                    let c0 = normalized ? feed(cc.problem, rows[i].component) : 1
                    out[i] = curve[i] / c0
                }
            })
    }

    /// Outlet concentration (mol/m³) of each row's component at each row's time;
    /// NaN when the integration failed or a time lies past the programme.
    static func simulate(_ cc: ColumnCase, rows: [Row], inBedVolumes: Bool) -> [Double] {
        let bvTime = cc.problem.column.bedVolumeTime
        let seconds = rows.map { inBedVolumes ? $0.time * bvTime : $0.time }
        let duration = cc.problem.duration
        let sorted = Array(Set(seconds.filter { $0 <= duration * (1 + 1e-12) }.map { min($0, duration) })).sorted()
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: sorted)
        guard run.report.converged else { return [Double](repeating: .nan, count: rows.count) }
        var index: [Double: Int] = [:]
        for (k, t) in sorted.enumerated() { index[t] = k }
        return rows.indices.map { i in
            guard let k = index[min(seconds[i], duration)] else { return .nan }
            return run.outlet[k][rows[i].component]
        }
    }

    /// The component's first non-zero inlet concentration (the load feed), mol/m³.
    static func feed(_ p: ColumnProblem, _ j: Int) -> Double {
        for s in p.sections where s.inletStart[j] > 0 || s.inletEnd[j] > 0 { return max(s.inletStart[j], s.inletEnd[j]) }
        return .nan
    }
}
