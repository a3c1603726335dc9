import Foundation
import RareSepCascade
import RareSepDesign
import RareSepSizing

/// `report.html` of a design run: the chosen design (stage counts, flows, every target's
/// purity and recovery from the verifying solve), the explored candidates with their
/// Pareto front of stages vs solvent inventory vs footprint, the technology comparison
/// (with `sizing:`), the shortcut estimates and the search's work, then the chosen
/// cascade's own tables, plots and solver report. Every number comes from the run's
/// results (design.json, design.csv, sizing.json, technologies.json hold the same).
enum DesignRunReport {
    /// One explored design as the candidate table shows it: its solvent inventory and
    /// footprint when equipment data are given (sized as mixer-settlers from its stage
    /// flows), and whether it is on the Pareto front of the feasible designs.
    struct Candidate {
        var point: DesignPoint
        /// Solvent inventory (units + tanks), m³, and footprint, m² (nil without `sizing:`).
        var solvent: Double?
        var footprint: Double?
        var pareto = false
        var chosen = false
    }

    /// The explored designs with their sizes and the Pareto front: a feasible design is on
    /// it when no other feasible design has no more stages, no more solvent (inventory
    /// with sizing, else organic flow) and no larger footprint (with sizing) while being
    /// smaller in one of them.
    static func candidates(_ r: DesignResult, spec: DesignSpec, data: EquipmentData?) -> [Candidate] {
        var list = r.explored.map { pt -> Candidate in
            var c = Candidate(point: pt)
            if let data, pt.feasible {
                let p = spec.problem.cascade(stages: pt.stages, values: pt.values)
                if let flows = try? StageFlows.solve(p), let size = try? PlantSizing.size(SolvedDuties.equipment(p, flows: flows), data: data) {
                    c.solvent = size.solvent_inventory.total_m3
                    c.footprint = size.footprint.total_m2
                }
            }
            if let ch = r.chosen, r.status == .feasible { c.chosen = ch.stages == pt.stages && ch.values == pt.values }
            return c
        }
        // With equipment data: stages, solvent inventory, footprint (a design the data could
        // not size is left out); without: stages, organic flow.
        func measures(_ c: Candidate) -> [Double]? {
            guard data != nil else { return [Double(c.point.totalStages), c.point.organicFlow] }
            guard let s = c.solvent, let f = c.footprint else { return nil }
            return [Double(c.point.totalStages), s, f]
        }
        let feasible = list.indices.filter { list[$0].point.feasible && measures(list[$0]) != nil }
        for i in feasible {
            let a = measures(list[i])!
            list[i].pareto = !feasible.contains { j in
                let b = measures(list[j])!
                return j != i && zip(b, a).allSatisfy { $0 <= $1 } && zip(b, a).contains { $0 < $1 }
            }
        }
        return list
    }

    static func lh(_ v: Double) -> String { HTMLReport.num(v * 3.6e6) }
    static func pct(_ v: Double?) -> String { HTMLReport.num(v.map { 100 * $0 }, "%.3f") }

