import RareSepChemistry
import RareSepCore
import RareSepODE

/// Method-of-lines discretisation of a column (LRM, LRMP or GRM) on N equal finite
/// volumes, as a banded ODE system (M = I, every state differential) for `BDFIntegrator`.
///
/// State layout (cell-major): cell i holds [c_0..c_{n−1}, q_0..q_{n−1}] (LRM),
/// [c, c_p, q] (LRMP) or [c, (c_p, q) of shell 0 (centre) … shell N_p−1 (surface)]
/// (GRM, `ParticleShells`), m = 2n, 3n or n·(1 + 2N_p) values; after the N cells come n cumulative
/// outflow states M_j(t) = ∫ u_s·c_out,j dt (mol/m² of cross-section), which make
/// the outlet integrals (fractions, mass balance) exact to the integrator tolerance.
///
/// Fluxes per unit cross-section at the faces (mol/(m²·s)):
/// - inlet face (Danckwerts): total flux u_s·c_in (convection + dispersion), exact;
/// - interior face i+½: u_s·ĉ_{i+½} − ε_m·D_ax·(c_{i+1} − c_i)/Δz, with ĉ the
///   third-order WENO reconstruction (Jiang–Shu smoothness indicators and weights
///   1/3, 2/3) from cells i−1, i, i+1 (the flow is in +z). The WENO ε is relative:
///   ε_j = ε_rel·c_ref,j² with c_ref,j the largest inlet or initial concentration of
///   component j (1 mol/m³ if it is never fed), so the scheme is unit-independent;
/// - outlet face (natural): dispersive flux 0; ĉ_out from WENO with a ghost cell
///   c_N = max(0, 2c_{N−1} − c_{N−2}) (linear extrapolation kept non-negative);
///   at the first interior face the ghost is c_{−1} = 2c_0 − c_1.
/// The outlet concentration reported is ĉ_out, the value carried by the outflow flux,
/// so the discrete scheme conserves mass exactly (fluxes telescope).
/// Each cell couples to cells i−2…i+1, so ml = 2m and mu = m. The Jacobian is
/// analytic (WENO weights differentiated, isotherm Jacobians ∂q*/∂c and ∂q*/∂s).
/// Binding: LDF to q*, or the isotherm's own kinetic form (`KineticBinding`: kinetic
/// Langmuir, MPM Langmuir, SMA) when the column asks for it (an isotherm without
/// one falls back to LDF; the case loader rejects that combination with an InputError).
/// Components with a solid state (`Isotherm.hasSolidState`) carry q; for SMA that
/// includes the counter-ion.
public final class ColumnDiscretization: BandedODESystem {
    public let problem: ColumnProblem
    /// Number of cells N.
    public let cells: Int
    /// Number of components n.
    public let n: Int
    /// Values per cell m.
    public let m: Int
    public let dimension: Int
    /// Lower bandwidth ml = 2m of ∂f/∂y.
    public var lowerBandwidth: Int { 2 * m }
    /// Upper bandwidth mu = m of ∂f/∂y.
    public var upperBandwidth: Int { m }
    /// Jacobian band and the banded LU of I − c·J, allocated when first integrated
    /// (the Jacobian is analytic, so the finite-difference floor is not used).
    public private(set) lazy var bandedJacobian = BandedJacobian(n: dimension, ml: lowerBandwidth, mu: upperBandwidth,
                                                                 perturbationFloor: [1e-10])
    /// Cell width Δz = L/N (m).
    public let dz: Double
    let isLRM: Bool
    let isGRM: Bool
    /// Radial shells of the GRM bead (nil for LRM and LRMP).
    public let shells: ParticleShells?
    let np: Int                                   // N_p (0 unless GRM)
    let shellInvVolume: UnsafeMutablePointer<Double>   // 3/(ρ_{k+1}³ − ρ_k³) = 3N_p/r_p³ (1/m³)
    let shellFace: UnsafeMutablePointer<Double>        // a_{k+1} = 3N_p ρ_{k+1}⁴/r_p³ (m), see ParticleShells
    let poreD: UnsafeMutablePointer<Double>            // D_p,j
    let surfaceConductance: UnsafeMutablePointer<Double> // 1/(1/k_f + δ/(ε_p D_p)), m/s
    let surfaceToShell: Double                    // r_p²·(inverse shell volume)/ε_p (1/m)
    let surfaceToBulk: Double                     // (1−ε)/ε · 3/r_p (1/m)
    let us: Double
    let dispersionFactor: Double // ε_m·D_ax/Δz
    let invEpsDz: Double
    let phaseRatio: Double      // (1−ε_t)/ε_t for LRM, (1−ε)/ε for LRMP
    let epsP: Double
    let modifier: Int
    let hasModifier: Bool
    let ldf: UnsafeMutablePointer<Double>
    let filmRate: UnsafeMutablePointer<Double>   // 3 k_f / r_p
    let binding: UnsafeMutablePointer<Bool>
    let wenoEps: UnsafeMutablePointer<Double>
    let qStar: UnsafeMutablePointer<Double>
    let dQdC: UnsafeMutablePointer<Double>
    let dQdS: UnsafeMutablePointer<Double>
    let rates: UnsafeMutablePointer<Double>   // r_i = dq_i/dt in a cell
    let dRdC: UnsafeMutablePointer<Double>    // n×n, ∂r/∂(liquid seen by the solid), modifier included
    let dRdQ: UnsafeMutablePointer<Double>    // n×n
    let isotherm: any Isotherm
    let kinetic: (any KineticBinding)?
    /// Section that sets the inlet.
    public var section: OperatingSection
    /// When set, the inlet is this sampled history instead of `section`'s profile
    /// (a column fed by the column before it in a train, `ColumnTrainSimulator`).
    public var inletHistory: InletHistory?
    let inletBuffer: UnsafeMutablePointer<Double>

