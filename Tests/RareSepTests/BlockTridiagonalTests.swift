import XCTest
@testable import GSLBridge
@testable import RareSepFlowsheet

final class BlockTridiagonalTests: XCTestCase {
    /// Random diagonally dominant block-tridiagonal systems (with and without the
    /// corner block, with sparse and dense off-diagonal blocks) against GSL's dense LU.
    func testMatchesDenseSolve() throws {
        var rng = SystemRandomNumberGenerator()
        for (n, m, corner, sparse) in [(1, 3, true, false), (2, 4, true, false), (5, 3, false, false), (7, 4, true, true), (6, 2, true, false)] {
            let sys = BlockTridiagonalSystem(stageCount: n, blockSize: m, hasCorner: corner)
            let size = n * m
            var dense = [Double](repeating: 0, count: size * size)
            func put(_ r: Int, _ c: Int, _ v: Double) { dense[r * size + c] += v }
            for s in 0..<n {
                for i in 0..<m {
                    for j in 0..<m {
                        let d = Double.random(in: -1...1, using: &rng) + (i == j ? Double(3 * m) : 0)
                        sys.diag[s * m * m + i * m + j] = d; put(s * m + i, s * m + j, d)
                        let keep = !sparse || i == j
                        if s > 0 && keep {
                            let l = Double.random(in: -1...1, using: &rng)
                            sys.lower[s * m * m + i * m + j] = l; put(s * m + i, (s - 1) * m + j, l)
                        }
                        if s < n - 1 && keep && j < m - 1 {
                            let u = Double.random(in: -1...1, using: &rng)
                            sys.upper[s * m * m + i * m + j] = u; put(s * m + i, (s + 1) * m + j, u)
                        }
                    }
                }
            }
            if corner {
                for i in 0..<m { for j in 0..<m {
                    let c = Double.random(in: -1...1, using: &rng)
                    sys.corner[i * m + j] = c; put(i, (n - 1) * m + j, c)
                } }
            }
            let rhs = (0..<size).map { _ in Double.random(in: -5...5, using: &rng) }
            let expected = try gslSolveDense(matrix: dense, rhs: rhs)
            XCTAssertNil(sys.factor())
            var z = rhs
            z.withUnsafeMutableBufferPointer { sys.solve($0.baseAddress!) }
            for i in 0..<size { XCTAssertEqual(z[i], expected[i], accuracy: 1e-11 * max(1, abs(expected[i])), "n=\(n) m=\(m) i=\(i)") }
        }
    }

    func testSingularBlockIsReported() {
        let sys = BlockTridiagonalSystem(stageCount: 3, blockSize: 2, hasCorner: false)
        for s in 0..<3 { sys.diag[s * 4] = 1; sys.diag[s * 4 + 3] = s == 1 ? 0 : 1 }
        XCTAssertEqual(sys.factor(), 1)
    }
}
