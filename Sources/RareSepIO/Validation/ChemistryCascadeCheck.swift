import RareSepCore
import Foundation
import RareSepChemistry
import RareSepCascade

/// A cascade case under a chemistry model: every stage profile and the stage pH against an
/// independent reference (reference.csv: stage, phase, species, concentration_mol_per_m3;
/// phase `derived` with species `pH` for the stage pH), optional pH band
/// (parameters: ph_band: {min, max}), and the balances of every species (metals, H,
/// extractant, counter-ions) closing over the cascade and in every stage to 1e-10.
enum ChemistryCascadeCheck {
    static let check = ValidationCheck(id: "chemistry-cascade") { ctx in
        let c = try CascadeCase.load(path: ctx.path(try ctx.spec.require("case").string()), library: ctx.library)
        let sol = try CascadeSolver.solve(c.problem, options: c.options)
        let p = c.problem
        let n = p.species.count
        var out: [Comparison] = [Comparison("solver_converged", value: sol.report.converged ? 1 : 0, reference: 1, kind: .atLeast)]
        func stagePH(_ s: Int) -> Double {
            let section = p.sections.first { $0.stages.contains(s) }!
            guard let model = p.models[section.modelIndex] as? AqueousProtonModel else { return .nan }
            return model.pH(aqueous: Array(sol.aqueous[(s * n)..<((s + 1) * n)]))
        }
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let sc = try table.column("stage"), pc = try table.column("phase"), spc = try table.column("species")
        let vc = try table.column("concentration_mol_per_m3")
        for row in table.rows {
            let s = Int(try table.double(row, sc)) - 1
            let sp = row.fields[spc], phase = row.fields[pc]
            guard s >= 0, s < p.stageCount else { throw table.error(row, sc, "a stage of the case") }
            let ref = try table.double(row, vc)
            if phase == "derived" {
                guard sp == "pH" else { throw table.error(row, spc, "pH") }
                out.append(Comparison("stage_pH[stage \(s + 1)]", value: stagePH(s), reference: ref))
                continue
            }
            guard let j = p.species.index(of: sp) else { throw table.error(row, spc, "a species of the case") }
            let v = phase == "aqueous" ? sol.aqueous[s * n + j] : sol.organic[s * n + j]
            out.append(Comparison("profile[stage \(s + 1) \(phase) \(sp)]", value: v, reference: ref))
        }
        if let band = try ctx.spec.optional("parameters")?.optional("ph_band") {
            try band.checkKeys(["min", "max"])
            let lo = try band.require("min").double(), hi = try band.require("max").double()
            for s in 0..<p.stageCount {
                out.append(Comparison("ph_band_min[stage \(s + 1)]", value: stagePH(s), reference: lo, kind: .atLeast))
                out.append(Comparison("ph_band_max[stage \(s + 1)]", value: stagePH(s), reference: hi, kind: .atMost))
            }
        }
        for (j, cl) in sol.balanceClosure.enumerated() {
            out.append(Comparison("balance_closure[\(p.species.symbols[j])]", value: abs(cl), reference: 1e-10, kind: .atMost))
        }
        out.append(Comparison("stage_closure", value: sol.worstStageClosure, reference: 1e-10, kind: .atMost))
        // Per species and stage, recomputed here from the solution and the stage flows, for
        // once-through cascades without draws or entrainment: in = feeds + aqueous from the
        // next stage + organic from the previous one, out = both outlets of the stage.
        let simple = p.loop == nil && p.draws.isEmpty
            && p.sections.allSatisfy { $0.aqueousInOrganic == 0 && $0.organicInAqueous == 0 }
        if simple {
            let f = sol.flows
            for j in 0..<n {
                var worst = 0.0
                for s in 0..<p.stageCount {
                    var inflow = 0.0
                    for feed in p.feeds where feed.stage == s { inflow += feed.flow * feed.concentrations[j] }
                    if s + 1 < p.stageCount { inflow += f.aqueousFromNext[s] * sol.aqueous[(s + 1) * n + j] }
                    if s > 0 { inflow += f.organicFromPrevious[s] * sol.organic[(s - 1) * n + j] }
                    let outflow = f.aqueous[s] * sol.aqueous[s * n + j] + f.organic[s] * sol.organic[s * n + j]
                    let size = max(abs(inflow), abs(outflow))
                    if size > 0 { worst = max(worst, abs(inflow - outflow) / size) }
                }
                out.append(Comparison("stage_balance[\(p.species.symbols[j])]", value: worst, reference: 1e-10, kind: .atMost))
            }
        }
        return out
    }
}
