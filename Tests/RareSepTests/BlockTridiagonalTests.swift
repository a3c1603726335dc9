import XCTest
@testable import GSLBridge
@testable import RareSepCascade

final class BlockTridiagonalTests: XCTestCase {
    /// Random diagonally dominant block-tridiagonal systems with pair-diagonal coupling
    /// blocks (with and without the corner block, with full and sparse 2×2 pair
    /// couplings; a corner over every column or, as a solvent loop's, over the organic
    /// columns only) against GSL's dense LU, factored whole and stage by stage.
    func testMatchesDenseSolve() throws {
        var rng = SystemRandomNumberGenerator()
        for (n, m, corner, sparse, organicCorner) in [(1, 4, true, false, false), (2, 4, true, false, false), (5, 6, false, false, false),
                                                      (7, 4, true, true, false), (6, 2, true, false, false), (9, 8, true, false, false),
                                                      (9, 8, true, false, true), (7, 6, true, true, true)] {
            for stageWise in [false, true] {
                let sys = BlockTridiagonalSystem(stageCount: n, blockSize: m, hasCorner: corner)
                let size = n * m, cs = sys.couplingStride
                var dense = [Double](repeating: 0, count: size * size)
                func put(_ r: Int, _ c: Int, _ v: Double) { dense[r * size + c] += v }
                for s in 0..<n {
                    for i in 0..<m {
                        for j in 0..<m {
                            let d = Double.random(in: -1...1, using: &rng) + (i == j ? Double(3 * m) : 0)
                            sys.diag[s * m * m + i * m + j] = d; put(s * m + i, s * m + j, d)
                            guard let k = sys.couplingIndex(row: i, column: j) else { continue }
                            let keep = !sparse || i == j
                            if s > 0 && keep {
                                let l = Double.random(in: -1...1, using: &rng)
                                sys.lower[s * cs + k] = l; put(s * m + i, (s - 1) * m + j, l)
                            }
                            if s < n - 1 && keep && j < m - 1 {
                                let u = Double.random(in: -1...1, using: &rng)
                                sys.upper[s * cs + k] = u; put(s * m + i, (s + 1) * m + j, u)
                            }
                        }
                    }
                }
                if corner {
                    for i in 0..<m { for j in 0..<m {
                        guard let k = sys.couplingIndex(row: i, column: j), !organicCorner || j >= m / 2 else { continue }
                        let c = Double.random(in: -1...1, using: &rng)
                        sys.corner[k] = c; put(i, (n - 1) * m + j, c)
                    } }
                }
                let rhs = (0..<size).map { _ in Double.random(in: -5...5, using: &rng) }
                let expected = try gslSolveDense(matrix: dense, rhs: rhs)
                var z = rhs
                if stageWise {
                    z.withUnsafeMutableBufferPointer { b in
                        for s in 0..<n { XCTAssertTrue(sys.factorStage(s)); sys.forwardStage(s, b.baseAddress!) }
                        XCTAssertTrue(sys.finishFactor())
                        sys.finishSolve(b.baseAddress!)
                    }
                } else {
                    XCTAssertTrue(sys.factor())
                    z.withUnsafeMutableBufferPointer { sys.solve($0.baseAddress!) }
                }
                for i in 0..<size {
                    XCTAssertEqual(z[i], expected[i], accuracy: 1e-11 * max(1, abs(expected[i])), "n=\(n) m=\(m) organic corner \(organicCorner) stage-wise \(stageWise) i=\(i)")
                }
            }
        }
    }

    func testCouplingLayout() {
        let sys = BlockTridiagonalSystem(stageCount: 2, blockSize: 6, hasCorner: false)
        // pair p = species p: rows/columns p (aqueous) and 3 + p (organic)
        XCTAssertEqual(sys.couplingIndex(row: 1, column: 1), 4)
        XCTAssertEqual(sys.couplingIndex(row: 1, column: 4), 5)
        XCTAssertEqual(sys.couplingIndex(row: 4, column: 1), 6)
        XCTAssertEqual(sys.couplingIndex(row: 4, column: 4), 7)
        XCTAssertNil(sys.couplingIndex(row: 1, column: 2))
        XCTAssertNil(sys.couplingIndex(row: 0, column: 5))
    }

    func testSingularBlockIsReported() {
        let sys = BlockTridiagonalSystem(stageCount: 3, blockSize: 2, hasCorner: false)
        for s in 0..<3 { sys.diag[s * 4] = 1; sys.diag[s * 4 + 3] = s == 1 ? 0 : 1 }
        XCTAssertFalse(sys.factor())
        XCTAssertEqual(sys.singularStage, 1)
    }
}
