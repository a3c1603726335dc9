import RareSepODE

/// Where `ColumnDiscretization.writeJacobian` adds the entries of ∂f/∂y (global row
/// and column of the column state).
protocol ColumnJacobianSink {
    /// J(r, col) += v.
    func add(_ r: Int, _ col: Int, _ v: Double)
}

/// The band of `BandedJacobian` (entry (r, c) at `jac[r·width + (c − r + ml)]`).
struct BandSink: ColumnJacobianSink {
    let jac: UnsafeMutablePointer<Double>
    let ml: Int
    let width: Int
    @inline(__always) func add(_ r: Int, _ col: Int, _ v: Double) { jac[r * width + (col - r + ml)] += v }
}

/// The compact per-cell J of a `CondensedColumnSolver`.
struct CondensedSink: ColumnJacobianSink {
    let solver: CondensedColumnSolver
    @inline(__always) func add(_ r: Int, _ col: Int, _ v: Double) { solver.addJacobian(r, col, v) }
}

/// A `ColumnDiscretization` integrated with the condensed (per-cell Schur complement)
/// Newton solver instead of the banded LU: the same f and the same analytic J, written
/// into `CondensedColumnSolver`'s compact per-cell storage (no n × (3m + 1) band, no
/// n × (5m + 1) LU band). `ColumnSimulator` uses it for the GRM, whose cells carry many
/// particle values (m = n(1 + 2N_p)); the steps equal the banded path's to rounding.
public final class CondensedColumnSystem: DAESystem {
    /// The discretisation supplying f, J, the state layout and the section.
    public let discretization: ColumnDiscretization
    /// The condensed Newton solver holding J and I − c·J.
    public let linearSolver: CondensedColumnSolver

    /// Wrap `discretization` (its band storage is never allocated through this system).
    public init(_ discretization: ColumnDiscretization) {
        self.discretization = discretization
        linearSolver = CondensedColumnSolver(cells: discretization.cells, components: discretization.n,
                                             valuesPerCell: discretization.m)
    }

    /// Number of unknowns.
    public var dimension: Int { discretization.dimension }
    /// M = I.
    public var massIsIdentity: Bool { true }
    /// Every component is differential.
    public func isDifferential(_ i: Int) -> Bool { true }
    /// f of the discretisation.
    public func rhs(t: Double, y: UnsafePointer<Double>, f: UnsafeMutablePointer<Double>) -> Bool {
        discretization.rhs(t: t, y: y, f: f)
    }
    /// out = v (M = I).
    public func applyMass(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        out.update(from: v, count: dimension)
    }
    /// The analytic J into the compact storage.
    public func updateJacobian(t: Double, y: UnsafePointer<Double>) -> Bool {
        linearSolver.zeroJacobian()
        discretization.writeJacobian(y: y, into: CondensedSink(solver: linearSolver))
        return true
    }
    /// I − c·J is formed by the next `factor()`.
    public func assembleNewtonMatrix(c: Double) { linearSolver.setNewtonScale(c) }
}
