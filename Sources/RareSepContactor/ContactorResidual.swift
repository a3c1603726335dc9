import RareSepCascade
import RareSepChemistry

/// The contactor's cell equations and their analytic Jacobian blocks, as a
/// `StagedResidual` (cell = stage, block size 2n′, pairs (x_j, y_j) of the solved species;
/// the fixed one-phase species, constant, enter only the chemistry: `ContactorWorkspace`).
///
/// Rows of cell s, solved species j (units mol/s, or mol/m³ for local closures):
/// - row j, the species balance over both phases: In_a(s)·x_j + In_o(s)·y_j = 0 with the
///   grid operator of `ContactorGrid` — transfer between the phases cancels, so the
///   species balance of the whole contactor closes to round-off;
/// - row n+j by the model's role (as `StageEquations` closes a stage):
///   partitioning: the organic-phase balance In_o(s)·y_j + K·a·V·(y*_j − y_j) = 0;
///   organic constraint: y_j − y*_j = 0; aqueous-only: y_j = 0; organic-only: x_j = 0.
/// Hold-ups for the pseudo-transient continuation: ε_a·V·x_j + ε_o·V·y_j (species
/// balance) and ε_o·V·y_j (organic-phase balance), mol.
extension ContactorWorkspace: StagedResidual {
    /// Smallest row scale, mol/s or mol/m³.
    static let scaleFloor = StageClosure.scaleFloor

