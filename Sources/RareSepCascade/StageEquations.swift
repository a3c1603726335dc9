import RareSepChemistry
import RareSepCore

/// The stage equations (physics.md §2–3) and their analytic Jacobian blocks.
///
/// Rows of stage s, species j:
/// - balance: Σ inflows − A_s·x_{s,j} − O_s·y_{s,j} = 0 (mol/s);
/// - closure by role: partitioning y − y_in − E_M·(y* − y_in) = 0 with y_in the
///   flow-weighted organic inlet composition (Murphree, organic basis);
///   organic constraint y − y* = 0; aqueous-only y = 0; organic-only x = 0.
extension CascadeWorkspace {
    /// Smallest scale used to normalise a residual row, mol/s or mol/m³.
    static let scaleFloor = StageClosure.scaleFloor

    /// Evaluate the residual at `state` into `residual` and row scales into
    /// `scale`; when `jacobian` is true, also assemble the (unscaled) block-tridiagonal
    /// Jacobian into the system. Newton assembles stage by stage instead
    /// (`assembleAndSolveNewton`).
    func evaluate(_ state: UnsafeMutablePointer<Double>, jacobian: Bool) {
        let bb = blockSize &* blockSize
        for s in 0..<stageCount { evaluateStage(s, state, jacobian: jacobian, scaled: false, diagonal: system.diag + s &* bb) }
    }

