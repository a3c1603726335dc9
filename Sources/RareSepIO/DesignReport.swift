import Foundation
import RareSepCascade
import RareSepDesign

/// The outputs of `raresep design`: design.json (the chosen design, verified, or the
/// infeasibility), design.csv (one row per explored design) and the console summary.
enum DesignReport {
    static func lh(_ v: Double) -> Double { v * 3.6e6 }

    struct Json: Encodable {
        struct Target: Encodable { var outlet: String; var element: String; var purity_min: Double; var recovery_min: Double }
        struct Design: Encodable {
            var stages: [String: Int]; var total_stages: Int
            var organic_flow_L_per_h: Double; var scrub_flow_L_per_h: Double; var feed_flow_L_per_h: Double
            var phase_ratio_O_over_A: [String: Double]
            var purity: Double; var recovery: Double
        }
        struct Shortcut: Encodable {
            var heavy_key: String; var light_key: String
            var heavy_D: Double; var light_D: Double; var separation_factor: Double; var effective_separation_factor: Double?
            var minimum_scrub_flow_L_per_h: Double; var scrub_flow_L_per_h: Double
            var organic_flow_window_L_per_h: [Double]?; var optimum_organic_flow_L_per_h: Double?
            var extraction_stages: Double?; var scrub_stages: Double?; var fenske_minimum_stages: Double?
            var start_stages: [String: Int]
        }
        var schema = "raresep.design/1"
        var name: String; var status: String; var objective: String; var target: Target
        var design: Design?
        /// Sections where one stage fewer was evaluated and failed.
        var minimal_sections: [String]
        var best_reachable: Design?; var binding: [String]
        var shortcut: Shortcut
        var evaluations: Int; var cascade_solves: Int; var warm_started_solves: Int
        var search_ms: Double; var cold_solve_ms: Double
    }

    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

    static func design(_ pt: DesignPoint, spec: DesignSpec, purity: Double, recovery: Double) -> Json.Design {
        let p = spec.problem.cascade(stages: pt.stages, organicFlow: pt.organicFlow, scrubFlow: pt.scrubFlow)
        var ratios: [String: Double] = [:]
        if let flows = try? StageFlows.solve(p) {
            for sec in p.sections { if let s = sec.stages.first, flows.aqueous[s] > 0 { ratios[sec.name] = flows.organic[s] / flows.aqueous[s] } }
        }
        return Json.Design(stages: Dictionary(uniqueKeysWithValues: zip(p.sections.map(\.name), pt.stages)), total_stages: pt.totalStages,
                           organic_flow_L_per_h: lh(pt.organicFlow), scrub_flow_L_per_h: lh(pt.scrubFlow), feed_flow_L_per_h: lh(spec.problem.feedFlow),
                           phase_ratio_O_over_A: ratios, purity: purity, recovery: recovery)
    }

    static func objectiveName(_ o: DesignObjective) -> String {
        switch o {
        case .totalStages: return "stages"
        case .solventFlow: return "solvent"
        case .weighted(let s, let w): return "weighted (stages \(s), solvent O/F \(w))"
        }
    }

    static func json(_ r: DesignResult, spec: DesignSpec) throws -> String {
        let pr = spec.problem, names = pr.base.sections.map(\.name), sym = pr.base.species.symbols
        let sc = r.shortcut
        let shortcut = Json.Shortcut(heavy_key: sym[sc.heavyKey], light_key: sym[sc.lightKey], heavy_D: sc.heavyDistributionRatio,
                                     light_D: sc.lightDistributionRatio, separation_factor: sc.separationFactor,
                                     effective_separation_factor: sc.effectiveSeparationFactor.flatMap(finite),
                                     minimum_scrub_flow_L_per_h: lh(sc.minimumScrubFlow), scrub_flow_L_per_h: lh(sc.scrubFlow),
                                     organic_flow_window_L_per_h: sc.minimumOrganicFlow.map { [lh($0), lh(sc.maximumOrganicFlow!)] },
                                     optimum_organic_flow_L_per_h: sc.optimumOrganicFlow.map(lh),
                                     extraction_stages: finite(sc.extractionStages), scrub_stages: finite(sc.scrubStages),
                                     fenske_minimum_stages: finite(sc.fenskeMinimumStages),
                                     start_stages: Dictionary(uniqueKeysWithValues: zip(names, sc.start)))
        let t = pr.target
        let j = Json(name: spec.name, status: r.status.rawValue, objective: objectiveName(pr.objective),
                     target: .init(outlet: t.outlet, element: sym[t.species], purity_min: t.purity, recovery_min: t.recovery),
                     design: r.status == .feasible ? r.chosen.map { design($0, spec: spec, purity: r.verifiedPurity!, recovery: r.verifiedRecovery!) } : nil,
                     minimal_sections: r.minimalSections.map { names[$0] },
                     best_reachable: r.bestReachable.map { design($0, spec: spec, purity: $0.purity, recovery: $0.recovery) },
                     binding: r.binding, shortcut: shortcut, evaluations: r.explored.count, cascade_solves: r.solves,
                     warm_started_solves: r.warmSolves, search_ms: r.searchMilliseconds, cold_solve_ms: r.coldSolveMilliseconds)
        return try OutputDirectory.json(j)
    }

