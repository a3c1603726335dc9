import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade
import RareSepFlowsheet

/// JSON summary of a flowsheet run (schema "raresep.flowsheet-summary/1"); units on every key.
public struct FlowsheetSummary: Codable {
    public struct StreamRow: Codable {
        public var name: String
        public var from: String
        /// Inlet it enters, or "product".
        public var to: String
        public var phase: String
        public var flow_L_per_h: Double
        public var concentration_mol_per_L: [String: Double]
        public var molar_flow_mol_per_h: [String: Double]
        /// Metals only: element mass flow, kg/h and t/yr (per operating year).
        public var element_kg_per_h: [String: Double]
        public var element_t_per_yr: [String: Double]
    }
    public struct OxideRow: Codable {
        public var product: String
        public var oxide: String
        public var kg_per_h: Double
        public var t_per_yr: Double
        /// Share of this oxide in the product's total oxide mass.
        public var purity_mass_fraction: Double
    }
    public struct UnitRow: Codable {
        public var name: String
        public var kind: String
        public var calls: Int
        public var solver_status: String?
        public var newton_iterations: Int?
    }
    public var schema = "raresep.flowsheet-summary/1"
    public var name: String
    /// True when every recycle converged and every unit solved.
    public var converged: Bool
    public var failure: String?
    public var operating_hours_per_yr: Double
    public var units: [UnitRow]
    public var loops: [LoopReport]
    public var streams: [StreamRow]
    public var inputs: [StreamRow]
    public var removals: [StreamRow]
    public var oxide_products: [OxideRow]
    public var balance: [SpeciesBalance]
    /// Largest |closure| of the plant balance over species (relative).
    public var worst_balance_closure: Double
    public var unit_calls: Int
    /// Warnings of the units (stages outside a model file's valid range ...), each naming its unit.
    public var warnings: [String]
}

/// Writes a flowsheet's outputs: stream table, plant balance, JSON summary, block
/// diagram, and each cascade unit's own outputs under units/NAME/.
public enum FlowsheetReport {
    static func row(_ name: String, from: String, to: String, _ s: ProcessStream, _ c: FlowsheetCase) -> FlowsheetSummary.StreamRow {
        let fs = c.flowsheet
        var conc: [String: Double] = [:], molar: [String: Double] = [:], kg: [String: Double] = [:], tpy: [String: Double] = [:]
        for (j, sym) in fs.species.symbols.enumerated() {
            conc[sym] = s.concentrations[j] / 1000
            molar[sym] = s.flow * s.concentrations[j] * 3600
            if j < fs.metalCount, let e = c.elements[sym] {
                let kgs = s.flow * s.concentrations[j] * e.molarMass
                kg[sym] = kgs * 3600
                tpy[sym] = kgs * c.operatingHours / 1000
            }
        }
        return .init(name: name, from: from, to: to, phase: s.phase.rawValue, flow_L_per_h: s.flow * 3.6e6,
                     concentration_mol_per_L: conc, molar_flow_mol_per_h: molar, element_kg_per_h: kg, element_t_per_yr: tpy)
    }

