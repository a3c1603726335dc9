import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade

/// JSON summary of a cascade run (schema documented in docs/cascade-summary.md).
public struct CascadeSummary: Codable {
    public struct Solver: Codable {
        public var status: String
        public var method: String
        public var iterations: Int
        public var residual: Double?
        public var worst_location: String
        public var notes: [String]
    }
    public struct Section: Codable {
        public var name: String
        public var first_stage: Int
        public var stages: Int
        public var model: String
        public var murphree: [Double]
    }
    public struct Stream: Codable {
        public var name: String
        public var stage: Int
        public var aqueous_flow_m3_per_s: Double
        public var organic_flow_m3_per_s: Double
        public var aqueous_mol_per_m3: [String: Double]
        public var organic_mol_per_m3: [String: Double]
        public var molar_flow_mol_per_s: [String: Double]
        public var recovery: [String: Double?]?
        public var purity: [String: Double?]?
    }
    public struct Balance: Codable {
        public var closure_by_species: [String: Double]
        public var worst_stage_closure: Double?
    }
    public var schema = "raresep.cascade-summary/1"
    public var `case`: String
    public var case_file: String
    public var stages: Int
    public var species: [String]
    public var metals: [String]
    public var sections: [Section]
    public var solver: Solver
    public var inlets: [Stream]
    public var outlets: [Stream]
    public var mass_balance: Balance
    public var model_sources: [String: String]
    /// Accepted but questionable input: feeds that are not electroneutral, stages
    /// outside a model file's stated valid range (also printed on standard error).
    public var warnings: [InputWarning]
}

/// Writes the outputs of `raresep run` for a cascade and formats its summary table.
public enum CascadeReport {
    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

    /// Warnings of a run: those found loading the case, then stages outside the
    /// stated valid ranges of their models.
    public static func warnings(_ sol: CascadeSolution, case c: CascadeCase) -> [InputWarning] {
        c.warnings + StageRangeCheck.warnings(c.validRanges, solution: sol)
    }

    /// A share as a percentage with `digits` decimals, or "—" when undefined (nothing fed).
    static func percent(_ v: Double, digits: Int) -> String {
        v.isFinite ? String(format: "%.\(digits)f%%", 100 * v) : "—"
    }

    /// Build the JSON summary.
    public static func summary(_ sol: CascadeSolution, case c: CascadeCase) -> CascadeSummary {
        let p = sol.problem
        let sp = p.species.symbols
        let metals = Array(sp.prefix(p.metalCount))
        func stream(_ s: CascadeStream, withShares: Bool) -> CascadeSummary.Stream {
            var aq: [String: Double] = [:], org: [String: Double] = [:], amt: [String: Double] = [:]
            let a = s.amounts
            for (j, name) in sp.enumerated() {
                aq[name] = s.aqueous[j]
                org[name] = s.organic[j]
                amt[name] = a[j]
            }
            var rec: [String: Double?]?, pur: [String: Double?]?
            if withShares {
                rec = [:]; pur = [:]
                for (j, name) in metals.enumerated() {
                    rec![name] = finite(sol.recovery(species: j, in: s))
                    pur![name] = finite(sol.purity(species: j, in: s))
                }
            }
            return .init(name: s.name, stage: s.stage + 1, aqueous_flow_m3_per_s: s.aqueousFlow, organic_flow_m3_per_s: s.organicFlow,
                         aqueous_mol_per_m3: aq, organic_mol_per_m3: org, molar_flow_mol_per_s: amt, recovery: rec, purity: pur)
        }
        let closure = sol.balanceClosure
        var byS: [String: Double] = [:]
        for (j, name) in sp.enumerated() { byS[name] = closure[j] }
        let modelNames = Array(c.modelSources.keys)
        return CascadeSummary(
            case: p.name, case_file: c.path, stages: p.stageCount, species: sp, metals: metals,
            sections: p.sections.map { s in
                .init(name: s.name, first_stage: s.firstStage + 1, stages: s.stageCount,
                      model: p.models[s.modelIndex].id, murphree: s.murphree)
            },
            solver: .init(status: sol.report.code.rawValue, method: sol.report.method, iterations: sol.report.iterations,
                          residual: finite(sol.report.residual), worst_location: sol.report.worstLocation, notes: sol.report.notes),
            inlets: sol.inlets.map { stream($0, withShares: false) },
            outlets: sol.outlets.map { stream($0, withShares: true) },
            mass_balance: .init(closure_by_species: byS, worst_stage_closure: finite(sol.worstStageClosure)),
            model_sources: Dictionary(uniqueKeysWithValues: modelNames.map { ($0, c.modelSources[$0]!) }),
            warnings: warnings(sol, case: c))
    }

