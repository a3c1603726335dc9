import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics

/// The `events:` list of a dynamic case: steps at a time, or linear ramps from `time` to
/// `until` approximated by a staircase of `steps` steps (each at the ramp's value in the
/// middle of its interval, so the amount fed is the ramp's), in a feed's flow or
/// composition (acid strength as `HCl: 2 mol/L`), the organic flow (the loop's
/// circulating flow, or the once-through organic feed's) or the once-through organic
/// feed's degree of saponification. Each event is checked against
/// the cascade as it runs then (flows that cannot add up are errors at the event).
enum DynamicCaseEvents {
    /// What an event changes: a feed's flow, a species' concentration in a feed, the loop flow.
    enum Quantity: Hashable {
        case feedFlow(Int)
        case feedConcentration(Int, Int)
        case loopFlow
        /// Degree of saponification of the organic feed (index).
        case saponification(Int)

        func value(in p: CascadeProblem) -> Double {
            switch self {
            case .saponification(let i): return p.saponificationDegree(ofFeed: i)
            case .feedFlow(let i): return p.feeds[i].flow
            case .feedConcentration(let i, let j): return p.feeds[i].concentrations[j]
            case .loopFlow: return p.loop?.flow ?? 0
            }
        }

        func change(_ v: Double, in p: CascadeProblem) -> CascadeChange {
            switch self {
            case .feedFlow(let i): return .feedFlow(feed: p.feeds[i].name, flow: v)
            case .feedConcentration(let i, let j): return .feedConcentration(feed: p.feeds[i].name, species: j, value: v)
            case .loopFlow: return .solventLoopFlow(v)
            case .saponification(let i): return .organicSaponification(feed: p.feeds[i].name, degree: v)
            }
        }
    }

    static let keys = ["time", "until", "steps", "feed", "flow", "composition", "organic_flow", "saponification"]

    /// The degree of an event's `saponification:` (a fraction, `0.3` or `30 %`), in [0, 1).
    static func saponificationDegree(_ node: ConfigNode) throws -> Double {
        let d = try node.quantity(.dimensionless)
        if !(d >= 0 && d < 1) { throw node.error("a degree of saponification from 0 up to (not including) 1, or 0 % to below 100 % (the fraction of the extractant held as the cation salt)") }
        return d
    }

    /// The organic feed a `saponification:` event changes: the cascade's once-through solvent
    /// (the organic feed at stage 1), with an extractant model that has a saponification cation.
    static func saponifiedFeed(_ node: ConfigNode, _ p: CascadeProblem) throws -> Int {
        if p.loop != nil {
            throw node.error("a cascade with a once-through organic feed at stage 1 (this one circulates its solvent in a closed loop: saponify the loop in a flowsheet with a saponification unit)")
        }
        guard let i = p.feeds.lastIndex(where: { $0.phase == .organic && $0.stage == 0 }) else {
            throw node.error("a cascade with an organic feed at stage 1 (the solvent to saponify)")
        }
        do { _ = try p.saponificationLayout(ofFeed: i) } catch let e as InfeasibleSpecification {
            throw node.error("a saponifiable solvent: \(e.message.replacingOccurrences(of: "event: ", with: ""))")
        }
        return i
    }

    /// An event's `time` (inside the horizon) and, for a ramp, its `until` and `steps`
    /// (default 10, from 1 to 1000); `horizonText` names the horizon in errors.
    static func timing(_ item: ConfigNode, horizon: Double, horizonText: String) throws -> (time: Double, until: Double?, steps: Int) {
        let tn = try item.require("time")
        let t = try tn.quantity(.time)
        if !(t > 0 && t < horizon) { throw tn.error("an event time inside the horizon, after 0 s and before \(horizonText)") }
        guard let un = try item.optional("until") else {
            if let sn = try item.optional("steps") { throw sn.error("'steps' only with 'until' (a ramp)") }
            return (t, nil, 10)
        }
        let u = try un.quantity(.time)
        if !(u > t && u <= horizon) { throw un.error("the end of the ramp: after its 'time' and not after the horizon (\(horizon) s)") }
        var steps = 10
        if let sn = try item.optional("steps") {
            steps = try sn.int()
            if steps < 1 || steps > 1000 { throw sn.error("a number of staircase steps from 1 to 1000") }
        }
        return (t, u, steps)
    }

    /// The values in force from each time on: a step to `v1` at `time`, or (with `until`) a
    /// linear ramp from `v0` as a staircase of `steps` steps, each at the ramp's value in the
    /// middle of its interval (so the amount fed is the ramp's), then `v1` from `until`
    /// (when that is before the horizon).
    static func staircase(from v0: Double, to v1: Double, time: Double, until: Double?, steps: Int, horizon: Double) -> [(time: Double, value: Double)] {
        guard let u = until else { return [(time, v1)] }
        let dt = (u - time) / Double(steps)
        var out = (0..<steps).map { k in (time: time + Double(k) * dt, value: v0 + (v1 - v0) * (Double(k) + 0.5) / Double(steps)) }
        if u < horizon { out.append((u, v1)) }
        return out
    }