    /// Values per cell m for `components` components: 2n (LRM: c, q), 3n (LRMP: c, c_p, q)
    /// or n(1 + 2N_p) (GRM: c and, per shell, c_p and q).
    public static func valuesPerCell(kind: ColumnModelKind, components n: Int, particleCells: Int) -> Int {
        kind == .lrm ? 2 * n : (kind == .grm ? n * (1 + 2 * max(1, particleCells)) : 3 * n)
    }

    /// Bytes the banded BDF integration of this grid allocates (the Jacobian band of
    /// width 3m + 1, its LU with width 5m + 1 and pivots, the BDF history of 8 state
    /// vectors and ~20 work vectors of the integrator and the Jacobian, plus the per-cell n×n isotherm blocks), computed
    /// in floating point so that it cannot overflow: checked against `ResourceLimits`
    /// before anything is allocated.
    public static func workspaceBytes(kind: ColumnModelKind, components n: Int, cells: Int, particleCells: Int) -> Double {
        let m = Double(valuesPerCell(kind: kind, components: n, particleCells: particleCells))
        let dim = Double(cells) * m + Double(n)
        let perState = (3 * m + 1) + (5 * m + 1) + 3 + 8 + 6 + 20
        return 8 * dim * perState + 8 * 8 * Double(n) * Double(n)
    }

