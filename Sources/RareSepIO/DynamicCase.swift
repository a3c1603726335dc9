import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics

/// A `kind: dynamic` case file: a cascade (a referenced cascade case file, `case:`, or one
/// inline, `cascade:`, as a flowsheet's cascade unit takes it) with hold-ups, an initial
/// state, a horizon, events, output times and stages to record (docs/dynamics.md).
public struct DynamicCase {
    /// Path of the dynamic case file.
    public var path: String
    public var name: String
    /// The cascade as it runs at t = 0.
    public var cascade: CascadeCase
    /// Path of the cascade case file (the dynamic file itself when inline).
    public var cascadePath: String
    public var specification: DynamicCascadeSpecification
    public var initial: DynamicInitialState
    /// "fresh", "steady" or "profiles from FILE".
    public var initialDescription: String
    /// Horizon, s.
    public var horizon: Double
    /// The steps the integrator restarts at (a ramp as its staircase), by time.
    public var events: [CascadeEvent]
    /// One line per event of the file (time, s; what changes), for plots and reports.
    public var eventLabels: [(time: Double, label: String)]
    /// Output times, s (0 and the horizon included).
    public var outputTimes: [Double]
    /// Recorded stages, 0-based.
    public var recordStages: [Int]
    public var options: DynamicRunOptions

    static let topKeys = ["kind", "name", "description", "source", "notes", "case", "cascade", "hold_ups", "settler_cells",
                          "initial", "horizon", "events", "output", "record_stages", "solver"]

    /// Load and check a dynamic case document.
    public static func load(root: ConfigNode, path: String, library: ModelLibrary) throws -> DynamicCase {
        try root.checkKeys(topKeys)
        let (cc, cascadePath) = try CascadeCase.load(unit: root, path: path, library: library)
        let p = cc.problem
        let name = try root.optional("name")?.string() ?? cc.problem.name

        let holdNode = try root.require("hold_ups")
        let spec = try specification(p, holdUps: holdNode, cellsNode: try root.optional("settler_cells"))

        // Initial state.
        let initial: DynamicInitialState
        let initialDescription: String
        if let ini = try root.optional("initial") {
            if case .mapping = ini.kind {
                try ini.checkKeys(["profiles"])
                let fileNode = try ini.require("profiles")
                let file = try library.existingFile(fileNode, relativeTo: path, kind: "stage profiles file (stage_profiles.csv of an earlier run)")
                let pr = try DynamicInitialProfiles.read(file, problem: p, at: fileNode)
                initial = .profiles(aqueous: pr.aqueous, organic: pr.organic)
                initialDescription = "profiles from \(file)"
            } else {
                switch try ini.string() {
                case "fresh": initial = .freshSolvent; initialDescription = "fresh"
                case "steady": initial = .steadyState; initialDescription = "steady"
                default: throw ini.error("'fresh' (stages full of fresh solvent and metal-free aqueous), 'steady' (the steady state at t = 0) or {profiles: FILE}")
                }
            }
        } else {
            initial = .freshSolvent
            initialDescription = "fresh"
        }

        let horizonNode = try root.require("horizon")
        let horizon = try horizonNode.positiveQuantity(.time)
        let schedule = try DynamicCaseEvents.read(try root.optional("events"), horizon: horizon, horizonNode: horizonNode,
                                                  cascade: cc)

        let times = try outputTimes(try root.optional("output"), horizon: horizon)

        var stages: [Int] = []
        if let rs = try root.optional("record_stages") {
            for item in try rs.items() {
                let s = try CascadeCase.stageIndex(item, sections: p.sections, total: p.stageCount)
                if stages.contains(s) { throw item.error("each stage recorded once") }
                stages.append(s)
            }
        }

        let options = try runOptions(try root.optional("solver"))
        return DynamicCase(path: path, name: name, cascade: cc, cascadePath: cascadePath, specification: spec, initial: initial,
                           initialDescription: initialDescription, horizon: horizon, events: schedule.events,
                           eventLabels: schedule.labels, outputTimes: times, recordStages: stages, options: options)
    }

