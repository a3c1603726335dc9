/// A binding model with a kinetic form of its own, dq_i/dt = r_i(c, q, s), whose
/// steady state is the isotherm's q*(c, s) (`binding: kinetic` in a column case).
/// Implemented by the Langmuir family (kinetic Langmuir, mobile-phase-modulator
/// Langmuir) and by steric mass action. `k` is the column's rate constant per
/// component (1/s; the desorption rate constant k_d,i of the model, see each model).
///
/// Rates are mol per m³ of solid per second. Jacobian buffers, when non-nil, are
/// zeroed by the caller: `dRdC` n×n row-major (∂r_i/∂c_j at fixed s), `dRdS` n
/// entries (∂r_i/∂s, the modifier dependence; the column adds it to the
/// modifier's column), `dRdQ` n×n (∂r_i/∂q_j). Components without a solid state
/// get r_i = 0. Evaluations allocate nothing.
public protocol KineticBinding: Isotherm {
    /// Binding rates r_i = dq_i/dt and, optionally, their Jacobians (see the protocol).
    func kineticRates(c: UnsafePointer<Double>, q: UnsafePointer<Double>, modifier s: Double,
                      rateConstant k: UnsafePointer<Double>, rates: UnsafeMutablePointer<Double>,
                      dRdC: UnsafeMutablePointer<Double>?, dRdS: UnsafeMutablePointer<Double>?,
                      dRdQ: UnsafeMutablePointer<Double>?)
}