    /// `particleCells` is the number of radial shells N_p of the GRM (ignored otherwise).
    public init(problem: ColumnProblem, cells: Int, particleCells: Int = 8, wenoRelativeEpsilon: Double = 1e-2) {
        self.problem = problem
        self.cells = cells
        let n = problem.components.count
        self.n = n
        let col = problem.column
        isLRM = col.kind == .lrm
        isGRM = col.kind == .grm
        np = isGRM ? max(1, particleCells) : 0
        m = Self.valuesPerCell(kind: col.kind, components: n, particleCells: np)
        dimension = cells * m + n
        shells = isGRM ? ParticleShells(count: np, radius: col.particleRadius) : nil
        shellInvVolume = .allocate(capacity: max(1, np)); shellFace = .allocate(capacity: max(1, np))
        shellInvVolume.initialize(repeating: 0, count: max(1, np)); shellFace.initialize(repeating: 0, count: max(1, np))
        poreD = .allocate(capacity: n); poreD.initialize(repeating: 0, count: n)
        surfaceConductance = .allocate(capacity: n); surfaceConductance.initialize(repeating: 0, count: n)
        if let sh = shells {
            for k in 0..<np { shellInvVolume[k] = sh.inverseVolume }
            for k in 0..<(np - 1) { shellFace[k] = sh.faceCoefficient[k] }
            for j in 0..<n {
                poreD[j] = col.poreDiffusivity[j]
                surfaceConductance[j] = 1 / (1 / col.filmTransfer[j] + sh.surfaceGap / (col.particlePorosity * col.poreDiffusivity[j]))
            }
            surfaceToShell = sh.radius * sh.radius * sh.inverseVolume / col.particlePorosity
            surfaceToBulk = (1 - col.bedPorosity) / col.bedPorosity * 3 / sh.radius
        } else {
            surfaceToShell = 0
            surfaceToBulk = 0
        }
        dz = col.length / Double(cells)
        us = col.superficialVelocity
        dispersionFactor = col.mobilePorosity * col.axialDispersion / dz
        invEpsDz = 1 / (col.mobilePorosity * dz)
        phaseRatio = isLRM ? (1 - col.totalPorosity) / col.totalPorosity : (1 - col.bedPorosity) / col.bedPorosity
        epsP = col.particlePorosity
        modifier = problem.modifierIndex ?? 0
        hasModifier = problem.modifierIndex != nil
        isotherm = problem.isotherm
        ldf = .allocate(capacity: n); filmRate = .allocate(capacity: n); binding = .allocate(capacity: n)
        wenoEps = .allocate(capacity: n); qStar = .allocate(capacity: n); dQdS = .allocate(capacity: n)
        dQdC = .allocate(capacity: n * n)
        qStar.initialize(repeating: 0, count: n); dQdS.initialize(repeating: 0, count: n)
        dQdC.initialize(repeating: 0, count: n * n)
        rates = .allocate(capacity: n); rates.initialize(repeating: 0, count: n)
        dRdC = .allocate(capacity: n * n); dRdC.initialize(repeating: 0, count: n * n)
        dRdQ = .allocate(capacity: n * n); dRdQ.initialize(repeating: 0, count: n * n)
        kinetic = col.binding == .kinetic ? problem.isotherm as? any KineticBinding : nil
        inletBuffer = .allocate(capacity: n); inletBuffer.initialize(repeating: 0, count: n)
        for j in 0..<n {
            ldf[j] = col.ldfRate[j]
            filmRate[j] = isLRM || isGRM ? 0 : 3 * col.filmTransfer[j] / col.particleRadius
            binding[j] = problem.isotherm.hasSolidState(j)
            var cref = problem.initialConcentration[j]
            for s in problem.sections { cref = max(cref, s.inletStart[j], s.inletEnd[j]) }
            if cref <= 0 { cref = 1 }
            wenoEps[j] = wenoRelativeEpsilon * cref * cref
        }
        section = problem.sections.first ?? OperatingSection(name: "none", start: 0, end: 0,
                                                             inletStart: [Double](repeating: 0, count: n))
    }

    deinit {
        ldf.deallocate(); filmRate.deallocate(); binding.deallocate(); wenoEps.deallocate()
        qStar.deallocate(); dQdC.deallocate(); dQdS.deallocate()
        rates.deallocate(); dRdC.deallocate(); dRdQ.deallocate()
        shellInvVolume.deallocate(); shellFace.deallocate(); poreD.deallocate(); surfaceConductance.deallocate()
        inletBuffer.deallocate()
    }

    /// Binding rates r_i = dq_i/dt of one cell into `rates` for the liquid `cb` the
    /// solid sees (c for the LRM, c_p for the LRMP) and loading q; with `jacobian`,
    /// also ∂r/∂c (modifier dependence folded into its column) and ∂r/∂q.
    @inline(__always)
    func localRates(_ cb: UnsafePointer<Double>, _ q: UnsafePointer<Double>, jacobian: Bool) {
        let n = self.n, k = ldf, bind = binding
        let s = hasModifier ? cb[modifier] : 0
        if jacobian {
            dRdC.update(repeating: 0, count: n * n)
            dRdQ.update(repeating: 0, count: n * n)
        }
        if let kb = kinetic {
            if jacobian {
                dQdS.update(repeating: 0, count: n)
                kb.kineticRates(c: cb, q: q, modifier: s, rateConstant: k, rates: rates, dRdC: dRdC, dRdS: dQdS, dRdQ: dRdQ)
                if hasModifier { for j in 0..<n { dRdC[j * n + modifier] += dQdS[j] } }
            } else {
                kb.kineticRates(c: cb, q: q, modifier: s, rateConstant: k, rates: rates, dRdC: nil, dRdS: nil, dRdQ: nil)
            }
            return
        }
        if jacobian {
            dQdC.update(repeating: 0, count: n * n)
            dQdS.update(repeating: 0, count: n)
            isotherm.equilibrium(c: cb, modifier: s, qStar: qStar, dQdC: dQdC, dQdS: dQdS)
        } else {
            isotherm.equilibrium(c: cb, modifier: s, qStar: qStar, dQdC: nil, dQdS: nil)
        }
        for j in 0..<n {
            guard bind[j] else { rates[j] = 0; continue }
            rates[j] = k[j] * (qStar[j] - q[j])
            if jacobian {
                for l2 in 0..<n { dRdC[j * n + l2] = k[j] * dQdC[j * n + l2] }
                if hasModifier { dRdC[j * n + modifier] += k[j] * dQdS[j] }
                dRdQ[j * n + j] = -k[j]
            }
        }
    }

