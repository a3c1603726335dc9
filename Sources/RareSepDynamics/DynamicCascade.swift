import RareSepCascade
import RareSepChemistry
import RareSepCore
import RareSepODE

/// A mixer-settler cascade with hold-ups as the index-1 DAE M·u' = f(u) (physics.md §4).
///
/// Mixer of stage s (well mixed, aqueous and organic hold-ups V_aq, V_org): the species
/// balance d(V_aq·x_j + V_org·y_j)/dt = in − A_s·x_j − O_s·y_j (differential) and the
/// closure row of the steady cascade (`CascadeWorkspace.evaluateStage`: equilibrium or
/// Murphree, organic constraints, single-phase species), algebraic (a zero row of M); with
/// a transfer coefficient K·a the closure row of a partitioning species becomes the
/// organic balance d(V_org·y_j)/dt = organic in − O_s·y_j + K·a·V_m·(y*_j − y_j). The
/// inflows of a mixer are the settler outlets of its neighbours. Settler layer of stage s:
/// K well-mixed cells per phase in series, V/K·dc/dt = Q·(c_in − c), Q = A_s (aqueous
/// layer) or O_s (organic layer). Ledger: dG/dt = Q·c of each outlet (the cumulative
/// outflow per outlet and species, mol), so that the element balance over a run is read
/// off the integration itself.
///
/// Layout: `DynamicCascadeLayout` (chain of mixers and cell elements, block tridiagonal with
/// pair-diagonal coupling and the loop corner), then the ledger. For a species held by an
/// organic-only constraint the mixer's two rows are swapped (the x = 0 row at x's place) so
/// that every algebraic row sits at an algebraic component. The Jacobian is analytic: the
/// stage kernel's blocks for the mixers, the cell flows for the settlers.
public final class DynamicCascade: DAESystem {
    /// The hold-ups and cell count.
    public let specification: DynamicCascadeSpecification
    /// The cascade as it runs now (inlets change at events).
    public private(set) var problem: CascadeProblem
    /// Its phase flows (m³/s).
    public var flows: StageFlows { workspace.flows }
    /// The stage kernel: the steady cascade's workspace in dynamic mode.
    private(set) var workspace: CascadeWorkspace
    let layout: DynamicCascadeLayout
    /// Unknowns: chain (E·2n concentrations, mol/m³) then ledger (outlets·n amounts, mol).
    public let dimension: Int
    /// The Newton-matrix solver (block-tridiagonal chain plus ledger border).
    public let linearSolver: DynamicNewtonSolver
    /// Species n, block 2n, stages N, chain elements E, chain unknowns E·2n.
    public let speciesCount: Int
    let m: Int, N: Int, E: Int
    let chainSize: Int
    /// Per stage: mixer aqueous and organic hold-up (m³), one settler cell's aqueous and organic volume (m³).
    public let mixerAqueousVolume: [Double]
    public let mixerOrganicVolume: [Double]
    public let cellAqueousVolume: [Double]
    public let cellOrganicVolume: [Double]
    /// K·a·V_m per stage, m³/s (0: equilibrium mixer).
    let transferRates: [Double]
    /// Per element: slot kinds (0 mixer, 1 cell, 2 unused) and the cells' layer flows (m³/s).
    let aqueousKind: UnsafeMutablePointer<Int>
    let organicKind: UnsafeMutablePointer<Int>
    let cellAqueousFlow: UnsafeMutablePointer<Double>
    let cellOrganicFlow: UnsafeMutablePointer<Double>
    /// Stage of each element's slots (−1 unused).
    let aqueousStage: [Int]
    let organicStage: [Int]
    /// Mass-matrix blocks (E·m², dense per element) and J: diagonal blocks, compact couplings, corner.
    let mass: UnsafeMutablePointer<Double>
    let jd: UnsafeMutablePointer<Double>
    let jl: UnsafeMutablePointer<Double>
    let ju: UnsafeMutablePointer<Double>
    let jc: UnsafeMutablePointer<Double>
    /// Gathered mixer contents and settler outlets, stage-major (N·m, the stage kernel's layout).
    let mixerState: UnsafeMutablePointer<Double>
    let outletState: UnsafeMutablePointer<Double>
    let scratch: UnsafeMutablePointer<Double>
    /// Rows (and components) of stage s, species j swapped (organic-only species), N·n.
    let swapped: UnsafeMutablePointer<Bool>
    let differential: [Bool]
    /// The cascade's outlets in `CascadeSolution.outlets` order: name, stage, phase flows (m³/s).
    public private(set) var outlets: [(name: String, stage: Int, aqueousFlow: Double, organicFlow: Double)]

