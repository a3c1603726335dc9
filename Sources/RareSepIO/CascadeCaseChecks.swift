import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade

/// Checks of a cascade case made while it loads, before anything is solved or a large
/// workspace allocated: sizes against the memory limit, physical ranges of
/// concentrations and flows, unique names, electroneutral feeds, organic inlets the
/// extractant can hold, and phase flows that add up.
enum CascadeCaseChecks {
    /// Largest concentration accepted, mol/m³ (100 mol/L: above any solution; water is 55 mol/L).
    static let maxConcentration = 1e5
    /// Flow range accepted, m³/s (3.6e-6 L/h to 3.6e10 L/h: beyond any plant or lab
    /// cascade either way, and far from where the flow balances lose their digits).
    static let minFlow = 1e-12
    static let maxFlow = 1e4
    /// Imbalance (eq/m³) below which a feed counts as electroneutral, relative to its total charge.
    static let relativeChargeTolerance = 1e-6

    /// Most stages of a cascade whose chemistry is nonlinear in the aqueous ions (a model
    /// with a proton balance: `cation-exchange`, `empirical-ph-dose`, `solvating`). Its
    /// Newton iteration and continuation fallback cost about 2.6 ms per stage in a release
    /// build (26 s at 10 000 stages for the default case scaled up, 7 species), so 10⁵
    /// stages would run for minutes; constant-D cases have no such limit.
    public static let maxNonlinearStages = 10_000

    /// Throws at the `stages` of the section that takes a cascade with a proton-balance
    /// model beyond `maxNonlinearStages`.
    static func checkNonlinearStageCount(_ sections: [CascadeSection], nodes: [ConfigNode], models: [any EquilibriumModel]) throws {
        guard let m = sections.first(where: { models[$0.modelIndex] is any AqueousProtonModel }).map({ models[$0.modelIndex] })
        else { return }
        var total = 0
        for (k, sec) in sections.enumerated() {
            total += sec.stageCount
            if total > maxNonlinearStages {
                throw try nodes[k].require("stages").error("at most \(maxNonlinearStages) stages in all for a cascade with model '\(m.id)' (this one has \(sections.reduce(0) { $0 + $1.stageCount })): its proton-balance chemistry is solved by Newton iterations costing about 2.6 ms per stage, so larger cascades would run for many minutes")
            }
        }
    }

    /// A stage count from `node`: a whole number ≥ 1 whose cascade (with the
    /// `stagesBefore` of earlier sections) fits the memory limit.
    static func stageCount(_ node: ConfigNode, stagesBefore: Int, speciesCount: Int, hasLoop: Bool) throws -> Int {
        let perStage = CascadeWorkspace.estimatedBytes(stageCount: 1, speciesCount: speciesCount, hasLoop: hasLoop)
        let maxTotal = (ResourceLimits.maxWorkspaceBytes / perStage).rounded(.down)
        let maxHere = max(0, maxTotal - Double(stagesBefore))
        let range = maxHere >= 1 ? "from 1 to \(Int(maxHere))" : "≥ 1"
        guard let s = node.scalarText, let count = Int(s.trimmingCharacters(in: .whitespaces)) else {
            // too large for an integer, or not a whole number
            if let s = node.scalarText, let v = Double(s.trimmingCharacters(in: .whitespaces)), v >= 1 {
                try ResourceLimits.checkWorkspace(bytes: v.rounded(.up) * perStage,
                                                  what: "cascade workspace (\(speciesCount) species per stage)", node: node)
            }
            throw node.error("a whole number of stages \(range)")
        }
        if count < 1 { throw node.error("a whole number of stages \(range)") }
        let total = Double(stagesBefore) + Double(count)
        try ResourceLimits.checkWorkspace(bytes: total * perStage,
                                          what: "cascade workspace (\(String(format: "%.3g", total)) stages × \(speciesCount) species; at most \(Int(maxTotal)) stages in all)",
                                          node: node)
        return count
    }

