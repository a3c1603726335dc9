import Foundation
import RareSepCore
import RareSepFitting
import RareSepCascade

/// Fits any numeric key of a cascade case (Murphree efficiencies
/// `sections[1].murphree`, model parameters `models.<name>.D.Dy`, ...) to measured
/// outlet concentrations: each evaluation rebuilds the case from its document with
/// the trial values and solves the cascade to steady state.
///
/// Dataset rows are observations with columns `outlet` (stream name as `raresep run`
/// reports it, e.g. raffinate, loaded organic, strip liquor), `species` (symbol),
/// optional `phase` (aqueous/organic; default: the phase the outlet carries), the
/// target column (a concentration with its unit) and optionally `u(<target>)`.
enum CascadeOutletFit {
    struct Observation {
        var outlet: String
        var species: Int
        var organic: Bool?
    }

    static func problem(caseRoot: ConfigNode, casePath: String, library: ModelLibrary, table: DataTable, target: String,
                        constantUncertainty: Double?, parameters: [FitParameter]) throws -> FitProblem {
        let map = try NodeParameterMap(base: caseRoot, parameters: parameters)
        let base = try CascadeCase.load(root: caseRoot, path: casePath, library: library)
        let species = base.problem.species
        let outletCol = try table.require("outlet", purpose: "outlet stream name")
        let speciesCol = try table.require("species", purpose: "species symbol")
        let phaseCol = table.column("phase")
        let valueCol = try table.require(target, purpose: "measured outlet concentration")
        let sigmaCol = table.column("u(\(target))")
        let first = try CascadeSolver.solve(base.problem, options: base.options)
        let outletNames = first.outlets.map(\.name)
        var observations: [Observation] = []
        var values: [Double] = []
        var sigmas: [Double] = []
        var labels: [String] = []
        var scale: [Double] = []
        let raw = try table.numbers(valueCol)
        let rawSigma = try sigmaCol.map { try table.numbers($0) }
        for i in 0..<table.rowCount {
            let line = SourceLocation(file: table.file, line: table.rowLines[i])
            let name = outletCol.cells[i]
            guard outletNames.contains(name) else {
                throw InputError(location: line, key: "outlet", value: name,
                                 expected: "an outlet of the case (\(outletNames.joined(separator: ", ")))")
            }
            guard let j = species.index(of: speciesCol.cells[i]) else {
                throw InputError(location: line, key: "species", value: speciesCol.cells[i],
                                 expected: "a species of the case (\(species.symbols.joined(separator: ", ")))")
            }
            var organic: Bool?
            if let pc = phaseCol {
                switch pc.cells[i] {
                case "aqueous": organic = false
                case "organic": organic = true
                case "": organic = nil
                default: throw InputError(location: line, key: "phase", value: pc.cells[i], expected: "aqueous or organic")
                }
            }
            // Convert the value (and σ) with the column unit and this row's element.
            let unit = valueCol.unit ?? "mol/m3"
            let factor: Double
            switch Units.parse("1 \(unit)", dimension: .concentration, element: library.elements[species.symbols[j]],
                               elements: library.elements) {
            case .success(let f): factor = f
            case .failure:
                throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: "\(target) (header)",
                                 value: unit, expected: "a concentration unit (mol/L, mmol/L, g/L, mg/L, ...)")
            }
            observations.append(Observation(outlet: name, species: j, organic: organic))
            values.append(raw[i] * factor)
            scale.append(factor)
            if let rs = rawSigma { sigmas.append(rs[i] * factor) } else { sigmas.append((constantUncertainty ?? 1) * factor) }
            labels.append("line \(table.rowLines[i]) \(name) \(speciesCol.cells[i])")
        }
        let build: ([Double]) throws -> CascadeCase = { theta in
            try CascadeCase.load(root: try map.node(theta), path: casePath, library: library)
        }
        do { _ = try build(parameters.map(\.start)) } catch { throw FitSetupError.modelRejected("\(error)") }
        let weighted = sigmaCol != nil || constantUncertainty != nil
        return FitProblem(
            parameters: parameters, observations: values, uncertainties: weighted ? sigmas : nil, labels: labels,
            observable: "\(target) [\(valueCol.unit ?? "mol/m3")]", displayScale: scale,
            predict: { theta, out in
                guard let c = try? build(theta), let sol = try? CascadeSolver.solve(c.problem, options: c.options),
                      sol.report.converged else {
                    for i in out.indices { out[i] = .nan }
                    return
                }
                let outlets = sol.outlets
                for (i, o) in observations.enumerated() {
                    guard let s = outlets.first(where: { $0.name == o.outlet }) else { out[i] = .nan; continue }
                    let organic = o.organic ?? (s.aqueousFlow == 0 && s.organicFlow > 0)
                    out[i] = organic ? s.organic[o.species] : s.aqueous[o.species]
                }
            })
    }
}