    public init(_ spec: DynamicCascadeSpecification) throws {
        if let e = spec.validationError() { throw InfeasibleSpecification(e) }
        specification = spec
        problem = spec.problem
        let ws = try CascadeWorkspace(problem: spec.problem)
        let n = ws.speciesCount, N = ws.stageCount, m = 2 * n, K = spec.settlerCells
        let sectionOf = spec.problem.sectionOfStage
        var va = [Double](), vo = [Double](), ca = [Double](), co = [Double](), rates = [Double]()
        for s in 0..<N {
            let h = spec.holdUps[sectionOf[s]]
            let phi = h.mixerOrganicFraction ?? ws.flows.organic[s] / (ws.flows.organic[s] + ws.flows.aqueous[s])
            va.append(h.mixerVolume * (1 - phi))
            vo.append(h.mixerVolume * phi)
            ca.append(K > 0 ? h.settlerAqueousVolume / Double(K) : 0)
            co.append(K > 0 ? h.settlerOrganicVolume / Double(K) : 0)
            rates.append((h.transferCoefficient ?? 0) * h.mixerVolume)
        }
        mixerAqueousVolume = va; mixerOrganicVolume = vo; cellAqueousVolume = ca; cellOrganicVolume = co
        transferRates = rates
        ws.useDynamicBalances(transferRate: rates)
        workspace = ws
        let layout = DynamicCascadeLayout(stageCount: N, cells: K, speciesCount: n, loop: spec.problem.loop != nil)
        self.layout = layout
        speciesCount = n
        self.m = m; self.N = N
        E = layout.elementCount
        chainSize = E * m
        let bb = m * m, cs = 2 * m
        func kind(_ s: DynamicCascadeLayout.Slot) -> Int {
            switch s { case .mixer: return 0; case .cell: return 1; case .unused: return 2 }
        }
        func stage(_ s: DynamicCascadeLayout.Slot) -> Int {
            switch s { case .mixer(let st): return st; case .cell(let st, _): return st; case .unused: return -1 }
        }
        aqueousKind = .allocate(capacity: E); aqueousKind.initialize(from: layout.aqueous.map(kind), count: E)
        organicKind = .allocate(capacity: E); organicKind.initialize(from: layout.organic.map(kind), count: E)
        aqueousStage = layout.aqueous.map(stage)
        organicStage = layout.organic.map(stage)
        cellAqueousFlow = .allocate(capacity: E); cellAqueousFlow.initialize(repeating: 0, count: E)
        cellOrganicFlow = .allocate(capacity: E); cellOrganicFlow.initialize(repeating: 0, count: E)
        mass = .allocate(capacity: E * bb); mass.initialize(repeating: 0, count: E * bb)
        jd = .allocate(capacity: E * bb); jd.initialize(repeating: 0, count: E * bb)
        jl = .allocate(capacity: E * cs); jl.initialize(repeating: 0, count: E * cs)
        ju = .allocate(capacity: E * cs); ju.initialize(repeating: 0, count: E * cs)
        jc = .allocate(capacity: cs); jc.initialize(repeating: 0, count: cs)
        mixerState = .allocate(capacity: N * m); mixerState.initialize(repeating: 0, count: N * m)
        outletState = .allocate(capacity: N * m); outletState.initialize(repeating: 0, count: N * m)
        scratch = .allocate(capacity: bb); scratch.initialize(repeating: 0, count: bb)
        swapped = .allocate(capacity: N * n)
        for s in 0..<N { for j in 0..<n { (swapped + s * n + j).initialize(to: ws.role(stage: s, species: j) == .organicOnly) } }
        // mass matrix
        for e in 0..<E {
            let b = mass + e * bb
            switch layout.aqueous[e] {
            case .mixer(let s):
                for j in 0..<n {
                    let sw = swapped[s * n + j]
                    let balance = sw ? n + j : j, closure = sw ? j : n + j
                    b[balance * m + j] = va[s]
                    b[balance * m + n + j] = vo[s]
                    if rates[s] > 0 && ws.role(stage: s, species: j) == .partitioning { b[closure * m + n + j] = vo[s] }
                }
            case .cell(let s, _):
                for j in 0..<n { b[j * m + j] = ca[s] }
            case .unused: break
            }
            if case .cell(let s, _) = layout.organic[e] { for j in 0..<n { b[(n + j) * m + n + j] = co[s] } }
        }
        outlets = Self.view(spec.problem, ws.flows).outlets.map { ($0.name, $0.stage, $0.aqueousFlow, $0.organicFlow) }
        dimension = chainSize + outlets.count * n
        var diff = [Bool](repeating: true, count: dimension)
        let massBlocks = mass, elements = E
        for e in 0..<elements {
            for i in 0..<m { diff[e * m + i] = (0..<m).contains { massBlocks[e * bb + i * m + $0] != 0 } }
        }
        differential = diff
        linearSolver = DynamicNewtonSolver(chain: BlockTridiagonalSystem(stageCount: E, blockSize: m, hasCorner: layout.hasCorner),
                                           chainSize: chainSize, borderCapacity: 2 * outlets.count * n)
        updateFlows()
    }

