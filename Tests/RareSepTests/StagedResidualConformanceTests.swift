import XCTest
import RareSepCascade

/// The seam of the stage-structured Newton: a residual that is not a cascade, solved by
/// the same generic iteration (`StagedNewton.iterate`) to its exact answer.
final class StagedResidualConformanceTests: XCTestCase {
    /// u'' = c on [0, 1], u(0) = a, u(1) = b, as the first-order system u' = v, v' = c on
    /// N nodes x_i = i·h (h = 1/(N−1)), node i a stage of block size 2 (u_i, v_i):
    /// row 0: u_0 − a (i = 0), else u_i − u_{i−1} − h/2·(v_{i−1} + v_i) (trapezoid);
    /// row 1: v_{i+1} − v_i − h·c (i < N−1), else u_{N−1} − b.
    /// The trapezoid is exact for a quadratic u, so the discrete solution is the exact
    /// u(x) = a + (b − a − c/2)·x + c·x²/2, v = u' at the nodes. v changes sign, so the
    /// unknowns are not nonnegative. No hold-up: the continuation's Δτ changes nothing.
    final class TwoPointBVP: StagedResidual {
        let stageCount: Int
        let blockSize = 2
        let system: BlockTridiagonalSystem
        let unknowns, trial, step, residual, scale, factorScale: UnsafeMutablePointer<Double>
        var relativeScaleFloor = 0.0
        static var unknownsAreNonnegative: Bool { false }
        let a: Double, b: Double, c: Double, h: Double

        init(nodes: Int, a: Double, b: Double, c: Double) {
            stageCount = nodes
            self.a = a; self.b = b; self.c = c
            h = 1 / Double(nodes - 1)
            system = BlockTridiagonalSystem(stageCount: nodes, blockSize: 2, hasCorner: false)
            let total = 2 * nodes
            func buffer() -> UnsafeMutablePointer<Double> {
                let p = UnsafeMutablePointer<Double>.allocate(capacity: total)
                p.initialize(repeating: 0, count: total)
                return p
            }
            unknowns = buffer(); trial = buffer(); step = buffer(); residual = buffer(); scale = buffer(); factorScale = buffer()
        }

        deinit { for p in [unknowns, trial, step, residual, scale, factorScale] { p.deallocate() } }

        /// Rows of stage i at `z`: residual and scale (terms' magnitudes, floored at 1).
        func evaluateStage(_ i: Int, _ z: UnsafeMutablePointer<Double>) {
            let u = { (k: Int) in z[2 * k] }, v = { (k: Int) in z[2 * k + 1] }
            if i == 0 {
                residual[0] = u(0) - a
                scale[0] = 1 + abs(u(0)) + abs(a)
            } else {
                residual[2 * i] = u(i) - u(i - 1) - h / 2 * (v(i - 1) + v(i))
                scale[2 * i] = 1 + abs(u(i)) + abs(u(i - 1)) + h / 2 * (abs(v(i - 1)) + abs(v(i)))
            }
            if i < stageCount - 1 {
                residual[2 * i + 1] = v(i + 1) - v(i) - h * c
                scale[2 * i + 1] = 1 + abs(v(i + 1)) + abs(v(i)) + abs(h * c)
            } else {
                residual[2 * i + 1] = u(i) - b
                scale[2 * i + 1] = 1 + abs(u(i)) + abs(b)
            }
        }

        func evaluateResidual(at state: UnsafeMutablePointer<Double>) {
            for i in 0..<stageCount { evaluateStage(i, state) }
        }

