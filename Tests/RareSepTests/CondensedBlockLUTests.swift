import XCTest
@testable import RareSepCascade
@testable import RareSepContactor

/// The condensed stage-block LU (`CondensedBlockLU`) solves what the dense LU solves,
/// declines blocks without its shape, and takes every cell of an upwind plug-flow contactor.
final class CondensedBlockLUTests: XCTestCase {
    /// A 2n×2n block with B diagonal: A, C, E filled from a fixed linear congruential sequence.
    static func block(n: Int, diagonalB: Bool = true) -> [Double] {
        var seed: UInt64 = 12345
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
        let m = 2 * n
        var d = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for c in 0..<m { d[i * m + c] = next() } }
        for i in 0..<n { for c in 0..<n where diagonalB || c == i { d[i * m + n + c] = c == i ? 2 + next() : 0 } }
        if !diagonalB { d[0 * m + n + 1] = 0.3 }
        return d
    }

    /// Packed condensed factors of `block` (64-byte aligned, as `BlockTridiagonalSystem` keeps them).
    final class Packed {
        let n: Int, width: Int
        let f: UnsafeMutablePointer<Double>
        var pivots: [Int]
        let scratch: UnsafeMutablePointer<Double>
        let ok: Bool
        init(_ block: [Double], n: Int) {
            self.n = n
            width = CondensedBlockLU.width(n)!
            f = BlockTridiagonalSystem.alignedBuffer(CondensedBlockLU.storage(n, width: width))
            scratch = BlockTridiagonalSystem.alignedBuffer(CondensedBlockLU.scratchCount(n, width: width))
            pivots = [Int](repeating: 0, count: n)
            ok = CondensedBlockLU.factor(block, n, width: width, f, &pivots, scratch: scratch)
        }
        deinit { f.deallocate(); scratch.deallocate() }
        func solve(_ b: inout [Double]) { CondensedBlockLU.solve(f, n, width: width, pivots, &b, scratch: scratch) }
        /// Solve for a 2n×k right-hand side (row-major, k columns), through the padded rows.
        func solveMatrix(_ r: inout [Double], columns k: Int) {
            let g = BlockTridiagonalSystem.alignedBuffer(2 * n * width)
            defer { g.deallocate() }
            for i in 0..<(2 * n) { for c in 0..<k { g[i * width + c] = r[i * k + c] } }
            CondensedBlockLU.solveMatrix(f, n, width: width, pivots, g, columns: k)
            for i in 0..<(2 * n) {
                for c in 0..<k { r[i * k + c] = g[i * width + c] }
                for c in k..<width { XCTAssertEqual(g[i * width + c], 0) }   // padding stays zero
            }
        }
    }

    /// Every packed width (n = 2 … 32 picks 4, 8, 12, 16, 24, 32) solves what the dense LU solves.
    func testCondensedSolvesAgreeWithTheDenseLU() {
        for n in [2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 20, 24, 25, 32] {
            let m = 2 * n, k = max(1, n - 2)
            let original = Self.block(n: n)
            var dense = original
            var pd = [Int](repeating: 0, count: m)
            XCTAssertTrue(CondensedBlockLU.applies(original, n))
            XCTAssertTrue(DenseBlockLU.factor(&dense, m, &pd))
            let cond = Packed(original, n: n)
            XCTAssertTrue(cond.ok)
            var b1 = (0..<m).map { Double($0) - 3.5 }, b2 = b1
            DenseBlockLU.solve(dense, m, pd, &b1)
            cond.solve(&b2)
            for i in 0..<m { XCTAssertEqual(b1[i], b2[i], accuracy: 1e-11 * max(1, abs(b1[i])), "n = \(n)") }
            // residual of the condensed solution against the original block
            for i in 0..<m {
                var r = -(Double(i) - 3.5)
                for c in 0..<m { r += original[i * m + c] * b2[c] }
                XCTAssertEqual(r, 0, accuracy: 1e-11, "n = \(n)")
            }
            // a right-hand side of k coupling columns (one nonzero per half, as a neighbour's stream)
            var r1 = [Double](repeating: 0, count: m * k)
            for c in 0..<k { r1[c * k + c] = 1.5 + Double(c); r1[(n + c) * k + c] = -0.5 }
            var r2 = r1
            DenseBlockLU.solveMatrix(dense, m, pd, &r1, columns: k)
            cond.solveMatrix(&r2, columns: k)
            for i in 0..<(m * k) { XCTAssertEqual(r1[i], r2[i], accuracy: 1e-11 * max(1, abs(r1[i])), "n = \(n)") }
        }
        XCTAssertNil(CondensedBlockLU.width(33))
        XCTAssertNil(CondensedBlockLU.width(1))
        XCTAssertEqual([9, 12, 13, 17, 24].map { CondensedBlockLU.width($0) }, [12, 12, 16, 24, 24])
    }

    func testAFixedOrganicUnknownIsExactAndTheSolveAgrees() {
        // species 2's closure row fixes y_2 alone (an aqueous-only species: y_2 = r/E_22);
        // with `coupled`, the other closures also depend on y_2 (E_j2 ≠ 0), which the
        // condensed solves must carry as the dense LU does
        for coupled in [false, true] {
            let n = 6, m = 12, k = 4
            var original = Self.block(n: n)
            for c in 0..<m { original[(n + 2) * m + c] = c == n + 2 ? 1e3 : 0 }
            if !coupled { for r in n..<m where r != n + 2 { original[r * m + n + 2] = 0 } }
            var dense = original
            var pd = [Int](repeating: 0, count: m)
            XCTAssertTrue(DenseBlockLU.factor(&dense, m, &pd))
            let cond = Packed(original, n: n)
            XCTAssertTrue(cond.ok)
            XCTAssertTrue(CondensedBlockLU.isFixed(cond.f, n, width: cond.width, 2))
            XCTAssertFalse(CondensedBlockLU.isFixed(cond.f, n, width: cond.width, 1))
            for fixedValue in [0.0, 0.75] {
                var b1 = (0..<m).map { Double($0) - 3.5 }
                b1[n + 2] = fixedValue
                var b2 = b1
                DenseBlockLU.solve(dense, m, pd, &b1)
                cond.solve(&b2)
                if fixedValue == 0 { XCTAssertEqual(b2[n + 2], 0) }   // exactly
                for i in 0..<m { XCTAssertEqual(b1[i], b2[i], accuracy: 1e-12 * max(1, abs(b1[i])), "coupled \(coupled), row \(i)") }
                var r1 = [Double](repeating: 0, count: m * k)
                for c in 0..<k { r1[c * k + c] = 1.5 + Double(c); r1[(n + c) * k + c] = c == 2 ? fixedValue : -0.5 }
                var r2 = r1
                DenseBlockLU.solveMatrix(dense, m, pd, &r1, columns: k)
                cond.solveMatrix(&r2, columns: k)
                if fixedValue == 0 { for c in 0..<k { XCTAssertEqual(r2[(n + 2) * k + c], 0) } }
                for i in 0..<(m * k) { XCTAssertEqual(r1[i], r2[i], accuracy: 1e-12 * max(1, abs(r1[i])), "coupled \(coupled), entry \(i)") }
            }
        }
    }

    /// The SIMD fill D −= L·G and the gain-row dots agree with the scalar loops, and the
    /// fill leaves the columns beyond the gain's untouched.
    func testFillAndGainRowKernelsAgreeWithScalarLoops() {
        for n in [2, 5, 8, 11, 12, 15, 17, 24] {
            let m = 2 * n, k = n, w = CondensedBlockLU.width(n)!
            let block = Self.block(n: n)
            let g = BlockTridiagonalSystem.alignedBuffer(m * w)
            let v = BlockTridiagonalSystem.alignedBuffer(w)
            defer { g.deallocate(); v.deallocate() }
            for i in 0..<m { for c in 0..<k { g[i * w + c] = block[(i * 7 + c * 3) % (m * m)] } }
            var l = [Double](repeating: 0, count: 4 * n)
            for q in 0..<n { l[4 * q + 1] = 0.3 + Double(q); l[4 * q + 3] = -0.7; l[4 * q] = q % 3 == 0 ? 0.2 : 0 }
            var d = block, ref = block
            CondensedBlockLU.fill(&d, n, width: w, l, g)
            for q in 0..<n {
                for r in 0..<2 {
                    let a = l[4 * q + 2 * r], b = l[4 * q + 2 * r + 1]
                    for c in 0..<k { ref[(r * n + q) * m + c] -= a * g[q * w + c] + b * g[(n + q) * w + c] }
                }
            }
            XCTAssertEqual(d, ref, "n = \(n)")
            for c in 0..<k { v[c] = Double(c) - 1.5 }
            var out = [Double](repeating: 1, count: m), outRef = out
            CondensedBlockLU.subtractRows(g, rows: m, width: w, v, &out)
            for i in 0..<m { for c in 0..<k { outRef[i] -= g[i * w + c] * v[c] } }
            for i in 0..<m { XCTAssertEqual(out[i], outRef[i], accuracy: 1e-13 * max(1, abs(outRef[i]))) }
        }
    }

    func testBlocksWithoutTheShapeAreDeclined() {
        XCTAssertFalse(CondensedBlockLU.applies(Self.block(n: 4, diagonalB: false), 4))
        var small = Self.block(n: 4)
        small[0 * 8 + 4] = 1e-9   // |B_00| far below its column in E (several nonzeros)
        XCTAssertFalse(CondensedBlockLU.applies(small, 4))
    }

    func testUpwindPlugFlowContactorCellsAreCondensed() throws {
        let p = try ContactorMassActionTests.problem(cells: 50, ka: 0.05)
        let ws = try ContactorWorkspace(problem: p)
        ContactorSolver.linearStart(ws)
        XCTAssertNil(ws.assembleAndSolveNewton(rate: 0))
        let notCondensed = (0..<p.cells).filter { !ws.system.isCondensed($0) }
        XCTAssertEqual(notCondensed, [])
        // the condensed and the dense factorisation give the same Newton point
        let dense = try ContactorWorkspace(problem: p, condensed: false)
        dense.unknowns.update(from: ws.unknowns, count: p.cells * ws.blockSize)
        XCTAssertNil(dense.assembleAndSolveNewton(rate: 0))
        for i in 0..<(p.cells * ws.blockSize) where abs(dense.step[i]) > 1e-200 {
            XCTAssertEqual(ws.step[i] / dense.step[i], 1, accuracy: 1e-8, ws.describe(index: i))
        }
    }
}
