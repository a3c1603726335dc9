import XCTest
@testable import RareSepChemistry
@testable import RareSepCascade
@testable import RareSepIO

/// The assembled block Jacobian of the stage equations equals finite differences
/// of the residual, for every validation cascade (and any case added later).
final class StageJacobianTests: XCTestCase {
    static func checkJacobian(_ problem: CascadeProblem, perturb: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let ws = try CascadeWorkspace(problem: problem)
        CascadeSolver.initialGuess(ws)
        let N = ws.stageCount, m = ws.blockSize, total = N * m
        // a generic point: perturb the start so no entry is special
        if perturb { for i in 0..<total { ws.z[i] = ws.z[i] * (1.1 + 0.01 * Double(i % 7)) + 1e-3 * Double(1 + i % 5) } }
        ws.evaluate(ws.z, jacobian: true)
        let sys = ws.system
        let cs = sys.couplingStride
        func coupling(_ block: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) -> Double {
            sys.couplingEntry(block, row: i, column: j)
        }
        func analytic(_ r: Int, _ c: Int) -> Double {
            let sr = r / m, sc = c / m, i = r % m, j = c % m
            if sr == sc {
                var cornerInBand = 0.0
                if N == 1 && problem.loop != nil { cornerInBand = coupling(sys.corner, i, j) }
                return sys.diag[sr * m * m + i * m + j] + cornerInBand
            }
            if sc == sr + 1 { return coupling(sys.upper + sr * cs, i, j) + (N == 2 && sr == 0 && problem.loop != nil ? coupling(sys.corner, i, j) : 0) }
            if sc == sr - 1 { return coupling(sys.lower + sr * cs, i, j) }
            if sr == 0 && sc == N - 1 && problem.loop != nil { return coupling(sys.corner, i, j) }
            return 0
        }
        var fdJ = [Double](repeating: 0, count: total * total)
        for c in 0..<total {
            let h = 1e-5 * max(1, abs(ws.z[c]))
            let keep = ws.z[c]
            ws.z[c] = keep + h
            ws.evaluate(ws.z, jacobian: false)
            var plus = [Double](repeating: 0, count: total)
            for i in 0..<total { plus[i] = ws.residual[i] }
            ws.z[c] = keep - h
            ws.evaluate(ws.z, jacobian: false)
            for r in 0..<total { fdJ[r * total + c] = (plus[r] - ws.residual[r]) / (2 * h) }
            ws.z[c] = keep
        }
        for r in 0..<total {
            var rowMax = 0.0
            for c in 0..<total { rowMax = max(rowMax, abs(analytic(r, c)), abs(fdJ[r * total + c])) }
            for c in 0..<total {
                let a = analytic(r, c), fd = fdJ[r * total + c]
                if abs(fd - a) > 1e-6 * max(abs(fd), abs(a)) + 1e-9 * rowMax {
                    XCTFail("J[\(r),\(c)] analytic \(a) vs FD \(fd) (\(ws.describe(index: r)))", file: file, line: line)
                    return
                }
            }
        }
    }

    func testJacobianOfEveryValidationCascade() throws {
        let lib = TestPaths.library
        var checked = 0
        for dir in ValidationRunner.discover(root: TestPaths.validation) {
            let casePath = dir + "/case.yaml"
            guard FileManager.default.fileExists(atPath: casePath),
                  let root = try? YAMLDocument.load(path: casePath),
                  (try? root.optional("kind")?.string()) ?? "cascade" == "cascade" else { continue }
            let c = try CascadeCase.load(root: root, path: casePath, library: lib)
            if c.problem.stageCount * c.problem.species.count > 400 { continue }
            try Self.checkJacobian(c.problem)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 3)
    }
}
