import Foundation
import RareSepCore
import RareSepFitting
import RareSepChemistry
import RareSepFlowsheet

/// Fits numbers of an emulsion-flow contactor (the flowsheet unit `emulsion_flow`:
/// `transfer_coefficient` (K·a), `transfer_factor`, `sauter_diameter`, `hold_up`, the
/// entrainment law's `entrainment.<zone>.coefficient` and `.exponent`, ...) to pilot runs:
/// each evaluation rebuilds the unit from its description with the trial values and
/// solves it at every run's flows and inlets.
///
/// Dataset rows are pilot runs: `aqueous_flow` and `organic_flow` (flow units, e.g. L/h),
/// optional inlet concentrations `x_in_<S>` (aqueous) and `y_in_<S>` (organic) that replace
/// the spec's fixed inlet for that species, and the targets: `x_out_<S>` (aqueous outlet,
/// the separated aqueous phase), `y_out_<S>` (organic outlet, the separated organic phase),
/// each a concentration with its unit, and `entrained_aqueous` / `entrained_organic`
/// (plain volume fractions: aqueous in the organic outlet stream, organic in the aqueous
/// outlet stream).
enum EmulsionFlowOutletFit {
    /// What one target column observes.
    enum Observable: Equatable {
        case aqueousOutlet(Int)
        case organicOutlet(Int)
        /// Volume fraction of aqueous in the organic outlet stream, Q_ea/(Q_ea + Q_o,out).
        case entrainedAqueous
        /// Volume fraction of organic in the aqueous outlet stream, Q_eo/(Q_eo + Q_a,out).
        case entrainedOrganic

        /// The observable a column name denotes, or nil.
        static func parse(_ name: String, species: SpeciesSet) -> Observable? {
            if name == "entrained_aqueous" { return .entrainedAqueous }
            if name == "entrained_organic" { return .entrainedOrganic }
            if name.hasPrefix("x_out_"), let j = species.index(of: String(name.dropFirst(6))) { return .aqueousOutlet(j) }
            if name.hasPrefix("y_out_"), let j = species.index(of: String(name.dropFirst(6))) { return .organicOutlet(j) }
            return nil
        }
    }

    /// One pilot run: inlet flows (m³/s) and compositions (mol/m³, the unit's species).
    struct Run {
        var aqueousFlow: Double
        var organicFlow: Double
        var aqueousInlet: [Double]
        var organicInlet: [Double]
    }

    /// The least-squares problem. `build(θ)` returns a fresh unit for trial values θ;
    /// `species` are the unit's species; `aqueousInlet`/`organicInlet` the fixed inlets (mol/m³).
    static func problem(table: DataTable, species: SpeciesSet, elements: ElementTable, dispersedIsOrganic: Bool,
                        aqueousInlet: [Double], organicInlet: [Double], targets: [String], targetNode: ConfigNode,
                        constantUncertainty: Double?, parameters: [FitParameter],
                        build: @escaping ([Double]) throws -> EmulsionFlowUnit) throws -> FitProblem {
        let runs = try readRuns(table, species: species, elements: elements, dispersedIsOrganic: dispersedIsOrganic,
                                aqueousInlet: aqueousInlet, organicInlet: organicInlet)
        var observables: [Observable] = []
        for t in targets {
            guard let o = Observable.parse(t, species: species) else {
                throw targetNode.error("target columns named x_out_<S>, y_out_<S> (outlet concentrations) or entrained_aqueous, entrained_organic (volume fractions), for species \(species.symbols.joined(separator: ", "))", value: t)
            }
            let col = try table.require(t, purpose: "fit target", at: targetNode)
            switch o {
            case .aqueousOutlet, .organicOutlet: try table.requireUnit(col, .dimension(.concentration), role: "outlet concentration \(t)")
            case .entrainedAqueous, .entrainedOrganic: try table.requireUnitless(col, meaning: "an entrained volume fraction")
            }
            observables.append(o)
        }
        let fit = try FitTargets.read(table, columns: targets, dimension: { name in
            switch Observable.parse(name, species: species) {
            case .aqueousOutlet?, .organicOutlet?: return .concentration
            default: return nil
            }
        }, element: { name in
            switch Observable.parse(name, species: species) {
            case .aqueousOutlet(let j)?, .organicOutlet(let j)?: return elements[species.symbols[j]]
            default: return nil
            }
        }, elements: elements, constantUncertainty: constantUncertainty, range: { name in
            switch Observable.parse(name, species: species) {
            case .aqueousOutlet?, .organicOutlet?: return .concentration
            default: return DataRange(0, 1, expected: "a volume fraction from 0 to 1")
            }
        })
        let rows = table.rowCount
        // Label each point with its run's flows as written, e.g. "line 9 x_out_Tb (aqueous_flow 10 L/h, organic_flow 10 L/h)".
        let flowColumns = ["aqueous_flow", "organic_flow"].compactMap { table.column($0) }
        let labels = fit.labels.enumerated().map { i, label in
            "\(label) (\(flowColumns.map { "\($0.name) \($0.cells[i % rows])\($0.unit.map { " " + $0 } ?? "")" }.joined(separator: ", ")))"
        }
        // Check the model at the start values: a unit that cannot be built or solved there
        // is an error before fitting, with the unit's message.
        do { _ = try predictRuns(try build(parameters.map(\.start)), runs: runs) } catch { throw FitSetupError.modelRejected("\(error)") }
        var problem = FitProblem(
            parameters: parameters, observations: fit.observations, uncertainties: fit.uncertainties,
            labels: labels, observable: fit.observable, displayScale: fit.displayScale,
            predict: { theta, out in
                guard let unit = try? build(theta) else {
                    for i in out.indices { out[i] = .nan }
                    return
                }
                for (r, run) in runs.enumerated() {
                    let outlets = try? solve(unit, run)
                    for (t, o) in observables.enumerated() {
                        out[t * rows + r] = outlets.map { value(o, $0) } ?? .nan
                    }
                }
            })
        problem.distinctPoints = distinctRows(rows) { i in
            [runs[i].aqueousFlow, runs[i].organicFlow] + runs[i].aqueousInlet + runs[i].organicInlet
        } * targets.count
        return problem
    }

