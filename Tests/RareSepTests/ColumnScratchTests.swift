import XCTest
@testable import RareSepColumn

final class ColumnScratchTests: XCTestCase {
    func testScratchB1() throws {
        let p = ColumnBenchmark.b1Problem()
        for cells in [25, 50] {
            let r = ColumnSimulator.run(p, numerics: ColumnNumerics(cells: cells, rtol: 1e-4, atol: 1e-6), outputTimes: ColumnBenchmark.b1Times)
            print(cells, r.report.code, r.report.notes)
            for k in stride(from: 0, to: 1801, by: 100) { print(r.times[k], r.outlet[k]) }
            let bal = (0..<3).map { r.fed[$0] - r.totalOutflow[$0] - (r.finalHoldup[$0] - r.initialHoldup[$0]) }
            print("balance", bal, r.fed)
        }
    }
}
