import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade
import RareSepFlowsheet

/// A flowsheet case file (`kind: flowsheet`) turned into a `Flowsheet`: units with
/// their parameters (a cascade unit by the path of its case file, or inline), the
/// streams joining outlets to inlets, and optional tear streams. See
/// docs/flowsheet-format.md.
public struct FlowsheetCase {
    /// Path of the case file.
    public var path: String
    public var name: String
    public var flowsheet: Flowsheet
    public var options: FlowsheetSolverOptions
    /// Element data used for conversions and oxide masses.
    public var elements: ElementTable
    /// Cascade cases of the cascade units, by unit name (for their own outputs).
    public var cascadeCases: [String: CascadeCase]
    /// Operating hours per year for t/yr figures, h.
    public var operatingHours: Double
    /// Where each unit and stream was defined (for errors raised while solving).
    public var unitNodes: [ConfigNode]
    public var streamNodes: [ConfigNode]

    static let topKeys = ["kind", "name", "description", "components", "units", "streams", "tear", "solver",
                          "operating_hours", "source", "notes", "sizing", "dynamics"]
    static let unitTypes = ["cascade", "mixer", "splitter", "saponification", "acid_makeup", "oxalate_precipitation", "feed", "column", "emulsion_flow"]

    /// Load and check a flowsheet case file.
    public static func load(root: ConfigNode, path: String, library: ModelLibrary) throws -> FlowsheetCase {
        try root.checkKeys(topKeys)
        let elements = library.elements
        let name = try root.optional("name")?.string() ?? (path as NSString).lastPathComponent

        // Plant metals.
        let metals = try CascadeCase.metals(try root.require("components"), elements: elements)
        var symbols = metals
        func addSpecies(_ sym: String, at node: ConfigNode) throws {
            if symbols.contains(sym) { return }
            guard elements[sym] != nil else {
                throw node.error("an element or ion symbol from Models/elements.yaml" + hint(sym, elements.symbols), value: sym)
            }
            symbols.append(sym)
        }

        // Pass 1: unit headers, cascade cases, and the species every unit names.
        let unitsNode = try root.require("units")
        let unitNodes = try unitsNode.items()
        if unitNodes.isEmpty { throw unitsNode.error("at least one unit") }
        var unitNames: [String: ConfigNode] = [:]
        var cascades: [String: CascadeCase] = [:]
        var columns: [String: any UnitOperation] = [:]
        var contactors: [String: EmulsionFlowUnit] = [:]
        for un in unitNodes {
            let nameNode = try un.require("name")
            let uname = try nameNode.string()
            if uname.isEmpty || uname.contains(".") { throw nameNode.error("a unit name without '.' (streams name ports as unit.port)") }
            if let first = unitNames[uname] {
                throw nameNode.error("a unit name used once (also defined at line \(first.location.line.map(String.init) ?? "?"))")
            }
            unitNames[uname] = nameNode
            let typeNode = try un.require("type")
            let type = try typeNode.string()
            guard unitTypes.contains(type) else {
                throw typeNode.error("a unit type, one of \(unitTypes.joined(separator: ", "))" + hint(type, unitTypes))
            }
            switch type {
            case "cascade":
                try un.checkKeys(["name", "type", "case", "cascade", "description"])
                let c = try CascadeCase.load(unit: un, path: path, library: library).0
                if c.problem.hasEntrainment {
                    throw un.error("a cascade without entrainment: entrained phases inside a flowsheet unit are not supported yet", value: uname)
                }
                for (j, sym) in c.problem.species.symbols.enumerated() {
                    if j < c.problem.metalCount && !metals.contains(sym) {
                        throw un.error("a cascade whose metals are plant components: \(sym) is not listed under 'components'", value: uname)
                    }
                    try addSpecies(sym, at: un)
                }
                cascades[uname] = c
            case "feed":
                if let comp = try un.optional("composition") {
                    for (k, v) in try comp.entries() { for part in ComponentVocabulary.plantComposition(of: k) { try addSpecies(part.species, at: v) } }
                }
                if let t = try un.optional("tonnage") {
                    if let fr = try t.optional("mass_fractions") { for (k, v) in try fr.entries() { try addSpecies(k, at: v) } }
                    if let acid = try t.optional("liquor") {
                        for (k, v) in try acid.entries() { for part in ComponentVocabulary.plantComposition(of: k) { try addSpecies(part.species, at: v) } }
                    }
                }
                if let b = try un.optional("balance_with") { try addSpecies(try b.string(), at: b) }
            case "column":
                let cu = try ColumnUnitReader.read(un, name: uname, path: path, library: library, metals: metals)
                for sym in cu.plantSpecies { try addSpecies(sym, at: un) }
                columns[uname] = cu.unit
            case "emulsion_flow":
                let ef = try EmulsionFlowUnitReader.read(un, name: uname, path: path, library: library, metals: metals)
                for sym in ef.template.species.symbols { try addSpecies(sym, at: un) }
                contactors[uname] = ef
            case "acid_makeup":
                for (k, v) in try un.require("reagent").entries() {
                    for part in ComponentVocabulary.plantComposition(of: k) { try addSpecies(part.species, at: v) }
                }
                try addSpecies("H", at: un)
            default: break
            }
        }
        let species = SpeciesSet(symbols)
        let operatingHours = try root.optional("operating_hours")?.positiveQuantity(.time) ?? 8000 * 3600

        // Pass 2: the units.
        var units: [any UnitOperation] = []
        for un in unitNodes {
            let uname = try un.require("name").string()
            let type = try un.require("type").string()
            switch type {
            case "cascade":
                let c = cascades[uname]!
                units.append(CascadeUnit(name: uname, problem: c.problem, options: c.options))
            case "column":
                units.append(columns[uname]!)
            case "emulsion_flow":
                units.append(contactors[uname]!)
            case "mixer":
                try un.checkKeys(["name", "type", "phase", "inlets", "description"])
                let inletNames = try un.optional("inlets").map { try $0.items().map { try $0.string() } } ?? ["in1", "in2"]
                if inletNames.count < 1 { throw try un.require("inlets").error("at least one inlet name") }
                if Set(inletNames).count != inletNames.count { throw try un.require("inlets").error("inlet names used once each") }
                units.append(MixerUnit(name: uname, phase: try phase(un), inletNames: inletNames))
            case "splitter":
                try un.checkKeys(["name", "type", "phase", "fractions", "flow", "description"])
                units.append(try splitter(un, name: uname))
            case "saponification":
                try un.checkKeys(["name", "type", "degree", "reagent", "model_of", "description"])
                let degreeNode = try un.require("degree")
                let degree = try degreeNode.fraction()
                let reagentNode = try un.require("reagent")
                guard let reagent = SaponificationReagent(rawValue: try reagentNode.string()) else {
                    throw reagentNode.error("the base, one of \(SaponificationReagent.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                // The organic is described by the extractant model of the cascade named here.
                let ofNode = try un.require("model_of")
                let of = try ofNode.string()
                guard let c = cascades[of] else {
                    throw ofNode.error("the name of a cascade unit whose extractant model describes this organic" + hint(of, Array(cascades.keys)))
                }
                guard let layout = c.problem.models.lazy.compactMap({ Saponification.layout(of: $0) }).first(where: { $0.saponificationIndex != nil }) else {
                    throw ofNode.error("a cascade whose model is an acidic extractant with a saponification cation (saponification_cation in its model file)")
                }
                units.append(SaponificationUnit(name: uname, degree: degree, reagent: reagent, layout: layout, modelSpecies: c.problem.species))
            case "acid_makeup":
                try un.checkKeys(["name", "type", "target", "reagent", "description"])
                let reagentNode = try un.require("reagent")
                let (reagent, _) = try CascadeCase.compositionWithMask(reagentNode, species: species, elements: elements)
                let h = species.index(of: "H")!
                let targetNode = try un.require("target")
                let target = try targetNode.positiveQuantity(.concentration)
                if !(reagent[h] > target) {
                    throw reagentNode.error("a reagent stronger in acid (H) than the target \(target / 1000) mol/L", value: "H \(reagent[h] / 1000) mol/L")
                }
                let label = try reagentNode.entries().map { "\($0.key) \($0.node.scalarText ?? "")" }.joined(separator: ", ")
                units.append(AcidAdjustUnit(name: uname, targetAcid: target, reagent: reagent, protonIndex: h, reagentName: label))
            case "oxalate_precipitation":
                try un.checkKeys(["name", "type", "model", "description"])
                let modelNode = try un.require("model")
                let file = try library.existingFile(modelNode, relativeTo: path, kind: "precipitation model file")
                let (yields, ratio) = try PrecipitationModelFile.load(file, species: species, elements: elements, at: modelNode)
                units.append(PrecipitationUnit(name: uname, yields: yields, oxalicAcidPerMetal: ratio))
            case "feed":
                units.append(FeedUnit(name: uname, stream: try FeedStreamReader.read(un, species: species, elements: elements,
                                                                                       operatingHours: operatingHours)))
            default: fatalError("unit types are checked in pass 1")
            }
        }

        // Streams.
        let streamsNode = try root.require("streams")
        let streamNodes = try streamsNode.items()
        var streams: [FlowsheetStream] = []
        func port(_ node: ConfigNode, inlet: Bool) throws -> PortReference {
            let unitName: String, portName: String
            if case .mapping = node.kind {
                try node.checkKeys(["unit", "port"])
                unitName = try node.require("unit").string()
                portName = try node.require("port").string()
            } else {
                let text = try node.string()
                guard let dot = text.firstIndex(of: ".") else {
                    throw node.error("unit.port (e.g. 'tb-dy.raffinate')")
                }
                unitName = String(text[..<dot])
                portName = String(text[text.index(after: dot)...])
            }
            guard let u = units.firstIndex(where: { $0.name == unitName }) else {
                throw node.error("the name of a unit under 'units' (\(units.map(\.name).joined(separator: ", ")))" + hint(unitName, units.map(\.name)))
            }
            let ports = inlet ? units[u].inlets : units[u].outlets
            guard let p = ports.firstIndex(where: { $0.name == portName }) else {
                let list = ports.isEmpty ? "none" : ports.map { "'\($0.name)'" }.joined(separator: ", ")
                throw node.error("an \(inlet ? "inlet" : "outlet") of \(units[u].kind) unit '\(unitName)' (its \(inlet ? "inlets" : "outlets"): \(list))" + hint(portName, ports.map(\.name)))
            }
            return PortReference(unit: u, port: p)
        }
        for sn in streamNodes {
            try sn.checkKeys(["name", "from", "to", "description"])
            streams.append(FlowsheetStream(name: try sn.require("name").string(), from: try port(try sn.require("from"), inlet: false),
                                           to: try sn.optional("to").map { try port($0, inlet: true) }))
        }
        var tears: [Int]?
        if let tn = try root.optional("tear") {
            tears = try tn.items().map { item in
                let t = try item.string()
                guard let k = streams.firstIndex(where: { $0.name == t }) else {
                    throw item.error("the name of a stream under 'streams'" + hint(t, streams.map(\.name)))
                }
                return k
            }
        }
        var options = FlowsheetSolverOptions()
        if let so = try root.optional("solver") {
            try so.checkKeys(["max_iterations", "tolerance", "anderson_depth"])
            if let mi = try so.optional("max_iterations") {
                options.maxIterations = try mi.int()
                if options.maxIterations < 1 || options.maxIterations > 100_000 { throw mi.error("a whole number from 1 to 100000") }
            }
            if let t = try so.optional("tolerance") {
                options.tolerance = try t.double()
                if !(options.tolerance > 0 && options.tolerance < 1) { throw t.error("a relative tolerance between 0 and 1") }
            }
            if let d = try so.optional("anderson_depth") { options.andersonDepth = try andersonDepth(d) }
        }
        let flowsheet: Flowsheet
        do {
            flowsheet = try Flowsheet(species: species, metalCount: metals.count, units: units, streams: streams, tears: tears)
        } catch let e as FlowsheetDefinitionError {
            switch e.subject {
            case .stream(let k): throw streamNodes[k].error(e.message, value: try streamNodes[k].require("name").string())
            case .unit(let u): throw unitNodes[u].error(e.message, value: units[u].name)
            case .tear(let t): throw try root.require("tear").error(e.message, value: streams[t].name)
            }
        }
        return FlowsheetCase(path: path, name: name, flowsheet: flowsheet, options: options, elements: elements,
                             cascadeCases: cascades, operatingHours: operatingHours, unitNodes: unitNodes, streamNodes: streamNodes)
    }

    /// `anderson_depth` of a solver block (steady tear loop or dynamic window sweeps): the
    /// Anderson acceleration's depth, a whole number from 0 (plain substitution) to 50.
    static func andersonDepth(_ d: ConfigNode) throws -> Int {
        let depth = try d.int()
        guard (0...50).contains(depth) else { throw d.error("a whole number from 0 to 50 (0: plain substitution, no acceleration)") }
        return depth
    }

    static func hint(_ word: String, _ candidates: [String]) -> String {
        nearestName(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    static func phase(_ un: ConfigNode) throws -> Phase {
        let node = try un.require("phase")
        guard let p = Phase(rawValue: try node.string()) else { throw node.error("'aqueous' or 'organic'") }
        return p
    }

    static func splitter(_ un: ConfigNode, name: String) throws -> SplitterUnit {
        let ph = try phase(un)
        if let fr = try un.optional("fractions") {
            if try un.optional("flow") != nil { throw try un.require("flow").error("either 'fractions' or 'flow', not both") }
            let entries = try fr.entries()
            if entries.count < 2 { throw fr.error("at least two outlets with their fractions") }
            let f = try entries.map { try $0.node.fraction() }
            let sum = f.reduce(0, +)
            if abs(sum - 1) > 1e-9 { throw fr.error("fractions that add up to 1 (100 %)", value: "sum \(sum)") }
            return SplitterUnit(name: name, phase: ph, outletNames: entries.map(\.key), split: .fractions(f))
        }
        let flowNode = try un.require("flow")
        let entries = try flowNode.entries()
        guard entries.count == 2 else {
            throw flowNode.error("two outlets: one with a flow and the other with 'rest' (e.g. {reflux: 2 L/h, product: rest})")
        }
        guard let rest = entries.firstIndex(where: { $0.node.scalarText == "rest" }) else {
            throw flowNode.error("one outlet given as 'rest' (it takes what the other does not)")
        }
        let fixed = 1 - rest
        let q = try entries[fixed].node.nonNegativeQuantity(.flow)
        return SplitterUnit(name: name, phase: ph, outletNames: entries.map(\.key), split: .flow(index: fixed, flow: q))
    }
}
