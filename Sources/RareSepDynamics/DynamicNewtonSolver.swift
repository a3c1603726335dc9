import RareSepCascade
import RareSepODE

/// The Newton-matrix solver of a dynamic cascade: the block-tridiagonal chain of mixers and
/// settler cells (`BlockTridiagonalSystem`, with the loop corner), bordered below by the
/// ledger rows of the cumulative outflows. A ledger row reads only chain unknowns
/// (dG/dt = Q·c of an outlet cell) and nothing reads it, so after the chain's solve it
/// is one multiply-add per entry: d_G = b_G + c·Σ Q·d_outlet. Allocation-free.
public final class DynamicNewtonSolver: NewtonLinearSolver {
    /// The chain part (mixers and settler cells).
    public let chain: BlockTridiagonalSystem
    /// Unknowns of the chain (the ledger rows follow).
    let chainSize: Int
    /// Ledger border of J: entry k is J[row[k], column[k]] = weight[k] (m³/s).
    let borderRow: UnsafeMutablePointer<Int>
    let borderColumn: UnsafeMutablePointer<Int>
    let borderWeight: UnsafeMutablePointer<Double>
    let borderCount: Int
    /// c of the matrix M − c·J last assembled (s).
    var c = 0.0

    init(chain: BlockTridiagonalSystem, chainSize: Int, borderCapacity: Int) {
        self.chain = chain
        self.chainSize = chainSize
        borderCount = borderCapacity
        borderRow = .allocate(capacity: max(1, borderCapacity))
        borderColumn = .allocate(capacity: max(1, borderCapacity))
        borderWeight = .allocate(capacity: max(1, borderCapacity))
        borderRow.initialize(repeating: 0, count: max(1, borderCapacity))
        borderColumn.initialize(repeating: 0, count: max(1, borderCapacity))
        borderWeight.initialize(repeating: 0, count: max(1, borderCapacity))
    }

    deinit { borderRow.deallocate(); borderColumn.deallocate(); borderWeight.deallocate() }

    /// Factor the chain (the ledger rows have unit diagonal).
    public func factor() -> Bool { chain.factor() }

    /// Solve (M − c·J)·x = b in place.
    public func solve(_ b: UnsafeMutablePointer<Double>) {
        chain.solve(b)
        for k in 0..<borderCount { b[borderRow[k]] += c * borderWeight[k] * b[borderColumn[k]] }
    }
}
