import Foundation
import RareSepCascade
import RareSepCore
import RareSepDesign

/// A design spec (`kind: design`, docs/design.md) turned into a `DesignProblem`: the
/// base cascade case it names, its feed optionally resized to an annual oxide tonnage,
/// one product target, the search bounds and the objective.
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

        // Target: one product.
        let targetsNode = try root.require("targets")
        let items = try targetsNode.items()
        guard items.count == 1 else {
            throw targetsNode.error("one product target (a list of one {outlet, element, purity, recovery}; several products are not searched yet)",
                                    value: "\(items.count) targets")
        }
        let tn = items[0]
        try tn.checkKeys(["outlet", "element", "purity", "recovery"])
        let outletNode = try tn.require("outlet")
        let outlet = try outletNode.string()
        let outlets = try outletNames(p)
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
        let purity = try openFraction(try tn.require("purity"), what: "purity")
        let recovery = try openFraction(try tn.require("recovery"), what: "recovery")
        let target = DesignTarget(outlet: outlet, species: species, purity: purity, recovery: recovery)

        // Search bounds.
        let search = try root.optional("search")
        try search?.checkKeys(["scrub_stream", "stages", "organic_flow", "scrub_flow", "phase_ratio", "max_evaluations"])
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
        let o0 = DesignProblem.organicFlow(of: p), w0 = p.feeds[scrub].flow
        let organicRange = try search?.optional("organic_flow").map { try flowRange($0) } ?? (o0 / 20)...(o0 * 20)
        let scrubRange = try search?.optional("scrub_flow").map { try flowRange($0) } ?? (w0 / 20)...(w0 * 20)
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
        let objective = try readObjective(try root.optional("objective"))
        let problem = DesignProblem(base: p, scrubFeed: scrub, target: target,
                                    bounds: DesignBounds(stages: stageBounds, organicFlow: organicRange, scrubFlow: scrubRange, phaseRatio: phaseRatio),
                                    objective: objective, options: base.options, maxEvaluations: maxEvaluations)
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

    static func flowRange(_ node: ConfigNode) throws -> ClosedRange<Double> {
        let v = try pairItems(node).map { try $0.positiveQuantity(.flow) }
        if v[0] > v[1] { throw node.error("a range [low, high] with low ≤ high") }
        return v[0]...v[1]
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
