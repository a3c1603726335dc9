/// The cascade as a `StagedResidual`: stage s holds the aqueous and organic
/// concentrations of its n species (m = 2n unknowns, mol/m³, pairs (x_j, y_j)); its
/// rows are the species balances (mol/s) and the equilibrium/closure rows (mol/m³)
/// of `evaluateStage`; the corner is the solvent loop; concentrations are
/// nonnegative. A species collapsing by decades in the line search is flagged and
/// its profile solved exactly by the trace polish (`refineTrial`).
extension CascadeWorkspace: StagedResidual {
    /// The state z (stage-major, x then y per stage, mol/m³).
    @inline(__always) public var unknowns: UnsafeMutablePointer<Double> { z }

    /// Residual and row scales of every stage at `state`.
    @inline(__always)
    public func evaluateResidual(at state: UnsafeMutablePointer<Double>) {
        evaluate(state, jacobian: false)
    }

    /// Stage s's row-scaled blocks at z, the hold-up term of `rate` (hold-ups of one
    /// second of flow: A_s·x + O_s·y, mol), and its rows of the non-incremental
    /// right-hand side (`newtonRightHandSideStage`).
    @inline(__always)
    public func assembleNewtonStage(_ s: Int, rate: Double, rhs: UnsafeMutablePointer<Double>) {
        evaluateStage(s, z, jacobian: true, scaled: true, diagonal: system.diag + s &* blockSize &* blockSize)
        if rate > 0 { addPseudoTimeStage(s, rate) }
        newtonRightHandSideStage(s, rate: rate, into: rhs)
    }

    /// Clear the per-species collapse flags.
    @inline(__always)
    public func willFormTrial() {
        collapsed.update(repeating: false, count: speciesCount)
    }

    /// Flag the species of unknown `index` (aqueous or organic) as collapsing.
    @inline(__always)
    public func noteCollapse(at index: Int) {
        collapsed[(index % blockSize) % speciesCount] = true
    }

    /// Trace polish of the flagged species (`polishCollapsedSpecies`); true when it ran
    /// (the coupling blocks are then overwritten).
    @inline(__always)
    public func refineTrial(_ state: UnsafeMutablePointer<Double>) -> Bool {
        polishCollapsedSpecies(state: state)
    }
}