    static func csv(_ r: DesignResult, spec: DesignSpec) -> String {
        let names = spec.problem.base.sections.map(\.name)
        var s = names.map { "\($0)_stages" }.joined(separator: ",")
            + ",total_stages,organic_flow_L_per_h,scrub_flow_L_per_h,purity,recovery,feasible,cascade_solves,objective,note\n"
        for p in r.explored {
            s += p.stages.map(String.init).joined(separator: ",")
            s += ",\(p.totalStages),\(lh(p.organicFlow)),\(lh(p.scrubFlow)),\(p.purity),\(p.recovery),\(p.feasible),\(p.solves),"
            s += (p.objective.isFinite ? "\(p.objective)" : "") + ",\(CascadeReport.csvField(p.note))\n"
        }
        return s
    }

    static func text(_ r: DesignResult, spec: DesignSpec) -> String {
        let pr = spec.problem, sym = pr.base.species.symbols, t = pr.target
        let pct = { (v: Double) in String(format: "%.3f %%", 100 * v) }
        var lines = ["Design: \(spec.name)",
                     "Target: \(sym[t.species]) in \(t.outlet): purity ≥ \(pct(t.purity)), recovery ≥ \(pct(t.recovery)); objective \(objectiveName(pr.objective))"]
        let sc = r.shortcut
        lines.append(String(format: "Shortcut: keys %@/%@, D %.3g/%.3g, β %.3g; W_min %.3g L/h; stage equations: extraction %.1f, scrub %.1f; Fenske minimum %.1f stages",
                            sym[sc.heavyKey], sym[sc.lightKey], sc.heavyDistributionRatio, sc.lightDistributionRatio, sc.separationFactor,
                            lh(sc.minimumScrubFlow), sc.extractionStages, sc.scrubStages, sc.fenskeMinimumStages))
        let names = pr.base.sections.map(\.name)
        func stages(_ s: [Int]) -> String { zip(names, s).map { "\($0) \($1)" }.joined(separator: ", ") }
        if r.status == .feasible, let c = r.chosen {
            lines.append("Status: feasible — \(c.totalStages) stages (\(stages(c.stages)))")
            lines.append(String(format: "Flows: organic %.4g L/h, scrub %.4g L/h, feed %.4g L/h", lh(c.organicFlow), lh(c.scrubFlow), lh(pr.feedFlow)))
            lines.append("Verified by a full solve: \(sym[t.species]) purity \(pct(r.verifiedPurity!)), recovery \(pct(r.verifiedRecovery!)) in \(t.outlet)")
            if !r.minimalSections.isEmpty {
                lines.append("One stage fewer fails in: " + r.minimalSections.map { names[$0] }.joined(separator: ", "))
            }
        } else {
            lines.append("Status: INFEASIBLE — no design within the bounds meets the target")
            if let b = r.bestReachable {
                lines.append("Best reachable: purity \(pct(b.purity)), recovery \(pct(b.recovery)) at \(stages(b.stages)), "
                             + String(format: "organic %.4g L/h, scrub %.4g L/h", lh(b.organicFlow), lh(b.scrubFlow)))
            }
            for b in r.binding { lines.append("Binding: \(b)") }
        }
        let perEval = r.explored.isEmpty ? 0 : r.searchMilliseconds / Double(r.explored.count)
        lines.append(String(format: "Search: %d designs evaluated, %d cascade solves (%d warm-started), %.0f ms (%.1f ms per design; one cold solve %.1f ms)",
                            r.explored.count, r.solves, r.warmSolves, r.searchMilliseconds, perEval, r.coldSolveMilliseconds))
        return lines.joined(separator: "\n")
    }
}