    deinit {
        aqueousKind.deallocate(); organicKind.deallocate(); cellAqueousFlow.deallocate(); cellOrganicFlow.deallocate()
        mass.deallocate(); jd.deallocate(); jl.deallocate(); ju.deallocate(); jc.deallocate()
        mixerState.deallocate(); outletState.deallocate(); scratch.deallocate(); swapped.deallocate()
    }

    /// The cascade's streams as the steady reports see them, at settler-outlet profiles x, y
    /// (stage-major, mol/m³; zero when only flows are wanted).
    static func view(_ problem: CascadeProblem, _ flows: StageFlows, aqueous: [Double]? = nil, organic: [Double]? = nil) -> CascadeSolution {
        let zero = [Double](repeating: 0, count: problem.stageCount * problem.species.count)
        return CascadeSolution(problem: problem, flows: flows, aqueous: aqueous ?? zero, organic: organic ?? zero,
                               report: SolverReport(code: .success, method: "dynamic", iterations: 0, residual: 0, worstLocation: ""),
                               worstStageClosure: 0)
    }

    /// Settler layer flows and ledger weights from the current phase flows.
    private func updateFlows() {
        let f = workspace.flows, n = speciesCount
        for e in 0..<E {
            cellAqueousFlow[e] = aqueousKind[e] == 1 ? f.aqueous[aqueousStage[e]] : 0
            cellOrganicFlow[e] = organicKind[e] == 1 ? f.organic[organicStage[e]] : 0
        }
        outlets = Self.view(problem, f).outlets.map { ($0.name, $0.stage, $0.aqueousFlow, $0.organicFlow) }
        let ls = linearSolver
        var k = 0
        for (o, out) in outlets.enumerated() {
            for j in 0..<n {
                let row = chainSize + o * n + j
                ls.borderRow[k] = row; ls.borderColumn[k] = layout.aqueousOutlet[out.stage] + j; ls.borderWeight[k] = out.aqueousFlow
                k += 1
                ls.borderRow[k] = row; ls.borderColumn[k] = layout.organicOutlet[out.stage] + j; ls.borderWeight[k] = out.organicFlow
                k += 1
            }
        }
    }

    /// Replace the running cascade by `newProblem` (an event: inlet flows or compositions,
    /// organic flow). The stages, sections, species, outlets and loop must be the same.
    public func apply(problem newProblem: CascadeProblem) throws {
        guard newProblem.stageCount == problem.stageCount, newProblem.species == problem.species,
              (newProblem.loop == nil) == (problem.loop == nil) else {
            throw InfeasibleSpecification("an event may change inlets and flows, not the cascade's stages, species or loop")
        }
        let ws = try CascadeWorkspace(problem: newProblem)
        ws.useDynamicBalances(transferRate: transferRates)
        let before = outlets.map(\.name)
        let old = (problem, workspace)
        problem = newProblem
        workspace = ws
        updateFlows()
        if outlets.map(\.name) != before {
            (problem, workspace) = old
            updateFlows()
            throw InfeasibleSpecification("an event may not open or close an outlet (\(before.joined(separator: ", ")))")
        }
    }

    public func isDifferential(_ i: Int) -> Bool { differential[i] }

    /// Copy the mixers' contents and the settlers' outlet compositions into the stage kernel's layout.
    @inline(__always)
    func gather(_ u: UnsafePointer<Double>) {
        let n = speciesCount
        for s in 0..<N {
            (mixerState + s &* m).update(from: u + layout.mixerElement[s] &* m, count: m)
            (outletState + s &* m).update(from: u + layout.aqueousOutlet[s], count: n)
            (outletState + (s &* m &+ n)).update(from: u + layout.organicOutlet[s], count: n)
        }
    }