    /// The events (sorted, ramps expanded) and one label per event of the file.
    static func read(_ node: ConfigNode?, horizon: Double, horizonNode: ConfigNode, cascade cc: CascadeCase) throws
        -> (events: [CascadeEvent], labels: [(time: Double, label: String)]) {
        guard let node else { return ([], []) }
        let p0 = cc.problem
        struct Spec { var node: ConfigNode; var time: Double; var until: Double?; var steps: Int; var targets: [(Quantity, Double)]; var label: String }
        var specs: [Spec] = []
        for item in try node.items() {
            try item.checkKeys(keys)
            let (t, until, steps) = try timing(item, horizon: horizon, horizonText: try horizonNode.string() + " (\(horizon) s)")
            var targets: [(Quantity, Double)] = []
            var parts: [String] = []
            if let fn = try item.optional("feed") {
                let fname = try fn.string()
                guard let i = p0.feeds.firstIndex(where: { $0.name == fname }) else {
                    let names = p0.feeds.map(\.name)
                    let hint = nearestName(to: fname, in: names).map { "; did you mean '\($0)'?" } ?? ""
                    throw fn.error("the name of a stream entering the cascade (\(names.joined(separator: ", ")))\(hint)")
                }
                if let qn = try item.optional("flow") {
                    targets.append((.feedFlow(i), try CascadeCaseChecks.flow(qn)))
                    parts.append("\(fname) flow → \(try qn.string())")
                }
                if let cn = try item.optional("composition") {
                    let c = try CascadeCase.compositionWithMask(cn, species: p0.species, elements: cc.elements)
                    for j in 0..<p0.species.count where c.given[j] { targets.append((.feedConcentration(i, j), c.values[j])) }
                    parts.append("\(fname) " + (try cn.entries()).map { "\($0.0) → \((try? $0.1.string()) ?? "")" }.joined(separator: ", "))
                }
                if try item.optional("flow") == nil && item.optional("composition") == nil {
                    throw item.error("what changes in feed '\(fname)': 'flow' and/or 'composition'")
                }
            } else {
                for k in ["flow", "composition"] {
                    if let n = try item.optional(k) { throw n.error("'feed: NAME' beside '\(k)' (which stream changes)") }
                }
            }
            if let on = try item.optional("organic_flow") {
                let q = try CascadeCaseChecks.flow(on)
                if p0.loop != nil {
                    targets.append((.loopFlow, q))
                } else if let i = p0.feeds.lastIndex(where: { $0.phase == .organic && $0.stage == 0 }) {
                    targets.append((.feedFlow(i), q))
                } else {
                    throw on.error("a cascade with a solvent loop or an organic feed at stage 1")
                }
                parts.append("organic flow → \(try on.string())")
            }
            if let sn = try item.optional("saponification") {
                let degree = try saponificationDegree(sn)
                targets.append((.saponification(try saponifiedFeed(sn, p0)), degree))
                parts.append("saponification → \(try sn.string())")
            }
            if targets.isEmpty { throw item.error("a change: 'feed' with 'flow' or 'composition', 'organic_flow', or 'saponification'") }
            let ramp = try item.optional("until").map { " (linear ramp until \(try $0.string()), \(steps) steps)" } ?? ""
            specs.append(Spec(node: item, time: t, until: until, steps: steps, targets: targets, label: parts.joined(separator: "; ") + ramp))
        }
        // Expand in order of start time, each ramp from the value in force when it starts.
        specs.sort { $0.time < $1.time }
        for (a, sa) in specs.enumerated() {
            for sb in specs[(a + 1)...] {
                let end = sa.until ?? sa.time
                let overlaps = sb.time < end || (sb.time == sa.time)
                if overlaps && sa.targets.contains(where: { q in sb.targets.contains { $0.0 == q.0 } }) {
                    throw sb.node.error("an event that does not change what another event changes at the same time or during its ramp (from \(sa.time) s)")
                }
            }
        }
        var current = p0
        var steps: [(time: Double, change: CascadeChange)] = []
        for s in specs {
            var changes: [(Double, CascadeChange)] = []
            if s.until != nil {
                for (q, v1) in s.targets {
                    changes += staircase(from: q.value(in: current), to: v1, time: s.time, until: s.until, steps: s.steps, horizon: horizon)
                        .map { ($0.time, q.change($0.value, in: current)) }
                }
            } else {
                changes = s.targets.map { (s.time, $0.0.change($0.1, in: current)) }
            }
            do {
                var check = current
                for (_, c) in changes { check = try check.applying(c) }
                for (q, v) in s.targets { check = try check.applying(q.change(v, in: check)) }
                _ = try StageFlows.solve(check)
                current = check
            } catch let e as InfeasibleSpecification {
                throw s.node.error("a change the cascade can run with: \(e.message)")
            }
            steps += changes.map { (time: $0.0, change: $0.1) }
        }
        let times = Array(Set(steps.map(\.time))).sorted()
        let events = times.map { t in CascadeEvent(time: t, changes: steps.filter { $0.time == t }.map(\.change)) }
        return (events, specs.map { (time: $0.time, label: $0.label) })
    }
}