    /// Write the whole output set (see `write(_:case:into:)`) into `directory` and commit it.
    public static func write(_ sol: CascadeSolution, case c: CascadeCase, to directory: String) throws {
        let inputs = [c.path] + c.modelSources.values.filter { FileManager.default.fileExists(atPath: $0) }
        let dir = try OutputDirectory(directory, key: "--output", inputs: inputs)
        let written = try write(sol, case: c, into: dir)
        try writeReport(sol, case: c, written: written, files: [], into: dir)
        try dir.commit(command: "run", input: c.path, status: sol.report.code.rawValue)
    }

    /// Write report.html (tables, the profile plot `plot`, inputs: the case file and
    /// `files`, warnings, solver report) into `dir`.
    public static func writeReport(_ sol: CascadeSolution, case c: CascadeCase, written: Written, files: [String], into dir: OutputDirectory) throws {
        let html = CascadeRunReport.html(sol, case: c, summary: written.summary, plot: written.plot, mcCabeThiele: written.mcCabeThiele, text: table(sol, elements: c.elements),
                                         warnings: written.summary.warnings.map(\.description), files: files)
        try dir.write(html, "report.html")
    }

    /// What `write(_:case:into:prefix:)` produced that the HTML report shows again.
    public struct Written {
        /// The profile plot's SVG.
        public var plot: String
        /// The JSON summary (with the run's warnings).
        public var summary: CascadeSummary
        /// The McCabe–Thiele diagram of the key pair (nil when there is none).
        public var mcCabeThiele: String?
    }

    /// Write stage_profiles.csv, stage_diagnostics.csv, outlets.csv, summary.json and
    /// stage_profiles.svg into `dir` (committed by the caller), under `prefix` (e.g.
    /// "units/tb-dy/" for a flowsheet's cascade unit). Returns the plot and the summary.
    @discardableResult
    public static func write(_ sol: CascadeSolution, case c: CascadeCase, into dir: OutputDirectory, prefix: String = "") throws -> Written {
        let p = sol.problem
        let n = p.species.count
        let (csv, diag) = profiles(p, aqueous: sol.aqueous, organic: sol.organic)
        var out = "outlet,stage,aqueous_flow_m3_per_s,organic_flow_m3_per_s,species,aqueous_mol_per_m3,organic_mol_per_m3,molar_flow_mol_per_s,recovery,purity\n"
        for o in sol.outlets {
            let a = o.amounts
            for j in 0..<n {
                let isMetal = j < p.metalCount
                let rec = isMetal ? "\(sol.recovery(species: j, in: o))" : ""
                let pur = isMetal ? "\(sol.purity(species: j, in: o))" : ""
                // a phase the outlet does not carry has no concentration in it (empty field),
                // not the stage's concentration of that phase
                let aq = o.aqueousFlow > 0 ? "\(o.aqueous[j])" : "", org = o.organicFlow > 0 ? "\(o.organic[j])" : ""
                out += "\(csvField(o.name)),\(o.stage + 1),\(o.aqueousFlow),\(o.organicFlow),\(p.species.symbols[j]),\(aq),\(org),\(a[j]),\(rec),\(pur)\n"
            }
        }
        try dir.write(csv, prefix + "stage_profiles.csv")
        try dir.write(diag, prefix + "stage_diagnostics.csv")
        try dir.write(out, prefix + "outlets.csv")
        let summary = summary(sol, case: c)
        try dir.write(try OutputDirectory.json(summary), prefix + "summary.json")
        let plot = CascadePlot.svg(sol)
        try dir.write(plot, prefix + "stage_profiles.svg")
        let diagram = McCabeThielePlot.svg(sol)
        if let diagram { try dir.write(diagram, prefix + "mccabe_thiele.svg") }
        return Written(plot: plot, summary: summary, mcCabeThiele: diagram)
    }

