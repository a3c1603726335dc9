import XCTest
import RareSepChemistry
import RareSepCascade
@testable import RareSepContactor

/// The contactor against closed forms with linear equilibrium (constant D).
final class ContactorLinearTests: XCTestCase {
    /// Two species, D = 2 and 0.5 (extraction factors ε = D·U_o/U_a above and below 1).
    static func linearProblem(cells: Int, scheme: ContactorProblem.ConvectionScheme = .upwind, ka: Double = 0.02,
                              ea: Double = 0, eo: Double = 0) -> ContactorProblem {
        ContactorProblem(species: SpeciesSet(["A", "B"]), model: ConstantDistribution(distributionRatio: [2, 0.5]),
                         height: 1.5, crossSection: 0.01, aqueousVelocity: 0.004, organicVelocity: 0.003,
                         holdUp: [0.2], transferCoefficient: [ka], aqueousDispersion: ea, organicDispersion: eo,
                         aqueousInlet: [10, 4], organicInlet: [0.5, 1], cells: cells, scheme: scheme)
    }

    /// Closed-form plug-flow counter-current contactor with y* = D·x: u = D·x − y obeys
    /// u' = (K·a/U_o)(ε − 1)·u, ε = D·U_o/U_a, NTU = K·a·H/U_o. Returns (x_out, y_out).
    static func plugFlowExact(D: Double, ka: Double, H: Double, ua: Double, uo: Double, xin: Double, yin: Double) -> (Double, Double) {
        let kappa = ka / uo * (D * uo / ua - 1)
        let phi = abs(kappa * H) < 1e-12 ? H : expm1(kappa * H) / kappa
        let x0 = (xin + ka / ua * phi * yin) / (1 + ka / ua * D * phi)
        return (x0, yin + ka / uo * (D * x0 - yin) * phi)
    }

    /// Repeated Richardson extrapolation of results on grids halving h, whose errors run
    /// as h^p, h^(p+1), ...: the extrapolated values.
    static func richardson(_ levels: [[Double]], order: Double) -> [Double] {
        var table = levels
        var p = order
        while table.count > 1 {
            let f: Double = pow(2, p)
            var next: [[Double]] = []
            for i in 0..<(table.count - 1) {
                var row: [Double] = []
                for k in 0..<table[i].count { row.append((f * table[i + 1][k] - table[i][k]) / (f - 1)) }
                next.append(row)
            }
            table = next
            p += 1
        }
        return table[0]
    }

    static func outlets(_ p: ContactorProblem) throws -> [Double] {
        let s = try ContactorSolver.solve(p)
        XCTAssertTrue(s.report.converged, "\(s.report)")
        XCTAssertLessThan(s.balanceClosure, 1e-10)
        return s.aqueousOutlet + s.organicOutlet
    }

    func testPlugFlowConvergesToClosedFormAtStatedOrder() throws {
        let p0 = Self.linearProblem(cells: 1)
        var exact: [Double] = []
        for (j, D) in [2.0, 0.5].enumerated() {
            let e = Self.plugFlowExact(D: D, ka: 0.02, H: 1.5, ua: 0.004, uo: 0.003, xin: p0.aqueousInlet[j], yin: p0.organicInlet[j])
            exact.append(contentsOf: [e.0, e.1])
        }
        // reorder to (xA, xB, yA, yB)
        exact = [exact[0], exact[2], exact[1], exact[3]]
        for (scheme, order, levels) in [(ContactorProblem.ConvectionScheme.upwind, 1.0, [200, 400, 800, 1600, 3200]),
                                        (.central, 2.0, [400, 800, 1600, 3200])] {
            var results: [[Double]] = []
            for N in levels { results.append(try Self.outlets(Self.linearProblem(cells: N, scheme: scheme))) }
            let errors = results.map { r in zip(r, exact).map { abs($0 - $1) / abs($1) }.max()! }
            let observed = (0..<(errors.count - 1)).map { log2(errors[$0] / errors[$0 + 1]) }
            print("contactor plug flow \(scheme): errors \(errors), observed orders \(observed)")
            for o in observed { XCTAssertEqual(o, order, accuracy: 0.2, "\(scheme) converges at order \(order)") }
            XCTAssertEqual(observed.last!, order, accuracy: 0.05, "\(scheme): asymptotic order on the finest grids")
            let table = Self.richardson(results, order: order)
            let extrapolated = zip(table, exact).map { abs($0 - $1) / abs($1) }.max()!
            print("contactor plug flow \(scheme): Richardson error \(extrapolated)")
            XCTAssertLessThan(extrapolated, 1e-8)
        }
    }
}