        func assembleNewtonStage(_ i: Int, rate: Double, rhs: UnsafeMutablePointer<Double>) {
            evaluateStage(i, unknowns)
            let d = system.diag + 4 * i, l = system.lower + 4 * i, up = system.upper + 4 * i
            d.update(repeating: 0, count: 4)
            system.zeroCoupling(i)
            // Compact coupling layout of the single pair: [row 0: (u, v), row 1: (u, v)].
            if i == 0 {
                d[0] = 1
            } else {
                d[0] = 1; d[1] = -h / 2
                l[0] = -1; l[1] = -h / 2
            }
            if i < stageCount - 1 {
                d[3] = -1
                up[3] = 1
            } else {
                d[2] = 1
            }
            // Non-incremental right-hand side J·z − F: the rows' constant parts.
            rhs[2 * i] = i == 0 ? a : 0
            rhs[2 * i + 1] = i < stageCount - 1 ? h * c : b
            for r in 0..<2 {
                let inv = 1 / scale[2 * i + r]
                rhs[2 * i + r] *= inv
                for k in 0..<2 { d[2 * r + k] *= inv; l[2 * r + k] *= inv; up[2 * r + k] *= inv }
            }
        }

        func describe(index: Int) -> String { "node \(index / 2 + 1), \(index % 2 == 0 ? "u" : "v") row" }

        func exact(_ i: Int) -> (u: Double, v: Double) {
            let x = Double(i) * h
            return (a + (b - a - c / 2) * x + c * x * x / 2, (b - a - c / 2) + c * x)
        }
    }

    /// The scaled max-norm (read four rows at a time) is the row-by-row one: the first row
    /// of the largest |F_i|/σ_i, ties to the earlier row, a NaN reported at its row, and
    /// rows past the last whole block of four included.
    func testScaledResidualNormIsTheRowByRowOne() {
        let w = TwoPointBVP(nodes: 11, a: 0, b: 1, c: 1)   // 22 rows: five blocks of four and two more
        var seed: UInt64 = 7
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
        func reference() -> (Double, Int) {
            var best = 0.0, at = 0
            for i in 0..<22 {
                let v = abs(w.residual[i]) / w.scale[i]
                if v.isNaN { return (.nan, i) }
                if v > best { best = v; at = i }
            }
            return (best, at)
        }
        for trial in 0..<200 {
            for i in 0..<22 { w.residual[i] = next(); w.scale[i] = 0.5 + next() + 0.5 }
            if trial % 5 == 1 { w.residual[trial % 22] = 3; w.residual[(trial * 7) % 22] = -3 }   // ties
            if trial % 7 == 2 { w.residual[trial % 22] = .nan }
            if trial % 11 == 3 { w.residual[21] = 40 }   // the largest in the tail rows
            let (norm, at) = w.scaledResidualNorm()
            let (rn, ra) = reference()
            XCTAssertEqual(at, ra, "trial \(trial)")
            if rn.isNaN { XCTAssertTrue(norm.isNaN) } else { XCTAssertEqual(norm, rn) }
        }
    }

    func testGenericNewtonSolvesALinearBoundaryValueProblemExactly() {
        for pseudoTimeStep in [nil, 1e-2] as [Double?] {
            let bvp = TwoPointBVP(nodes: 41, a: 1, b: 3, c: 8)
            let o = StagedNewton.iterate(bvp, options: StagedNewtonOptions(), pseudoTimeStep: pseudoTimeStep)
            XCTAssertEqual(o.code, .success, "\(StagedNewton.report(bvp, o).worstLocation)")
            if pseudoTimeStep == nil { XCTAssertLessThanOrEqual(o.iterations, 2, "linear: one Newton step") }
            var worst = 0.0
            var signs = Set<Bool>()
            for i in 0..<bvp.stageCount {
                let e = bvp.exact(i)
                worst = max(worst, abs(bvp.unknowns[2 * i] - e.u) / max(abs(e.u), 1), abs(bvp.unknowns[2 * i + 1] - e.v) / max(abs(e.v), 1))
                signs.insert(e.v > 0)
            }
            XCTAssertEqual(signs.count, 2, "the slope changes sign: the unknowns are signed")
            XCTAssertLessThan(worst, 1e-12, "exact quadratic recovered (pseudo-time step \(String(describing: pseudoTimeStep)))")
        }
    }
}
