import Foundation
import RareSepCore

/// Isotherms of the competitive-Langmuir family, q*_i = q_max,i·K_i(s)·c_i/(1 + Σ_j K_j(s)·c_j),
/// expose their affinities and capacities so that a column can use the kinetic
/// form of the same equilibrium,
/// dq_i/dt = k_i·[a_i(s)·q_max,i·c_i·(1 − Σ_j q_j/q_max,j) − d_i(s)·q_i],  K_i(s) = a_i(s)/d_i(s),
/// whose steady state is exactly q*_i. `k_i` is the column's desorption rate
/// constant (1/s). By default the acid dependence sits in adsorption (a_i = K_i,
/// d_i = 1); the mobile-phase-modulator form (`langmuir-mpm`) puts s^β into
/// desorption and e^{γs} into adsorption, as CADET's MPM Langmuir.
public protocol LangmuirFamilyIsotherm: KineticBinding {
    /// Capacity q_max,i (mol/m³ solid); 0 for non-binding components.
    var capacity: [Double] { get }
    /// Affinities K_i(s) (m³/mol) and their derivatives dK_i/ds into n-entry buffers.
    func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>)
    /// Kinetic factors a_i(s) (m³/mol, adsorption) and d_i(s) (dimensionless, desorption)
    /// with a_i/d_i = K_i(s), and their derivatives in s; the default is a_i = K_i, d_i = 1.
    func kineticFactors(modifier s: Double, adsorption a: UnsafeMutablePointer<Double>, dads: UnsafeMutablePointer<Double>,
                        desorption d: UnsafeMutablePointer<Double>, ddds: UnsafeMutablePointer<Double>)
}

extension LangmuirFamilyIsotherm {
    public func kineticFactors(modifier s: Double, adsorption a: UnsafeMutablePointer<Double>, dads: UnsafeMutablePointer<Double>,
                               desorption d: UnsafeMutablePointer<Double>, ddds: UnsafeMutablePointer<Double>) {
        affinities(modifier: s, k: a, dkds: dads)
        for i in 0..<capacity.count { d[i] = 1; ddds[i] = 0 }
    }

    /// r_i = k_i·[a_i·q_max,i·c_i·(1 − θ) − d_i·q_i], θ = Σ_j q_j/q_max,j over binding components.
    public func kineticRates(c: UnsafePointer<Double>, q: UnsafePointer<Double>, modifier s: Double,
                             rateConstant k: UnsafePointer<Double>, rates: UnsafeMutablePointer<Double>,
                             dRdC: UnsafeMutablePointer<Double>?, dRdS: UnsafeMutablePointer<Double>?,
                             dRdQ: UnsafeMutablePointer<Double>?) {
        let n = capacity.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * n) { buf in
            let a = buf.baseAddress!, da = a + n, d = a + 2 * n, dd = a + 3 * n
            kineticFactors(modifier: s, adsorption: a, dads: da, desorption: d, ddds: dd)
            capacity.withUnsafeBufferPointer { qmBuf in
                let qm = qmBuf.baseAddress!
                var theta = 0.0
                for j in 0..<n where isBinding(j) { theta += q[j] / qm[j] }
                let free = 1 - theta
                for i in 0..<n {
                    guard isBinding(i) else { rates[i] = 0; continue }
                    rates[i] = k[i] * (a[i] * qm[i] * c[i] * free - d[i] * q[i])
                    dRdC?[i * n + i] = k[i] * a[i] * qm[i] * free
                    dRdS?[i] = k[i] * (da[i] * qm[i] * c[i] * free - dd[i] * q[i])
                    if let dRdQ {
                        for l in 0..<n where isBinding(l) { dRdQ[i * n + l] = -k[i] * a[i] * qm[i] * c[i] / qm[l] }
                        dRdQ[i * n + i] -= k[i] * d[i]
                    }
                }
            }
        }
    }
}

extension LangmuirIsotherm: LangmuirFamilyIsotherm {
    public func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>) {
        for i in 0..<affinity.count { k[i] = affinity[i]; dkds[i] = 0 }
    }
}

extension RisingModifierLangmuirIsotherm: LangmuirFamilyIsotherm {
    public func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>) {
        for i in 0..<capacity.count {
            k[i] = affinity(i, modifier: s)
            dkds[i] = s > 0 ? k[i] * exponent[i] / (s * (1 + pow(s / halfSaturation, exponent[i]))) : 0
        }
    }
}