    /// The whole page. `comparison` is the technology comparison of the chosen design (with
    /// `sizing:`); `written` the chosen cascade's outputs (nil when infeasible).
    static func html(_ r: DesignResult, spec: DesignSpec, candidates: [Candidate], comparison: TechnologyComparison?,
                     written: CascadeReport.Written?, text: String, files: [String]) -> String {
        let pr = spec.problem, sym = pr.base.species.symbols, names = pr.base.sections.map(\.name)
        var page = HTMLReport(title: spec.name, kind: "design", status: r.status.rawValue, ok: r.status == .feasible)
        page.section("Summary")
        let shown = r.status == .feasible ? r.chosen : r.bestReachable
        if r.status == .feasible {
            page.paragraph("Chosen design: the fewest stages (objective \(DesignReport.objectiveName(pr.objective))) meeting every target within the bounds; "
                           + "its purities and recoveries are those of a full cold solve of the chosen cascade (chosen/).")
        } else {
            page.paragraph("INFEASIBLE: no design within the bounds meets every target. Shown: the best reachable design (the explored design with the largest worst margin to all targets)."
                           + (r.bindingTarget.map { " Binding target: \(DesignReport.targetName(pr.targets[$0], spec: spec))." } ?? "")
                           + (r.binding.isEmpty ? "" : " Binding: " + r.binding.joined(separator: "; ") + "."))
        }
        if let pt = shown {
            let p = pr.cascade(stages: pt.stages, values: pt.values)
            let flows = try? StageFlows.solve(p)
            page.table(["section", "stages", "O/A at its first stage", "one stage fewer fails"],
                       p.sections.enumerated().map { k, s in
                           let ratio = flows.flatMap { f in s.stages.first.map { f.aqueous[$0] > 0 ? f.organic[$0] / f.aqueous[$0] : .nan } }
                           return [s.name, "\(pt.stages[k])", HTMLReport.num(ratio, "%.3g"), r.minimalSections.contains(k) ? "yes" : "—"]
                       } + [["total", "\(pt.totalStages)", "", ""]],
                       caption: "Stage counts per section (one stage fewer fails: evaluated and failed; — not evaluated, e.g. at its lower bound)")
            var flowRows: [[String]] = pr.variables.enumerated().map { k, v in
                if case .streamStrength = v.kind {
                    return [v.name, HTMLReport.num(pt.values[k] / 1000, "%.4g"), "mol/L", v.isFree ? "searched" : "fixed"]
                }
                return [v.name, lh(pt.values[k]), "L/h", v.isFree ? "searched" : "fixed"]
            }
            flowRows.append(["feed (metal-bearing aqueous)", lh(pr.feedFlow), "L/h", "given"])
            page.table(["stream", "value", "unit", ""], flowRows, caption: "Flows")
            let purity = r.status == .feasible ? r.verifiedPurity ?? pt.purity : pt.purity
            let recovery = r.status == .feasible ? r.verifiedRecovery ?? pt.recovery : pt.recovery
            page.table(["element", "outlet", "purity target %", "purity %", "recovery target %", "recovery %", "met"],
                       pr.targets.enumerated().map { k, t in
                           [sym[t.species], t.outlet, pct(t.purity), pct(purity[k]), pct(t.recovery), pct(recovery[k]),
                            purity[k] >= t.purity && recovery[k] >= t.recovery ? "yes" : "no"]
                       },
                       caption: r.status == .feasible ? "Targets and the verifying solve's products" : "Targets and the best reachable design's products")
        }

        page.section("Candidates and Pareto front")
        let sized = candidates.contains { $0.solvent != nil }
        page.paragraph("Every stage-count tuple the search evaluated (design.csv), each with the least organic flow it found meeting the targets "
                       + "(each a full cascade solve, warm-started; the chosen design re-solved from cold). "
                       + (sized ? "Solvent inventory (units and tanks) and footprint: each feasible design sized as mixer-settlers from its stage flows with the spec's equipment data (docs/sizing.md). "
                                : "Without a sizing: block in the spec, solvent inventory and footprint are not computed; the front is stages vs organic flow. ")
                       + "Pareto: feasible, and no other feasible design is at least as good in every measure and better in one.")
        let first = pr.targets.first
        let tgt = first.map { "\(sym[$0.species]) in \($0.outlet)" } ?? ""
        let head = names.map { "\($0) stages" } + ["total stages", "organic L/h", "solvent inventory m³", "footprint m²",
                                                  "\(tgt) purity %", "\(tgt) recovery %", "feasible", "Pareto", "chosen"]
        func row(_ c: Candidate) -> [String] {
            c.point.stages.map(String.init) + ["\(c.point.totalStages)", lh(c.point.organicFlow), HTMLReport.num(c.solvent), HTMLReport.num(c.footprint),
                                               pct(c.point.purity.first), pct(c.point.recovery.first),
                                               c.point.feasible ? "yes" : "no", c.pareto ? "yes" : "", c.chosen ? "chosen" : ""]
        }
        let front = candidates.filter(\.pareto).sorted { ($0.point.totalStages, $0.point.organicFlow) < ($1.point.totalStages, $1.point.organicFlow) }
        page.table(head, front.map(row), caption: sized ? "Pareto front: stages vs solvent inventory vs footprint" : "Pareto front: stages vs organic flow")
        page.table(head, candidates.map(row), caption: "All explored designs, in evaluation order (\(candidates.filter(\.point.feasible).count) of \(candidates.count) feasible)")

        if let comparison {
            page.section("Technology comparison")
            page.paragraph("The chosen design's duty (its feed, solvent circulation and product) sized for each technology (technologies.json; docs/sizing.md). "
                           + "Cost proxies from the unit costs of the equipment data (marked illustrative there where they are).")
            page.table(["technology", "stages or units", "solvent inventory m³", "adsorbent m³", "footprint m²", "capital", "operating per year",
                        "purity %", "recovery %", "note"],
                       comparison.rows.map { t in
                           if let why = t.not_sized { return [t.technology, "—", "—", "—", "—", "—", "—", "—", "—", "not sized: \(why)"] }
                           return [t.technology, "\(t.stages_or_units)", HTMLReport.num(t.solvent_inventory_m3), HTMLReport.num(t.adsorbent_m3),
                                   HTMLReport.num(t.footprint_m2), HTMLReport.num(t.capital) + " " + t.currency,
                                   HTMLReport.num(t.operating_per_yr) + " " + t.currency, pct(t.purity), pct(t.recovery), ""]
                       }, caption: "Same duty by technology")
        }

        page.section("Shortcut estimates")
        let sc = r.shortcut
        page.paragraph("Key-pair shortcut from the base case's solution (docs/design.md: Kremser sections, the fractional-extraction stage equations, Fenske); "
                       + "it starts the search, the stage counts above come from full solves.")
        page.facts([("key pair (heavy / light)", "\(sym[sc.heavyKey]) / \(sym[sc.lightKey])"),
                    ("distribution ratios D (heavy / light)", HTMLReport.num(sc.heavyDistributionRatio) + " / " + HTMLReport.num(sc.lightDistributionRatio)),
                    ("separation factor β", HTMLReport.num(sc.separationFactor)),
                    ("effective separation factor of the cut β_eff", HTMLReport.num(sc.effectiveSeparationFactor)),
                    ("minimum scrub flow W_min", lh(sc.minimumScrubFlow) + " L/h"),
                    ("scrub flow of the estimate", lh(sc.scrubFlow) + " L/h"),
                    ("organic-flow window (minimum extraction, maximum scrub condition)",
                     sc.minimumOrganicFlow.map { lh($0) + " – " + lh(sc.maximumOrganicFlow ?? .nan) + " L/h" } ?? "empty at this scrub flow"),
                    ("optimum organic flow", sc.optimumOrganicFlow.map { lh($0) + " L/h" } ?? "—"),
                    ("extraction stages (stage equation)", HTMLReport.num(sc.extractionStages, "%.2f")),
                    ("scrub stages (stage equation)", HTMLReport.num(sc.scrubStages, "%.2f")),
                    ("Fenske minimum (extraction + scrub, total reflux)", HTMLReport.num(sc.fenskeMinimumStages, "%.2f")),
                    ("start stage counts", zip(names, sc.start).map { "\($0) \($1)" }.joined(separator: ", "))])

        page.section("Search")
        page.facts([("designs evaluated", "\(r.explored.count)"), ("batches", "\(r.batches)"), ("threads", "\(r.threads)"),
                    ("full cascade solves", "\(r.solves) (\(r.warmSolves) warm-started)"),
                    ("search time", HTMLReport.num(r.searchMilliseconds, "%.0f") + " ms"),
                    ("one cold solve of the base case", HTMLReport.num(r.coldSolveMilliseconds, "%.1f") + " ms")])
        page.pre(text)

        if let sol = r.verification, let written {
            page.section("Chosen design: cascade")
            CascadeRunReport.tables(written.summary, case: spec.base, into: &page)
            page.section("Plots")
            CascadeRunReport.plots(plot: written.plot, mcCabeThiele: written.mcCabeThiele, prefix: "chosen/", into: &page)
            page.warnings(written.summary.warnings.map(\.description))
            page.section("Solver report")
            CascadeRunReport.solverFacts(sol.report, into: &page)
        } else {
            page.warnings([])
            page.section("Solver report")
            page.paragraph("No design met every target, so no chosen cascade was re-solved; design.csv holds every evaluation's note.")
        }
        page.inputs(casePath: spec.path, others: files)
        return page.html()
    }
}
