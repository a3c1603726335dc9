import RareSepChemistry
import RareSepCore

/// Distribution ratios of an empirical model at stated aqueous totals (acid, sulfate) and
/// organic totals (extractant, loaded metals) against the published equation evaluated by
/// the case's make_reference.py. Spec parameters: `model` (Models/ file), `metals`.
enum CorrelationDistributionCheck {
    static let check = ValidationCheck(id: "chemistry-correlation-d") { ctx in
        let params = try ctx.spec.require("parameters")
        let metals = try params.require("metals").items().map { try $0.string() }
        let bound = try ModelFileLoader.load(try params.require("model").string(), library: ctx.library,
                                             metals: metals, extraSpecies: ["SO4"])
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let el = try table.column("element"), pHc = try table.column("pH"), sc = try table.column("sulfate_mol_per_m3")
        let hc = try table.column("total_acid_mol_per_m3"), ec = try table.column("extractant_total_mol_per_m3")
        let ndc = try table.column("loaded_Nd_mol_per_m3"), dyc = try table.column("loaded_Dy_mol_per_m3")
        let dosec = try table.column("free_dose_vol_percent"), dc = try table.column("D")
        guard let empirical = bound.model as? EmpiricalPHDoseCorrelation else {
            throw try params.require("model").error("a parameter file of model empirical-ph-dose")
        }
        let extractant = bound.species.symbols[empirical.layout.extractantIndex]
        var out: [Comparison] = []
        for row in table.rows {
            let symbol = row.fields[el]
            var aqueous: [String: Double] = ["H": try table.double(row, hc), "SO4": try table.double(row, sc)]
            for m in metals { aqueous[m] = 1.0 }
            let organic: [String: Double] = [extractant: try table.double(row, ec), "Nd": try table.double(row, ndc),
                                             "Dy": try table.double(row, dyc)]
            let x = try bound.vector(aqueous), y = try bound.vector(organic)
            guard let j = bound.species.index(of: symbol) else { throw table.error(row, el, "a metal of the case") }
            let d = bound.model.distributionRatios(x: x, y: y)[j]
            let tag = "\(symbol),pH=\(row.fields[pHc]),dose=\(row.fields[dosec]),SO4=\(row.fields[sc])"
            out.append(Comparison("D[\(tag)]", value: d, reference: try table.double(row, dc)))
        }
        return out
    }
}

extension CSVTable {
    /// An InputError at a row and column.
    func error(_ row: (line: Int, fields: [String]), _ column: Int, _ expected: String) -> InputError {
        InputError(location: SourceLocation(file: path, line: row.line), key: header[column], value: row.fields[column],
                   expected: expected)
    }
}