    /// WENO3 face value from upwind cell cm, cell c0 and downwind cell cp.
    @inline(__always)
    static func weno3(_ cm: Double, _ c0: Double, _ cp: Double, _ eps: Double) -> Double {
        let e0 = eps + (c0 - cm) * (c0 - cm)
        let e1 = eps + (cp - c0) * (cp - c0)
        let a0 = (1.0 / 3.0) / (e0 * e0)
        let a1 = (2.0 / 3.0) / (e1 * e1)
        return (a0 * (1.5 * c0 - 0.5 * cm) + a1 * 0.5 * (c0 + cp)) / (a0 + a1)
    }

    /// WENO3 face value and its derivatives with respect to (cm, c0, cp).
    @inline(__always)
    static func weno3Derivatives(_ cm: Double, _ c0: Double, _ cp: Double, _ eps: Double)
        -> (v: Double, dm: Double, d0: Double, dp: Double) {
        let g0 = c0 - cm, g1 = cp - c0
        let e0 = eps + g0 * g0
        let e1 = eps + g1 * g1
        let a0 = (1.0 / 3.0) / (e0 * e0)
        let a1 = (2.0 / 3.0) / (e1 * e1)
        let s = a0 + a1
        let w0 = a0 / s, w1 = a1 / s
        let p0 = 1.5 * c0 - 0.5 * cm, p1 = 0.5 * (c0 + cp)
        // ∂a0 = −2a0/e0·∂e0, ∂e0 = 2g0·(∂c0 − ∂cm); ∂a1 = −2a1/e1·∂e1, ∂e1 = 2g1·(∂cp − ∂c0)
        let ka0 = -4 * a0 * g0 / e0   // ∂a0/∂c0 (∂a0/∂cm = −ka0)
        let ka1 = -4 * a1 * g1 / e1   // ∂a1/∂cp (∂a1/∂c0 = −ka1)
        let s2 = s * s
        // ∂w0 = (∂a0·a1 − a0·∂a1)/s²
        let dw0dm = (-ka0 * a1) / s2
        let dw0d0 = (ka0 * a1 + a0 * ka1) / s2
        let dw0dp = (-a0 * ka1) / s2
        let dp = p0 - p1
        return (w0 * p0 + w1 * p1,
                w0 * -0.5 + dp * dw0dm,
                w0 * 1.5 + w1 * 0.5 + dp * dw0d0,
                w1 * 0.5 + dp * dw0dp)
    }

    /// Outlet concentration of component j from a state (mol/m³).
    @inline(__always)
    public func outlet(_ j: Int, _ y: UnsafePointer<Double>) -> Double {
        let N = cells
        if N == 1 { return y[j] }
        let cA = y[(N - 2) * m + j], cB = y[(N - 1) * m + j]
        return ColumnDiscretization.weno3(cA, cB, max(0, 2 * cB - cA), wenoEps[j])
    }

    /// The state entries `outlet(_:_:)` reads (the last two cells' mobile phase) and the
    /// cumulative outflow: what a run records at its output times, so the integrator's
    /// dense output need interpolate only these.
    public var recordedComponents: [Range<Int>] {
        let co = cells * m
        if cells == 1 { return [0..<n, co..<(co + n)] }
        return [((cells - 2) * m)..<((cells - 2) * m + n), ((cells - 1) * m)..<((cells - 1) * m + n), co..<(co + n)]
    }

    /// Initial state: uniform c0, c_p = c0, q = q*(c0); cumulative outflow 0.
    public func initialState() -> [Double] {
        var y = [Double](repeating: 0, count: dimension)
        let c0 = problem.initialConcentration
        let q0 = problem.isotherm.loading(c: c0, modifier: hasModifier ? c0[modifier] : 0)
        for i in 0..<cells {
            for j in 0..<n {
                y[i * m + j] = c0[j]
                if isLRM {
                    y[i * m + n + j] = q0[j]
                } else if isGRM {
                    for k in 0..<np {
                        y[i * m + n + 2 * n * k + j] = c0[j]
                        y[i * m + 2 * n * (k + 1) + j] = q0[j]
                    }
                } else {
                    y[i * m + n + j] = c0[j]
                    y[i * m + 2 * n + j] = q0[j]
                }
            }
        }
        return y
    }