    public func rhs(t: Double, y u: UnsafePointer<Double>, f: UnsafeMutablePointer<Double>) -> Bool {
        let n = speciesCount
        gather(u)
        let ws = workspace
        for s in 0..<N {
            ws.evaluateStage(s, mixerState, inflows: outletState, jacobian: false, scaled: false, diagonal: scratch)
            let r = ws.residual + s &* m, fe = f + layout.mixerElement[s] &* m
            for j in 0..<n {
                if swapped[s &* n &+ j] { fe[j] = r[n &+ j]; fe[n &+ j] = r[j] } else { fe[j] = r[j]; fe[n &+ j] = r[n &+ j] }
            }
        }
        for e in 0..<E {
            let base = e &* m, fe = f + base, ue = u + base
            switch aqueousKind[e] {
            case 1:
                let q = cellAqueousFlow[e], inlet = u + (e &+ 1) &* m
                for j in 0..<n { fe[j] = q * (inlet[j] - ue[j]) }
            case 2:
                for j in 0..<n { fe[j] = -ue[j] }
            default: break
            }
            switch organicKind[e] {
            case 1:
                let q = cellOrganicFlow[e], inlet = u + ((e == 0 ? E &- 1 : e &- 1) &* m &+ n)
                for j in 0..<n { fe[n &+ j] = q * (inlet[j] - ue[n &+ j]) }
            case 2:
                for j in 0..<n { fe[n &+ j] = -ue[n &+ j] }
            default: break
            }
        }
        let ls = linearSolver
        for i in chainSize..<dimension { f[i] = 0 }
        for k in 0..<ls.borderCount { f[ls.borderRow[k]] += ls.borderWeight[k] * u[ls.borderColumn[k]] }
        for i in 0..<dimension where !f[i].isFinite { return false }
        return true
    }

    public func applyMass(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let bb = m &* m
        for e in 0..<E {
            let b = mass + e &* bb, ve = v + e &* m, oe = out + e &* m
            if aqueousKind[e] == 0 {
                for i in 0..<m {
                    var acc = 0.0
                    let row = b + i &* m
                    for c in 0..<m { acc += row[c] * ve[c] }
                    oe[i] = acc
                }
            } else {
                for i in 0..<m { oe[i] = b[i &* m &+ i] * ve[i] }
            }
        }
        for i in chainSize..<dimension { out[i] = v[i] }
    }

    public func updateJacobian(t: Double, y u: UnsafePointer<Double>) -> Bool {
        let n = speciesCount, bb = m &* m, cs = 2 &* m
        gather(u)
        let ws = workspace, sys = ws.system
        jl.update(repeating: 0, count: E &* cs)
        ju.update(repeating: 0, count: E &* cs)
        jc.update(repeating: 0, count: cs)
        let hasLoop = problem.loop != nil, K = layout.cells
        for s in 0..<N {
            let e = layout.mixerElement[s], d = jd + e &* bb
            ws.evaluateStage(s, mixerState, inflows: outletState, jacobian: true, scaled: false, diagonal: d)
            let l = jl + e &* cs, up = ju + e &* cs
            l.update(from: sys.lower + s &* cs, count: cs)
            up.update(from: sys.upper + s &* cs, count: cs)
            if s == 0 && hasLoop {
                // the loop's organic: from the last stage (K = 0, the chain's corner) or from
                // the last organic cell of settler N−1, the element just before mixer 0
                let target = K == 0 ? jc : l
                for i in 0..<cs { target[i] += sys.corner[i] }
            }
            for j in 0..<n where swapped[s &* n &+ j] {
                let r0 = d + j &* m, r1 = d + (n &+ j) &* m
                for c in 0..<m { let t = r0[c]; r0[c] = r1[c]; r1[c] = t }
                Self.swapPairRows(l + 4 &* j)
                Self.swapPairRows(up + 4 &* j)
                if s == 0 && hasLoop && K == 0 { Self.swapPairRows(jc + 4 &* j) }
            }
        }
        for e in 0..<E where aqueousKind[e] != 0 {
            let d = jd + e &* bb
            d.update(repeating: 0, count: bb)
            let qa = cellAqueousFlow[e], qo = cellOrganicFlow[e]
            let up = ju + e &* cs, lo = e == 0 ? jc : jl + e &* cs
            for j in 0..<n {
                switch aqueousKind[e] {
                case 1: d[j &* m &+ j] = -qa; up[4 &* j] = qa
                default: d[j &* m &+ j] = -1
                }
                switch organicKind[e] {
                case 1: d[(n &+ j) &* m &+ n &+ j] = -qo; lo[4 &* j &+ 3] = qo
                default: d[(n &+ j) &* m &+ n &+ j] = -1
                }
            }
        }
        for i in 0..<(E &* bb) where !jd[i].isFinite { return false }
        return true
    }

    /// Swap the two rows of one pair's 2×2 coupling block.
    @inline(__always)
    static func swapPairRows(_ p: UnsafeMutablePointer<Double>) {
        (p[0], p[2]) = (p[2], p[0])
        (p[1], p[3]) = (p[3], p[1])
    }

    public func assembleNewtonMatrix(c: Double) {
        let sys = linearSolver.chain, bb = m &* m, cs = 2 &* m
        for i in 0..<(E &* bb) { sys.diag[i] = mass[i] - c * jd[i] }
        for i in 0..<(E &* cs) { sys.lower[i] = -c * jl[i]; sys.upper[i] = -c * ju[i] }
        if layout.hasCorner { for i in 0..<cs { sys.corner[i] = -c * jc[i] } }
        linearSolver.c = c
    }
}