    /// stage_profiles.csv (stage, section, phase, species, concentration_mol_per_m3,
    /// distribution_ratio) and stage_diagnostics.csv of profiles x, y (stage-major, mol/m³).
    static func profiles(_ p: CascadeProblem, aqueous: [Double], organic: [Double]) -> (profiles: String, diagnostics: String) {
        let n = p.species.count
        let sectionOf = p.sectionOfStage
        var csv = "stage,section,phase,species,concentration_mol_per_m3,distribution_ratio\n"
        var diag = "stage,section,quantity,value\n"
        for s in 0..<p.stageCount {
            let x = Array(aqueous[(s * n)..<((s + 1) * n)]), y = Array(organic[(s * n)..<((s + 1) * n)])
            let model = p.models[p.sections[sectionOf[s]].modelIndex]
            let d = model.distributionRatios(x: x, y: y)
            let sec = p.sections[sectionOf[s]].name
            for j in 0..<n {
                let dj = d[j].isFinite ? "\(d[j])" : ""
                csv += "\(s + 1),\(sec),aqueous,\(p.species.symbols[j]),\(x[j]),\(dj)\n"
                csv += "\(s + 1),\(sec),organic,\(p.species.symbols[j]),\(y[j]),\(dj)\n"
            }
            for (name, v) in model.stageDiagnostics(x: x, y: y) { diag += "\(s + 1),\(sec),\(name),\(v)\n" }
        }
        return (csv, diag)
    }

    static func csvField(_ s: String) -> String { CSVTable.quoted(s) }

    /// The short readable table `raresep run` prints.
    public static func table(_ sol: CascadeSolution, elements: ElementTable) -> String {
        let p = sol.problem
        var lines: [String] = []
        lines.append("Case: \(p.name) — \(p.stageCount) stages (" + p.sections.map { "\($0.name) \($0.stageCount)" }.joined(separator: ", ") + ")")
        let r = sol.report
        lines.append("Solver: \(r.code.rawValue), \(r.iterations) Newton iterations, scaled residual \(String(format: "%.2e", r.residual))"
                     + (r.converged ? "" : " — NOT CONVERGED, worst at \(r.worstLocation)"))
        let metals = Array(p.species.symbols.prefix(p.metalCount))
        let outlets = sol.outlets
        let header = "outlet".padding(toLength: 18, withPad: " ", startingAt: 0) + "flow L/h  " +
            metals.map { "\($0) g/L".padding(toLength: 11, withPad: " ", startingAt: 0) }.joined() + "  purity / recovery"
        lines.append(header)
        for o in outlets {
            let flowLh = (o.aqueousFlow + o.organicFlow) * 3.6e6
            let total = o.aqueousFlow + o.organicFlow
            var row = String(o.name.prefix(17)).padding(toLength: 18, withPad: " ", startingAt: 0)
            row += String(format: "%-10.4g", flowLh)
            let amounts = o.amounts
            for (j, sym) in metals.enumerated() {
                // mixed-stream concentration as g/L of element
                let c = total > 0 ? amounts[j] / total : 0
                let m = c * (elements[sym]?.molarMass ?? 0)
                row += String(format: "%-11.4g", m)
            }
            row += "  " + metals.indices.map { j in
                "\(metals[j]) \(percent(sol.purity(species: j, in: o), digits: 4))/\(percent(sol.recovery(species: j, in: o), digits: 2))"
            }.joined(separator: "  ")
            lines.append(row)
        }
        let worst = sol.balanceClosure.map(abs).max() ?? 0
        lines.append(String(format: "Mass balance: worst species closure %.1e (relative), worst stage closure %.1e", worst, sol.worstStageClosure))
        return lines.joined(separator: "\n")
    }
}