    /// The summary of a solution.
    public static func summary(_ sol: FlowsheetSolution, case c: FlowsheetCase) -> FlowsheetSummary {
        let fs = c.flowsheet
        func portName(_ r: PortReference, inlet: Bool) -> String {
            "\(fs.units[r.unit].name).\((inlet ? fs.units[r.unit].inlets : fs.units[r.unit].outlets)[r.port].name)"
        }
        let streams = fs.streams.enumerated().map { k, s in
            row(s.name, from: portName(s.from, inlet: false), to: s.to.map { portName($0, inlet: true) } ?? "product", sol.streams[k], c)
        }
        var oxides: [FlowsheetSummary.OxideRow] = []
        for (name, s) in sol.removals where name.contains("oxalate") {
            var rows: [FlowsheetSummary.OxideRow] = []
            for j in 0..<fs.metalCount {
                guard let e = c.elements[fs.species.symbols[j]], s.concentrations[j] > 0 else { continue }
                let kgs = s.flow * s.concentrations[j] / c.elements.molesPerKilogramOxide(e)
                rows.append(.init(product: name, oxide: e.oxideFormula, kg_per_h: kgs * 3600, t_per_yr: kgs * c.operatingHours / 1000,
                                  purity_mass_fraction: 0))
            }
            let total = rows.reduce(0) { $0 + $1.kg_per_h }
            oxides += rows.map { var r = $0; r.purity_mass_fraction = total > 0 ? r.kg_per_h / total : 0; return r }
        }
        let units = fs.units.enumerated().map { u, unit -> FlowsheetSummary.UnitRow in
            let cascade = unit as? CascadeUnit, ef = unit as? EmulsionFlowUnit
            return .init(name: unit.name, kind: unit.kind,
                         calls: cascade?.calls ?? (unit as? ColumnUnit)?.calls ?? ef?.calls ?? (sol.unitResults[u] == nil ? 0 : 1),
                         solver_status: sol.unitResults[u]?.report?.code.rawValue, newton_iterations: cascade?.totalIterations ?? ef?.totalIterations)
        }
        let balance = sol.balance
        return FlowsheetSummary(name: c.name, converged: sol.converged, failure: sol.failure?.message, operating_hours_per_yr: c.operatingHours / 3600,
                                units: units, loops: sol.loops, streams: streams,
                                inputs: sol.inputs.map { row($0.name, from: "outside", to: "plant", $0.stream, c) },
                                removals: sol.removals.map { row($0.name, from: "plant", to: "outside", $0.stream, c) },
                                oxide_products: oxides, balance: balance,
                                worst_balance_closure: balance.map { abs($0.closure) }.max() ?? 0, unit_calls: sol.unitCalls,
                                warnings: warnings(sol, case: c))
    }

    /// Warnings of the cascade units at their last solution, each prefixed with the unit.
    public static func warnings(_ sol: FlowsheetSolution, case c: FlowsheetCase) -> [String] {
        var out: [String] = []
        for unit in c.flowsheet.units {
            guard let cu = unit as? CascadeUnit, let last = cu.lastSolution, var cc = c.cascadeCases[unit.name] else { continue }
            cc.problem = last.problem
            out += CascadeReport.warnings(last, case: cc).map { "warning: unit '\(unit.name)': \($0.location): \($0.message)" }
        }
        for case let cu as ColumnUnit in c.flowsheet.units {
            out += cu.warnings(species: c.flowsheet.species).map { "warning: unit '\(cu.name)': \($0)" }
        }
        return out
    }

    /// Write streams.csv, balance.csv, summary.json, flowsheet.svg, units/NAME/ and
    /// report.html into `dir` (committed by the caller); `files` are the model files read.
    public static func write(_ sol: FlowsheetSolution, case c: FlowsheetCase, into dir: OutputDirectory, files: [String] = []) throws {
        let s = summary(sol, case: c)
        let symbols = c.flowsheet.species.symbols
        var csv = "stream,from,to,phase,flow_L_per_h," + symbols.map { "\($0)_mol_per_L" }.joined(separator: ",") + ","
            + symbols.prefix(c.flowsheet.metalCount).map { "\($0)_kg_per_h,\($0)_t_per_yr" }.joined(separator: ",") + "\n"
        for r in s.streams + s.inputs + s.removals {
            csv += [r.name, r.from, r.to, r.phase].map(CascadeReport.csvField).joined(separator: ",") + ",\(r.flow_L_per_h),"
            csv += symbols.map { "\(r.concentration_mol_per_L[$0] ?? 0)" }.joined(separator: ",") + ","
            csv += symbols.prefix(c.flowsheet.metalCount).map { "\(r.element_kg_per_h[$0] ?? 0),\(r.element_t_per_yr[$0] ?? 0)" }.joined(separator: ",") + "\n"
        }
        var bal = "species,in_mol_per_s,out_mol_per_s,relative_closure\n"
        for b in s.balance { bal += "\(b.species),\(b.inflow),\(b.outflow),\(b.closure)\n" }
        try dir.write(csv, "streams.csv")
        try dir.write(bal, "balance.csv")
        let diagram = FlowsheetDiagram.svg(sol, case: c)
        try dir.write(diagram, "flowsheet.svg")
        var plots: [(unit: String, file: String, svg: String)] = []
        for unit in c.flowsheet.units {
            if let cu = unit as? CascadeUnit, let last = cu.lastSolution, let cc = c.cascadeCases[unit.name] {
                var unitCase = cc
                unitCase.problem = last.problem
                let written = try CascadeReport.write(last, case: unitCase, into: dir, prefix: "units/\(unit.name)/")
                plots.append((unit.name, "units/\(unit.name)/stage_profiles.svg", written.plot))
                if let d = written.mcCabeThiele { plots.append((unit.name, "units/\(unit.name)/mccabe_thiele.svg", d)) }
            } else if let cu = unit as? ColumnUnit {
                if let svg = try ColumnUnitReport.write(cu, species: c.flowsheet.species, into: dir) {
                    plots.append((unit.name, "units/\(unit.name)/outlet.svg", svg))
                }
            } else if let ef = unit as? EmulsionFlowUnit {
                if let svg = try EmulsionFlowUnitReport.write(ef, metalCount: c.flowsheet.metalCount, into: dir) {
                    plots.append((unit.name, "units/\(unit.name)/profile.svg", svg))
                }
            }
        }
        try dir.write(try OutputDirectory.json(s), "summary.json")
        try dir.write(FlowsheetRunReport.html(sol, case: c, diagram: diagram, unitPlots: plots, text: table(sol, case: c),
                                              warnings: warnings(sol, case: c), files: files), "report.html")
    }

