import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics
import RareSepFlowsheet

/// The `dynamics:` block of a flowsheet case (docs/dynamics.md, "Dynamic flowsheets"):
/// hold-ups per cascade unit, start, horizon, communication window, events on plant feeds,
/// output times and tolerances.
public struct DynamicFlowsheetCase {
    /// The flowsheet case the block belongs to.
    public var flowsheetCase: FlowsheetCase
    /// Cascade unit index → its dynamic specification.
    public var holdUps: [Int: DynamicCascadeSpecification]
    /// How the plant starts.
    public var initial: PlantInitialState
    /// End of the run, s.
    public var horizon: Double
    /// Steps in plant feeds.
    public var events: [PlantEvent]
    /// One label per event, for reports.
    public var eventLabels: [(time: Double, label: String)]
    /// Output times, s (window averages ending there).
    public var outputTimes: [Double]
    /// Window, tolerances and integrator options.
    public var options: DynamicPlantOptions
    /// The `dynamics:` node (errors while running are located there or at a unit).
    public var node: ConfigNode

    static let keys = ["hold_ups", "settler_cells", "initial", "horizon", "window", "events", "output", "solver"]

    /// Read the `dynamics:` block `node` of the loaded flowsheet case `fc`.
    public static func load(_ fc: FlowsheetCase, node: ConfigNode) throws -> DynamicFlowsheetCase {
        try node.checkKeys(keys)
        let fs = fc.flowsheet
        let names = fs.units.map(\.name)
        let holdNode = try node.require("hold_ups")
        let cellsNode = try node.optional("settler_cells")
        var given: [String: ConfigNode] = [:]
        for (key, n) in try holdNode.entries() {
            guard let u = names.firstIndex(of: key) else {
                throw n.error("the name of a cascade unit of the flowsheet (\(fs.units.filter { $0 is CascadeUnit }.map(\.name).joined(separator: ", ")))" + FlowsheetCase.hint(key, names), value: key)
            }
            if !(fs.units[u] is CascadeUnit) {
                throw n.error("a cascade unit: '\(key)' is a \(fs.units[u].kind) unit, which has no hold-ups", value: key)
            }
            given[key] = n
        }
        var holdUps: [Int: DynamicCascadeSpecification] = [:]
        for (u, unit) in fs.units.enumerated() {
            if let cu = unit as? CascadeUnit {
                guard let n = given[unit.name] else { throw holdNode.error("hold-ups for every cascade unit: '\(unit.name)' has none") }
                holdUps[u] = try DynamicCase.specification(cu.template, holdUps: n, cellsNode: cellsNode)
            } else if !DynamicFlowsheetSimulator.instantaneousKinds.contains(unit.kind) {
                throw fc.unitNodes[u].error("a unit with a dynamic model: '\(unit.name)' (\(unit.kind)) has none; a dynamic flowsheet takes mixer-settler cascades and instantaneous units (\(DynamicFlowsheetSimulator.instantaneousKinds.sorted().joined(separator: ", ")))",
                                            value: unit.name)
            }
        }
        var initial = PlantInitialState.steady
        if let ini = try node.optional("initial") {
            switch try ini.string() {
            case "steady": initial = .steady
            case "fresh": initial = .fresh
            default: throw ini.error("'steady' (every cascade at the steady flowsheet's state) or 'fresh' (cascades full of fresh solvent)")
            }
        }
        let horizonNode = try node.require("horizon")
        let horizon = try horizonNode.positiveQuantity(.time)
        var window = horizon / 400
        if let wn = try node.optional("window") {
            window = try wn.positiveQuantity(.time)
            if window > horizon || horizon / window > 1e6 { throw wn.error("a window from horizon/10⁶ up to the horizon (\(horizon) s)") }
        }
        let (events, labels) = try readEvents(try node.optional("events"), fc: fc, horizon: horizon)
        let times = try DynamicCase.outputTimes(try node.optional("output"), horizon: horizon)
        let so = try node.optional("solver")
        let cascadeOptions = try DynamicCase.runOptions(so, extraKeys: ["window_tolerance"])
        var options = DynamicPlantOptions(window: window, cascade: cascadeOptions)
        if let tn = try so?.optional("window_tolerance") {
            options.windowTolerance = try tn.quantity(.dimensionless)
            if !(options.windowTolerance >= 1e-14 && options.windowTolerance <= 1e-2) { throw tn.error("a relative tolerance from 1e-14 to 1e-2") }
        }
        return DynamicFlowsheetCase(flowsheetCase: fc, holdUps: holdUps, initial: initial, horizon: horizon, events: events,
                                    eventLabels: labels, outputTimes: times, options: options, node: node)
    }

    /// Steps in plant feeds: `{time, feed: NAME, flow, composition}` with NAME a feed unit,
    /// the stream leaving one, or `UNIT.PORT`, an unconnected inlet of a cascade unit.
    static func readEvents(_ node: ConfigNode?, fc: FlowsheetCase, horizon: Double) throws -> ([PlantEvent], [(time: Double, label: String)]) {
        guard let node else { return ([], []) }
        let fs = fc.flowsheet
        var targets: [String: PlantEvent.Target] = [:]
        for (u, unit) in fs.units.enumerated() {
            if unit is FeedUnit {
                targets[unit.name] = .feedUnit(u)
                if let k = fs.streamFromOutlet[PortReference(unit: u, port: 0)] { targets[fs.streams[k].name] = .feedUnit(u) }
            } else if unit is CascadeUnit {
                for (p, port) in unit.inlets.enumerated() where fs.streamIntoInlet[PortReference(unit: u, port: p)] == nil {
                    targets["\(unit.name).\(port.name)"] = .cascadeInlet(unit: u, port: p)
                }
            }
        }
        var events: [PlantEvent] = [], labels: [(time: Double, label: String)] = []
        var seen: [String: ConfigNode] = [:]
        for item in try node.items() {
            try item.checkKeys(["time", "feed", "flow", "composition"])
            let tn = try item.require("time")
            let t = try tn.quantity(.time)
            if !(t > 0 && t < horizon) { throw tn.error("an event time inside the horizon, after 0 s and before \(horizon) s") }
            let fn = try item.require("feed")
            let name = try fn.string()
            guard let target = targets[name] else {
                let all = targets.keys.sorted()
                throw fn.error("a plant feed of the flowsheet: a feed unit, the stream leaving it, or UNIT.PORT of an unconnected cascade inlet (\(all.joined(separator: ", ")))" + FlowsheetCase.hint(name, all), value: name)
            }
            let key = "\(target)@\(t)"
            if let first = seen[key] { throw item.error("one event per feed and time (also at line \(first.location.line.map(String.init) ?? "?"))") }
            seen[key] = item
            var e = PlantEvent(time: t, target: target)
            var parts: [String] = []
            if let qn = try item.optional("flow") { e.flow = try CascadeCaseChecks.flow(qn); parts.append("flow → \(try qn.string())") }
            if let cn = try item.optional("composition") {
                let c = try CascadeCase.compositionWithMask(cn, species: fs.species, elements: fc.elements)
                for j in 0..<fs.species.count where c.given[j] { e.concentrations[j] = c.values[j] }
                parts.append((try cn.entries()).map { "\($0.0) → \((try? $0.1.string()) ?? "")" }.joined(separator: ", "))
            }
            if parts.isEmpty { throw item.error("what changes in '\(name)': 'flow' and/or 'composition'") }
            events.append(e)
            labels.append((t, "\(name) " + parts.joined(separator: ", ")))
        }
        return (events, labels)
    }
}