    /// `evaluate` for the rows of stage s only (they involve stages s−1, s, s+1 and,
    /// for s = 0, the last stage through the loop). With `jacobian`, the diagonal block
    /// goes to `diagonal` (the system's block of stage s, or a scratch block for a
    /// caller that only reads it) and the coupling blocks to the system, every row
    /// divided by its residual scale when `scaled` is true.
    ///
    /// `inflows` (default `state`) is where the streams entering the stage are read:
    /// the aqueous from s+1, the organic from s−1 and through the loop, in the same
    /// stage-major layout. The steady cascade reads its neighbours' contents; the dynamic
    /// cascade passes its settlers' outlet compositions. With `transferRate` set (the
    /// dynamic cascade's finite-rate mixers) the closure row of a partitioning species is
    /// instead the mixer's organic balance: organic in − O·y + K·a·V·(y* − y), mol/s.
    @inline(__always)
    package func evaluateStage(_ s: Int, _ state: UnsafeMutablePointer<Double>, inflows: UnsafeMutablePointer<Double>? = nil,
                               jacobian: Bool, scaled: Bool, diagonal d: UnsafeMutablePointer<Double>) {
        let n = speciesCount, m = blockSize, N = stageCount, cs = system.couplingStride
        let f = flows
        let hasLoop = problem.loop != nil
        let sec = sectionOfStage[s]
        let modelIndex = problem.sections[sec].modelIndex
        let model = problem.models[modelIndex]
        let role = roleTable + modelIndex &* n
        let xs = state + s &* m, ys = xs + n
        if jacobian {
            dYdX.update(repeating: 0, count: n &* n)
            dYdY.update(repeating: 0, count: n &* n)
            model.equilibriumOrganic(x: xs, y: ys, yStar: yStar, dYdX: dYdX, dYdY: dYdY)
        } else {
            model.equilibriumOrganic(x: xs, y: ys, yStar: yStar, dYdX: nil, dYdY: nil)
        }
        let A = f.aqueous[s], O = f.organic[s]
        let fA = f.aqueousFromNext[s], fOe = f.organicEntrainedFromNext[s]
        let fO = f.organicFromPrevious[s], fAe = f.aqueousEntrainedFromPrevious[s]
        let loopO = (s == 0 && hasLoop) ? f.loopOrganic : 0
        let loopA = (s == 0 && hasLoop) ? f.loopAqueousEntrained : 0
        let oin = f.organicInflow[s]
        let e = murphree[s]
        let source = inflows ?? state
        let next = s &+ 1 < N ? source + (s &+ 1) &* m : nil
        let prev = s > 0 ? source + (s &- 1) &* m : nil
        let last = source + (N &- 1) &* m
        let kaV = transferRate?[s] ?? 0
        let r = residual + s &* m, sc = scale + s &* m
        let feed = feedAmount + s &* n, orgFeed = organicFeedAmount + s &* n
        let typical = typicalConcentration, floor = relativeScaleFloor
        for j in 0..<n {
            // Balance row j.
            var inflow = feed[j]
            var orgIn = orgFeed[j]
            if let next {
                inflow += fA * next[j] + fOe * next[n &+ j]
                orgIn += fOe * next[n &+ j]
            }
            if let prev {
                inflow += fO * prev[n &+ j] + fAe * prev[j]
                orgIn += fO * prev[n &+ j]
            }
            if s == 0 && hasLoop {
                inflow += loopO * last[n &+ j] + loopA * last[j]
                orgIn += loopO * last[n &+ j]
            }
            let out = A * xs[j] + O * ys[j]
            r[j] = inflow - out
            sc[j] = max(abs(inflow) + abs(out), floor * typical[j] * (A + O), Self.scaleFloor)
            if s == 0 && loopInventory[j], let loop = problem.loop {
                // closed loop: the circulating organic holds the make-up concentration
                r[j] = ys[j] - loop.makeupConcentrations[j]
                sc[j] = max(abs(ys[j]) + loop.makeupConcentrations[j], Self.scaleFloor)
            }
            // Closure row n+j.
            let yin = oin > 0 ? orgIn / oin : 0
            let nj = n &+ j
            switch role[j] {
            case .partitioning where kaV > 0:
                let outO = O * ys[j], transfer = kaV * (yStar[j] - ys[j])
                r[nj] = orgIn - outO + transfer
                sc[nj] = max(abs(orgIn) + abs(outO) + abs(transfer), floor * typical[j] * (A + O), Self.scaleFloor)
            case .partitioning:
                r[nj] = ys[j] - yin - e * (yStar[j] - yin)
                sc[nj] = max(abs(ys[j]) + abs(yStar[j]) + abs(yin), floor * typical[j], Self.scaleFloor)
            case .organicConstraint, .aqueousOnly, .organicOnly:
                (r[nj], sc[nj]) = StageClosure.constraintRow(role[j], x: xs[j], y: ys[j], yStar: yStar[j], typical: typical[j])
            }
        }
        guard jacobian else { return }
        d.update(repeating: 0, count: m &* m)
        system.zeroCoupling(s)
        // Coupling blocks are pair-diagonal (see BlockTridiagonalSystem): species j's
        // 2×2 block holds [balance row: (x_j, y_j), closure row: (x_j, y_j)] at 4j.
        let lo = system.lower + s &* cs, up = system.upper + s &* cs
        let corner = system.corner
        let dxdx = dYdX, dydy = dYdY
        for j in 0..<n {
            // balance rows
            let dj = d + j &* m
            let upj = up + 4 &* j, loj = lo + 4 &* j, cj = corner + 4 &* j
            dj[j] = -A
            dj[n &+ j] = -O
            if next != nil {
                upj[0] = fA
                upj[1] = fOe
            }
            if prev != nil {
                loj[0] = fAe
                loj[1] = fO
            }
            if s == 0 && hasLoop {
                cj[0] = loopA
                cj[1] = loopO
            }
            if s == 0 && loopInventory[j] {
                for c in 0..<m { dj[c] = 0 }
                upj[0] = 0; upj[1] = 0
                cj[0] = 0; cj[1] = 0
                dj[n &+ j] = 1
            }
            // closure rows
            let row = d + (n &+ j) &* m
            switch role[j] {
            case .partitioning where kaV > 0:
                // organic balance: ∂/∂x = K·a·V·∂y*/∂x, ∂/∂y = K·a·V·∂y*/∂y − (O + K·a·V) on y_j
                let gx = dxdx + j &* n, gy = dydy + j &* n, rowY = row + n
                for k in 0..<n {
                    row[k] = kaV * gx[k]
                    rowY[k] = kaV * gy[k]
                }
                rowY[j] -= O + kaV
                if next != nil { upj[3] = fOe }
                if prev != nil { loj[3] = fO }
                if s == 0 && hasLoop { cj[3] = loopO }
            case .partitioning, .organicConstraint:
                let ej = role[j] == .partitioning ? e : 1.0
                let gx = dxdx + j &* n, gy = dydy + j &* n, rowY = row + n
                for k in 0..<n {
                    row[k] = -ej * gx[k]
                    rowY[k] = -ej * gy[k]
                }
                rowY[j] += 1
                if ej < 1 && oin > 0 {
                    let w = -(1 - ej) / oin
                    if next != nil { upj[3] = w * fOe }
                    if prev != nil { loj[3] = w * fO }
                    if s == 0 && hasLoop { cj[3] = w * loopO }
                }
            case .aqueousOnly:
                row[n &+ j] = 1
            case .organicOnly:
                row[j] = 1
            }
        }
        if scaled { system.divideRows(ofStage: s, by: sc, withCorner: s == 0 && system.hasCorner) }
    }

