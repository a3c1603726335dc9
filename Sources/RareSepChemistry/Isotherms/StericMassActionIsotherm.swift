import Foundation
import RareSepCore

/// Steric mass action (SMA; Brooks & Cramer, AIChE J. 38 (1992) 1969) for ions
/// on a cation exchanger, with the counter-ion (salt, component 0 in CADET; here
/// any component named by `counter_ion`) carried as a component. For each
/// binding ion i of characteristic charge ν_i and steric factor σ_i on a resin of
/// ionic capacity Λ:
///
///     q̄_0 = Λ − Σ_j (ν_j + σ_j)·q_j            (counter-ion sites free to exchange)
///     q_0  = Λ − Σ_j ν_j·q_j                    (bound counter-ion, electroneutrality)
///     kinetic: dq_i/dt = k_d,i·[K_i·c_i·(q̄_0/q_ref)^ν_i − q_i·(c_0/c_ref)^ν_i],  dq_0/dt = −Σ_j ν_j dq_j/dt
///     equilibrium: q_i = K_i·c_i·(q̄_0·c_ref/(q_ref·c_0))^ν_i
///
/// the form of CADET's SMA binding (k_a,i = k_d,i·K_i, reference concentrations
/// c_ref = SMA_REFC0 and q_ref = SMA_REFQ, both 1 mol/m³ by default). Concentrations
/// in mol/m³ liquid, loadings in mol per m³ of solid skeleton, K_i dimensionless
/// (for the chosen references). The equilibrium is found by solving the scalar,
/// increasing equation q̄_0 + Σ_j (ν_j + σ_j)·q_j(q̄_0) = Λ on (0, Λ] (safeguarded
/// Newton); its Jacobian by the implicit-function theorem. Below c_0 = 1e-10·c_ref
/// the counter-ion concentration is held there (no exchange without salt).
/// Keys: `counter_ion`, `ionic_capacity` (Λ), `K`, `nu`, `sigma` (per binding
/// component), optional `reference_liquid`, `reference_solid`.
public struct StericMassActionIsotherm: Isotherm, KineticBinding {
    public let id = "steric-mass-action"
    /// Index of the counter-ion (salt) component.
    public let counterIon: Int
    /// Λ (mol/m³ solid), the ionic capacity in monovalent-charge equivalents.
    public let ionicCapacity: Double
    /// K_i = k_a,i/k_d,i (dimensionless); 0 for non-binding components and the counter-ion.
    public let equilibriumConstant: [Double]
    /// ν_i, characteristic charge (dimensionless, > 0).
    public let charge: [Double]
    /// σ_i, steric factor (dimensionless, ≥ 0).
    public let steric: [Double]
    /// c_ref (mol/m³ liquid) and q_ref (mol/m³ solid).
    public let referenceLiquid: Double, referenceSolid: Double
    public var componentCount: Int { equilibriumConstant.count }

    public init(counterIon: Int, ionicCapacity: Double, equilibriumConstant: [Double], charge: [Double], steric: [Double],
                referenceLiquid: Double = 1, referenceSolid: Double = 1) {
        self.counterIon = counterIon
        self.ionicCapacity = ionicCapacity
        self.equilibriumConstant = equilibriumConstant
        self.charge = charge
        self.steric = steric
        self.referenceLiquid = referenceLiquid
        self.referenceSolid = referenceSolid
    }

    public func isBinding(_ i: Int) -> Bool { i != counterIon && equilibriumConstant[i] > 0 }
    public func hasSolidState(_ i: Int) -> Bool { i == counterIon || isBinding(i) }

