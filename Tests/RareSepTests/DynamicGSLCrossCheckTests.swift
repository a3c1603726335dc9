import Foundation
import XCTest
import GSLBridge
@testable import RareSepCascade
@testable import RareSepChemistry
@testable import RareSepDynamics

/// The dynamic cascade (index-1 DAE, RareSep's BDF with the block-tridiagonal chain)
/// against GSL odeiv2 msbdf on the same cascade written as an ODE: with constant
/// distribution ratios the mixer's equilibrium y = D·x is explicit, so eliminating the
/// algebraic rows leaves (V_aq + D·V_org)·x' = Q_aq·x_in + Q_org·y_in − (Q_aq + D·Q_org)·x per
/// mixer and V_cell·c' = Q·(c_in − c) per settler cell.
final class DynamicGSLCrossCheckTests: XCTestCase {
    func testThreeStageStartUpWithAFeedStepAgreesWithGSL() throws {
        let D = [2.0, 0.5], N = 3, K = 2, n = 2
        let qa = 2e-6, qo = 1.5e-6, vm = 0.01, phi = 0.4, vsa = 0.006, vso = 0.006
        var feed = [10.0, 20.0]
        let step = [15.0, 5.0], tStep = 6000.0, horizon = 20000.0
        let sec = CascadeSection(name: "extraction", firstStage: 0, stageCount: N, modelIndex: 0, murphree: [1, 1, 1])
        let problem = CascadeProblem(name: "three stages", species: SpeciesSet(["Dy", "Tb"]), metalCount: 2,
                                     models: [ConstantDistribution(distributionRatio: D)], sections: [sec],
                                     feeds: [CascadeFeed(name: "feed", stage: N - 1, phase: .aqueous, flow: qa, concentrations: feed),
                                             CascadeFeed(name: "solvent", stage: 0, phase: .organic, flow: qo, concentrations: [0, 0])])
        let spec = DynamicCascadeSpecification(problem: problem, holdUps: [StageHoldUp(mixerVolume: vm, mixerOrganicFraction: phi,
                                                                                    settlerAqueousVolume: vsa, settlerOrganicVolume: vso)],
                                               settlerCells: K)
        let times = stride(from: 1000.0, through: horizon, by: 1000).map { $0 }
        let rtol = 1e-8
        let run = try DynamicCascadeSimulator.run(spec, initial: .freshSolvent, horizon: horizon,
                                                  events: [CascadeEvent(time: tStep, changes: (0..<n).map { .feedConcentration(feed: "feed", species: $0, value: step[$0]) })],
                                                  outputTimes: times, recordStages: [0, 1, 2],
                                                  options: DynamicRunOptions(rtol: rtol, relativeAbsoluteTolerance: 1e-10))
        XCTAssertEqual(run.report.code, .success, "\(run.report)")

        // reduced ODE: per stage x (n), aqueous cells (K·n), organic cells (K·n)
        let per = n + 2 * K * n, dim = N * per
        func x(_ s: Int, _ j: Int) -> Int { s * per + j }
        func a(_ s: Int, _ k: Int, _ j: Int) -> Int { s * per + n + k * n + j }
        func o(_ s: Int, _ k: Int, _ j: Int) -> Int { s * per + n + K * n + k * n + j }
        let va = vm * (1 - phi), vo = vm * phi, ca = vsa / Double(K), co = vso / Double(K)
        func f(_ u: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ c: [Double]) {
            for s in 0..<N {
                for j in 0..<n {
                    let aqIn = s == N - 1 ? c[j] : u[a(s + 1, K - 1, j)]
                    let orgIn = s == 0 ? 0 : u[o(s - 1, K - 1, j)]
                    d[x(s, j)] = (qa * aqIn + qo * orgIn - (qa + D[j] * qo) * u[x(s, j)]) / (va + D[j] * vo)
                    for k in 0..<K {
                        d[a(s, k, j)] = qa / ca * ((k == 0 ? u[x(s, j)] : u[a(s, k - 1, j)]) - u[a(s, k, j)])
                        d[o(s, k, j)] = qo / co * ((k == 0 ? D[j] * u[x(s, j)] : u[o(s, k - 1, j)]) - u[o(s, k, j)])
                    }
                }
            }
        }
        // the ODE is linear: its Jacobian column i is f(e_i) − f(0) without the feed
        var jac = [Double](repeating: 0, count: dim * dim)
        let zeroFeed = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: dim), col = e
        for i in 0..<dim {
            e[i] = 1
            e.withUnsafeBufferPointer { eb in col.withUnsafeMutableBufferPointer { f(eb.baseAddress!, $0.baseAddress!, zeroFeed) } }
            for r in 0..<dim { jac[r * dim + i] = col[r] }
            e[i] = 0
        }
        var u = [Double](repeating: 0, count: dim), t = 0.0
        func driver() -> ODEDriver {
            let c = feed
            return ODEDriver(dimension: dim, method: .msbdf, absoluteTolerance: 1e-10 * 20, relativeTolerance: rtol, initialStep: 1,
                             rightHandSide: { _, y, d in f(y, d, c) },
                             jacobian: { _, _, dfdy, dfdt in
                                 for i in 0..<(dim * dim) { dfdy[i] = jac[i] }
                                 for i in 0..<dim { dfdt[i] = 0 }
                             })
        }
        var gsl = driver()
        var worst = 0.0
        for (i, tq) in times.enumerated() {
            if tq > tStep && feed != step {
                XCTAssertEqual(gsl.integrate(&u, from: &t, until: tStep), .reached)
                feed = step
                gsl = driver()
            }
            XCTAssertEqual(gsl.integrate(&u, from: &t, until: tq), .reached)
            let snap = run.snapshots[i]
            XCTAssertEqual(snap.time, tq)
            let raffinate = snap.outlets.first { $0.name == "raffinate" }!.aqueous
            let loaded = snap.outlets.first { $0.name == "loaded organic" }!.organic
            for j in 0..<n {
                let pairs = [(raffinate[j], u[a(0, K - 1, j)]), (loaded[j], u[o(N - 1, K - 1, j)])]
                    + (0..<N).map { (snap.stages[$0].aqueous[j], u[x($0, j)]) }
                for (ours, ref) in pairs {
                    XCTAssertEqual(ours, ref, accuracy: 1e-6 * 20, "t = \(tq) s, species \(j)")
                    worst = max(worst, abs(ours - ref) / 20)
                }
            }
        }
        print("dynamic cascade vs GSL msbdf: worst difference \(worst) of the feed scale (rtol \(rtol)); \(run.report.notes.last ?? "")")
    }
}