    /// A concentration (mol/m³) from a composition entry, within the physical range.
    static func concentration(_ node: ConfigNode, element: Element?, elements: ElementTable) throws -> Double {
        let v = try node.nonNegativeQuantity(.concentration, element: element, elements: elements)
        if !(v <= maxConcentration) {
            let converted = v.isFinite ? " (\(String(format: "%.3g", v / 1000)) mol/L after conversion)" : ""
            throw node.error("a concentration of at most 100 mol/L\(converted); no solution is that concentrated")
        }
        return v
    }

    /// A volumetric flow (m³/s) within the plausible range.
    static func flow(_ node: ConfigNode) throws -> Double {
        let v = try node.positiveQuantity(.flow)
        if !(v >= minFlow && v <= maxFlow) {
            throw node.error("a flow between 3.6e-6 L/h and 3.6e10 L/h (1e-12 to 1e4 m³/s; this is \(String(format: "%.3g", v)) m³/s)")
        }
        return v
    }

    /// Names that must be unique within one kind (streams, sections, outlets): the
    /// first node each was given at, so a repeat names both lines.
    struct UniqueNames {
        var what: String
        var seen: [String: ConfigNode] = [:]
        var builtIn: [String: String] = [:]

        init(_ what: String) { self.what = what }

        /// Record `name` given at `node`; throws when it was given before.
        mutating func add(_ name: String, at node: ConfigNode) throws {
            if let first = seen[name] {
                throw node.error("\(what) name used once: '\(name)' is already the name of the \(what) at \(first.location)", value: name)
            }
            if let reason = builtIn[name] {
                throw node.error("\(what) name other than '\(name)', which is \(reason)", value: name)
            }
            seen[name] = node
        }

        /// Reserve a name the program gives (e.g. "raffinate"); throws when a name given so far takes it.
        mutating func reserve(_ name: String, as reason: String) throws {
            if let node = seen[name] {
                throw node.error("\(what) name other than '\(name)', which is \(reason)", value: name)
            }
            builtIn[name] = reason
        }
    }

    /// Charge balance of an aqueous feed: a warning stating the imbalance (eq/L), or an
    /// error when the model of the feed's stage computes pH or proton exchange from the
    /// ionic composition (a proton-balance model) — unless `balance_with` fixed it.
    static func checkElectroneutral(_ conc: [Double], feedName: String, node: ConfigNode, species: SpeciesSet,
                                    elements: ElementTable, metalCount: Int, model: any EquilibriumModel) throws -> InputWarning? {
        // Cases that carry no counter-ion at all (metals with constant D) do not represent charge.
        let carriesIons = species.symbols.dropFirst(metalCount).contains { (elements[$0]?.charge ?? 0) != 0 }
        guard carriesIons else { return nil }
        var net = 0.0, gross = 0.0
        for (j, sym) in species.symbols.enumerated() {
            let z = Double(elements[sym]?.charge ?? 0)
            net += z * conc[j]
            gross += abs(z * conc[j])
        }
        guard abs(net) > relativeChargeTolerance * gross, abs(net) > 1e-9 else { return nil }
        let text = String(format: "feed '%@' is not electroneutral: net charge %+.4g eq/L (cations %.4g eq/L, anions %.4g eq/L)",
                          feedName, net / 1000, (gross + net) / 2000, (gross - net) / 2000)
        if model is any AqueousProtonModel {
            throw InputError(location: node.location, key: node.path, value: nil,
                             expected: "\(text); model '\(model.id)' needs electroneutral feeds (its proton balance follows the counter-ions): add the missing ion or 'balance_with: Cl' (or NO3, SO4)")
        }
        return InputWarning(location: node.location.description, message: text + "; add the missing ion or 'balance_with'")
    }

    /// Most charge either sign of ions may carry in an aqueous stream, eq/m³ (40 eq/L: beyond
    /// 12 M HCl, 16 M HNO3, saturated LiCl (~20 M) and the 36 eq/L of protons in 18 M H2SO4).
    static let maxIonicCharge = 4e4

