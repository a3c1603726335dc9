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
    /// Steps in plant feeds (ramps expanded to staircases), in time order.
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
        let cascadeOptions = try DynamicCase.runOptions(so, extraKeys: ["window_tolerance", "anderson_depth"])
        var options = DynamicPlantOptions(window: window, cascade: cascadeOptions)
        if let tn = try so?.optional("window_tolerance") {
            options.windowTolerance = try tn.quantity(.dimensionless)
            if !(options.windowTolerance >= 1e-14 && options.windowTolerance <= 1e-2) { throw tn.error("a relative tolerance from 1e-14 to 1e-2") }
        }
        if let d = try so?.optional("anderson_depth") { options.andersonDepth = try FlowsheetCase.andersonDepth(d) }
        return DynamicFlowsheetCase(flowsheetCase: fc, holdUps: holdUps, initial: initial, horizon: horizon, events: events,
                                    eventLabels: labels, outputTimes: times, options: options, node: node)
    }

    /// Steps and ramps in plant feeds: `{time, feed: NAME, flow, composition}` with NAME a
    /// feed unit, the stream leaving one, or `UNIT.PORT`, an unconnected inlet of a cascade
    /// unit; with `until` (and `steps`, default 10) a linear ramp from the value in force at
    /// `time` to the one given at `until`, approximated by a staircase of steps each at the
    /// ramp's value in the middle of its interval (so the amount fed is the ramp's), as in a
    /// dynamic cascade's events. `{time, unit: NAME, saponification: 40 %}` (a step or a ramp)
    /// changes the degree of the saponification unit NAME.
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
        var saponifiers: [String: PlantEvent.Target] = [:]
        for (u, unit) in fs.units.enumerated() where unit is SaponificationUnit { saponifiers[unit.name] = .saponificationUnit(u) }
        /// What a plant event changes: a flow (species nil), one species' concentration, or a
        /// saponification unit's degree.
        struct Quantity: Hashable { var target: String; var species: Int?; var degree = false }
        /// The value in force before any event (m³/s or mol/m³).
        func initialValue(_ t: PlantEvent.Target, species j: Int?) -> Double {
            switch t {
            case .saponificationUnit(let u): return (fs.units[u] as! SaponificationUnit).degree
            case .feedUnit(let u):
                let s = (fs.units[u] as! FeedUnit).stream
                return j.map { s.concentrations[$0] } ?? s.flow
            case .cascadeInlet(let u, let p):
                let f = (fs.units[u] as! CascadeUnit).template.feeds[p]
                guard let j else { return f.flow }
                let symbols = (fs.units[u] as! CascadeUnit).template.species.symbols
                return symbols.firstIndex(of: fs.species.symbols[j]).map { f.concentrations[$0] } ?? 0
            }
        }
        struct Spec { var node: ConfigNode; var time: Double; var until: Double?; var steps: Int; var target: PlantEvent.Target; var name: String
                      var values: [(Quantity, Double)] }
        var specs: [Spec] = [], labels: [(time: Double, label: String)] = []
        for item in try node.items() {
            try item.checkKeys(["time", "until", "steps", "feed", "flow", "composition", "unit", "saponification"])
            let (t, until, steps) = try DynamicCaseEvents.timing(item, horizon: horizon, horizonText: "\(horizon) s")
            if let un = try item.optional("unit") {
                let name = try un.string()
                guard let target = saponifiers[name] else {
                    let all = saponifiers.keys.sorted()
                    throw un.error("a saponification unit of the flowsheet (\(all.isEmpty ? "there is none" : all.joined(separator: ", ")))" + FlowsheetCase.hint(name, all), value: name)
                }
                for k in ["feed", "flow", "composition"] { if let n = try item.optional(k) { throw n.error("'\(k)' only on a feed event ('unit' changes a saponification unit's degree)") } }
                let dn = try item.require("saponification")
                let d = try DynamicCaseEvents.saponificationDegree(dn)
                let ramp = try item.optional("until").map { " (linear ramp until \(try $0.string()), \(steps) steps)" } ?? ""
                specs.append(Spec(node: item, time: t, until: until, steps: steps, target: target, name: name,
                                  values: [(Quantity(target: "\(target)", species: nil, degree: true), d)]))
                labels.append((t, "\(name) saponification → \(try dn.string())" + ramp))
                continue
            }
            if let sn = try item.optional("saponification") { throw sn.error("'unit: NAME', a saponification unit, beside 'saponification'") }
            let fn = try item.require("feed")
            let name = try fn.string()
            guard let target = targets[name] else {
                let all = targets.keys.sorted()
                throw fn.error("a plant feed of the flowsheet: a feed unit, the stream leaving it, or UNIT.PORT of an unconnected cascade inlet (\(all.joined(separator: ", ")))" + FlowsheetCase.hint(name, all), value: name)
            }
            let key = "\(target)"
            var values: [(Quantity, Double)] = []
            var parts: [String] = []
            if let qn = try item.optional("flow") { values.append((Quantity(target: key, species: nil), try CascadeCaseChecks.flow(qn))); parts.append("flow → \(try qn.string())") }
            if let cn = try item.optional("composition") {
                let c = try CascadeCase.compositionWithMask(cn, species: fs.species, elements: fc.elements)
                for j in 0..<fs.species.count where c.given[j] { values.append((Quantity(target: key, species: j), c.values[j])) }
                parts.append((try cn.entries()).map { "\($0.0) → \((try? $0.1.string()) ?? "")" }.joined(separator: ", "))
            }
            if parts.isEmpty { throw item.error("what changes in '\(name)': 'flow' and/or 'composition'") }
            let ramp = try item.optional("until").map { " (linear ramp until \(try $0.string()), \(steps) steps)" } ?? ""
            specs.append(Spec(node: item, time: t, until: until, steps: steps, target: target, name: name, values: values))
            labels.append((t, "\(name) " + parts.joined(separator: ", ") + ramp))
        }
        // Expand in order of start time, each ramp from the value in force when it starts;
        // two events may not change the same quantity at the same time or during a ramp.
        let order = specs.indices.sorted { specs[$0].time < specs[$1].time }
        for (a, ia) in order.enumerated() {
            let sa = specs[ia]
            for ib in order[(a + 1)...] {
                let sb = specs[ib]
                let overlaps = sb.time < (sa.until ?? sa.time) || sb.time == sa.time
                if overlaps && sa.values.contains(where: { q in sb.values.contains { $0.0 == q.0 } }) {
                    throw sb.node.error("an event that does not change what another event changes at the same time or during its ramp (from \(sa.time) s, line \(sa.node.location.line.map(String.init) ?? "?"))")
                }
            }
        }
        var current: [Quantity: Double] = [:]
        var changes: [(time: Double, target: PlantEvent.Target, quantity: Quantity, value: Double)] = []
        for i in order {
            let s = specs[i]
            for (q, v1) in s.values {
                let v0 = current[q] ?? initialValue(s.target, species: q.species)
                changes += DynamicCaseEvents.staircase(from: v0, to: v1, time: s.time, until: s.until, steps: s.steps, horizon: horizon)
                    .map { ($0.time, s.target, q, $0.value) }
                current[q] = v1
            }
        }
        // One PlantEvent per target and time.
        var events: [PlantEvent] = []
        var index: [String: Int] = [:]
        for c in changes.sorted(by: { $0.time < $1.time }) {
            let k = "\(c.target)@\(c.time)"
            if index[k] == nil { index[k] = events.count; events.append(PlantEvent(time: c.time, target: c.target)) }
            if c.quantity.degree { events[index[k]!].degree = c.value }
            else if let j = c.quantity.species { events[index[k]!].concentrations[j] = c.value } else { events[index[k]!].flow = c.value }
        }
        return (events, labels)
    }
}
