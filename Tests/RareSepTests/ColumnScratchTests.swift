import XCTest
import Foundation
@testable import RareSepColumn

final class ColumnScratchTests: XCTestCase {
    func testScratchB1Study() throws {
        guard ProcessInfo.processInfo.environment["RARESEP_SCRATCH"] != nil else { return }
        let p = ColumnBenchmark.b1Problem()
        let times = ColumnBenchmark.b1Times
        let t0 = Date()
        let ref = ColumnSimulator.run(p, numerics: ColumnNumerics(cells: 1600, rtol: 1e-7, atol: 1e-9), outputTimes: times)
        print("ref", Date().timeIntervalSince(t0), ref.report.notes)
        let epsList = (ProcessInfo.processInfo.environment["EPS"] ?? "1e-2").split(separator: ",").map { Double($0)! }
        let cellList = (ProcessInfo.processInfo.environment["CELLS"] ?? "100,150").split(separator: ",").map { Int($0)! }
        let rtolList = (ProcessInfo.processInfo.environment["RTOL"] ?? "1e-4").split(separator: ",").map { Double($0)! }
        for eps in epsList {
            for cells in cellList {
                for rt in rtolList {
                    let num = ColumnNumerics(cells: cells, rtol: rt, atol: rt * 1e-2, wenoRelativeEpsilon: eps)
                    let r = ColumnBenchmark.b1(runs: 3, numerics: num, reference: ref.outlet)
                    let x = ColumnSimulator.run(p, numerics: num, outputTimes: times)
                    let minOut = x.outlet.flatMap { $0 }.min()!
                    print("eps", eps, cells, rt, r, "min", minOut, x.report.notes[1])
                }
            }
        }
    }
}
