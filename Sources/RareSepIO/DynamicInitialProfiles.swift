import Foundation
import RareSepCascade
import RareSepCore

/// Stage profiles to start a dynamic run from: the `stage_profiles.csv` of an earlier
/// cascade or dynamic run (columns stage, phase, species, concentration_mol_per_m3; one row
/// per stage, phase and species). Its stages and species must be the cascade's.
enum DynamicInitialProfiles {
    /// x and y stage-major (mol/m³); errors name the file (and line) or the key `at`.
    static func read(_ file: String, problem p: CascadeProblem, at node: ConfigNode) throws -> (aqueous: [Double], organic: [Double]) {
        let table = try CSVTable.load(path: file)
        let cs = try table.column("stage"), cp = try table.column("phase"), csp = try table.column("species")
        let cc = try table.column("concentration_mol_per_m3")
        let n = p.species.count, N = p.stageCount
        var x = [Double](repeating: .nan, count: N * n), y = x
        var fileSpecies: [String] = []
        var maxStage = 0
        for row in table.rows {
            guard let s = Int(row.fields[cs]), s >= 1 else {
                throw InputError(location: SourceLocation(file: file, line: row.line), key: "stage", value: row.fields[cs], expected: "a stage number ≥ 1")
            }
            maxStage = max(maxStage, s)
            let sym = row.fields[csp]
            if !fileSpecies.contains(sym) { fileSpecies.append(sym) }
            guard s <= N, let j = p.species.index(of: sym) else { continue }
            let v = try table.double(row, cc)
            if v < 0 {
                throw InputError(location: SourceLocation(file: file, line: row.line), key: "concentration_mol_per_m3", value: row.fields[cc],
                                 expected: "a concentration ≥ 0 mol/m³")
            }
            switch row.fields[cp] {
            case "aqueous": x[(s - 1) * n + j] = v
            case "organic": y[(s - 1) * n + j] = v
            default:
                throw InputError(location: SourceLocation(file: file, line: row.line), key: "phase", value: row.fields[cp], expected: "'aqueous' or 'organic'")
            }
        }
        let caseSpecies = p.species.symbols
        if Set(fileSpecies) != Set(caseSpecies) {
            let missing = caseSpecies.filter { !fileSpecies.contains($0) }, extra = fileSpecies.filter { !caseSpecies.contains($0) }
            var what: [String] = []
            if !missing.isEmpty { what.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { what.append("not in the case \(extra.joined(separator: ", "))") }
            throw node.error("stage profiles of this cascade's species (\(caseSpecies.joined(separator: ", "))); \(file) has other components: \(what.joined(separator: "; "))")
        }
        if maxStage != N {
            throw node.error("stage profiles of this cascade's \(N) stages; \(file) has \(maxStage)")
        }
        if let i = (x + y).firstIndex(where: { $0.isNaN }) {
            let k = i % (N * n)
            throw node.error("a value for every stage, phase and species; \(file) has none for stage \(k / n + 1), \(i < N * n ? "aqueous" : "organic") \(caseSpecies[k % n])")
        }
        return (x, y)
    }
}
