import Foundation
import RareSepCascade
import RareSepCore
import RareSepDesign

/// A design spec (`kind: design`, docs/design.md) turned into a `DesignProblem`: the
/// base cascade case it names, its feed optionally resized to an annual oxide tonnage,
/// the product targets, the search variables with their bounds, and the objective.
public struct DesignSpec {
    public var path: String
    public var name: String
    /// The base cascade case (as loaded, before the design changes it).
    public var base: CascadeCase
    public var problem: DesignProblem

    static let topKeys = ["kind", "name", "description", "base", "feed", "targets", "search", "objective", "notes", "source", "sizing"]
    /// Practical limits of a phase-ratio bound O/A (mixer-settlers with recycle run
    /// within about 1:10 to 10:1; the bounds may reach 1:20 to 20:1, no further).
    public static let practicalPhaseRatio: ClosedRange<Double> = 0.05...20

    public static func load(root: ConfigNode, path: String, library: ModelLibrary) throws -> DesignSpec {
        try root.checkKeys(topKeys)
        let name = try root.optional("name")?.string() ?? (path as NSString).lastPathComponent
        let baseNode = try root.require("base")
        let basePath = try library.existingFile(baseNode, relativeTo: path, kind: "cascade case file")
        let baseDoc = try InputFileCheck.loadReferenced(basePath, kind: "cascade case file", referencedBy: baseNode)
        let base = try CascadeCase.load(root: baseDoc, path: basePath, library: library)
        var p = base.problem
        let elements = base.elements
        let metals = Array(p.species.symbols.prefix(p.metalCount))

        // Feed resized to an annual oxide tonnage.
        if let feed = try root.optional("feed") {
            try feed.checkKeys(["stream", "oxide", "operating_hours"])
            let i = try feedIndex(try feed.require("stream"), in: p)
            let hours = try feed.optional("operating_hours")?.positiveQuantity(.time) ?? 8000 * 3600
            let rate = try FeedStreamReader.massRate(try feed.require("oxide"), operatingHours: hours)  // kg/s
            var oxidePerVolume = 0.0  // kg oxide per m³ of feed
            for j in 0..<p.metalCount {
                if let e = elements[metals[j]] { oxidePerVolume += p.feeds[i].concentrations[j] / elements.molesPerKilogramOxide(e) }
            }
            if !(oxidePerVolume > 0) { throw try feed.require("stream").error("a feed stream that carries metals (its oxide content sets the flow)") }
            p.feeds[i].flow = rate / oxidePerVolume
        }

        // Targets: every product's purity and recovery (a list; one mapping is read as a list of one).
        let targets = try readTargets(try root.require("targets"), problem: p, metals: metals)

        // Search bounds.
        let search = try root.optional("search")
        try search?.checkKeys(["scrub_stream", "stages", "organic_flow", "scrub_flow", "strip_stream", "strip_flow", "scrub_acid",
                               "phase_ratio", "max_evaluations", "threads"])
        let scrubNode = try search?.optional("scrub_stream")
        let scrub = try scrubNode.map { try feedIndex($0, in: p) } ?? (try defaultScrub(p, at: search ?? root))
        if p.feeds[scrub].phase != .aqueous { throw (scrubNode ?? root).error("an aqueous stream (the scrub)", value: p.feeds[scrub].name) }
        var stageBounds = p.sections.map { $0.stageCount...$0.stageCount }
        if let sn = try search?.optional("stages") {
            for (sec, node) in try sn.entries() {
                guard let k = p.sections.firstIndex(where: { $0.name == sec }) else {
                    let names = p.sections.map(\.name)
                    let hint = nearestName(to: sec, in: names).map { "; did you mean '\($0)'?" } ?? ""
                    throw node.error("a section of the base case (\(names.joined(separator: ", ")))\(hint)", value: sec)
                }
                let r = try intRange(node)
                if r.lowerBound < 1 { throw node.error("stage counts of at least 1", value: "\(r.lowerBound)") }
                if r.upperBound > 1000 { throw node.error("a stage budget of at most 1000 per section", value: "\(r.upperBound)") }
                stageBounds[k] = r
            }
        }
        // Continuous variables: organic, scrub and strip flows (each base/20 to ×20 by
        // default; one value fixes it) and, when bounded, the scrub acid's strength.
        var variables = [DesignVariable(kind: .organicFlow, name: "organic flow",
                                        bounds: try flowRange(try search?.optional("organic_flow"), base: DesignProblem.organicFlow(of: p)))]
        variables.append(DesignVariable(kind: .streamFlow(feed: scrub), name: "scrub flow",
                                        bounds: try flowRange(try search?.optional("scrub_flow"), base: p.feeds[scrub].flow)))
        let stripNode = try search?.optional("strip_stream"), stripFlowNode = try search?.optional("strip_flow")
        if let strip = try stripNode.map({ try feedIndex($0, in: p) }) ?? defaultStrip(p, scrub: scrub) {
            if p.feeds[strip].phase != .aqueous || strip == scrub {
                throw (stripNode ?? root).error("an aqueous stream other than the scrub (the strip)", value: p.feeds[strip].name)
            }
            variables.append(DesignVariable(kind: .streamFlow(feed: strip), name: "strip flow", bounds: try flowRange(stripFlowNode, base: p.feeds[strip].flow)))
        } else if let stripFlowNode {
            throw stripFlowNode.error("'strip_stream': the base case has no metal-free aqueous stream entering a section after the scrub's")
        }
        if let acid = try search?.optional("scrub_acid") {
            guard let h = p.species.symbols.firstIndex(of: "H"), p.feeds[scrub].concentrations[h] > 0 else {
                throw acid.error("a scrub stream that carries acid (H) in the base case")
            }
            let v = try rangeItems(acid).map { try $0.positiveQuantity(.concentration) }
            if v[0] > v[1] { throw acid.error("a range [low, high] with low ≤ high") }
            variables.append(DesignVariable(kind: .streamStrength(feed: scrub, species: h), name: "scrub acid", bounds: v[0]...v[1]))
        }
        var phaseRatio: ClosedRange<Double> = 0.1...10
        if let pr = try search?.optional("phase_ratio") {
            let v = try pairItems(pr).map { try $0.positiveQuantity(.dimensionless) }
            if v[0] > v[1] { throw pr.error("a range [low, high] with low ≤ high", value: "[\(v[0]), \(v[1])]") }
            if v[0] < practicalPhaseRatio.lowerBound || v[1] > practicalPhaseRatio.upperBound {
                throw pr.error("O/A bounds within the practical limits 1:20 to 20:1 (0.05 to 20)", value: "[\(v[0]), \(v[1])]")
            }
            phaseRatio = v[0]...v[1]
        }
        let maxEvaluations = try search?.optional("max_evaluations").map { n -> Int in
            let v = try n.int()
            if v < 1 || v > 10000 { throw n.error("between 1 and 10000 evaluations") }
            return v
        } ?? 200
        let threads = try search?.optional("threads").map { n -> Int in
            let v = try n.int()
            if v < 1 || v > 256 { throw n.error("between 1 and 256 threads") }
            return v
        }
        let objective = try readObjective(try root.optional("objective"))
        let problem = DesignProblem(base: p, scrubFeed: scrub, targets: targets, variables: variables,
                                    bounds: DesignBounds(stages: stageBounds, phaseRatio: phaseRatio),
                                    objective: objective, options: base.options, maxEvaluations: maxEvaluations, threads: threads)
        return DesignSpec(path: path, name: name, base: base, problem: problem)
    }

