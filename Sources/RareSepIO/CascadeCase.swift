import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade
import RareSepFlowsheet

/// A cascade case file turned into a solver problem.
public struct CascadeCase {
    /// Path of the case file.
    public var path: String
    public var problem: CascadeProblem
    public var options: CascadeSolverOptions
    /// Model files the case used (for provenance in the summary).
    public var modelSources: [String: String]
    /// Element data used for conversions.
    public var elements: ElementTable
    /// Questionable but accepted input found while loading (feeds that are not electroneutral).
    public var warnings: [InputWarning] = []
    /// Stated `valid_range` entries of the model files, checked per stage after the solve.
    public var validRanges: [StageRangeCheck] = []

    static let topKeys = ["kind", "name", "description", "components", "models", "sections", "streams", "organic",
                          "draws", "solver", "source", "notes", "sizing"]

    /// Load and check a cascade case file.
    public static func load(path: String, library: ModelLibrary) throws -> CascadeCase {
        try load(root: YAMLDocument.load(path: path), path: path, library: library)
    }

    /// Check a parsed case document.
    public static func load(root: ConfigNode, path: String, library: ModelLibrary) throws -> CascadeCase {
        try root.checkKeys(topKeys)
        if let kind = try root.optional("kind"), try kind.string() != "cascade" {
            throw kind.error("'cascade' for a cascade case")
        }
        let elements = library.elements
        let name = try root.optional("name")?.string() ?? (path as NSString).lastPathComponent

        // Components (the metals).
        let metals = try Self.metals(try root.require("components"), elements: elements)

        // Models: parse headers first to learn the species they need.
        struct ModelDef {
            var name: String; var node: ConfigNode; var params: ConfigNode; var registration: ModelRegistration; var source: String
            var validRange: ConfigNode?
        }
        var defs: [ModelDef] = []
        for (mname, mnode) in try root.require("models").entries() {
            let params = mnode
            let source = "inline in \(path)"
            if let file = try mnode.optional("file") {
                try mnode.checkKeys(["file"])
                let pf = try ModelFileLoader.read(referencedBy: file, in: path, library: library)
                defs.append(ModelDef(name: mname, node: mnode, params: pf.parameters, registration: pf.registration, source: pf.path,
                                     validRange: try pf.document.optional("valid_range")))
                continue
            }
            let idNode = try mnode.require("id")
            let reg = try ModelRegistry.registration(try idNode.string(), at: idNode)
            defs.append(ModelDef(name: mname, node: mnode, params: params, registration: reg, source: source))
        }
        if defs.isEmpty { throw try root.require("models").error("at least one model definition") }

        // Species: metals, then species required by models, then any in stream compositions.
        var species = metals
        func addSpecies(_ sym: String, at node: ConfigNode) throws {
            if species.contains(sym) { return }
            guard elements[sym] != nil else {
                let hint = nearestName(to: sym, in: elements.symbols).map { "; did you mean '\($0)'?" } ?? ""
                throw node.error("an element or ion symbol from Models/elements.yaml\(hint)", value: sym)
            }
            species.append(sym)
        }
        for d in defs { for s in try d.registration.requiredSpecies(d.params) { try addSpecies(s, at: d.params) } }
        let streamNodes = try root.require("streams").items()
        for sn in streamNodes {
            if let comp = try sn.optional("composition") {
                for (k, v) in try comp.entries() { for part in ComponentVocabulary.plantComposition(of: k) { try addSpecies(part.species, at: v) } }
            }
            if let b = try sn.optional("balance_with") { try addSpecies(try b.string(), at: b) }
        }
        if let org = try root.optional("organic"), let comp = try org.optional("composition") {
            for (k, v) in try comp.entries() { for part in ComponentVocabulary.plantComposition(of: k) { try addSpecies(part.species, at: v) } }
        }
        let speciesSet = SpeciesSet(species)
        let context = ModelContext(species: speciesSet, elements: elements, metalCount: metals.count)
        var models: [any EquilibriumModel] = []
        var sources: [String: String] = [:]
        for d in defs {
            models.append(try d.registration.make(d.params, context))
            sources[d.name] = d.source
        }

        // Sections.
        var sections: [CascadeSection] = []
        var first = 0
        var sectionNames = CascadeCaseChecks.UniqueNames("section")
        var outletNames = CascadeCaseChecks.UniqueNames("outlet")
        let hasLoop = try root.optional("organic")?.optional("loop") != nil
        let sectionNodes = try root.require("sections").items()
        if sectionNodes.isEmpty { throw try root.require("sections").error("at least one section") }
        for sn in sectionNodes {
            try sn.checkKeys(["name", "stages", "model", "murphree", "entrainment", "aqueous_outlet"])
            let sname = try sn.require("name").string()
            try sectionNames.add(sname, at: try sn.require("name"))
            let count = try CascadeCaseChecks.stageCount(try sn.require("stages"), stagesBefore: first,
                                                         speciesCount: species.count, hasLoop: hasLoop)
            let modelNode = try sn.require("model")
            let mname = try modelNode.string()
            guard let mi = defs.firstIndex(where: { $0.name == mname }) else {
                let hint = nearestName(to: mname, in: defs.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw modelNode.error("the name of a model under 'models' (\(defs.map(\.name).joined(separator: ", ")))\(hint)")
            }
            var murphree = [Double](repeating: 1, count: count)
            if let mn = try sn.optional("murphree") {
                if case .sequence(let items) = mn.kind {
                    if items.count != count { throw mn.error("one efficiency per stage (\(count) values)", value: "\(items.count) values") }
                    murphree = try items.map { try Self.efficiency($0) }
                } else {
                    murphree = Array(repeating: try Self.efficiency(mn), count: count)
                }
            }
            var ea = 0.0, eo = 0.0
            if let en = try sn.optional("entrainment") {
                try en.checkKeys(["aqueous_in_organic", "organic_in_aqueous"])
                ea = try en.optional("aqueous_in_organic")?.fraction() ?? 0
                eo = try en.optional("organic_in_aqueous")?.fraction() ?? 0
                if ea >= 1 || eo >= 1 { throw en.error("entrainment fractions below 1") }
            }
            let outletNode = try sn.optional("aqueous_outlet")
            let outlet = try outletNode?.string()
            if let outletNode, let outlet { try outletNames.add(outlet, at: outletNode) }
            sections.append(CascadeSection(name: sname, firstStage: first, stageCount: count, modelIndex: mi, murphree: murphree,
                                           aqueousInOrganic: ea, organicInAqueous: eo, aqueousOutlet: outlet))
            first += count
        }
        let totalStages = first
        try CascadeCaseChecks.checkNonlinearStageCount(sections, nodes: sectionNodes, models: models)
        if sections[0].aqueousOutlet == nil {
            try outletNames.reserve("raffinate", as: "the aqueous outlet of the first section (name it with 'aqueous_outlet' there)")
        }

        // Streams.
        var feeds: [CascadeFeed] = []
        var warnings: [InputWarning] = []
        var streamNames = CascadeCaseChecks.UniqueNames("stream")
        var feedNodes: [String: ConfigNode] = [:]
        for sn in streamNodes {
            try sn.checkKeys(["name", "phase", "stage", "flow", "composition", "balance_with", "description"])
            let sname = try sn.require("name").string()
            try streamNames.add(sname, at: try sn.require("name"))
            feedNodes[sname] = sn
            let phaseNode = try sn.require("phase")
            guard let phase = Phase(rawValue: try phaseNode.string()) else { throw phaseNode.error("'aqueous' or 'organic'") }
            let stage = try Self.stageIndex(try sn.require("stage"), sections: sections, total: totalStages)
            let flow = try CascadeCaseChecks.flow(try sn.require("flow"))
            let stageModel = models[sections[sections.firstIndex { $0.stages.contains(stage) }!].modelIndex]
            var conc: [Double]
            if phase == .organic {
                conc = try Self.organicComposition(try sn.optional("composition"), species: speciesSet, elements: elements, model: stageModel)
                try CascadeCaseChecks.checkOrganicCapacity(conc, name: sname, node: try sn.optional("composition") ?? sn,
                                                           species: speciesSet, model: stageModel)
            } else {
                conc = try Self.compositionWithMask(try sn.optional("composition"), species: speciesSet, elements: elements).values
            }
            if let b = try sn.optional("balance_with") {
                try Self.electroneutralize(&conc, with: try b.string(), species: speciesSet, elements: elements, at: b)
            } else if phase == .aqueous,
                      let w = try CascadeCaseChecks.checkElectroneutral(conc, feedName: sname, node: try sn.optional("composition") ?? sn, species: speciesSet, elements: elements,
                                                                        metalCount: metals.count, model: stageModel) {
                warnings.append(w)
            }
            if phase == .aqueous {
                let b = try sn.optional("balance_with")
                try CascadeCaseChecks.checkIonicCharge(conc, feedName: sname, node: b ?? sn.optional("composition") ?? sn,
                                                       balancedWith: try b?.string(), species: speciesSet, elements: elements)
            }
            feeds.append(CascadeFeed(name: sname, stage: stage, phase: phase, flow: flow, concentrations: conc))
        }

        // Organic: solvent loop or once-through solvent feed.
        var loop: SolventLoop?
        let orgNode = try root.require("organic")
        try orgNode.checkKeys(["composition", "loop", "flow", "name", "description"])
        let orgConc = try Self.organicComposition(try orgNode.optional("composition"), species: speciesSet, elements: elements,
                                                  model: models[sections[0].modelIndex])
        let orgName = try orgNode.optional("name")?.string() ?? (try orgNode.optional("loop") != nil ? "solvent make-up" : "fresh organic")
        try CascadeCaseChecks.checkOrganicCapacity(orgConc, name: orgName, node: try orgNode.optional("composition") ?? orgNode,
                                                   species: speciesSet, model: models[sections[0].modelIndex])
        var loopNode: ConfigNode?
        if let ln = try orgNode.optional("loop") {
            try ln.checkKeys(["flow", "bleed"])
            if try orgNode.optional("flow") != nil {
                throw try orgNode.require("flow").error("no 'flow' beside 'loop' (the loop's flow is the circulating organic)")
            }
            loopNode = try ln.require("flow")
            loop = SolventLoop(flow: try CascadeCaseChecks.flow(try ln.require("flow")),
                               bleedFraction: try ln.optional("bleed")?.fraction() ?? 0, makeupConcentrations: orgConc)
        } else {
            let flow = try CascadeCaseChecks.flow(try orgNode.require("flow"))
            try streamNames.add(orgName, at: try orgNode.optional("name") ?? orgNode)
            feedNodes[orgName] = orgNode
            feeds.append(CascadeFeed(name: orgName, stage: 0, phase: .organic, flow: flow, concentrations: orgConc))
        }


        let organicOutlet = CascadeSolution.organicOutletName(sections: sections, loop: loop, feeds: feeds, metalCount: metals.count)
        try outletNames.reserve(organicOutlet, as: "the organic leaving the last stage")
        var draws: [CascadeDraw] = []
        var drawNodes: [String: ConfigNode] = [:]
        for dn in try root.optional("draws")?.items() ?? [] {
            try dn.checkKeys(["name", "stage", "phase", "flow"])
            let phaseNode = try dn.require("phase")
            guard let phase = Phase(rawValue: try phaseNode.string()) else { throw phaseNode.error("'aqueous' or 'organic'") }
            let dname = try dn.require("name").string()
            try outletNames.add(dname, at: try dn.require("name"))
            drawNodes[dname] = try dn.require("flow")
            draws.append(CascadeDraw(name: dname,
                                     stage: try Self.stageIndex(try dn.require("stage"), sections: sections, total: totalStages),
                                     phase: phase, flow: try CascadeCaseChecks.flow(try dn.require("flow"))))
        }

        var options = CascadeSolverOptions()
        if let so = try root.optional("solver") {
            try so.checkKeys(["max_iterations", "residual_tolerance"])
            if let mi = try so.optional("max_iterations") {
                options.maxIterations = try mi.int()
                if options.maxIterations < 1 { throw mi.error("a whole number ≥ 1") }
            }
            if let rt = try so.optional("residual_tolerance") {
                options.residualTolerance = try rt.double()
                if !(options.residualTolerance > 0) { throw rt.error("a positive number") }
            }
        }
        let problem = CascadeProblem(name: name, species: speciesSet, metalCount: metals.count, models: models,
                                     sections: sections, feeds: feeds, draws: draws, loop: loop)
        // Phase flows that cannot add up are named here, at the input responsible.
        do {
            _ = try StageFlows.solve(problem)
        } catch let e as InfeasibleSpecification {
            var node: ConfigNode = try root.require("sections")
            switch e.subjectKind {
            case .draw?: node = e.subject.flatMap { drawNodes[$0] } ?? node
            case .feed?: node = e.subject.flatMap { feedNodes[$0] } ?? node
            case .section?: node = sectionNodes.first { (try? $0.require("name").string()) == e.subject } ?? node
            case .solventLoop?: node = loopNode ?? node
            case nil: break
            }
            throw InputError(location: node.location, key: node.path.isEmpty ? "(flowsheet)" : node.path, value: nil,
                             expected: "a feasible flowsheet: \(e.message)")
        }
        var c = CascadeCase(path: path, problem: problem, options: options, modelSources: sources, elements: elements)
        c.warnings = warnings
        for (i, d) in defs.enumerated() {
            if let vr = d.validRange { c.validRanges += try StageRangeCheck.parse(vr, modelIndex: i, modelName: d.name, source: d.source, model: models[i], species: speciesSet) }
        }
        return c
    }

    /// The `components` list of a case or flowsheet: metals (cations) of
    /// Models/elements.yaml, each once, at least one.
    static func metals(_ node: ConfigNode, elements: ElementTable) throws -> [String] {
        var metals: [String] = []
        for item in try node.items() {
            let sym = try item.string()
            guard let e = elements[sym] else {
                let hint = nearestName(to: sym, in: elements.symbols).map { "; did you mean '\($0)'?" } ?? ""
                throw item.error("an element symbol from Models/elements.yaml\(hint)")
            }
            if e.charge <= 0 { throw item.error("a metal (cation); ions such as H, Cl, SO4 enter through stream compositions or models") }
            if metals.contains(sym) { throw item.error("each component listed once") }
            metals.append(sym)
        }
        if metals.isEmpty { throw node.error("at least one component", value: "[]") }
        return metals
    }

    static func efficiency(_ node: ConfigNode) throws -> Double {
        let v = try node.quantity(.dimensionless)
        if !(v > 0 && v <= 1) { throw node.error("a Murphree efficiency in (0, 1]") }
        return v
    }

    /// A stage reference: 1-based global index, or {section: NAME, stage: first|last|k}.
    static func stageIndex(_ node: ConfigNode, sections: [CascadeSection], total: Int) throws -> Int {
        if case .scalar = node.kind {
            let k = try node.int()
            if k < 1 || k > total { throw node.error("a stage number from 1 to \(total)") }
            return k - 1
        }
        try node.checkKeys(["section", "stage"])
        let sname = try node.require("section").string()
        guard let sec = sections.first(where: { $0.name == sname }) else {
            let hint = nearestName(to: sname, in: sections.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            throw try node.require("section").error("a section name (\(sections.map(\.name).joined(separator: ", ")))\(hint)")
        }
        let sn = try node.require("stage")
        switch try sn.string() {
        case "first": return sec.firstStage
        case "last": return sec.firstStage + sec.stageCount - 1
        default:
            let k = try sn.int()
            if k < 1 || k > sec.stageCount { throw sn.error("'first', 'last' or a stage number from 1 to \(sec.stageCount) within section \(sname)") }
            return sec.firstStage + k - 1
        }
    }

    /// Composition mapping {Dy: 2 g/L as oxide, H: 0.1 mol/L} → mol/m³ per species.
    static func composition(_ node: ConfigNode?, species: SpeciesSet, elements: ElementTable) throws -> [Double] {
        try compositionWithMask(node, species: species, elements: elements).values
    }

    /// Composition and which species the file gave.
    static func compositionWithMask(_ node: ConfigNode?, species: SpeciesSet, elements: ElementTable) throws -> (values: [Double], given: [Bool]) {
        let r = try compositionWithFree(node, species: species, elements: elements)
        if let j = r.free.first {
            throw try node!.require(species.symbols[j]).error("a concentration ('free' extractant is understood in organic inlets only)")
        }
        return (r.values, r.given)
    }

    /// Composition, the species given, and the species given as `{free: X}` (an
    /// extractant stated as its free amount, see `organicComposition`).
    static func compositionWithFree(_ node: ConfigNode?, species: SpeciesSet, elements: ElementTable) throws
        -> (values: [Double], given: [Bool], free: [Int]) {
        var c = [Double](repeating: 0, count: species.count)
        var given = [Bool](repeating: false, count: species.count)
        var free: [Int] = []
        guard let node else { return (c, given, free) }
        for (k, v) in try node.entries() {
            // An acid given as its total (HCl, HNO3, H2SO4) enters as its ions by the one
            // table of ComponentVocabulary: 0.5 mol/L H2SO4 is H 1 mol/L and SO4 0.5 mol/L
            // (total acid and total sulfate; the models compute H+, HSO4- and SO4 2-).
            // Amounts of one species given twice (HCl and H) add up.
            if let parts = ComponentVocabulary.acids[k] {
                let mass = parts.reduce(0.0) { $0 + $1.count * (elements[$1.species]?.molarMass ?? .nan) }
                let acid = Element(symbol: k, name: k, atomicNumber: 0, molarMass: mass, charge: 0, oxideMetalAtoms: 1,
                                   oxideOxygenAtoms: 0, isRareEarth: false)
                let value = try CascadeCaseChecks.concentration(v, element: acid, elements: elements)
                for part in parts {
                    guard let j = species.index(of: part.species) else { throw v.error("a species of this case", value: part.species) }
                    c[j] += part.count * value
                    given[j] = true
                }
                continue
            }
            guard let j = species.index(of: k) else { throw v.error("a species of this case", value: k) }
            if case .mapping = v.kind {
                try v.checkKeys(["free"])
                c[j] += try CascadeCaseChecks.concentration(try v.require("free"), element: elements[k], elements: elements)
                free.append(j)
            } else {
                c[j] += try CascadeCaseChecks.concentration(v, element: elements[k], elements: elements)
            }
            given[j] = true
        }
        return (c, given, free)
    }

    /// An organic inlet's composition, completed by the model (`completeOrganicInlet`):
    /// the extractant as its total in all forms (`D2EHPA: 0.3 mol/L`) or as its free
    /// amount with the metals already loaded on it (`D2EHPA: {free: 0.25 mol/L}, Dy: 5
    /// mmol/L`): the total is then the free amount plus the extractant units each loaded
    /// metal (and an exchanging saponification cation) holds, by the model's stoichiometry.
    static func organicComposition(_ node: ConfigNode?, species: SpeciesSet, elements: ElementTable,
                                   model: any EquilibriumModel) throws -> [Double] {
        var (c, given, free) = try compositionWithFree(node, species: species, elements: elements)
        for j in free {
            let at = try node!.require(species.symbols[j])
            guard let layout = Saponification.layout(of: model), j == layout.extractantIndex else {
                throw at.error("a total concentration: a free amount is understood for the extractant of an acidic-extractant model (cation-exchange, empirical-ph-dose)")
            }
            var bound = 0.0
            for i in 0..<layout.metalCount { bound += layout.extractantBound[i] * c[i] }
            if let na = layout.saponificationIndex, let ex = layout.saponificationExchange { bound += ex.extractantBound * c[na] }
            c[j] += bound
        }
        model.completeOrganicInlet(&c, specified: given)
        return c
    }

    /// Set the concentration of ion `symbol` so that the stream is electroneutral.
    static func electroneutralize(_ c: inout [Double], with symbol: String, species: SpeciesSet, elements: ElementTable,
                                  at node: ConfigNode) throws {
        guard let j = species.index(of: symbol), let ion = elements[symbol], ion.charge != 0 else {
            throw node.error("a charged species to balance charge with (e.g. Cl, NO3, SO4)", value: symbol)
        }
        var charge = 0.0
        for (k, sym) in species.symbols.enumerated() where k != j {
            charge += Double(elements[sym]?.charge ?? 0) * c[k]
        }
        let needed = -charge / Double(ion.charge)
        if needed < 0 {
            throw node.error("an ion of the opposite sign to the stream's net charge (net charge \(charge) mol/m³ of charge)", value: symbol)
        }
        c[j] = needed
    }
}
