import Foundation
import RareSepCascade
import RareSepDesign

/// The outputs of `raresep design`: design.json (the chosen design, verified, or the
/// infeasibility), design.csv (one row per explored design) and the console summary.
enum DesignReport {
    static func lh(_ v: Double) -> Double { v * 3.6e6 }

    struct Json: Encodable {
        struct Target: Encodable { var outlet: String; var element: String; var purity_min: Double; var recovery_min: Double }
        struct Product: Encodable { var element: String; var outlet: String; var purity: Double; var recovery: Double }
        struct Design: Encodable {
            var stages: [String: Int]; var total_stages: Int
            var organic_flow_L_per_h: Double; var scrub_flow_L_per_h: Double; var strip_flow_L_per_h: Double?
            var scrub_acid_mol_per_L: Double?; var feed_flow_L_per_h: Double
            var phase_ratio_O_over_A: [String: Double]
            /// Each target's purity and recovery (target order).
            var products: [Product]
        }
        struct Nearest: Encodable {
            var element: String; var outlet: String; var purity: Double; var recovery: Double; var stages: [String: Int]
        }
        struct Shortcut: Encodable {
            var heavy_key: String; var light_key: String
            var heavy_D: Double; var light_D: Double; var separation_factor: Double; var effective_separation_factor: Double?
            var minimum_scrub_flow_L_per_h: Double; var scrub_flow_L_per_h: Double
            var organic_flow_window_L_per_h: [Double]?; var optimum_organic_flow_L_per_h: Double?
            var extraction_stages: Double?; var scrub_stages: Double?; var fenske_minimum_stages: Double?
            var start_stages: [String: Int]
        }
        var schema = "raresep.design/2"
        var name: String; var status: String; var objective: String; var targets: [Target]
        var design: Design?
        /// Sections where one stage fewer was evaluated and failed.
        var minimal_sections: [String]
        var best_reachable: Design?
        var best_per_target: [Nearest]
        var binding_target: String?
        var binding: [String]
        var shortcut: Shortcut
        var evaluations: Int; var batches: Int; var threads: Int; var cascade_solves: Int; var warm_started_solves: Int
        var search_ms: Double; var cold_solve_ms: Double
    }

    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

    /// A variable's value in its output unit (L/h for flows, mol/L for a strength).
    static func output(_ v: DesignVariable, _ x: Double) -> Double {
        if case .streamStrength = v.kind { return x / 1000 }
        return lh(x)
    }

    /// Column name of a variable in design.csv.
    static func column(_ v: DesignVariable) -> String {
        let base = v.name.replacingOccurrences(of: " ", with: "_")
        if case .streamStrength = v.kind { return base + "_mol_per_L" }
        return base + "_L_per_h"
    }

    static func targetName(_ t: DesignTarget, spec: DesignSpec) -> String {
        "\(spec.problem.base.species.symbols[t.species]) in \(t.outlet)"
    }

    static func design(_ pt: DesignPoint, spec: DesignSpec, purity: [Double], recovery: [Double]) -> Json.Design {
        let pr = spec.problem, sym = pr.base.species.symbols
        let p = pr.cascade(stages: pt.stages, values: pt.values)
        var ratios: [String: Double] = [:]
        if let flows = try? StageFlows.solve(p) {
            for sec in p.sections { if let s = sec.stages.first, flows.aqueous[s] > 0 { ratios[sec.name] = flows.organic[s] / flows.aqueous[s] } }
        }
        var d = Json.Design(stages: Dictionary(uniqueKeysWithValues: zip(p.sections.map(\.name), pt.stages)), total_stages: pt.totalStages,
                            organic_flow_L_per_h: lh(pt.organicFlow), scrub_flow_L_per_h: lh(p.feeds[pr.scrubFeed].flow), strip_flow_L_per_h: nil,
                            scrub_acid_mol_per_L: nil, feed_flow_L_per_h: lh(pr.feedFlow), phase_ratio_O_over_A: ratios,
                            products: pr.targets.indices.map { k in
                                Json.Product(element: sym[pr.targets[k].species], outlet: pr.targets[k].outlet, purity: purity[k], recovery: recovery[k])
                            })
        for (v, x) in zip(pr.variables, pt.values) {
            switch v.kind {
            case .streamFlow(let i) where i != pr.scrubFeed: d.strip_flow_L_per_h = lh(x)
            case .streamStrength: d.scrub_acid_mol_per_L = x / 1000
            default: break
            }
        }
        return d
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
        let nearest: [Json.Nearest] = zip(pr.targets, r.bestPerTarget).compactMap { t, p in
            guard let p, let k = pr.targets.firstIndex(of: t) else { return nil }
            return Json.Nearest(element: sym[t.species], outlet: t.outlet, purity: p.purity[k], recovery: p.recovery[k],
                                stages: Dictionary(uniqueKeysWithValues: zip(names, p.stages)))
        }
        let j = Json(name: spec.name, status: r.status.rawValue, objective: objectiveName(pr.objective),
                     targets: pr.targets.map { .init(outlet: $0.outlet, element: sym[$0.species], purity_min: $0.purity, recovery_min: $0.recovery) },
                     design: r.status == .feasible ? r.chosen.map { design($0, spec: spec, purity: r.verifiedPurity!, recovery: r.verifiedRecovery!) } : nil,
                     minimal_sections: r.minimalSections.map { names[$0] },
                     best_reachable: r.bestReachable.map { design($0, spec: spec, purity: $0.purity, recovery: $0.recovery) },
                     best_per_target: nearest, binding_target: r.bindingTarget.map { targetName(pr.targets[$0], spec: spec) },
                     binding: r.binding, shortcut: shortcut, evaluations: r.explored.count, batches: r.batches, threads: r.threads,
                     cascade_solves: r.solves, warm_started_solves: r.warmSolves, search_ms: r.searchMilliseconds, cold_solve_ms: r.coldSolveMilliseconds)
        return try OutputDirectory.json(j)
    }