    /// The dynamic specification of cascade `p` from a `hold_ups` mapping (per section name,
    /// or `all`) and `settler_cells` (default 3), checked as the model needs.
    static func specification(_ p: CascadeProblem, holdUps holdNode: ConfigNode, cellsNode: ConfigNode?) throws -> DynamicCascadeSpecification {
        // Hold-ups: one entry per section name, or `all` for the sections not named.
        var bySection: [String: (StageHoldUp, ConfigNode)] = [:]
        var all: (StageHoldUp, ConfigNode)?
        let sectionNames = p.sections.map(\.name)
        for (key, node) in try holdNode.entries() {
            let h = try holdUp(node)
            if key == "all" { all = (h, node); continue }
            guard sectionNames.contains(key) else {
                let hint = nearestName(to: key, in: sectionNames).map { "; did you mean '\($0)'?" } ?? ""
                throw node.error("a section name of the cascade (\(sectionNames.joined(separator: ", "))) or 'all'\(hint)", value: key)
            }
            bySection[key] = (h, node)
        }
        var holdUps: [StageHoldUp] = []
        var holdNodes: [ConfigNode] = []
        for sec in p.sections {
            guard let h = bySection[sec.name] ?? all else {
                throw holdNode.error("hold-ups for every section: section '\(sec.name)' has none (name it or give 'all')")
            }
            holdUps.append(h.0)
            holdNodes.append(h.1)
        }
        var cells = 3
        if let cn = cellsNode {
            cells = try cn.int()
            if cells < 0 || cells > 200 { throw cn.error("a whole number of well-mixed cells per settler layer from 0 to 200") }
        }
        for (k, h) in holdUps.enumerated() {
            let settler = h.settlerAqueousVolume + h.settlerOrganicVolume
            if cells == 0 && settler > 0 {
                throw (cellsNode ?? holdNodes[k]).error("settler_cells ≥ 1 when a settler has a volume (0 cells means no settler: section '\(p.sections[k].name)' has \(String(format: "%.3g", settler)) m³)",
                                                        value: "\(cells)")
            }
            if cells > 0 && !(h.settlerAqueousVolume > 0 && h.settlerOrganicVolume > 0) {
                throw holdNodes[k].error("a settler whose aqueous and organic layers both have a volume > 0 (settler_cells is \(cells); write settler_cells: 0 for mixers without settlers)")
            }
            let sec = p.sections[k]
            if cells > 0 && (sec.aqueousInOrganic > 0 || sec.organicInAqueous > 0) {
                throw (cellsNode ?? holdNodes[k]).error("settler_cells: 0 for a cascade with entrainment (section '\(sec.name)'): an entrained stream would bypass the settler cells",
                                                        value: "\(cells)")
            }
            if h.transferCoefficient != nil && sec.murphree.contains(where: { $0 != 1 }) {
                throw holdNodes[k].error("either a transfer coefficient or Murphree efficiencies below 1 in section '\(sec.name)', not both")
            }
        }
        let spec = DynamicCascadeSpecification(problem: p, holdUps: holdUps, settlerCells: cells)
        if let e = spec.validationError() { throw holdNode.error("hold-ups the dynamic model accepts: \(e)") }
        return spec

    }

    /// Output times of `output:` (`every` or `times`; default 400 intervals), with the horizon.
    static func outputTimes(_ node: ConfigNode?, horizon: Double) throws -> [Double] {
        var times: [Double] = []
        if let out = node {
            try out.checkKeys(["every", "times"])
            if let ev = try out.optional("every") {
                if try out.optional("times") != nil { throw ev.error("either 'every' or 'times' under output, not both") }
                let dt = try ev.positiveQuantity(.time)
                if horizon / dt > 1e6 { throw ev.error("an output interval giving at most 10⁶ points over the horizon (\(horizon) s)") }
                let k = Int((horizon / dt).rounded(.down))
                times = (0...k).map { Double($0) * dt }
            } else if let tn = try out.optional("times") {
                for item in try tn.items() {
                    let t = try item.quantity(.time)
                    if !(t >= 0 && t <= horizon) { throw item.error("an output time within the horizon, 0 to \(horizon) s") }
                    times.append(t)
                }
            } else {
                throw out.error("'every: INTERVAL' or 'times: [...]'")
            }
        } else {
            times = (0...400).map { horizon * Double($0) / 400 }
        }
        if times.last.map({ $0 < horizon * (1 - 1e-12) }) ?? true { times.append(horizon) }
        times = Array(Set(times)).sorted()
        return times
    }

