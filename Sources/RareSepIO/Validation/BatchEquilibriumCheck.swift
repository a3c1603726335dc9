import RareSepChemistry
import RareSepCore

/// Single-stage batch shake-outs solved by `BatchEquilibrium` against an independent
/// solve kept beside the case (reference.csv: case, o_over_a, fixed_pH, phase, species,
/// initial_mol_per_m3, equilibrium_mol_per_m3; phase aqueous | organic | derived with
/// species pH or acid_added_mol_per_m3_aqueous). Spec parameters: `model` (Models/ file),
/// `metals`, optional `extra_species`.
enum BatchEquilibriumCheck {
    static let check = ValidationCheck(id: "chemistry-batch-equilibrium") { ctx in
        let params = try ctx.spec.require("parameters")
        let metals = try params.require("metals").items().map { try $0.string() }
        let extra = try params.optional("extra_species")?.items().map { try $0.string() } ?? []
        let bound = try ModelFileLoader.load(try params.require("model").string(), library: ctx.library,
                                             metals: metals, extraSpecies: extra)
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let cc = try table.column("case"), oac = try table.column("o_over_a"), phc = try table.column("fixed_pH")
        let pc = try table.column("phase"), sc = try table.column("species")
        let ic = try table.column("initial_mol_per_m3"), ec = try table.column("equilibrium_mol_per_m3")
        var order: [String] = []
        var rows: [String: [(line: Int, fields: [String])]] = [:]
        for row in table.rows {
            let c = row.fields[cc]
            if rows[c] == nil { order.append(c) }
            rows[c, default: []].append(row)
        }
        var out: [Comparison] = []
        let aqueousVolume = 1e-3   // m³
        for name in order {
            let caseRows = rows[name]!
            let first = caseRows[0]
            let oa = try table.double(first, oac)
            let fixed = first.fields[phc].isEmpty ? nil : try table.double(first, phc)
            var x0: [String: Double] = [:], y0: [String: Double] = [:]
            for row in caseRows where bound.species.index(of: row.fields[sc]) != nil {
                switch row.fields[pc] {
                case "aqueous": x0[row.fields[sc]] = try table.double(row, ic)
                case "organic": y0[row.fields[sc]] = try table.double(row, ic)
                default: break
                }
            }
            let problem = BatchEquilibriumProblem(aqueousVolume: aqueousVolume, organicVolume: oa * aqueousVolume,
                                                  aqueousInitial: try bound.vector(x0), organicInitial: try bound.vector(y0),
                                                  fixedPH: fixed)
            let sol = BatchEquilibrium.solve(model: bound.model, problem: problem)
            out.append(Comparison("converged[\(name)]", value: sol.report.converged ? 1 : 0, reference: 1, kind: .atLeast))
            out.append(Comparison("mass_balance[\(name)]", value: sol.massBalanceError, reference: 1e-12, kind: .atMost))
            for row in caseRows {
                let species = row.fields[sc], phase = row.fields[pc]
                let ref = try table.double(row, ec)
                switch phase {
                case "aqueous", "organic":
                    guard let j = bound.species.index(of: species) else { continue }
                    let v = phase == "aqueous" ? sol.aqueous[j] : sol.organic[j]
                    out.append(Comparison("\(phase)[\(name),\(species)]", value: v, reference: ref))
                case "derived" where species == "pH":
                    out.append(Comparison("pH[\(name)]", value: sol.pH ?? .nan, reference: ref))
                case "derived" where species == "acid_added_mol_per_m3_aqueous":
                    out.append(Comparison("acid_added[\(name)]", value: sol.acidAdded / aqueousVolume, reference: ref))
                default:
                    throw table.error(row, pc, "aqueous, organic, or derived (pH, acid_added_mol_per_m3_aqueous)")
                }
            }
        }
        return out
    }
}
