import Foundation
import RareSepCore
import RareSepFlowsheet

/// Solve a flowsheet case and compare stream flows and molar flows with a reference
/// CSV (stream, quantity, value: quantity "flow_m3_per_s" or a species symbol for its
/// molar flow in mol/s); require every recycle to converge and the plant balance to
/// close to 1e-10 per species. Spec parameter `tear_start: zero` starts every tear
/// stream at zero flow (the poor start), `tear_start: default` (the default) from the
/// receiving unit's own inlet where it has one.
enum FlowsheetStreamsCheck {
    static let check = ValidationCheck(id: "flowsheet-streams") { ctx in
        let casePath = ctx.path(try ctx.spec.require("case").string())
        let c = try FlowsheetCase.load(root: try YAMLDocument.load(path: casePath), path: casePath, library: ctx.library)
        var options = c.options
        if let params = try ctx.spec.optional("parameters") {
            try params.checkKeys(["tear_start"])
            if let t = try params.optional("tear_start") {
                switch try t.string() {
                case "zero": options.zeroTearStart = true
                case "default": options.zeroTearStart = false
                default: throw t.error("'zero' or 'default'")
                }
            }
        }
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: options)
        if let f = sol.failure { throw CheckError("flowsheet did not solve: \(f.message)") }
        var out: [Comparison] = []
        for l in sol.loops {
            out.append(Comparison("loop_converged[\(l.tears.joined(separator: ","))]", value: l.converged ? 1 : 0, reference: 1, kind: .atLeast))
        }
        let table = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let sCol = try table.column("stream"), qCol = try table.column("quantity"), vCol = try table.column("value")
        for row in table.rows {
            let name = row.fields[sCol], q = row.fields[qCol]
            guard let k = c.flowsheet.streams.firstIndex(where: { $0.name == name }) else {
                throw CheckError("reference \(table.path):\(row.line) names stream '\(name)', not in the flowsheet")
            }
            let s = sol.streams[k]
            let v: Double
            if q == "flow_m3_per_s" { v = s.flow } else {
                guard let j = c.flowsheet.species.index(of: q) else {
                    throw CheckError("reference \(table.path):\(row.line) names quantity '\(q)', neither flow_m3_per_s nor a species")
                }
                v = s.flow * s.concentrations[j]
            }
            out.append(Comparison("stream[\(name) \(q)]", value: v, reference: try table.double(row, vCol)))
        }
        for b in sol.balance {
            out.append(Comparison("plant_balance[\(b.species)]", value: abs(b.closure), reference: 1e-10, kind: .atMost))
        }
        return out
    }
}
