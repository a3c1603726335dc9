import XCTest
import RareSepCore
import RareSepChemistry
@testable import RareSepColumn
import RareSepODE

/// Unit tests of the column discretisation and integrator (coarse grids, fast).
final class ColumnModelTests: XCTestCase {
    func acidProblem(kind: ColumnModelKind) -> ColumnProblem {
        let iso = AcidPowerLangmuirIsotherm(referenceAffinity: [0.5, 1.0, 0], capacity: [40, 40, 0], exponent: [3, 3, 0],
                                            referenceModifier: 100, minimumModifier: 1)
        let col = ColumnParameters(kind: kind, length: 0.1, bedPorosity: 0.37, particlePorosity: 0.5,
                                   superficialVelocity: 1e-3, axialDispersion: 1e-7, ldfRate: [0.05, 0.08, 0],
                                   filmTransfer: [2e-5, 2e-5, 3e-5], particleRadius: 5e-5,
                                   poreDiffusivity: [2e-11, 3e-11, 1e-10])
        return ColumnProblem(components: SpeciesSet(["Gd", "Tb", "HCl"]), modifierIndex: 2, isotherm: iso, column: col,
                             sections: [OperatingSection(name: "load", start: 0, end: 100, inletStart: [1, 0.7, 100], inletEnd: [1, 0.7, 300])],
                             initialConcentration: [0.1, 0.05, 150])
    }

    /// The analytic banded Jacobian equals central finite differences of f.
    func testAnalyticJacobianMatchesFiniteDifferences() {
        for kind in ColumnModelKind.allCases {
            for binding in BindingKinetics.allCases {
                for (label, base) in [("acid-power", acidProblem(kind: kind)), ("mpm", mpmProblem(kind: kind)), ("sma", smaProblem(kind: kind))] {
                    var problem = base
                    problem.column.binding = binding
                    checkJacobian(problem, "\(label) \(kind) \(binding)")
                }
            }
        }
    }

    /// The acid problem with the MPM Langmuir (γ ≠ 0, desorption ∝ (s/s_ref)^β).
    func mpmProblem(kind: ColumnModelKind) -> ColumnProblem {
        var p = acidProblem(kind: kind)
        p.isotherm = AcidPowerLangmuirIsotherm(referenceAffinity: [0.5, 1.0, 0], capacity: [40, 30, 0], exponent: [3, 2.5, 0],
                                               referenceModifier: 100, minimumModifier: 1, modulator: [2e-3, -1e-3, 0],
                                               desorptionFollowsModifier: true)
        return p
    }

    /// Steric mass action with the counter-ion (Na) as the last component and no modifier.
    func smaProblem(kind: ColumnModelKind) -> ColumnProblem {
        var p = acidProblem(kind: kind)
        p.modifierIndex = nil
        p.components = SpeciesSet(["Nd", "Dy", "Na"])
        p.isotherm = StericMassActionIsotherm(counterIon: 2, ionicCapacity: 1200, equilibriumConstant: [20, 40, 0],
                                              charge: [3, 3, 1], steric: [10, 12, 0], referenceLiquid: 500, referenceSolid: 1200)
        p.sections = [OperatingSection(name: "load", start: 0, end: 100, inletStart: [1, 0.7, 300], inletEnd: [1, 0.7, 700])]
        p.initialConcentration = [0.1, 0.05, 500]
        return p
    }

    func checkJacobian(_ problem: ColumnProblem, _ label: String) {
        let disc = ColumnDiscretization(problem: problem, cells: 7)
        let n = disc.dimension
        var y = disc.initialState()
        for i in 0..<n { y[i] *= 1 + 0.3 * sin(Double(i) * 1.7) }  // a non-uniform state, off equilibrium
        let ml = disc.lowerBandwidth, mu = disc.upperBandwidth, jw = ml + mu + 1
        var jac = [Double](repeating: 0, count: n * jw)
        let ok = y.withUnsafeBufferPointer { yp in jac.withUnsafeMutableBufferPointer { disc.jacobian(t: 10, y: yp.baseAddress!, jac: $0.baseAddress!) } }
        XCTAssertTrue(ok)
        var fp = [Double](repeating: 0, count: n), fm = fp
        var maxErr = 0.0, maxVal = 0.0
        for col in 0..<n {
            let h = 1e-6 * max(1, abs(y[col]))
            var yp = y; yp[col] += h
            var ym = y; ym[col] -= h
            yp.withUnsafeBufferPointer { p in fp.withUnsafeMutableBufferPointer { _ = disc.rhs(t: 10, y: p.baseAddress!, f: $0.baseAddress!) } }
            ym.withUnsafeBufferPointer { p in fm.withUnsafeMutableBufferPointer { _ = disc.rhs(t: 10, y: p.baseAddress!, f: $0.baseAddress!) } }
            for r in 0..<n {
                let fd = (fp[r] - fm[r]) / (2 * h)
                let d = col - r
                let an = (d >= -ml && d <= mu) ? jac[r * jw + d + ml] : 0
                if d < -ml || d > mu { XCTAssertEqual(fd, 0, accuracy: 1e-9, "entry outside the band at (\(r), \(col))") }
                maxErr = max(maxErr, abs(fd - an))
                maxVal = max(maxVal, abs(fd))
            }
        }
        XCTAssertLessThan(maxErr, 1e-6 * maxVal, label)
    }

