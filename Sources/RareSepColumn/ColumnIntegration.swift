import RareSepODE

/// The BDF integration of one column discretisation, whichever Newton linear solver it
/// runs on (`BDFIntegrator` over the discretisation itself — the banded LU — or over a
/// `CondensedColumnSystem`): what `ColumnSimulator` and `ColumnTrainSimulator` drive.
public protocol ColumnIntegration: AnyObject {
    /// Current time (s).
    var t: Double { get }
    /// Work counters since creation.
    var statistics: IntegratorStatistics { get }
    /// The failure behind the last non-success status.
    var failure: IntegratorFailure? { get }
    /// (Re)start at t0 (s) with state y0 (see `BDFIntegrator.restart`).
    func restart(t0: Double, y0: UnsafePointer<Double>) -> IntegratorStatus
    /// Advance to exactly tEnd (s) with output at `outputTimes` (see `BDFIntegrator.advance`).
    func advance(to tEnd: Double, outputTimes: [Double], outputIndex: inout Int,
                 output: (Int, Double, UnsafePointer<Double>) -> Void) -> IntegratorStatus
    /// `advance` interpolating only the entries `outputComponents` at the output times (the
    /// rest of the vector given to `output` is stale; see `BDFIntegrator.advance`).
    func advance(to tEnd: Double, outputTimes: [Double], outputIndex: inout Int, outputComponents: [Range<Int>]?,
                 output: (Int, Double, UnsafePointer<Double>) -> Void) -> IntegratorStatus
    /// Copy the current state into `out`.
    func copyState(into out: inout [Double])
}

extension BDFIntegrator: ColumnIntegration {}

extension ColumnNumerics {
    /// True when a column of `kind` is integrated with the condensed per-cell Newton solver
    /// (`CondensedColumnSystem`): `condensedNewton`, by default the GRM only; never the
    /// LRM, whose particle block (q alone) has no shells to condense.
    public func usesCondensedNewton(_ kind: ColumnModelKind) -> Bool {
        kind != .lrm && (condensedNewton ?? (kind == .grm))
    }

    /// The one place that chooses the Newton linear solver of a column run: a BDF
    /// integrator over `disc` (banded LU) or over `CondensedColumnSystem(disc)`, with these
    /// tolerances and largest step, and the method name the reports carry.
    public func integrator(for disc: ColumnDiscretization) -> (integrator: any ColumnIntegration, method: String) {
        let atol = [Double](repeating: self.atol, count: disc.dimension)
        if usesCondensedNewton(disc.problem.column.kind) {
            return (BDFIntegrator(system: CondensedColumnSystem(disc), rtol: rtol, atol: atol, maxStep: maxStep),
                    "fv-weno3-bdf-condensed")
        }
        return (BDFIntegrator(system: disc, rtol: rtol, atol: atol, maxStep: maxStep), "fv-weno3-bdf-banded")
    }
}