    /// Outlet names of a cascade, from its input alone.
    static func outletNames(_ p: CascadeProblem) throws -> [String] {
        let flows = try StageFlows.solve(p)
        var names = flows.aqueousOutlet.compactMap { $0 } + p.draws.map(\.name)
        if (p.loop?.bleedFraction ?? 1) > 0 {
            names.append(CascadeSolution.organicOutletName(sections: p.sections, loop: p.loop, feeds: p.feeds, metalCount: p.metalCount))
        }
        return names
    }

    static func feedIndex(_ node: ConfigNode, in p: CascadeProblem) throws -> Int {
        let name = try node.string()
        guard let i = p.feeds.firstIndex(where: { $0.name == name }) else {
            let names = p.feeds.map(\.name)
            let hint = nearestName(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw node.error("a stream of the base case (\(names.joined(separator: ", ")))\(hint)")
        }
        return i
    }

    /// The scrub by default: the metal-free aqueous stream entering the section above the feed.
    static func defaultScrub(_ p: CascadeProblem, at node: ConfigNode) throws -> Int {
        let free = p.feeds.indices.filter { i in p.feeds[i].phase == .aqueous && !p.feeds[i].concentrations.prefix(p.metalCount).contains { $0 > 0 } }
        guard let metalFeed = p.feeds.first(where: { $0.phase == .aqueous && $0.concentrations.prefix(p.metalCount).contains { $0 > 0 } }) else {
            throw node.error("a base case with an aqueous feed carrying metals")
        }
        let feedSection = p.sectionPosition(ofStage: metalFeed.stage).section
        guard let i = free.first(where: { p.sectionPosition(ofStage: p.feeds[$0].stage).section == feedSection + 1 }) else {
            throw node.error("'scrub_stream': the base case has no metal-free aqueous stream entering the section after the feed's")
        }
        return i
    }

    /// A fraction strictly between 0 and 1 (a purity or recovery of 100 % cannot be designed for).
    static func openFraction(_ node: ConfigNode, what: String) throws -> Double {
        let v = try node.fraction()
        if !(v > 0 && v < 1) { throw node.error("a \(what) above 0 % and below 100 % (\(what) 100 % needs infinitely many stages)") }
        return v
    }

    static func pairItems(_ node: ConfigNode) throws -> [ConfigNode] {
        let items = try node.items()
        if items.count != 2 { throw node.error("a range [low, high]") }
        return items
    }

    static func intRange(_ node: ConfigNode) throws -> ClosedRange<Int> {
        if case .scalar = node.kind { let n = try node.int(); return n...n }
        let v = try pairItems(node).map { try $0.int() }
        if v[0] > v[1] { throw node.error("a range [low, high] with low ≤ high", value: "[\(v[0]), \(v[1])]") }
        return v[0]...v[1]
    }

    /// A flow range [low, high], or one flow (fixed); absent: the base flow /20 to ×20, m³/s.
    static func flowRange(_ node: ConfigNode?, base: Double) throws -> ClosedRange<Double> {
        guard let node else { return (base / 20)...(base * 20) }
        if case .scalar = node.kind { let v = try node.positiveQuantity(.flow); return v...v }
        let v = try rangeItems(node).map { try $0.positiveQuantity(.flow) }
        if v[0] > v[1] { throw node.error("a range [low, high] with low ≤ high") }
        return v[0]...v[1]
    }

    static func rangeItems(_ node: ConfigNode) throws -> [ConfigNode] { try pairItems(node) }

    /// The strip by default: the metal-free aqueous stream, other than the scrub, entering
    /// a section after the scrub's; nil when there is none.
    static func defaultStrip(_ p: CascadeProblem, scrub: Int) -> Int? {
        let scrubSection = p.sectionPosition(ofStage: p.feeds[scrub].stage).section
        return p.feeds.indices.first { i in
            i != scrub && p.feeds[i].phase == .aqueous && !p.feeds[i].concentrations.prefix(p.metalCount).contains { $0 > 0 }
                && p.sectionPosition(ofStage: p.feeds[i].stage).section > scrubSection
        }
    }

    /// The product targets: a list of {outlet, element, purity, recovery}, or one such
    /// mapping (the single-target form). Contradictory targets are errors: the same
    /// element and outlet twice, recoveries of one element adding up to more than 100 %,
    /// purities in one outlet adding up to more than 100 %.
    static func readTargets(_ node: ConfigNode, problem p: CascadeProblem, metals: [String]) throws -> [DesignTarget] {
        let items: [ConfigNode]
        if case .mapping = node.kind { items = [node] } else { items = try node.items() }
        if items.isEmpty { throw node.error("at least one product target {outlet, element, purity, recovery}") }
        let outlets = try outletNames(p)
        var targets: [DesignTarget] = []
        for tn in items {
            try tn.checkKeys(["outlet", "element", "purity", "recovery"])
            let outletNode = try tn.require("outlet")
            let outlet = try outletNode.string()
            if !outlets.contains(outlet) {
                let hint = nearestName(to: outlet, in: outlets).map { "; did you mean '\($0)'?" } ?? ""
                throw outletNode.error("an outlet of the base case (\(outlets.joined(separator: ", ")))\(hint)")
            }
            let elementNode = try tn.require("element")
            let symbol = try elementNode.string()
            guard let species = metals.firstIndex(of: symbol) else {
                let hint = nearestName(to: symbol, in: metals).map { "; did you mean '\($0)'?" } ?? ""
                throw elementNode.error("a metal of the base case (\(metals.joined(separator: ", ")))\(hint)")
            }
            let t = DesignTarget(outlet: outlet, species: species, purity: try openFraction(try tn.require("purity"), what: "purity"),
                                 recovery: try openFraction(try tn.require("recovery"), what: "recovery"))
            if targets.contains(where: { $0.species == species && $0.outlet == outlet }) {
                throw tn.error("one target per element and outlet (\(symbol) in \(outlet) is given twice)")
            }
            let recoveries = targets.filter { $0.species == species }.reduce(t.recovery) { $0 + $1.recovery }
            if recoveries > 1 {
                throw tn.error("recoveries of \(symbol) adding up to at most 100 % over its products", value: String(format: "%.4g %%", 100 * recoveries))
            }
            let purities = targets.filter { $0.outlet == outlet }.reduce(t.purity) { $0 + $1.purity }
            if purities > 1 {
                throw tn.error("purities in \(outlet) adding up to at most 100 % over its elements", value: String(format: "%.4g %%", 100 * purities))
            }
            targets.append(t)
        }
        return targets
    }

    static func readObjective(_ node: ConfigNode?) throws -> DesignObjective {
        guard let node else { return .totalStages }
        if case .mapping = node.kind {
            try node.checkKeys(["stages", "solvent"])
            let s = try node.optional("stages")?.double() ?? 0, o = try node.optional("solvent")?.double() ?? 0
            if !(s >= 0 && o >= 0 && s + o > 0 && s.isFinite && o.isFinite) { throw node.error("non-negative weights {stages: w, solvent: w}, not both 0") }
            return .weighted(stages: s, solvent: o)
        }
        switch try node.string() {
        case "stages": return .totalStages
        case "solvent": return .solventFlow
        case let other:
            let hint = nearestName(to: other, in: ["stages", "solvent"]).map { "; did you mean '\($0)'?" } ?? ""
            throw node.error("an objective: 'stages', 'solvent' or weights {stages: w, solvent: w}\(hint)")
        }
    }
}