    /// MPM at constant acid s = s_ref with γ = 0 is the kinetic Langmuir of
    /// langmuir-acid-power exactly (both factors are 1 there); SMA runs close every
    /// component's mass balance, the counter-ion's included (its released ions).
    func testMPMAtReferenceAcidIsKineticLangmuirAndSMAConserves() {
        var old = acidProblem(kind: .lrm)
        old.sections = [OperatingSection(name: "load", start: 0, end: 400, inletStart: [1, 0.7, 100])]
        old.initialConcentration = [0, 0, 100]
        old.column.binding = .kinetic
        var mpm = old
        mpm.isotherm = AcidPowerLangmuirIsotherm(referenceAffinity: [0.5, 1.0, 0], capacity: [40, 40, 0], exponent: [3, 3, 0],
                                                 referenceModifier: 100, minimumModifier: 1, desorptionFollowsModifier: true)
        let numerics = ColumnNumerics(cells: 15, rtol: 1e-6, atol: 1e-9)
        let a = ColumnSimulator.run(old, numerics: numerics, outputTimes: [100, 200, 400])
        let b = ColumnSimulator.run(mpm, numerics: numerics, outputTimes: [100, 200, 400])
        XCTAssertEqual(a.outlet, b.outlet)
        var sma = smaProblem(kind: .lrm)
        sma.column.binding = .kinetic
        sma.sections = [OperatingSection(name: "load", start: 0, end: 300, inletStart: [5, 5, 500]),
                        OperatingSection(name: "elute", start: 300, end: 800, inletStart: [0, 0, 500], inletEnd: [0, 0, 1500])]
        let r = ColumnSimulator.run(sma, numerics: ColumnNumerics(cells: 15, rtol: 1e-6, atol: 1e-8), outputTimes: [0, 300, 800])
        XCTAssertTrue(r.report.converged, "\(r.report.notes)")
        for j in 0..<3 {
            let err = r.fed[j] - r.totalOutflow[j] - (r.finalHoldup[j] - r.initialHoldup[j])
            XCTAssertLessThan(abs(err), 1e-8 * max(r.fed[j], r.initialHoldup[j]), "SMA component \(j)")
        }
    }

