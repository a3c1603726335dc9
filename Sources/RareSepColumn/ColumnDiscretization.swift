import RareSepChemistry
import RareSepCore

/// Method-of-lines discretisation of a column (LRM or LRMP) on N equal finite
/// volumes, as a banded ODE system for `BDFIntegrator`.
///
/// State layout (cell-major): cell i holds [c_0..c_{n−1}, q_0..q_{n−1}] (LRM) or
/// [c, c_p, q] (LRMP), m = 2n or 3n values; after the N cells come n cumulative
/// outflow states M_j(t) = ∫ u_s·c_out,j dt (mol/m² of cross-section), which make
/// the outlet integrals (fractions, mass balance) exact to the integrator tolerance.
///
/// Fluxes per unit cross-section at the faces (mol/(m²·s)):
/// - inlet face (Danckwerts): total flux u_s·c_in (convection + dispersion), exact;
/// - interior face i+½: u_s·ĉ_{i+½} − ε_m·D_ax·(c_{i+1} − c_i)/Δz, with ĉ the
///   third-order WENO reconstruction (Jiang–Shu weights, ε_W = 1e-10 (mol/m³)²)
///   from cells i−1, i, i+1 (the flow is in +z);
/// - outlet face (natural): dispersive flux 0; ĉ_out from WENO with a ghost cell
///   c_N = max(0, 2c_{N−1} − c_{N−2}) (linear extrapolation kept non-negative);
///   at the first interior face the ghost is c_{−1} = 2c_0 − c_1.
/// The outlet concentration reported is ĉ_out, the value carried by the outflow flux,
/// so the discrete scheme conserves mass exactly (fluxes telescope).
/// Each cell couples to cells i−2…i+1, so ml = 2m and mu = m.
public final class ColumnDiscretization: BandedODESystem {
    public let problem: ColumnProblem
    /// Number of cells N.
    public let cells: Int
    /// Number of components n.
    public let n: Int
    /// Values per cell m.
    public let m: Int
    public let dimension: Int
    public var lowerBandwidth: Int { 2 * m }
    public var upperBandwidth: Int { m }
    /// Cell width Δz = L/N (m).
    public let dz: Double
    let us: Double
    let epsM: Double
    let dispersionFactor: Double // ε_m·D_ax/Δz
    let invEpsDz: Double
    let phaseRatio: Double      // (1−ε_t)/ε_t for LRM, (1−ε)/ε for LRMP
    let epsP: Double
    let ldf: [Double]
    let filmRate: [Double]      // 3 k_f / r_p
    let binding: [Bool]
    let modifier: Int
    let hasModifier: Bool
    var qStar: [Double]
    /// Section that sets the inlet.
    public var section: OperatingSection
    static let wenoEpsilon = 1e-10

    public init(problem: ColumnProblem, cells: Int) {
        self.problem = problem
        self.cells = cells
        n = problem.components.count
        m = problem.column.kind == .lrm ? 2 * n : 3 * n
        dimension = cells * m + n
        let col = problem.column
        dz = col.length / Double(cells)
        us = col.superficialVelocity
        epsM = col.mobilePorosity
        dispersionFactor = epsM * col.axialDispersion / dz
        invEpsDz = 1 / (epsM * dz)
        switch col.kind {
        case .lrm: phaseRatio = (1 - col.totalPorosity) / col.totalPorosity
        case .lrmp: phaseRatio = (1 - col.bedPorosity) / col.bedPorosity
        }
        epsP = col.particlePorosity
        ldf = col.ldfRate
        filmRate = col.kind == .lrmp ? col.filmTransfer.map { 3 * $0 / col.particleRadius } : []
        binding = (0..<problem.components.count).map { problem.isotherm.isBinding($0) }
        modifier = problem.modifierIndex ?? 0
        hasModifier = problem.modifierIndex != nil
        qStar = [Double](repeating: 0, count: problem.components.count)
        section = problem.sections.first ?? OperatingSection(name: "none", start: 0, end: 0,
                                                             inletStart: [Double](repeating: 0, count: problem.components.count))
    }

    @inline(__always)
    static func weno3(_ cm: Double, _ c0: Double, _ cp: Double) -> Double {
        let b0 = (c0 - cm) * (c0 - cm)
        let b1 = (cp - c0) * (cp - c0)
        let e0 = wenoEpsilon + b0, e1 = wenoEpsilon + b1
        let a0 = (1.0 / 3.0) / (e0 * e0)
        let a1 = (2.0 / 3.0) / (e1 * e1)
        return (a0 * (1.5 * c0 - 0.5 * cm) + a1 * 0.5 * (c0 + cp)) / (a0 + a1)
    }

    /// Outlet concentration of component j from a state (mol/m³).
    @inline(__always)
    public func outlet(_ j: Int, _ y: UnsafePointer<Double>) -> Double {
        let N = cells
        if N == 1 { return y[j] }
        let cA = y[(N - 2) * m + j], cB = y[(N - 1) * m + j]
        return ColumnDiscretization.weno3(cA, cB, max(0, 2 * cB - cA))
    }