    /// Amount held in the column per component (mol per m² of cross-section):
    /// Σ_i Δz·(ε_t c + (1−ε_t) q) (LRM) or Σ_i Δz·(ε c + (1−ε)(ε_p c_p + (1−ε_p) q)) (LRMP;
    /// for the GRM the particle term is the volume-weighted mean over the shells).
    public func holdup(_ y: UnsafePointer<Double>) -> [Double] {
        let col = problem.column
        var out = [Double](repeating: 0, count: n)
        for i in 0..<cells {
            for j in 0..<n {
                if isLRM {
                    out[j] += dz * (col.totalPorosity * y[i * m + j] + (1 - col.totalPorosity) * y[i * m + n + j])
                } else if isGRM {
                    let e = col.bedPorosity, ep = col.particlePorosity
                    var bead = 0.0
                    for k in 0..<np { bead += ep * y[i * m + n + 2 * n * k + j] + (1 - ep) * y[i * m + 2 * n * (k + 1) + j] }
                    out[j] += dz * (e * y[i * m + j] + (1 - e) * bead / Double(np))
                } else {
                    let e = col.bedPorosity, ep = col.particlePorosity
                    out[j] += dz * (e * y[i * m + j] + (1 - e) * (ep * y[i * m + n + j] + (1 - ep) * y[i * m + 2 * n + j]))
                }
            }
        }
        return out
    }

    /// f(t, y) of the method of lines into `f` (always defined: returns true).
    public func rhs(t: Double, y: UnsafePointer<Double>, f dydt: UnsafeMutablePointer<Double>) -> Bool {
        let N = cells, m = self.m, n = self.n
        let us = self.us, df = self.dispersionFactor, inv = self.invEpsDz
        let history = inletHistory
        history?.value(at: t, into: inletBuffer)
        for j in 0..<n {
            var fluxLeft = us * (history == nil ? section.inlet(j, at: t) : inletBuffer[j])
            if N == 1 {
                let fr = us * y[j]
                dydt[j] = (fluxLeft - fr) * inv
                dydt[m + j] = fr
                continue
            }
            let eps = wenoEps[j]
            var cPrev = 2 * y[j] - y[m + j]   // ghost c_{-1}
            var cCur = y[j]
            var p = j
            for _ in 0..<(N - 1) {
                let cNext = y[p + m]
                let fluxRight = us * ColumnDiscretization.weno3(cPrev, cCur, cNext, eps) - df * (cNext - cCur)
                dydt[p] = (fluxLeft - fluxRight) * inv
                cPrev = cCur
                cCur = cNext
                fluxLeft = fluxRight
                p += m
            }
            let fluxOut = us * ColumnDiscretization.weno3(cPrev, cCur, max(0, 2 * cCur - cPrev), eps)
            dydt[p] = (fluxLeft - fluxOut) * inv
            dydt[N * m + j] = fluxOut
        }
        let pr = phaseRatio
        let r = rates
        if isGRM {
            particleRHS(y: y, dydt: dydt)
        } else if isLRM {
            for i in 0..<N {
                let c = y + i * m
                localRates(c, c + n, jacobian: false)
                let dc = dydt + i * m
                let dq = dc + n
                for j in 0..<n {
                    dq[j] = r[j]
                    dc[j] -= pr * r[j]
                }
            }
        } else {
            let kf = filmRate, ep = epsP
            for i in 0..<N {
                let c = y + i * m
                let cp = c + n
                localRates(cp, c + 2 * n, jacobian: false)
                let dc = dydt + i * m
                let dcp = dc + n
                let dq = dc + 2 * n
                for j in 0..<n {
                    let film = kf[j] * (c[j] - cp[j])
                    dc[j] -= pr * film
                    dq[j] = r[j]
                    dcp[j] = (film - (1 - ep) * r[j]) / ep
                }
            }
        }
        return true
    }

    /// The analytic banded ∂f/∂y at (t, y) (see the type doc); always true.
    public func jacobian(t: Double, y: UnsafePointer<Double>, jac: UnsafeMutablePointer<Double>) -> Bool {
        writeJacobian(y: y, into: BandSink(jac: jac, ml: 2 * m, width: 3 * m + 1))
        return true
    }

