import Foundation
import RareSepCore
import RareSepODE

/// Discretisation and integrator settings of a column run.
public struct ColumnNumerics: Sendable {
    /// Number of finite volumes N.
    public var cells: Int
    /// Relative tolerance of the BDF error control.
    public var rtol: Double
    /// Absolute tolerance (mol/m³ for concentrations and loadings; mol/m² for the
    /// cumulative outflow states).
    public var atol: Double
    /// Largest step (s); infinity for none.
    public var maxStep: Double
    /// Relative WENO ε: ε_j = ε_rel·c_ref,j² (see `ColumnDiscretization`). Small
    /// values (1e-6) make the scheme more strictly non-oscillatory and more
    /// diffusive; 1e-2 keeps fronts essentially monotone while letting the
    /// reconstruction stay near its optimal third-order weights on resolved fronts.
    public var wenoRelativeEpsilon: Double
    /// Number of radial shells N_p per bead (GRM only; see `ParticleShells`).
    public var particleCells: Int
    /// Newton linear solver: true for the condensed per-cell solver
    /// (`CondensedColumnSystem`; LRMP and GRM, the LRM stays banded), false for the banded
    /// LU, nil to choose (condensed for the GRM, banded for the LRM and LRMP, where it is
    /// as fast). Chosen in one place, `integrator(for:)`, for single columns and trains.
    public var condensedNewton: Bool?

    public init(cells: Int, rtol: Double = 1e-5, atol: Double = 1e-7, maxStep: Double = .infinity,
                wenoRelativeEpsilon: Double = 1e-2, particleCells: Int = 8, condensedNewton: Bool? = nil) {
        self.cells = cells
        self.condensedNewton = condensedNewton
        self.particleCells = particleCells
        self.rtol = rtol
        self.atol = atol
        self.maxStep = maxStep
        self.wenoRelativeEpsilon = wenoRelativeEpsilon
    }
}

/// Outcome of a column run: the outlet curves at the requested times plus the
/// cumulative outflow and hold-ups needed for fractions and the mass balance.
public struct ColumnRun: Sendable {
    /// Output times (s).
    public var times: [Double]
    /// Outlet concentration, `outlet[k][j]` at times[k] for component j (mol/m³).
    public var outlet: [[Double]]
    /// Cumulative outflow ∫_0^t u_s·c_out,j dt at each output time (mol/m²).
    public var cumulativeOutflow: [[Double]]
    /// Times and cumulative outflow at the extra probe times (cut points), same units.
    public var probeTimes: [Double]
    public var probeOutflow: [[Double]]
    /// Amount fed per component over the whole programme, ∫ u_s·c_in dt (mol/m²).
    public var fed: [Double]
    /// Amount in the column at t = 0 and at the end (mol/m²).
    public var initialHoldup: [Double]
    public var finalHoldup: [Double]
    /// Cumulative outflow at the end of the programme (mol/m²).
    public var totalOutflow: [Double]
    /// Final state vector (for profiles and restarts).
    public var finalState: [Double]
    public var statistics: IntegratorStatistics
    /// Return code and diagnostics.
    public var report: SolverReport
}

/// Runs a column problem through its operating programme: one BDF integration per
/// section, restarted at order 1 at every section boundary (the inlet, and hence
/// the right-hand side, may jump there; the state is continuous, so the restart
/// from the end state of the previous section is consistent for this ODE system).
public enum ColumnSimulator {
    /// Simulate; `outputTimes` must be sorted (s, within [0, duration]); `probeTimes`
    /// are extra times where only the cumulative outflow is recorded. `initialState`
    /// (a state of the same discretisation, e.g. a column leaving a train) replaces the
    /// equilibrated start of `problem.initialConcentration`; the run then starts at the
    /// first section's start (its cumulative-outflow entries are reset to 0).
    public static func run(_ problem: ColumnProblem, numerics: ColumnNumerics, outputTimes: [Double],
                           probeTimes: [Double] = [], initialState: [Double]? = nil) -> ColumnRun {
        let disc = ColumnDiscretization(problem: problem, cells: numerics.cells, particleCells: numerics.particleCells,
                                        wenoRelativeEpsilon: numerics.wenoRelativeEpsilon)
        let (integ, method) = numerics.integrator(for: disc)
        return integrate(problem, disc: disc, integ: integ, method: method, numerics: numerics,
                         outputTimes: outputTimes, probeTimes: probeTimes, initialState: initialState)
    }

