import RareSepCore
import Foundation
import RareSepCascade

/// Solve a cascade case and compare every stage concentration with a reference
/// profile CSV (stage, phase, species, concentration_mol_per_m3); also require
/// the per-species and per-stage balances to close to 1e-12.
/// Optional spec parameter `murphree` overrides every stage's efficiency.
enum CascadeProfilesCheck {
    static let check = ValidationCheck(id: "cascade-profiles") { ctx in
        let casePath = ctx.path(try ctx.spec.require("case").string())
        var c = try CascadeCase.load(path: casePath, library: ctx.library)
        if let params = try ctx.spec.optional("parameters") {
            try params.checkKeys(["murphree"])
            if let m = try params.optional("murphree") {
                let e = try CascadeCase.efficiency(m)
                for i in c.problem.sections.indices {
                    c.problem.sections[i].murphree = Array(repeating: e, count: c.problem.sections[i].stageCount)
                }
            }
        }
        let sol = try CascadeSolver.solve(c.problem, options: c.options)
        var out: [Comparison] = []
        out.append(Comparison("solver_converged", value: sol.report.converged ? 1 : 0, reference: 1, kind: .atLeast))
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let sCol = try table.column("stage"), pCol = try table.column("phase"), spCol = try table.column("species")
        let vCol = try table.column("concentration_mol_per_m3")
        let n = c.problem.species.count
        for row in table.rows {
            let s = Int(try table.double(row, sCol)) - 1
            let sp = row.fields[spCol]
            guard let j = c.problem.species.index(of: sp), s >= 0, s < c.problem.stageCount else {
                throw CheckError("reference \(table.path):\(row.line) names stage \(s + 1)/species \(sp) not in the case")
            }
            let v = row.fields[pCol] == "aqueous" ? sol.aqueous[s * n + j] : sol.organic[s * n + j]
            out.append(Comparison("profile[stage \(s + 1) \(row.fields[pCol]) \(sp)]", value: v, reference: try table.double(row, vCol)))
        }
        for (j, cl) in sol.balanceClosure.enumerated() {
            out.append(Comparison("balance_closure[\(c.problem.species.symbols[j])]", value: abs(cl), reference: 1e-12, kind: .atMost))
        }
        out.append(Comparison("stage_closure", value: sol.worstStageClosure, reference: 1e-12, kind: .atMost))
        return out
    }
}

/// A validation check that cannot run as specified.
struct CheckError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