    /// Adds the analytic ∂f/∂y at y entry by entry into `sink` (zeroed by the caller):
    /// the one Jacobian code behind the band (`jacobian`) and the compact per-cell
    /// storage of `CondensedColumnSolver` (`CondensedColumnSystem`).
    func writeJacobian<Sink: ColumnJacobianSink>(y: UnsafePointer<Double>, into sink: Sink) {
        let N = cells, m = self.m, n = self.n
        let us = self.us, df = self.dispersionFactor, inv = self.invEpsDz
        @inline(__always) func add(_ r: Int, _ col: Int, _ v: Double) { sink.add(r, col, v) }
        // transport
        for j in 0..<n {
            if N == 1 {
                add(j, j, -us * inv)
                add(m + j, j, us)
                continue
            }
            let eps = wenoEps[j]
            for f in 1...N {   // face between cell f−1 and f (f = N: outlet)
                let L = f - 1
                let rowL = L * m + j
                if f < N {
                    let rowR = f * m + j
                    let c0 = y[L * m + j], cp = y[f * m + j]
                    var cm: Double
                    var dmCol = -1
                    if L == 0 { cm = 2 * c0 - cp } else { cm = y[(L - 1) * m + j]; dmCol = (L - 1) * m + j }
                    let w = ColumnDiscretization.weno3Derivatives(cm, c0, cp, eps)
                    // flux derivatives w.r.t. cells (L−1, L, f)
                    var dL = us * w.d0 + df
                    var dF = us * w.dp - df
                    var dM = us * w.dm
                    if L == 0 { dL += 2 * dM; dF -= dM; dM = 0 }
                    // flux leaves cell L (−) and enters cell f (+)
                    add(rowL, rowL, -dL * inv); add(rowR, rowL, dL * inv)
                    add(rowL, rowR, -dF * inv); add(rowR, rowR, dF * inv)
                    if dmCol >= 0 { add(rowL, dmCol, -dM * inv); add(rowR, dmCol, dM * inv) }
                } else {
                    let cA = y[(N - 2) * m + j], cB = y[(N - 1) * m + j]
                    let ghostRaw = 2 * cB - cA
                    let w = ColumnDiscretization.weno3Derivatives(cA, cB, max(0, ghostRaw), eps)
                    var dB = us * w.d0, dA = us * w.dm
                    if ghostRaw > 0 { dB += 2 * us * w.dp; dA -= us * w.dp }
                    let colA = (N - 2) * m + j, colB = (N - 1) * m + j
                    let rowOut = N * m + j
                    add(rowL, colB, -dB * inv); add(rowL, colA, -dA * inv)
                    add(rowOut, colB, dB); add(rowOut, colA, dA)
                }
            }
        }
        // local exchange
        if isGRM {
            particleJacobian(y: y, into: sink)
            return
        }
        let pr = phaseRatio
        for i in 0..<N {
            let base = i * m
            if isLRM {
                localRates(y + base, y + base + n, jacobian: true)
                for jj in 0..<n {
                    let rowQ = base + n + jj, rowC = base + jj
                    for l in 0..<n {
                        let vc = dRdC[jj * n + l], vq = dRdQ[jj * n + l]
                        if vc != 0 { add(rowQ, base + l, vc); add(rowC, base + l, -pr * vc) }
                        if vq != 0 { add(rowQ, base + n + l, vq); add(rowC, base + n + l, -pr * vq) }
                    }
                }
            } else {
                localRates(y + base + n, y + base + 2 * n, jacobian: true)
                let kf = filmRate, ep = epsP
                let g = (1 - ep) / ep
                for jj in 0..<n {
                    let rowC = base + jj, rowP = base + n + jj, rowQ = base + 2 * n + jj
                    add(rowC, rowC, -pr * kf[jj]); add(rowC, rowP, pr * kf[jj])
                    add(rowP, rowC, kf[jj] / ep); add(rowP, rowP, -kf[jj] / ep)
                    for l in 0..<n {
                        let vc = dRdC[jj * n + l], vq = dRdQ[jj * n + l]
                        if vc != 0 { add(rowQ, base + n + l, vc); add(rowP, base + n + l, -g * vc) }
                        if vq != 0 { add(rowQ, base + 2 * n + l, vq); add(rowP, base + 2 * n + l, -g * vq) }
                    }
                }
            }
        }
    }
}