    /// Counter-ion concentration used in the laws (held ≥ 1e-10·c_ref).
    @inline(__always) func salt(_ c: UnsafePointer<Double>) -> Double { max(c[counterIon], 1e-10 * referenceLiquid) }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = componentCount, s0 = counterIon, lambda = ionicCapacity
        let c0 = salt(c), saltFree = c[s0] > 1e-10 * referenceLiquid
        let ratio = referenceLiquid / (referenceSolid * c0)
        // q_j(x) = K_j c_j (ratio·x)^ν_j; f(x) = x + Σ (ν_j+σ_j) q_j(x) − Λ, increasing
        func f(_ x: Double) -> (Double, Double) {
            var v = x - lambda, d = 1.0
            for j in 0..<n where isBinding(j) {
                let cj = max(c[j], 0)
                if cj == 0 { continue }
                let qj = equilibriumConstant[j] * cj * pow(ratio * x, charge[j])
                v += (charge[j] + steric[j]) * qj
                d += (charge[j] + steric[j]) * charge[j] * qj / x
            }
            return (v, d)
        }
        var lo = 0.0, hi = lambda, x = lambda
        for _ in 0..<200 {
            let (v, d) = f(x)
            if v > 0 { hi = x } else { lo = x }
            if v == 0 { break }
            var next = x - v / d
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 1e-15 * lambda { x = next; break }
            x = next
        }
        var bound = 0.0
        for i in 0..<n {
            guard isBinding(i) else { qStar[i] = 0; continue }
            qStar[i] = equilibriumConstant[i] * max(c[i], 0) * pow(ratio * x, charge[i])
            bound += charge[i] * qStar[i]
        }
        qStar[s0] = lambda - bound
        guard let dQdC else { return }
        // implicit function theorem: F(x, c) = f(x) = 0
        var fx = 1.0, fc0 = 0.0
        for j in 0..<n where isBinding(j) {
            fx += (charge[j] + steric[j]) * charge[j] * qStar[j] / x
            if saltFree { fc0 -= (charge[j] + steric[j]) * charge[j] * qStar[j] / c0 }
        }
        for i in 0..<n where isBinding(i) {
            let g = charge[i] * qStar[i] / x           // ∂q_i/∂x
            for l in 0..<n where isBinding(l) && c[l] >= 0 {
                let el = equilibriumConstant[l] * pow(ratio * x, charge[l])   // ∂q_l/∂c_l at fixed x
                dQdC[i * n + l] = -g * (charge[l] + steric[l]) * el / fx + (i == l ? el : 0)
            }
            if saltFree { dQdC[i * n + s0] = -charge[i] * qStar[i] / c0 - g * fc0 / fx }
        }
        for l in 0..<n {
            var v = 0.0
            for j in 0..<n where isBinding(j) { v -= charge[j] * dQdC[j * n + l] }
            dQdC[s0 * n + l] = v
        }
    }

    public func kineticRates(c: UnsafePointer<Double>, q: UnsafePointer<Double>, modifier s: Double,
                             rateConstant k: UnsafePointer<Double>, rates: UnsafeMutablePointer<Double>,
                             dRdC: UnsafeMutablePointer<Double>?, dRdS: UnsafeMutablePointer<Double>?,
                             dRdQ: UnsafeMutablePointer<Double>?) {
        let n = componentCount, s0 = counterIon
        var x = ionicCapacity
        for j in 0..<n where isBinding(j) { x -= (charge[j] + steric[j]) * q[j] }
        let xe = max(x, 0), c0 = max(c[s0], 0)
        var r0 = 0.0
        for i in 0..<n {
            guard isBinding(i) else { rates[i] = 0; continue }
            let ads = equilibriumConstant[i] * pow(xe / referenceSolid, charge[i])       // K (q̄_0/q_ref)^ν
            let des = pow(c0 / referenceLiquid, charge[i])                              // (c_0/c_ref)^ν
            rates[i] = k[i] * (ads * c[i] - des * q[i])
            r0 -= charge[i] * rates[i]
            if let dRdC {
                dRdC[i * n + i] = k[i] * ads
                if c0 > 0 { dRdC[i * n + s0] = -k[i] * q[i] * charge[i] * des / c0 }
            }
            if let dRdQ {
                if x > 0 {
                    let a = -k[i] * ads * c[i] * charge[i] / x
                    for l in 0..<n where isBinding(l) { dRdQ[i * n + l] = a * (charge[l] + steric[l]) }
                }
                dRdQ[i * n + i] -= k[i] * des
            }
        }
        rates[s0] = r0
        for b in [dRdC, dRdQ].compactMap({ $0 }) {   // counter-ion row: −Σ ν_i (row i)
            for l in 0..<n {
                var v = 0.0
                for i in 0..<n where isBinding(i) { v -= charge[i] * b[i * n + l] }
                b[s0 * n + l] = v
            }
        }
    }

    public static let registration = IsothermRegistration(
        id: "steric-mass-action",
        summary: "steric mass action for ion exchange (CADET SMA): counter-ion as a component; keys: counter_ion, ionic_capacity, K, nu, sigma, reference_liquid, reference_solid",
        make: { node, context in
            try node.checkKeys(["id", "counter_ion", "ionic_capacity", "K", "nu", "sigma", "reference_liquid", "reference_solid",
                                "source", "description", "file"])
            guard let ionNode = try node.optional("counter_ion") else {
                throw node.error("a key 'counter_ion' naming the salt component (e.g. counter_ion: Na); steric mass action exchanges the other ions against it",
                                 value: "steric-mass-action without counter_ion")
            }
            let ion = try ionNode.string()
            guard let s0 = context.components.index(of: ion) else {
                let hint = nearestName(to: ion, in: context.components.symbols).map { "; did you mean '\($0)'?" } ?? ""
                throw ionNode.error("the counter-ion as a component of this column (\(context.components.symbols.joined(separator: ", ")))\(hint)")
            }
            if s0 == context.modifierIndex {
                throw ionNode.error("a counter-ion that is not the column's modifier (the counter-ion is exchanged, the modifier does not bind); drop 'modifier' from the case")
            }
            let lambda = try node.require("ionic_capacity").positiveQuantity(.concentration)
            let k = try perComponentQuantities(try node.require("K"), context: context, dimension: .dimensionless, defaultValue: nil, alsoSkip: s0)
            let nu = try perComponentQuantities(try node.require("nu"), context: context, dimension: .dimensionless, defaultValue: nil, alsoSkip: s0,
                                                validate: { $0 > 0 && $0 <= 20 },
                                                expected: "a characteristic charge nu > 0 (allowed range up to 20; about 3 for a trivalent rare earth)")
            let sigma = try perComponentQuantities(try node.require("sigma"), context: context, dimension: .dimensionless, defaultValue: nil, alsoSkip: s0,
                                                   validate: { $0 >= 0 && $0 <= 1000 },
                                                   expected: "a steric factor sigma ≥ 0 (allowed range 0 to 1000)")
            let cRef = try node.optional("reference_liquid")?.positiveQuantity(.concentration) ?? 1
            let qRef = try node.optional("reference_solid")?.positiveQuantity(.concentration) ?? 1
            return StericMassActionIsotherm(counterIon: s0, ionicCapacity: lambda, equilibriumConstant: k,
                                            charge: nu.map { $0 > 0 ? $0 : 1 }, steric: sigma,
                                            referenceLiquid: cRef, referenceSolid: qRef)
        })
}
