import Foundation
import RareSepChemistry
import RareSepCore

/// Slope analysis of a cation-exchange model: log D against pH and against log of the
/// total dimer, from pH-stat batch solves by central differences, compared with the closed
/// forms of the case's make_reference.py; loaded rows must also fall below the trace slope
/// 3. Spec parameters: `model` (Models/ file), `metal`.
enum SlopeAnalysisCheck {
    static let check = ValidationCheck(id: "chemistry-slope-analysis") { ctx in
        let params = try ctx.spec.require("parameters")
        let metal = try params.require("metal").string()
        let bound = try ModelFileLoader.load(try params.require("model").string(), library: ctx.library, metals: [metal])
        guard let exchange = bound.model as? MassActionCationExchange else {
            throw try params.require("model").error("a parameter file of model cation-exchange")
        }
        let extractant = bound.species.symbols[exchange.layout.extractantIndex]
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let kc = try table.column("kind"), mc = try table.column("metal_total_mol_per_m3")
        let cc = try table.column("extractant_total_mol_per_m3"), pc = try table.column("pH")
        let dc = try table.column("log10_D"), spc = try table.column("slope_pH"), sdc = try table.column("slope_log_dimer")
        let volume = 1e-3
        func log10D(_ m: Double, _ c: Double, _ pH: Double) throws -> Double {
            let x0 = try bound.vector([metal: m]), y0 = try bound.vector([extractant: c, "H": c])
            let sol = BatchEquilibrium.solve(model: bound.model,
                                             problem: BatchEquilibriumProblem(aqueousVolume: volume, organicVolume: volume,
                                                                              aqueousInitial: x0, organicInitial: y0, fixedPH: pH))
            guard sol.report.converged else { return .nan }
            return log10(sol.distributionRatios[0])
        }
        var out: [Comparison] = []
        let delta = 1e-4
        for row in table.rows {
            let kind = row.fields[kc]
            let m = try table.double(row, mc), c = try table.double(row, cc), pH = try table.double(row, pc)
            let tag = "\(kind),M=\(row.fields[mc]),C=\(row.fields[cc]),pH=\(row.fields[pc])"
            let slopePH = (try log10D(m, c, pH + delta) - log10D(m, c, pH - delta)) / (2 * delta)
            let slopeDimer = (try log10D(m, c * (1 + delta), pH) - log10D(m, c * (1 - delta), pH))
                / (log10(1 + delta) - log10(1 - delta))
            out.append(Comparison("log10_D[\(tag)]", value: try log10D(m, c, pH), reference: try table.double(row, dc)))
            out.append(Comparison("slope_pH[\(tag)]", value: slopePH, reference: try table.double(row, spc)))
            out.append(Comparison("slope_log_dimer[\(tag)]", value: slopeDimer, reference: try table.double(row, sdc)))
            if kind.hasPrefix("loaded") {
                out.append(Comparison("slope_pH_below_trace[\(tag)]", value: slopePH, reference: 2.9, kind: .atMost))
            }
            if kind == "loaded" {
                out.append(Comparison("slope_log_dimer_below_trace[\(tag)]", value: slopeDimer, reference: 2.9, kind: .atMost))
            }
        }
        return out
    }
}
