import Foundation
import RareSepCore

/// Isotherms of the competitive-Langmuir family, q*_i = q_max,i·K_i(s)·c_i/(1 + Σ_j K_j(s)·c_j),
/// expose their affinities and capacities so that a column can use the kinetic
/// form of the same equilibrium,
/// dq_i/dt = k_d,i·[q_max,i·K_i(s)·c_i·(1 − Σ_j q_j/q_max,j) − q_i]
/// (adsorption rate k_a,i = k_d,i·K_i), whose steady state is exactly q*_i.
public protocol LangmuirFamilyIsotherm: Isotherm {
    /// Capacity q_max,i (mol/m³ solid); 0 for non-binding components.
    var capacity: [Double] { get }
    /// Affinities K_i(s) (m³/mol) and their derivatives dK_i/ds into n-entry buffers.
    func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>)
}

extension LangmuirIsotherm: LangmuirFamilyIsotherm {
    public func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>) {
        for i in 0..<affinity.count { k[i] = affinity[i]; dkds[i] = 0 }
    }
}

extension AcidPowerLangmuirIsotherm: LangmuirFamilyIsotherm {
    public func affinities(modifier s: Double, k: UnsafeMutablePointer<Double>, dkds: UnsafeMutablePointer<Double>) {
        let clipped = s <= minimumModifier
        for i in 0..<capacity.count {
            k[i] = affinity(i, modifier: s)
            dkds[i] = clipped ? 0 : -exponent[i] * k[i] / s
        }
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
