import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics

/// summary.json of a dynamic run (schema `raresep.dynamic-summary/1`,
/// docs/schemas/dynamic-summary.schema.json; units in the key names).
public struct DynamicSummary: Codable {
    /// Hold-ups of one section.
    public struct HoldUp: Codable {
        public var section: String
        public var mixer_volume_m3: Double
        /// nil: the stage's flow ratio O/(A + O) at t = 0.
        public var mixer_organic_fraction: Double?
        public var settler_aqueous_volume_m3: Double
        public var settler_organic_volume_m3: Double
        /// K·a, 1/s; nil: equilibrium (Murphree) mixer.
        public var transfer_coefficient_per_s: Double?
    }
    /// One event of the case file.
    public struct Event: Codable {
        public var time_s: Double
        public var description: String
    }
    /// Integrator work and outcome.
    public struct Integrator: Codable {
        public var status: String
        public var method: String
        public var relative_tolerance: Double
        public var steps: Int
        public var rejected_steps: Int
        public var rhs_evaluations: Int
        public var jacobian_evaluations: Int
        public var factorizations: Int
        public var newton_iterations: Int
        public var unknowns: Int
        public var failure: String?
        public var notes: [String]
    }
    /// An outlet at the end of the run.
    public struct Outlet: Codable {
        public var name: String
        public var stage: Int
        public var aqueous_flow_m3_per_s: Double
        public var organic_flow_m3_per_s: Double
        public var molar_flow_mol_per_s: [String: Double]
        public var purity: [String: Double?]
        public var recovery: [String: Double?]
    }
    /// A metal in the outlet where most of it leaves, and how fast it got there.
    public struct Product: Codable {
        public var metal: String
        public var outlet: String
        /// "steady state at the end" or "end of run (steady state not converged)".
        public var target: String
        public var purity_target: Double?
        public var recovery_target: Double?
        public var purity_end: Double?
        public var recovery_end: Double?
        /// Time (from t = 0) after which the purity stays within 1 % of its target; nil: not within the horizon.
        public var purity_99_s: Double?
        /// … within 0.1 %.
        public var purity_99_9_s: Double?
        public var recovery_99_s: Double?
        public var recovery_99_9_s: Double?
        /// Time of the last event (s; 0 without events): subtract for the response to it.
        public var last_event_s: Double
    }
    /// One species' cumulative balance over the run.
    public struct Ledger: Codable {
        public var species: String
        public var fed_mol: Double
        public var out_mol: Double
        public var initial_hold_up_mol: Double
        public var final_hold_up_mol: Double
        /// (in − out − Δhold-up) over the largest of the four terms.
        public var relative_closure: Double
    }
    public var schema = "raresep.dynamic-summary/1"
    public var `case`: String
    public var case_file: String
    public var cascade_file: String
    public var stages: Int
    public var species: [String]
    public var metals: [String]
    public var settler_cells: Int
    public var hold_ups: [HoldUp]
    /// "fresh", "steady" or "profiles from FILE".
    public var initial: String
    public var horizon_s: Double
    public var events: [Event]
    /// Restarts of the integrator (a ramp counts its staircase).
    public var integrator_restarts: Int
    public var output_points: Int
    /// 1-based.
    public var recorded_stages: [Int]
    public var integrator: Integrator
    public var outlets_at_end: [Outlet]
    public var products: [Product]
    public var ledger: [Ledger]
    public var worst_ledger_closure: Double
    /// Largest relative difference between the metals' outlet flows at the end and the
    /// steady state of the cascade as it runs then (nil when it did not converge).
    public var end_vs_steady: Double?
    public var model_sources: [String: String]
    public var warnings: [String]

    static func make(_ dc: DynamicCase, run: DynamicCascadeRun, analysis a: DynamicAnalysis) -> DynamicSummary {
        let p = dc.cascade.problem, sp = p.species.symbols
        let metals = Array(sp.prefix(p.metalCount))
        let st = run.statistics
        var outlets: [Outlet] = []
        if let last = run.snapshots.last {
            for (o, s) in last.outlets.enumerated() {
                let amt = s.amounts
                outlets.append(Outlet(name: s.name, stage: s.stage + 1, aqueous_flow_m3_per_s: s.aqueousFlow, organic_flow_m3_per_s: s.organicFlow,
                                      molar_flow_mol_per_s: Dictionary(uniqueKeysWithValues: sp.enumerated().map { ($1, amt[$0]) }),
                                      purity: Dictionary(uniqueKeysWithValues: metals.enumerated().map { ($1, CascadeReport.finite(a.purity.last![o][$0])) }),
                                      recovery: Dictionary(uniqueKeysWithValues: metals.enumerated().map { ($1, CascadeReport.finite(a.recovery.last![o][$0])) })))
            }
        }
        var endVsSteady: Double?
        if let steady = a.steady, let last = run.snapshots.last {
            var worst = 0.0
            for (o, s) in steady.outlets.enumerated() where o < last.outlets.count {
                let x = last.outlets[o].amounts, y = s.amounts
                let scale = (0..<p.metalCount).map { abs(y[$0]) }.max() ?? 0
                for j in 0..<p.metalCount { worst = max(worst, abs(x[j] - y[j]) / (abs(y[j]) + 1e-9 * scale + 1e-300)) }
            }
            endVsSteady = worst
        }
        let ledger = run.ledger.map {
            Ledger(species: $0.species, fed_mol: $0.fed, out_mol: $0.out, initial_hold_up_mol: $0.initialHoldUp,
                   final_hold_up_mol: $0.finalHoldUp, relative_closure: $0.relativeClosure)
        }
        return DynamicSummary(
            case: dc.name, case_file: dc.path, cascade_file: dc.cascadePath, stages: p.stageCount, species: sp, metals: metals,
            settler_cells: dc.specification.settlerCells,
            hold_ups: zip(p.sections, dc.specification.holdUps).map { sec, h in
                HoldUp(section: sec.name, mixer_volume_m3: h.mixerVolume, mixer_organic_fraction: h.mixerOrganicFraction,
                       settler_aqueous_volume_m3: h.settlerAqueousVolume, settler_organic_volume_m3: h.settlerOrganicVolume,
                       transfer_coefficient_per_s: h.transferCoefficient)
            },
            initial: dc.initialDescription, horizon_s: dc.horizon,
            events: dc.eventLabels.map { Event(time_s: $0.time, description: $0.label) },
            integrator_restarts: dc.events.count, output_points: run.snapshots.count, recorded_stages: dc.recordStages.map { $0 + 1 },
            integrator: Integrator(status: run.report.code.rawValue, method: run.report.method, relative_tolerance: dc.options.rtol,
                                   steps: st.steps, rejected_steps: st.rejectedSteps, rhs_evaluations: st.rhsEvaluations,
                                   jacobian_evaluations: st.jacobianEvaluations, factorizations: st.factorizations,
                                   newton_iterations: st.newtonIterations, unknowns: run.finalState.count,
                                   failure: run.report.converged ? nil : run.report.worstLocation, notes: run.report.notes),
            outlets_at_end: outlets, products: a.products, ledger: ledger,
            worst_ledger_closure: ledger.map { abs($0.relative_closure) }.max() ?? 0,
            end_vs_steady: endVsSteady,
            model_sources: dc.cascade.modelSources,
            warnings: dc.cascade.warnings.map(\.description))
    }
}