    /// Rows of cell s at `z` into `residual`/`scale`; with `jacobian`, the row-scaled
    /// blocks (pseudo-time `rate` subtracted) into `system` and the non-incremental
    /// right-hand side (J·z − F − rate·hold-up)/σ into `rhs`.
    @inline(__always)
    func evaluateCell(_ s: Int, _ z: UnsafeMutablePointer<Double>, jacobian: Bool, rate: Double,
                      rhs: UnsafeMutablePointer<Double>?) {
        let n = speciesCount, n1 = solvedCount, m = blockSize, N = stageCount
        let xs = z + s &* m, ys = xs + n1
        let prev = s > 0 ? z + (s &- 1) &* m : nil
        let next = s &+ 1 < N ? z + (s &+ 1) &* m : nil
        // the chemistry reads every species: the solved ones from z, the fixed ones constant
        load(xs)
        if jacobian {
            dYdX.update(repeating: 0, count: n &* n)
            dYdY.update(repeating: 0, count: n &* n)
            model.equilibriumOrganic(x: xCell, y: yCell, yStar: yStar, dYdX: dYdX, dYdY: dYdY)
        } else {
            model.equilibriumOrganic(x: xCell, y: yCell, yStar: yStar, dYdX: nil, dYdY: nil)
        }
        let cAL = aL[s], cAD = aD[s], cAU = aU[s], cAIn = aIn[s]
        let cOL = oL[s], cOD = oD[s], cOU = oU[s], cOIn = oIn[s]
        let kv = kaV[s]
        let r = residual + s &* m, sc = scale + s &* m
        let floor = relativeScaleFloor
        let organicFlow = problem.organicFlow
        let throughput = problem.aqueousFlow + organicFlow
        for k in 0..<n1 {
            let j = solved[k], nk = n1 &+ k
            // organic and aqueous net inflow of species j (convection + dispersion), mol/s
            var orgIn = cOD * ys[k] + cOIn * yIn[j]
            var orgAbs = abs(cOD * ys[k]) + cOIn * yIn[j]
            var aqIn = cAD * xs[k] + cAIn * xIn[j]
            var aqAbs = abs(cAD * xs[k]) + cAIn * xIn[j]
            if let prev {
                let a = cAL * prev[k], o = cOL * prev[nk]
                aqIn += a; orgIn += o; aqAbs += abs(a); orgAbs += abs(o)
            }
            if let next {
                let a = cAU * next[k], o = cOU * next[nk]
                aqIn += a; orgIn += o; aqAbs += abs(a); orgAbs += abs(o)
            }
            r[k] = aqIn + orgIn
            sc[k] = max(aqAbs + orgAbs, floor * typical[j] * throughput, Self.scaleFloor)
            switch roles[j] {
            case .partitioning:
                r[nk] = orgIn + kv * (yStar[j] - ys[k])
                sc[nk] = max(orgAbs + kv * (abs(yStar[j]) + abs(ys[k])), floor * typical[j] * organicFlow, Self.scaleFloor)
            case .organicConstraint, .aqueousOnly, .organicOnly:
                (r[nk], sc[nk]) = StageClosure.constraintRow(roles[j], x: xs[k], y: ys[k], yStar: yStar[j], typical: typical[j])
            }
        }
        guard jacobian, let rhs else { return }
        let d = system.diag + s &* m &* m
        // the balance rows and one-phase closures set a few entries; the other closure
        // rows are written whole below
        d.update(repeating: 0, count: n1 &* m)
        for k in 0..<n1 {
            switch roles[solved[k]] {
            case .aqueousOnly, .organicOnly: (d + (n1 &+ k) &* m).update(repeating: 0, count: m)
            case .partitioning, .organicConstraint: break
            }
        }
        system.zeroCoupling(s)
        let cs = system.couplingStride
        let lo = system.lower + s &* cs, up = system.upper + s &* cs
        let hA = holdA[s] * rate, hO = holdO[s] * rate
        let b = rhs + s &* m
        for k in 0..<n1 {
            let j = solved[k], nk = n1 &+ k
            let lk = lo + 4 &* k, uk = up + 4 &* k
            // species balance: linear; J·z − F is minus the inlet terms
            let dk = d + k &* m
            dk[k] = cAD - hA
            dk[nk] = cOD - hO
            if prev != nil { lk[0] = cAL; lk[1] = cOL }
            if next != nil { uk[0] = cAU; uk[1] = cOU }
            let inlet: Double = cAIn * xIn[j] + cOIn * yIn[j]
            let held: Double = hA * xs[k] + hO * ys[k]
            b[k] = -inlet - held
            // closure row: the chemistry's derivatives in the solved species' columns
            // (the fixed species are constant)
            let row = d + nk &* m, rowY = row + n1
            let gx = dYdX + j &* n, gy = dYdY + j &* n
            switch roles[j] {
            case .partitioning:
                // two partial sums (aqueous, organic columns): shorter dependency chains
                var gzx = 0.0, gzy = 0.0
                for q in 0..<n1 {
                    let c = solved[q]
                    let ax = gx[c], ay = gy[c]
                    row[q] = kv * ax
                    rowY[q] = kv * ay
                    gzx += ax * xs[q]
                    gzy += ay * ys[q]
                }
                rowY[k] += cOD - kv - hO
                if prev != nil { lk[3] = cOL }
                if next != nil { uk[3] = cOU }
                b[nk] = kv * ((gzx + gzy) - yStar[j]) - cOIn * yIn[j] - hO * ys[k]
            case .organicConstraint:
                var gz = 0.0
                for q in 0..<n1 {
                    let c = solved[q]
                    row[q] = -gx[c]
                    rowY[q] = -gy[c]
                    gz += gx[c] * xs[q] + gy[c] * ys[q]
                }
                rowY[k] += 1
                b[nk] = yStar[j] - gz
            case .aqueousOnly:
                rowY[k] = 1
                b[nk] = 0
            case .organicOnly:
                row[k] = 1
                b[nk] = 0
            }
        }
        system.divideRows(ofStage: s, by: sc, withCorner: false)
        for i in 0..<m { b[i] *= 1.0 / sc[i] }
    }

    /// Residual and row scales of every cell at `state`.
    public func evaluateResidual(at state: UnsafeMutablePointer<Double>) {
        for s in 0..<stageCount { evaluateCell(s, state, jacobian: false, rate: 0, rhs: nil) }
    }

    /// Cell s's row-scaled blocks, hold-up term and right-hand side at `unknowns`.
    public func assembleNewtonStage(_ s: Int, rate: Double, rhs: UnsafeMutablePointer<Double>) {
        evaluateCell(s, unknowns, jacobian: true, rate: rate, rhs: rhs)
    }
}
