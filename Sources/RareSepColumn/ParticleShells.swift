import Foundation

/// Radial finite volumes of a spherical bead for the general rate model:
/// `count` concentric shells of EQUAL VOLUME, boundaries ρ_k = r_p·(k/N_p)^(1/3)
/// (k = 0…N_p), so the shells thin towards the surface where the pore profile is
/// steepest at early times. Each shell holds one node at its mid-radius
/// r_k = (ρ_k + ρ_{k+1})/2. With everything per 4π steradian, the finite-volume form
/// of ∂c/∂t = D·(1/r²)∂/∂r(r² ∂c/∂r) in shell k is
///   dc_k/dt = D·(3/(ρ_{k+1}³ − ρ_k³))·[ρ_{k+1}²·(c_{k+1} − c_k)/(r_{k+1} − r_k) − ρ_k²·(c_k − c_{k−1})/(r_k − r_{k−1})],
/// with no flux at the centre and, at the surface, the film and the outer half-shell
/// in series: J = (c − c_{N_p−1})/(1/k_f + (r_p − r_{N_p−1})/(ε_p·D_p)) (mol/(m²·s)).
public struct ParticleShells: Sendable {
    /// Number of shells N_p.
    public let count: Int
    /// Bead radius r_p (m).
    public let radius: Double
    /// Shell boundaries ρ_0 = 0 < … < ρ_{N_p} = r_p (m).
    public let boundaries: [Double]
    /// Node radii r_k, mid-radius of each shell (m).
    public let nodes: [Double]
    /// 3/(ρ_{k+1}³ − ρ_k³): inverse shell volume per 4π (1/m³).
    public let inverseVolume: [Double]
    /// ρ_{k+1}²/(r_{k+1} − r_k) for the face between shells k and k+1 (m), k = 0…N_p−2.
    public let faceCoefficient: [Double]
    /// Distance r_p − r_{N_p−1} from the outer node to the bead surface (m).
    public var surfaceGap: Double { radius - nodes[count - 1] }
    /// Volume fraction of each shell in the bead (1/N_p for equal-volume shells).
    public var volumeFraction: Double { 1 / Double(count) }

    /// Shells of a bead of radius `radius` (m); `count` ≥ 1.
    public init(count: Int, radius: Double) {
        self.count = count
        self.radius = radius
        var b: [Double] = []
        for k in 0...count { b.append(radius * cbrt(Double(k) / Double(count))) }
        boundaries = b
        var r: [Double] = [], inv: [Double] = [], face: [Double] = []
        for k in 0..<count {
            let lo = b[k], hi = b[k + 1]
            r.append(0.5 * (lo + hi))
            inv.append(3 / (hi * hi * hi - lo * lo * lo))
        }
        for k in 0..<max(0, count - 1) {
            let rho = b[k + 1]
            face.append(rho * rho / (r[k + 1] - r[k]))
        }
        nodes = r
        inverseVolume = inv
        faceCoefficient = face
    }
}