    /// An aqueous stream whose ions carry more charge than any solution can (e.g. a
    /// `balance_with` that had to add 100 mol/L of H+): an error at `node` (the
    /// `balance_with` key when one filled the stream, else its composition).
    static func checkIonicCharge(_ conc: [Double], feedName: String, node: ConfigNode, balancedWith: String?,
                                 species: SpeciesSet, elements: ElementTable) throws {
        var cations = 0.0, anions = 0.0
        for (j, sym) in species.symbols.enumerated() {
            let z = Double(elements[sym]?.charge ?? 0)
            if z > 0 { cations += z * conc[j] } else { anions -= z * conc[j] }
        }
        let charge = max(cations, anions)
        guard charge > maxIonicCharge else { return }
        var added = ""
        if let b = balancedWith, let j = species.index(of: b) {
            added = String(format: "'balance_with: %@' makes %@ %.4g mol/L, so ", b, b, conc[j] / 1000)
        }
        throw node.error(String(format: "an aqueous stream whose ions carry at most 40 eq/L of charge of either sign: in feed '%@' %@they carry %.4g eq/L (cations %.4g eq/L, anions %.4g eq/L); no aqueous solution is that concentrated",
                                feedName, added, charge / 1000, cations / 1000, anions / 1000), value: balancedWith)
    }

    /// An organic inlet (solvent feed or make-up) the extractant can hold: saponification
    /// and loaded metal within the extractant's sites. `y` is the completed inlet (mol/m³).
    static func checkOrganicCapacity(_ y: [Double], name: String, node: ConfigNode, species: SpeciesSet,
                                     model: any EquilibriumModel) throws {
        let sym = species.symbols
        func molL(_ v: Double) -> String { String(format: "%.4g mol/L", v / 1000) }
        /// The metals the organic carries, named with their amounts (e.g. "Dy 1 mol/L").
        func loaded(_ count: Int) -> String {
            let named = (0..<count).filter { y[$0] > 0 }.map { "\(sym[$0]) \(molL(y[$0]))" }
            return named.isEmpty ? "" : " (\(named.joined(separator: ", ")))"
        }
        let layout = (model as? MassActionCationExchange)?.layout ?? (model as? EmpiricalPHDoseCorrelation)?.layout
        if let l = layout {
            let ext = y[l.extractantIndex]
            if let s = l.saponificationIndex, y[s] > ext * (1 + 1e-12) {
                throw InputError(location: node.location, key: node.path, value: nil,
                                 expected: "organic '\(name)' is saponified beyond its extractant: \(sym[s]) \(molL(y[s])) exceeds \(sym[l.extractantIndex]) \(molL(ext)) (at most one cation per extractant unit)")
            }
            var bound = 0.0, protons = 0.0
            for i in 0..<l.metalCount { bound += l.extractantBound[i] * y[i]; protons += l.protonsReleased[i] * y[i] }
            let sap = l.saponificationIndex.map { y[$0] } ?? 0
            if bound > ext * (1 + 1e-12) || protons + sap > ext * (1 + 1e-12) {
                throw InputError(location: node.location, key: node.path, value: nil,
                                 expected: "organic '\(name)' is loaded beyond its extractant's capacity: its metals\(loaded(l.metalCount))\(sap > 0 ? " and saponification" : "") take \(molL(max(bound, protons + sap))) of \(sym[l.extractantIndex]) sites, it holds \(molL(ext)) (lower the loading or raise the extractant)")
            }
        } else if let s = model as? SolvatingExtraction {
            let ligand = y[s.ligandIndex]
            var bound = 0.0
            for i in 0..<s.metalCount { bound += s.ligandNumber[i] * y[i] }
            if bound > ligand * (1 + 1e-12) {
                throw InputError(location: node.location, key: node.path, value: nil,
                                 expected: "organic '\(name)' is loaded beyond its extractant's capacity: its metals\(loaded(s.metalCount)) take \(molL(bound)) of \(sym[s.ligandIndex]), it holds \(molL(ligand)) (lower the loading or raise the extractant)")
            }
        }
    }
}
