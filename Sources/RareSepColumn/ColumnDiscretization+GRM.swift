/// The bead part of the general rate model (see `ColumnModelKind.grm` and
/// `ParticleShells`): film transfer from the interstitial liquid c to the outer
/// shell, radial pore diffusion between shells, binding in every shell.
/// Cell layout: [c, c_p(shell 0), q(shell 0), …, c_p(shell N_p−1), q(shell N_p−1)].
extension ColumnDiscretization {
    /// Adds the particle terms of every cell to `dydt` (the transport part of the
    /// bulk rows is already there) and writes the shell rows.
    func particleRHS(y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        let n = self.n, m = self.m, np = self.np
        let g = (1 - epsP) / epsP
        let toBulk = surfaceToBulk, toShell = surfaceToShell
        let r = rates, G = surfaceConductance, D = poreD, invV = shellInvVolume, face = shellFace
        for i in 0..<cells {
            let base = i * m
            let c = y + base
            let dc = dydt + base
            let outer = base + n + 2 * n * (np - 1)
            for j in 0..<n {
                let flux = G[j] * (c[j] - y[outer + j])   // J, mol/(m²·s) of bead surface
                dc[j] -= toBulk * flux
                dydt[outer + j] = toShell * flux
            }
            for k in 0..<np {
                let p = base + n + 2 * n * k
                let cp = y + p, q = y + p + n
                let dcp = dydt + p, dq = dydt + p + n
                localRates(cp, q, jacobian: false)
                let outerShell = k == np - 1
                for j in 0..<n {
                    var diffusion = 0.0
                    if k < np - 1 { diffusion += face[k] * (cp[2 * n + j] - cp[j]) }
                    if k > 0 { diffusion -= face[k - 1] * (cp[j] - cp[j - 2 * n]) }
                    let fromFilm = outerShell ? dcp[j] : 0
                    dcp[j] = D[j] * invV[k] * diffusion + fromFilm - g * r[j]
                    dq[j] = r[j]
                }
            }
        }
    }

    /// Adds the particle terms of the Jacobian into `sink` (see `writeJacobian`).
    func particleJacobian<Sink: ColumnJacobianSink>(y: UnsafePointer<Double>, into sink: Sink) {
        let n = self.n, m = self.m, np = self.np
        @inline(__always) func add(_ r: Int, _ col: Int, _ v: Double) { sink.add(r, col, v) }
        let g = (1 - epsP) / epsP
        let toBulk = surfaceToBulk, toShell = surfaceToShell
        let G = surfaceConductance, D = poreD, invV = shellInvVolume, face = shellFace
        for i in 0..<cells {
            let base = i * m
            let outer = base + n + 2 * n * (np - 1)
            for j in 0..<n {
                let rowC = base + j, rowS = outer + j
                add(rowC, rowC, -toBulk * G[j]); add(rowC, rowS, toBulk * G[j])
                add(rowS, rowC, toShell * G[j]); add(rowS, rowS, -toShell * G[j])
            }
            for k in 0..<np {
                let p = base + n + 2 * n * k
                localRates(y + p, y + p + n, jacobian: true)
                for j in 0..<n {
                    let rowP = p + j, rowQ = p + n + j
                    let dv = D[j] * invV[k]
                    if k < np - 1 { add(rowP, rowP, -dv * face[k]); add(rowP, rowP + 2 * n, dv * face[k]) }
                    if k > 0 { add(rowP, rowP, -dv * face[k - 1]); add(rowP, rowP - 2 * n, dv * face[k - 1]) }
                    for l in 0..<n {
                        let vc = dRdC[j * n + l], vq = dRdQ[j * n + l]
                        if vc != 0 { add(rowQ, p + l, vc); add(rowP, p + l, -g * vc) }
                        if vq != 0 { add(rowQ, p + n + l, vq); add(rowP, p + n + l, -g * vq) }
                    }
                }
            }
        }
    }
}