    /// The run of `run` with `integ` (over `disc` or a system wrapping it).
    static func integrate(_ problem: ColumnProblem, disc: ColumnDiscretization, integ: any ColumnIntegration,
                                        method: String, numerics: ColumnNumerics, outputTimes: [Double],
                                        probeTimes: [Double], initialState: [Double]?) -> ColumnRun {
        let n = disc.n
        // merged evaluation times: (time, kind) with kind 0 = output, 1 = probe
        var evals: [(Double, Int, Int)] = []
        for (k, t) in outputTimes.enumerated() { evals.append((t, 0, k)) }
        for (k, t) in probeTimes.enumerated() { evals.append((t, 1, k)) }
        evals.sort { $0.0 < $1.0 }
        let evalTimes = evals.map(\.0)
        var outlet = [[Double]](repeating: [Double](repeating: 0, count: n), count: outputTimes.count)
        var cum = outlet
        var probe = [[Double]](repeating: [Double](repeating: 0, count: n), count: probeTimes.count)
        var y0 = disc.initialState()
        if let initialState, initialState.count == y0.count {
            y0 = initialState
            for j in 0..<n { y0[disc.cells * disc.m + j] = 0 }
        }
        let runStart = problem.sections.first?.start ?? 0
        let initialHoldup = y0.withUnsafeBufferPointer { disc.holdup($0.baseAddress!) }
        var index = 0
        let progress = ProgressReporter(label: "column", total: (problem.sections.last?.end ?? runStart) - runStart, unit: "simulated", style: .simulatedTime)
        defer { progress.finish() }
        // `record` reads only these entries of the state (the outlet cells and the cumulative outflow)
        let recorded = disc.recordedComponents
        let record: (Int, Double, UnsafePointer<Double>) -> Void = { e, t, y in
            progress.update(to: t - runStart)
            let (_, kind, k) = evals[e]
            if kind == 0 {
                for j in 0..<n {
                    outlet[k][j] = disc.outlet(j, y)
                    cum[k][j] = y[disc.cells * disc.m + j]
                }
            } else {
                for j in 0..<n { probe[k][j] = y[disc.cells * disc.m + j] }
            }
        }
        // outputs at the start (before the first step)
        while index < evals.count && evalTimes[index] <= runStart {
            let e = index
            y0.withUnsafeBufferPointer { record(e, 0, $0.baseAddress!) }
            index += 1
        }
        var status = IntegratorStatus.success
        var failedSection = ""
        var started = false
        for section in problem.sections where section.end > section.start {
            disc.section = section
            var state = [Double](repeating: 0, count: disc.dimension)
            if !started {
                state = y0
                started = true
            } else {
                integ.copyState(into: &state)
            }
            status = state.withUnsafeBufferPointer { integ.restart(t0: section.start, y0: $0.baseAddress!) }
            if status != .success { failedSection = section.name; break }
            status = integ.advance(to: section.end, outputTimes: evalTimes, outputIndex: &index,
                                   outputComponents: recorded, output: record)
            if status != .success { failedSection = section.name; break }
        }
        var finalState = [Double](repeating: 0, count: disc.dimension)
        integ.copyState(into: &finalState)
        let finalHoldup = finalState.withUnsafeBufferPointer { disc.holdup($0.baseAddress!) }
        let totalOut = (0..<n).map { finalState[disc.cells * disc.m + $0] }
        let fed = (0..<n).map { j in problem.sections.reduce(0.0) { $0 + problem.column.superficialVelocity * $1.inletIntegral(j) } }
        let code = status.returnCode
        let st = integ.statistics
        let shellNote = problem.column.kind == .grm ? " × \(numerics.particleCells) particle shells" : ""
        var notes = ["cells \(numerics.cells)\(shellNote), \(problem.column.kind.rawValue), rtol \(numerics.rtol), atol \(numerics.atol)",
                     "steps \(st.steps) (rejected \(st.rejectedSteps)), f evaluations \(st.rhsEvaluations), Jacobians \(st.jacobianEvaluations), LU \(st.factorizations)"]
        if status != .success {
            notes.append("integration stopped in section '\(failedSection)': \(integ.failure?.description ?? status.rawValue)")
        }
        let report = SolverReport(code: code, method: method, iterations: st.steps, residual: 0,
                                  worstLocation: status == .success ? "" : "section \(failedSection), t = \(integ.t) s", notes: notes)
        return ColumnRun(times: outputTimes, outlet: outlet, cumulativeOutflow: cum, probeTimes: probeTimes, probeOutflow: probe,
                         fed: fed, initialHoldup: initialHoldup, finalHoldup: finalHoldup, totalOutflow: totalOut,
                         finalState: finalState, statistics: st, report: report)
    }
}
