import RareSepCore
import RareSepChemistry
import RareSepCascade

/// Kremser: one solute, N ideal counter-current stages, constant D; forward
/// (raffinate fraction) and inverse (stages needed for a target fraction).
enum KremserCheck {
    static let check = ValidationCheck(id: "kremser") { ctx in
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let kind = try table.column("kind"), eCol = try table.column("E"), nCol = try table.column("N")
        let oaCol = try table.column("O_over_A"), vCol = try table.column("value")
        var out: [Comparison] = []
        for row in table.rows {
            let e = try table.double(row, eCol), oa = try table.double(row, oaCol), v = try table.double(row, vCol)
            let n = Int(try table.double(row, nCol))
            if row.fields[kind] == "forward" {
                let f = try raffinateFraction(extractionFactor: e, stages: n, organicToAqueous: oa)
                out.append(Comparison("raffinate_fraction[E=\(e),N=\(n),O/A=\(oa)]", value: f, reference: v))
            } else {
                // Smallest N whose raffinate fraction meets the target.
                var stages = 1
                while try raffinateFraction(extractionFactor: e, stages: stages, organicToAqueous: oa) > v && stages < 500 { stages += 1 }
                out.append(Comparison("stages_needed[E=\(e),target=\(v)]", value: Double(stages), reference: Double(n)))
            }
        }
        return out
    }

    /// Raffinate fraction x_1/x_F solved by the cascade solver.
    static func raffinateFraction(extractionFactor e: Double, stages: Int, organicToAqueous oa: Double) throws -> Double {
        let aqueous = 1e-5  // m³/s
        let feed = 10.0      // mol/m³
        let sec = CascadeSection(name: "extraction", firstStage: 0, stageCount: stages, modelIndex: 0,
                                 murphree: Array(repeating: 1, count: stages))
        let p = CascadeProblem(
            name: "kremser", species: SpeciesSet(["Dy"]), metalCount: 1,
            models: [ConstantDistribution(distributionRatio: [e / oa])], sections: [sec],
            feeds: [CascadeFeed(name: "feed", stage: stages - 1, phase: .aqueous, flow: aqueous, concentrations: [feed]),
                    CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: oa * aqueous, concentrations: [0])])
        let sol = try CascadeSolver.solve(p)
        guard sol.report.converged else { return .nan }
        return sol.aqueous[0] / feed
    }
}