    /// Banded LU with pivoting solves a random banded system like a dense solve.
    func testBandedLUAgainstDenseProduct() {
        let n = 30, ml = 4, mu = 2
        let lu = BandedLU(n: n, ml: ml, mu: mu)
        var dense = [Double](repeating: 0, count: n * n)
        var seed: UInt64 = 7
        func rnd() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) - 0.5 }
        for i in 0..<n { for j in max(0, i - ml)...min(n - 1, i + mu) { let v = rnd(); dense[i * n + j] = v; lu.set(i, j, v) } }
        let x = (0..<n).map { _ in rnd() }
        var b = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + dense[i * n + $1] * x[$1] } }
        XCTAssertTrue(lu.factor())
        b.withUnsafeMutableBufferPointer { lu.solve($0.baseAddress!) }
        for i in 0..<n { XCTAssertEqual(b[i], x[i], accuracy: 1e-9) }
    }

    /// Kinetic Langmuir with a fast desorption rate approaches the LDF run with a
    /// fast LDF rate (both tend to local equilibrium).
    func testKineticLangmuirApproachesEquilibriumLikeLDF() {
        var p = acidProblem(kind: .lrm)
        p.sections = [OperatingSection(name: "load", start: 0, end: 3000, inletStart: [1, 0.7, 100])]
        p.column.ldfRate = [20, 20, 0]
        let times = [1000.0, 2000, 3000]
        let ldf = ColumnSimulator.run(p, numerics: ColumnNumerics(cells: 20, rtol: 1e-7, atol: 1e-10), outputTimes: times)
        p.column.binding = .kinetic
        let kin = ColumnSimulator.run(p, numerics: ColumnNumerics(cells: 20, rtol: 1e-7, atol: 1e-10), outputTimes: times)
        XCTAssertTrue(ldf.report.converged && kin.report.converged)
        var diff = 0.0, size = 0.0
        for k in 0..<3 { for j in 0..<2 { diff = max(diff, abs(ldf.outlet[k][j] - kin.outlet[k][j])); size = max(size, ldf.outlet[k][j]) } }
        XCTAssertGreaterThan(size, 0.05)
        XCTAssertLessThan(diff, 0.02 * size)
    }

    /// A complete LRM and LRMP run closes the mass balance and stays finite.
    func testCoarseRunsConserveMass() {
        for kind in ColumnModelKind.allCases {
            var p = acidProblem(kind: kind)
            p.sections = [OperatingSection(name: "load", start: 0, end: 200, inletStart: [1, 0.7, 100]),
                          OperatingSection(name: "elute", start: 200, end: 600, inletStart: [0, 0, 100], inletEnd: [0, 0, 2000])]
            let r = ColumnSimulator.run(p, numerics: ColumnNumerics(cells: 20, rtol: 1e-6, atol: 1e-8), outputTimes: [0, 100, 300, 600])
            XCTAssertTrue(r.report.converged, "\(r.report.notes)")
            for j in 0..<3 {
                let err = r.fed[j] - r.totalOutflow[j] - (r.finalHoldup[j] - r.initialHoldup[j])
                XCTAssertLessThan(abs(err), 1e-8 * max(r.fed[j], r.initialHoldup[j]), "\(kind) component \(j)")
            }
        }
    }

    /// GRM with a very large pore diffusivity and film coefficient approaches the LRM
    /// (pore liquid in equilibrium with the interstitial liquid) with the same binding
    /// rate; the LRM's dispersion is ε·D_ax/ε_t, since the GRM disperses only the
    /// interstitial liquid. Both close the mass balance.
    func testGRMWithFastTransportApproachesLRM() {
        var grm = acidProblem(kind: .grm)
        grm.sections = [OperatingSection(name: "load", start: 0, end: 300, inletStart: [1, 0.7, 100]),
                        OperatingSection(name: "elute", start: 300, end: 800, inletStart: [0, 0, 100], inletEnd: [0, 0, 2000])]
        grm.column.poreDiffusivity = [1e-6, 1e-6, 1e-6]      // r_p²/D_p = 2.5 ms
        grm.column.filmTransfer = [1, 1, 1]                   // m/s
        var lrm = grm
        lrm.column.kind = .lrm
        lrm.column.axialDispersion = grm.column.axialDispersion * grm.column.bedPorosity / grm.column.totalPorosity
        let times = stride(from: 0.0, through: 800, by: 50).map { $0 }
        let numerics = ColumnNumerics(cells: 20, rtol: 1e-7, atol: 1e-10, particleCells: 3)
        let a = ColumnSimulator.run(grm, numerics: numerics, outputTimes: times)
        let b = ColumnSimulator.run(lrm, numerics: numerics, outputTimes: times)
        XCTAssertTrue(a.report.converged && b.report.converged, "\(a.report.notes) \(b.report.notes)")
        var diff = 0.0, size = 0.0
        for k in times.indices { for j in 0..<2 { diff = max(diff, abs(a.outlet[k][j] - b.outlet[k][j])); size = max(size, b.outlet[k][j]) } }
        XCTAssertGreaterThan(size, 0.5)
        XCTAssertLessThan(diff, 2e-4 * size)   // measured 3e-5·size
        for j in 0..<3 {
            let err = a.fed[j] - a.totalOutflow[j] - (a.finalHoldup[j] - a.initialHoldup[j])
            XCTAssertLessThan(abs(err), 1e-8 * max(a.fed[j], a.initialHoldup[j]), "component \(j)")
        }
    }

    /// With one shell the GRM is exactly the LRMP whose film coefficient is the film and
    /// the half-shell in series, 1/(1/k_f + δ/(ε_p·D_p)) with δ = r_p/6 (ParticleShells):
    /// the same equations, so the outlets agree to the integrator tolerance.
    func testGRMWithOneShellIsTheLRMPWithSeriesFilm() {
        var grm = acidProblem(kind: .grm)
        grm.sections = [OperatingSection(name: "load", start: 0, end: 300, inletStart: [1, 0.7, 100])]
        var lrmp = grm
        lrmp.column.kind = .lrmp
        let c = grm.column
        let delta = ParticleShells(count: 1, radius: c.particleRadius).surfaceGap
        XCTAssertEqual(delta, c.particleRadius / 6, accuracy: 1e-18)
        lrmp.column.filmTransfer = (0..<3).map { 1 / (1 / c.filmTransfer[$0] + delta / (c.particlePorosity * c.poreDiffusivity[$0])) }
        let times = stride(from: 0.0, through: 300, by: 30).map { $0 }
        let a = ColumnSimulator.run(grm, numerics: ColumnNumerics(cells: 15, rtol: 1e-9, atol: 1e-12, particleCells: 1), outputTimes: times)
        let b = ColumnSimulator.run(lrmp, numerics: ColumnNumerics(cells: 15, rtol: 1e-9, atol: 1e-12), outputTimes: times)
        XCTAssertTrue(a.report.converged && b.report.converged)
        for k in times.indices { for j in 0..<3 { XCTAssertEqual(a.outlet[k][j], b.outlet[k][j], accuracy: 1e-7 * max(1, b.outlet[k][j])) } }
    }

    /// Equal-volume shells: boundaries at r_p·(k/N)^(1/3), nodes at the volume midpoints,
    /// and the volume-coordinate scheme reproduces the uptake of a sphere from a
    /// well-stirred infinite bath, F(τ) = 1 − (6/π²)·Σ exp(−n²π²τ)/n², τ = D t/r_p²,
    /// with an error that falls about fourfold when N_p doubles.
    func testParticleShellsUptakeMatchesSeriesSolution() {
        let sh = ParticleShells(count: 4, radius: 2)
        XCTAssertEqual(sh.boundaries[2], 2 * cbrt(0.5), accuracy: 1e-14)
        XCTAssertEqual(sh.nodes[0], 2 * cbrt(0.125), accuracy: 1e-14)
        func uptakeError(_ np: Int) -> Double {
            // one bead, radius 1, D = 1, surface held at 1 (no film), integrated tightly by the module's BDF
            final class Bead: BandedODESystem {
                let s: ParticleShells
                let bandedJacobian: BandedJacobian
                var dimension: Int { s.count }
                init(_ n: Int) {
                    s = ParticleShells(count: n, radius: 1)
                    bandedJacobian = BandedJacobian(n: n, ml: 1, mu: 1,
                                                    perturbationFloor: BandedJacobian.perturbationFloor(rtol: 1e-10, atol: [1e-13]))
                }
                func rhs(t: Double, y: UnsafePointer<Double>, f dydt: UnsafeMutablePointer<Double>) -> Bool {
                    let n = s.count
                    for k in 0..<n {
                        var d = 0.0
                        if k < n - 1 { d += s.faceCoefficient[k] * (y[k + 1] - y[k]) }
                        if k > 0 { d -= s.faceCoefficient[k - 1] * (y[k] - y[k - 1]) }
                        if k == n - 1 { d += (1 - y[k]) / s.surfaceGap }   // r_p² = 1
                        dydt[k] = s.inverseVolume * d
                    }
                    return true
                }
            }
            let bead = Bead(np)
            let integ = BDFIntegrator(system: bead, rtol: 1e-10, atol: [Double](repeating: 1e-13, count: np))
            let y = [Double](repeating: 0, count: np)
            _ = y.withUnsafeBufferPointer { integ.restart(t0: 0, y0: $0.baseAddress!) }
            var err = 0.0
            var index = 0
            let times = [0.01, 0.03, 0.1, 0.3]
            _ = integ.advance(to: 0.3, outputTimes: times, outputIndex: &index) { _, t, state in
                var f = 0.0
                for k in 0..<np { f += state[k] / Double(np) }
                var exact = 1.0
                for n in 1...400 { let dn = Double(n); exact -= 6 / (Double.pi * Double.pi) * exp(-dn * dn * Double.pi * Double.pi * t) / (dn * dn) }
                err = max(err, abs(f - exact))
            }
            return err
        }
        let e8 = uptakeError(8), e16 = uptakeError(16)
        XCTAssertLessThan(e16, 6e-4)   // measured 1.45e-3 (N_p = 8) and 4.0e-4 (16)
        XCTAssertGreaterThan(e8 / e16, 3)
    }
}