    /// design.csv's measure columns: `<El>_purity`, `<El>_recovery` per target (with
    /// `_in_<outlet>` when an element has several targets).
    static func targetColumns(_ spec: DesignSpec) -> [String] {
        let pr = spec.problem, sym = pr.base.species.symbols
        return pr.targets.flatMap { t -> [String] in
            let several = pr.targets.filter { $0.species == t.species }.count > 1
            let tag = sym[t.species] + (several ? "_in_" + t.outlet.replacingOccurrences(of: " ", with: "_") : "")
            return ["\(tag)_purity", "\(tag)_recovery"]
        }
    }

    static func csv(_ r: DesignResult, spec: DesignSpec) -> String {
        let names = spec.problem.base.sections.map(\.name)
        var s = (names.map { "\($0)_stages" } + ["total_stages"] + spec.problem.variables.map(column) + targetColumns(spec)
                 + ["feasible", "cascade_solves", "objective", "note"]).joined(separator: ",") + "\n"
        for p in r.explored {
            var f = p.stages.map(String.init) + ["\(p.totalStages)"]
            f += zip(spec.problem.variables, p.values).map { "\(output($0, $1))" }
            f += zip(p.purity, p.recovery).flatMap { ["\($0)", "\($1)"] }
            f += ["\(p.feasible)", "\(p.solves)", p.objective.isFinite ? "\(p.objective)" : "", CascadeReport.csvField(p.note)]
            s += f.joined(separator: ",") + "\n"
        }
        return s
    }

    static func text(_ r: DesignResult, spec: DesignSpec) -> String {
        let pr = spec.problem, sym = pr.base.species.symbols
        let pct = { (v: Double) in String(format: "%.3f %%", 100 * v) }
        var lines = ["Design: \(spec.name)"]
        for t in pr.targets {
            lines.append("Target: \(sym[t.species]) in \(t.outlet): purity ≥ \(pct(t.purity)), recovery ≥ \(pct(t.recovery))")
        }
        lines.append("Objective: \(objectiveName(pr.objective)); searched: stages per section, "
                     + pr.variables.filter(\.isFree).map(\.name).joined(separator: ", "))
        let sc = r.shortcut
        lines.append(String(format: "Shortcut: keys %@/%@, D %.3g/%.3g, β %.3g; W_min %.3g L/h; stage equations: extraction %.1f, scrub %.1f; Fenske minimum %.1f stages",
                            sym[sc.heavyKey], sym[sc.lightKey], sc.heavyDistributionRatio, sc.lightDistributionRatio, sc.separationFactor,
                            lh(sc.minimumScrubFlow), sc.extractionStages, sc.scrubStages, sc.fenskeMinimumStages))
        let names = pr.base.sections.map(\.name)
        func stages(_ s: [Int]) -> String { zip(names, s).map { "\($0) \($1)" }.joined(separator: ", ") }
        func values(_ p: DesignPoint) -> String {
            zip(pr.variables, p.values).map { v, x in
                if case .streamStrength = v.kind { return "\(v.name) " + String(format: "%.4g mol/L", x / 1000) }
                return "\(v.name) " + String(format: "%.4g L/h", lh(x))
            }.joined(separator: ", ")
        }
        if r.status == .feasible, let c = r.chosen, let vp = r.verifiedPurity, let vr = r.verifiedRecovery {
            lines.append("Status: feasible — \(c.totalStages) stages (\(stages(c.stages)))")
            lines.append("Flows: \(values(c)); feed " + String(format: "%.4g L/h", lh(pr.feedFlow)))
            for (k, t) in pr.targets.enumerated() {
                lines.append("Verified by a full solve: \(sym[t.species]) purity \(pct(vp[k])), recovery \(pct(vr[k])) in \(t.outlet)")
            }
            if !r.minimalSections.isEmpty {
                lines.append("One stage fewer fails in: " + r.minimalSections.map { names[$0] }.joined(separator: ", "))
            }
        } else {
            lines.append("Status: INFEASIBLE — no design within the bounds meets every target")
            if let b = r.bestReachable {
                let measures = pr.targets.indices.map { k in "\(sym[pr.targets[k].species]) purity \(pct(b.purity[k])), recovery \(pct(b.recovery[k]))" }
                lines.append("Best reachable: \(measures.joined(separator: "; ")) at \(stages(b.stages)), \(values(b))")
            }
            if pr.targets.count > 1 {
                for (k, p) in r.bestPerTarget.enumerated() {
                    guard let p else { continue }
                    lines.append("Closest to \(targetName(pr.targets[k], spec: spec)) alone: purity \(pct(p.purity[k])), recovery \(pct(p.recovery[k])) at \(stages(p.stages))")
                }
            }
            if let t = r.bindingTarget { lines.append("Binding target: \(targetName(pr.targets[t], spec: spec))") }
            for b in r.binding { lines.append("Binding: \(b)") }
        }
        let perEval = r.explored.isEmpty ? 0 : r.searchMilliseconds / Double(r.explored.count)
        lines.append(String(format: "Search: %d designs evaluated in %d batches on %d threads, %d cascade solves (%d warm-started), %.0f ms (%.1f ms per design; one cold solve %.1f ms)",
                            r.explored.count, r.batches, r.threads, r.solves, r.warmSolves, r.searchMilliseconds, perEval, r.coldSolveMilliseconds))
        return lines.joined(separator: "\n")
    }
}
