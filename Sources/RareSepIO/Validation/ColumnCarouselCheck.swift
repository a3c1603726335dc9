import Foundation
import RareSepColumn
import RareSepCore

/// A column train (carousel case) against an independent solution of its steady cycle:
/// the cyclic steady state is reached (steady cycle ≤ max_cycles), every cycle conserves
/// mass to `balance_bound`, and at the steady cycle the raffinate and pool amounts
/// (`amounts` CSV: raffinate_mol_per_m2, wash_outflow_mol_per_m2) and the outlets of the
/// last train column (`lag_outlet`) and of the off-line programme (`wash_outlet`, at
/// time_in_cycle_s after the load section's end) match the reference.
enum ColumnCarouselCheck {
    static let check = ValidationCheck(id: "column-carousel") { ctx in
        let cc = try ColumnCheckSupport.loadCase(ctx)
        let caseNode = try ctx.spec.require("case")
        guard let spec = cc.train else { throw caseNode.error("a column case with a 'carousel' block") }
        let j = try ColumnCheckSupport.component(ctx, cc)
        let poolName = try ColumnCheckSupport.parameter(ctx, "pool").string()
        let bound = try ColumnCheckSupport.parameter(ctx, "balance_bound").double()
        let amountsNode = try ColumnCheckSupport.parameter(ctx, "amounts")
        let table = try CSVTable.load(path: ctx.path(try amountsNode.string()))
        let qc = try table.column("quantity"), vc = try table.column("value")
        var amounts: [String: Double] = [:]
        for row in table.rows { amounts[row.fields[qc]] = try table.double(row, vc) }
        guard let raff = amounts["raffinate_mol_per_m2"], let pool = amounts["wash_outflow_mol_per_m2"] else {
            throw amountsNode.error("a CSV with rows raffinate_mol_per_m2 and wash_outflow_mol_per_m2")
        }
        let r = try ColumnTrainSimulator.run(cc.problem, numerics: cc.numerics, spec: spec, regenerationOutputTimes: cc.outputTimes)
        let sym = cc.problem.components.symbols[j]
        var out: [Comparison] = [Comparison("steady_cycle", value: Double(r.steadyCycle ?? Int.max), reference: Double(spec.maxCycles), kind: .atMost)]
        for c in r.cycles { out.append(Comparison("cycle_balance[\(c.cycle)]", value: abs(c.balance[sym] ?? .nan), reference: bound, kind: .atMost)) }
        guard let last = r.cycles.last, let p = last.pools.first(where: { $0.name == poolName }) else {
            throw try ColumnCheckSupport.parameter(ctx, "pool").error("a pool of the case's fractions")
        }
        out.append(Comparison("raffinate_amount", value: last.raffinate[sym] ?? .nan, reference: raff))
        out.append(Comparison("pool_amount", value: p.amount[sym] ?? .nan, reference: pool))
        let loadEnd = cc.problem.sections[0].end
        let ref = try CSVTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let tc = try ref.column("time_in_cycle_s"), lc = try ref.column("lag_outlet"), wc = try ref.column("wash_outlet")
        for row in ref.rows {
            let t = try ref.double(row, tc)
            guard let k = r.lastTrainOutletTimes.firstIndex(where: { abs($0 - t) <= 1e-6 * max(1, t) }) else {
                throw caseNode.error("a record step that samples the reference times (\(t) s in the cycle is not a sample)")
            }
            out.append(Comparison("lag_outlet[t=\(Int(t)) s]", value: r.lastTrainOutlet[k][j], reference: try ref.double(row, lc)))
            out.append(Comparison("wash_outlet[t=\(Int(t)) s]",
                                  value: try ColumnCheckSupport.outlet(r.lastRegeneration, component: j, at: loadEnd + t, node: caseNode),
                                  reference: try ref.double(row, wc)))
        }
        return out
    }
}