    /// The table `raresep run` prints for a flowsheet.
    public static func table(_ sol: FlowsheetSolution, case c: FlowsheetCase) -> String {
        let s = summary(sol, case: c)
        var lines = ["Flowsheet: \(c.name) — \(c.flowsheet.units.count) units, \(c.flowsheet.streams.count) streams"]
        for l in s.loops {
            lines.append("Recycle \(l.units.joined(separator: " → ")) (tear: \(l.tears.joined(separator: ", "))): "
                         + (l.converged ? "converged" : "NOT CONVERGED") + " in \(l.iterations) passes, tear residual \(String(format: "%.1e", l.residual))")
        }
        let metals = Array(c.flowsheet.species.symbols.prefix(c.flowsheet.metalCount))
        lines.append("stream".padding(toLength: 26, withPad: " ", startingAt: 0) + "to".padding(toLength: 22, withPad: " ", startingAt: 0)
                     + "flow L/h   " + metals.map { "\($0) g/L".padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        for r in s.streams {
            var line = String(r.name.prefix(25)).padding(toLength: 26, withPad: " ", startingAt: 0)
            line += String(r.to.prefix(21)).padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%-11.4g", r.flow_L_per_h)
            for m in metals {
                let gpl = (r.concentration_mol_per_L[m] ?? 0) * (c.elements[m]?.molarMass ?? 0) * 1000
                line += String(format: "%-11.4g", gpl)
            }
            lines.append(line)
        }
        if !s.oxide_products.isEmpty {
            lines.append("Oxide products (\(Int(s.operating_hours_per_yr)) operating h/yr; oxides below 1 ppm of a product in summary.json only):")
            var products: [String] = []
            for o in s.oxide_products where !products.contains(o.product) { products.append(o.product) }
            for p in products {
                let rows = s.oxide_products.filter { $0.product == p }
                let total = rows.reduce(0) { $0 + $1.t_per_yr }
                let shown = rows.filter { $0.purity_mass_fraction >= 1e-6 }.sorted { $0.t_per_yr > $1.t_per_yr }
                lines.append("  \(p): \(String(format: "%.4g", total)) t/yr = " + shown.map {
                    "\($0.oxide) \(String(format: "%.4g", $0.t_per_yr)) t/yr (\(String(format: "%.4f", 100 * $0.purity_mass_fraction)) %)"
                }.joined(separator: ", "))
            }
        }
        for case let cu as ColumnUnit in c.flowsheet.units { if let l = ColumnUnitReport.line(cu) { lines.append(l) } }
        for case let ef as EmulsionFlowUnit in c.flowsheet.units {
            if let l = EmulsionFlowUnitReport.line(ef, metalCount: c.flowsheet.metalCount) { lines.append(l) }
        }
        lines.append(String(format: "Plant balance: worst species closure %.1e (relative), %d unit calls", s.worst_balance_closure, s.unit_calls))
        if let f = s.failure { lines.append("FAILED: \(f)") }
        return lines.joined(separator: "\n")
    }
}