    /// Integrator options of `solver:` (`relative_tolerance`, `max_step`, and `extraKeys` the caller reads).
    static func runOptions(_ node: ConfigNode?, extraKeys: [String] = []) throws -> DynamicRunOptions {
        var options = DynamicRunOptions()
        if let so = node {
            try so.checkKeys(["relative_tolerance", "max_step"] + extraKeys)
            if let rt = try so.optional("relative_tolerance") {
                options.rtol = try rt.quantity(.dimensionless)
                if !(options.rtol >= 1e-12 && options.rtol <= 1e-2) { throw rt.error("a relative tolerance from 1e-12 to 1e-2") }
            }
            if let ms = try so.optional("max_step") { options.maxStep = try ms.positiveQuantity(.time) }
        }
        return options
    }

    /// Hold-ups of one section: mixer volume (and organic fraction), settler (volume, or
    /// area × height, with the organic layer's fraction), optional K·a.
    static func holdUp(_ node: ConfigNode) throws -> StageHoldUp {
        try node.checkKeys(["mixer_volume", "mixer_organic_fraction", "settler", "transfer_coefficient"])
        let vm = try node.require("mixer_volume").positiveQuantity(.volume)
        let phi = try node.optional("mixer_organic_fraction")?.fraction()
        var va = 0.0, vo = 0.0
        if let st = try node.optional("settler") {
            try st.checkKeys(["volume", "area", "height", "organic_fraction"])
            let f = try st.optional("organic_fraction")?.fraction() ?? 0.5
            if let fn = try st.optional("organic_fraction"), !(f > 0 && f < 1) {
                throw fn.error("an organic layer fraction strictly between 0 and 1")
            }
            let v: Double
            if let vn = try st.optional("volume") {
                if try st.optional("area") != nil || st.optional("height") != nil {
                    throw vn.error("either 'volume' or 'area' and 'height' for a settler, not both")
                }
                v = try vn.positiveQuantity(.volume)
            } else {
                guard let an = try st.optional("area"), let hn = try st.optional("height") else {
                    throw st.error("a settler 'volume', or its 'area' and 'height'")
                }
                v = try an.positiveQuantity(.area) * (try hn.positiveQuantity(.length))
            }
            va = v * (1 - f)
            vo = v * f
        }
        let ka = try node.optional("transfer_coefficient")?.positiveQuantity(.rate)
        return StageHoldUp(mixerVolume: vm, mixerOrganicFraction: phi, settlerAqueousVolume: va, settlerOrganicVolume: vo,
                           transferCoefficient: ka)
    }
}

extension CascadeCase {
    /// The cascade a unit or a dynamic case names: a cascade case file (`case: FILE`,
    /// relative to `path`) or one inline (`cascade: {...}`); and the path it was read from.
    static func load(unit node: ConfigNode, path: String, library: ModelLibrary) throws -> (CascadeCase, String) {
        if let file = try node.optional("case") {
            if try node.optional("cascade") != nil { throw file.error("either 'case: FILE' or an inline 'cascade:', not both") }
            let resolved = try library.existingFile(file, relativeTo: path, kind: "cascade case file")
            let doc = try InputFileCheck.loadReferenced(resolved, kind: "cascade case file", referencedBy: file)
            return (try CascadeCase.load(root: doc, path: resolved, library: library), resolved)
        }
        guard let inline = try node.optional("cascade") else {
            throw node.error("a cascade: 'case: FILE' (a cascade case file) or an inline 'cascade:' mapping")
        }
        return (try CascadeCase.load(root: inline, path: path, library: library), path)
    }
}
