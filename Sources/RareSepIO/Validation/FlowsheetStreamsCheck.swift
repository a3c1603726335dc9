import Foundation
import RareSepCore
import RareSepFlowsheet

/// Solve a flowsheet case and compare stream flows and molar flows with a reference
/// CSV (stream, quantity, value: quantity "flow_m3_per_s" or a species symbol for its
/// molar flow in mol/s); require every recycle to converge and the plant balance to
/// close to 1e-10 per species. Spec parameter `tear_start: zero` starts every tear
/// stream at zero flow (the poor start), `tear_start: default` (the default) from the
/// receiving unit's own inlet where it has one. Spec parameter `richardson: {order: p}`
/// solves the flowsheet again with every emulsion-flow unit on twice the height cells and
/// compares the Richardson extrapolation v = v_fine + (v_fine − v_coarse)/(2^p − 1)
/// (p: the order of the contactor grid, 1 upwind, 2 central) instead of the case's own
/// solution; both solves must converge and close.
enum FlowsheetStreamsCheck {
    /// The flowsheet with every emulsion-flow unit on `factor` times its height cells
    /// (fresh units: no warm start carried over).
    static func refined(_ fs: Flowsheet, factor: Int) throws -> Flowsheet {
        let units: [any UnitOperation] = fs.units.map { u in
            guard let ef = u as? EmulsionFlowUnit else { return u }
            var t = ef.template
            t.cells *= factor
            return EmulsionFlowUnit(name: ef.name, template: t, transfer: ef.transfer, entrainment: ef.entrainment)
        }
        return try Flowsheet(species: fs.species, metalCount: fs.metalCount, units: units, streams: fs.streams)
    }

    static let check = ValidationCheck(id: "flowsheet-streams") { ctx in
        let casePath = ctx.path(try ctx.spec.require("case").string())
        let c = try FlowsheetCase.load(root: try YAMLDocument.load(path: casePath), path: casePath, library: ctx.library)
        var options = c.options
        if let params = try ctx.spec.optional("parameters") {
            try params.checkKeys(["tear_start", "richardson"])
            if let t = try params.optional("tear_start") {
                switch try t.string() {
                case "zero": options.zeroTearStart = true
                case "default": options.zeroTearStart = false
                default: throw t.error("'zero' or 'default'")
                }
            }
        }
        var order: Double?
        if let r = try ctx.spec.optional("parameters")?.optional("richardson") {
            try r.checkKeys(["order"])
            let n = try r.require("order")
            order = try n.double()
            guard order! > 0 else { throw n.error("the positive order of the contactor grid (1 upwind, 2 central)") }
        }
        let sol = try FlowsheetSolver.solve(c.flowsheet, options: options)
        if let f = sol.failure { throw CheckError("flowsheet did not solve: \(f.message)") }
        var fine: FlowsheetSolution?
        if order != nil {
            let f = try FlowsheetSolver.solve(try refined(c.flowsheet, factor: 2), options: options)
            if let e = f.failure { throw CheckError("flowsheet on the refined grid did not solve: \(e.message)") }
            fine = f
        }
        func value(_ s: FlowsheetSolution, _ k: Int, _ j: Int?) -> Double {
            let st = s.streams[k]
            return j.map { st.flow * st.concentrations[$0] } ?? st.flow
        }
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
            var j: Int?
            if q != "flow_m3_per_s" {
                guard let i = c.flowsheet.species.index(of: q) else {
                    throw CheckError("reference \(table.path):\(row.line) names quantity '\(q)', neither flow_m3_per_s nor a species")
                }
                j = i
            }
            var v = value(sol, k, j)
            if let fine, let order {
                let vf = value(fine, k, j)
                v = vf + (vf - v) / (pow(2, order) - 1)
            }
            out.append(Comparison("stream[\(name) \(q)]", value: v, reference: try table.double(row, vCol)))
        }
        for (label, balance) in [("plant_balance", sol.balance), ("plant_balance_refined", fine?.balance ?? [])] {
            for b in balance {
                out.append(Comparison("\(label)[\(b.species)]", value: abs(b.closure), reference: 1e-10, kind: .atMost))
            }
        }
        return out
    }
}