    /// Human-readable location of an unknown/equation index: stage (from 1), section,
    /// species and equation kind.
    public func describe(index: Int) -> String {
        let m = blockSize, n = speciesCount
        let s = index / m, k = index % m
        let sp = problem.species.symbols[k % n]
        let sec = problem.sections[sectionOfStage[s]].name
        return "stage \(s + 1) (\(sec)), \(sp), \(k < n ? "mass balance" : "equilibrium/closure")"
    }
}

extension CascadeWorkspace {
    /// The current state vector z (stage-major, x then y per stage, mol/m³).
    public var stateVector: [Double] { (0..<(stageCount * blockSize)).map { z[$0] } }
}

extension CascadeWorkspace {
    /// Unscaled residual at `state` into `out` (mol/s for balances, mol/m³ for closures).
    public func rawResidual(at state: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let total = stageCount * blockSize
        trial.update(from: state, count: total)
        evaluate(trial, jacobian: false)
        out.update(from: residual, count: total)
    }

    /// Row scales of the residual at `state`.
    public func residualScales(at state: [Double]) -> [Double] {
        let total = stageCount * blockSize
        state.withUnsafeBufferPointer { trial.update(from: $0.baseAddress!, count: total) }
        evaluate(trial, jacobian: false)
        return (0..<total).map { scale[$0] }
    }
}

extension CascadeWorkspace {
    /// rhs = (J·z − F)/scale for the rows of stage s (its blocks assembled at z and
    /// row-scaled, not yet factored), J including the pseudo-time term of `rate`. The
    /// balance rows are linear, so their J·z − F is exactly minus the feeds (the
    /// inventory rows of a closed loop: the make-up concentration), less the hold-up
    /// term rate·(A·x + O·y) — taken as such, free of round-off. Allocation-free.
    @inline(__always)
    func newtonRightHandSideStage(_ s: Int, rate: Double, into rhs: UnsafeMutablePointer<Double>) {
        let n = speciesCount, m = blockSize, bb = m &* m, N = stageCount, cs = system.couplingStride
        let r = rhs + s &* m
        let zs = z + s &* m
        let feed = feedAmount + s &* n
        let res = residual + s &* m, sc = scale + s &* m
        for j in 0..<n {
            var v = -feed[j]
            if s == 0 && loopInventory[j], let loop = problem.loop {
                v = loop.makeupConcentrations[j]
            } else if rate > 0 {
                v -= rate * (flows.aqueous[s] * zs[j] + flows.organic[s] * zs[n &+ j])
            }
            r[j] = v / sc[j]
        }
        let zp = s > 0 ? z + (s &- 1) &* m : nil
        let zn = s < N &- 1 ? z + (s &+ 1) &* m : nil
        let zl = z + (N &- 1) &* m
        let withCorner = s == 0 && system.hasCorner
        let lower = system.lower + s &* cs, upper = system.upper + s &* cs, diag = system.diag + s &* bb
        for j in 0..<n {
            let i = n &+ j
            var acc = -res[i] / sc[i]
            let d = diag + i &* m
            for c in 0..<m { acc += d[c] * zs[c] }
            // closure row of pair j in the coupling blocks: entries 4j+2 (x_j), 4j+3 (y_j)
            if let zp {
                let l = lower + 4 &* j
                acc += l[2] * zp[j] + l[3] * zp[i]
            }
            if let zn {
                let u = upper + 4 &* j
                acc += u[2] * zn[j] + u[3] * zn[i]
            }
            if withCorner {
                let k = system.corner + 4 &* j
                acc += k[2] * zl[j] + k[3] * zl[i]
            }
            r[i] = acc
        }
    }
}

extension CascadeWorkspace {
    /// Pseudo-transient term of stage s: subtract (A_s·x_j + O_s·y_j)·rate from its
    /// balance rows of the row-scaled Jacobian (hold-ups of one second of flow), rate = 1/Δτ.
    @inline(__always)
    func addPseudoTimeStage(_ s: Int, _ rate: Double) {
        let n = speciesCount, m = blockSize, bb = m &* m
        let d = system.diag + s &* bb
        for j in 0..<n where !(s == 0 && loopInventory[j]) {
            let r = rate / scale[s &* m &+ j]
            d[j &* m &+ j] -= flows.aqueous[s] * r
            d[j &* m &+ n &+ j] -= flows.organic[s] * r
        }
    }
}