    /// The dataset's runs, checked row by row: both flows positive (the dispersed phase
    /// named as such), inlet columns for species the unit carries.
    static func readRuns(_ table: DataTable, species: SpeciesSet, elements: ElementTable, dispersedIsOrganic: Bool,
                         aqueousInlet: [Double], organicInlet: [Double]) throws -> [Run] {
        let qa = try table.quantities(try table.require("aqueous_flow", purpose: "aqueous flow of each run, e.g. 'aqueous_flow [L/h]'"), dimension: .flow)
        let qo = try table.quantities(try table.require("organic_flow", purpose: "organic flow of each run, e.g. 'organic_flow [L/h]'"), dimension: .flow)
        var runs = (0..<table.rowCount).map { Run(aqueousFlow: qa[$0], organicFlow: qo[$0], aqueousInlet: aqueousInlet, organicInlet: organicInlet) }
        for i in 0..<table.rowCount {
            let line = SourceLocation(file: table.file, line: table.rowLines[i])
            for (key, q, organic) in [("aqueous_flow", qa[i], false), ("organic_flow", qo[i], true)] where !(q > 0) {
                let role = organic == dispersedIsOrganic ? "dispersed" : "continuous"
                throw InputError(location: line, key: key, value: table.column(key)!.cells[i],
                                 expected: "a positive flow of the \(role) (\(organic ? "organic" : "aqueous")) phase: a counter-current contactor needs both phases flowing",
                                 problem: role == "dispersed" ? "no dispersed phase flows, so there are no droplets and no hold-up" : nil)
            }
        }
        for col in table.columns {
            for (prefix, organic) in [("x_in_", false), ("y_in_", true)] where col.name.hasPrefix(prefix) {
                let symbol = String(col.name.dropFirst(prefix.count))
                guard let j = species.index(of: symbol) else {
                    throw InputError(location: SourceLocation(file: table.file, line: table.headerLine), key: col.name, value: symbol,
                                     expected: "an inlet column for a species of the unit (\(species.symbols.joined(separator: ", ")))")
                }
                let c = try table.quantities(col, dimension: .concentration, element: elements[symbol], elements: elements)
                try table.requireRange(col, c, .concentration)
                for i in runs.indices {
                    if organic { runs[i].organicInlet[j] = c[i] } else { runs[i].aqueousInlet[j] = c[i] }
                }
            }
        }
        return runs
    }

    /// The outlets of one run: aqueous_out, organic_out and, with entrainment, the two entrained streams.
    static func solve(_ unit: EmulsionFlowUnit, _ run: Run) throws -> [ProcessStream] {
        try unit.solve(inlets: [ProcessStream(phase: .aqueous, flow: run.aqueousFlow, concentrations: run.aqueousInlet),
                                ProcessStream(phase: .organic, flow: run.organicFlow, concentrations: run.organicInlet)],
                       species: unit.template.species).outlets
    }

    /// Every run solved (throws the first failure).
    static func predictRuns(_ unit: EmulsionFlowUnit, runs: [Run]) throws -> [[ProcessStream]] {
        try runs.map { try solve(unit, $0) }
    }

    /// The observed quantity from a run's outlets (SI: mol/m³, or a volume fraction).
    static func value(_ o: Observable, _ outlets: [ProcessStream]) -> Double {
        switch o {
        case .aqueousOutlet(let j): return outlets[0].concentrations[j]
        case .organicOutlet(let j): return outlets[1].concentrations[j]
        case .entrainedAqueous:
            let e = outlets.count > 2 ? outlets[2].flow : 0
            return e / (e + outlets[1].flow)
        case .entrainedOrganic:
            let e = outlets.count > 3 ? outlets[3].flow : 0
            return e / (e + outlets[0].flow)
        }
    }
}