    /// Initial state: uniform c0, c_p = c0, q = q*(c0); cumulative outflow 0.
    public func initialState() -> [Double] {
        var y = [Double](repeating: 0, count: dimension)
        let c0 = problem.initialConcentration
        let q0 = problem.isotherm.loading(c: c0, modifier: hasModifier ? c0[modifier] : 0)
        for i in 0..<cells {
            for j in 0..<n {
                y[i * m + j] = c0[j]
                if problem.column.kind == .lrm {
                    y[i * m + n + j] = q0[j]
                } else {
                    y[i * m + n + j] = c0[j]
                    y[i * m + 2 * n + j] = q0[j]
                }
            }
        }
        return y
    }

    /// Amount held in the column per component (mol per m² of cross-section):
    /// Σ_i Δz·(ε_t c + (1−ε_t) q) (LRM) or Σ_i Δz·(ε c + (1−ε)(ε_p c_p + (1−ε_p) q)) (LRMP).
    public func holdup(_ y: UnsafePointer<Double>) -> [Double] {
        let col = problem.column
        var out = [Double](repeating: 0, count: n)
        for i in 0..<cells {
            for j in 0..<n {
                switch col.kind {
                case .lrm:
                    out[j] += dz * (col.totalPorosity * y[i * m + j] + (1 - col.totalPorosity) * y[i * m + n + j])
                case .lrmp:
                    let e = col.bedPorosity, ep = col.particlePorosity
                    out[j] += dz * (e * y[i * m + j] + (1 - e) * (ep * y[i * m + n + j] + (1 - ep) * y[i * m + 2 * n + j]))
                }
            }
        }
        return out
    }

    public func rhs(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        let N = cells, m = self.m, n = self.n
        let us = self.us, df = self.dispersionFactor, inv = self.invEpsDz
        // transport, component by component
        for j in 0..<n {
            var fluxLeft = us * section.inlet(j, at: t)
            if N == 1 {
                let fr = us * y[j]
                dydt[j] = (fluxLeft - fr) * inv
                dydt[N * m + j] = fr
                continue
            }
            var cPrev = 2 * y[j] - y[m + j]   // ghost c_{-1}
            var cCur = y[j]
            for i in 0..<N {
                let fluxRight: Double
                if i < N - 1 {
                    let cNext = y[(i + 1) * m + j]
                    fluxRight = us * ColumnDiscretization.weno3(cPrev, cCur, cNext) - df * (cNext - cCur)
                    dydt[i * m + j] = (fluxLeft - fluxRight) * inv
                    cPrev = cCur
                    cCur = cNext
                } else {
                    let ghost = max(0, 2 * cCur - cPrev)
                    fluxRight = us * ColumnDiscretization.weno3(cPrev, cCur, ghost)
                    dydt[i * m + j] = (fluxLeft - fluxRight) * inv
                    dydt[N * m + j] = fluxRight
                }
                fluxLeft = fluxRight
            }
        }
        // local exchange terms
        let iso = problem.isotherm
        let pr = phaseRatio
        qStar.withUnsafeMutableBufferPointer { qb in
            let qs = qb.baseAddress!
            ldf.withUnsafeBufferPointer { kb in
                let k = kb.baseAddress!
                binding.withUnsafeBufferPointer { bb in
                    let bind = bb.baseAddress!
                    if problem.column.kind == .lrm {
                        for i in 0..<N {
                            let c = y + i * m
                            let q = c + n
                            iso.equilibrium(c: c, modifier: hasModifier ? c[modifier] : 0, qStar: qs, dQdC: nil, dQdS: nil)
                            let dc = dydt + i * m
                            let dq = dc + n
                            for j in 0..<n {
                                if bind[j] {
                                    let r = k[j] * (qs[j] - q[j])
                                    dq[j] = r
                                    dc[j] -= pr * r
                                } else {
                                    dq[j] = 0
                                }
                            }
                        }
                    } else {
                        filmRate.withUnsafeBufferPointer { fb in
                            let kf = fb.baseAddress!
                            let ep = epsP
                            for i in 0..<N {
                                let c = y + i * m
                                let cp = c + n
                                let q = c + 2 * n
                                iso.equilibrium(c: cp, modifier: hasModifier ? cp[modifier] : 0, qStar: qs, dQdC: nil, dQdS: nil)
                                let dc = dydt + i * m
                                let dcp = dc + n
                                let dq = dc + 2 * n
                                for j in 0..<n {
                                    let film = kf[j] * (c[j] - cp[j])
                                    dc[j] -= pr * film
                                    var r = 0.0
                                    if bind[j] { r = k[j] * (qs[j] - q[j]) }
                                    dq[j] = r
                                    dcp[j] = (film - (1 - ep) * r) / ep
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
