import Foundation

/// Radial finite volumes of a spherical bead for the general rate model, uniform in
/// the volume coordinate x = (r/r_p)³: `count` = N_p concentric shells of EQUAL
/// VOLUME, boundaries ρ_k = r_p·(k/N_p)^(1/3) (k = 0…N_p), so the shells thin towards
/// the surface where the pore profile is steepest. In x the diffusion operator is
/// ∂c/∂t = D·(9/r_p²)·∂/∂x(x^(4/3) ∂c/∂x); each shell has one node at its volume
/// midpoint x_k = (k + ½)/N_p and the face fluxes are central differences in x (the
/// finite-volume scheme on a uniform x grid; formally second order, observed 1.4–1.9
/// because the metric x^(4/3) is not smooth at the centre). Per 4π
/// steradian, shell k obeys
///   dc_k/dt = D·(3N_p/r_p³)·[a_{k+1}·(c_{k+1} − c_k) − a_k·(c_k − c_{k−1})],
///   a_k = ρ_k²·(dx/dr)|_{ρ_k}/Δx = 3N_p·ρ_k⁴/r_p³ (m),
/// with no flux at the centre (a_0 = 0) and, at the surface, the film and the outer
/// half-shell in series: J = (c − c_{N_p−1})/(1/k_f + δ/(ε_p·D_p)), δ = r_p/(6N_p)
/// (half a cell in x, Δx/2 = 1/(2N_p), times dr/dx = r_p/3 at r = r_p).
/// Checked against the series solution for uptake by a sphere (the error falls 3.6-fold
/// per doubling of N_p) and, in a column, against the Laplace-domain GRM
/// (Validation/column/grm-laplace).
public struct ParticleShells: Sendable {
    /// Number of shells N_p.
    public let count: Int
    /// Bead radius r_p (m).
    public let radius: Double
    /// Shell boundaries ρ_0 = 0 < … < ρ_{N_p} = r_p (m).
    public let boundaries: [Double]
    /// Node radii r_k = r_p·((k + ½)/N_p)^(1/3) (m).
    public let nodes: [Double]
    /// 3/(ρ_{k+1}³ − ρ_k³) = 3N_p/r_p³: inverse shell volume per 4π (1/m³).
    public let inverseVolume: Double
    /// a_{k+1} = 3N_p·ρ_{k+1}⁴/r_p³ for the face between shells k and k+1 (m), k = 0…N_p−2.
    public let faceCoefficient: [Double]
    /// Effective distance δ = r_p/(6N_p) from the outer node to the bead surface (m).
    public let surfaceGap: Double
    /// Volume fraction of each shell in the bead, 1/N_p.
    public var volumeFraction: Double { 1 / Double(count) }

    /// Shells of a bead of radius `radius` (m); `count` ≥ 1.
    public init(count: Int, radius: Double) {
        self.count = count
        self.radius = radius
        let np = Double(count)
        let r3 = radius * radius * radius
        var b: [Double] = []
        for k in 0...count { b.append(radius * cbrt(Double(k) / np)) }
        boundaries = b
        var r: [Double] = [], face: [Double] = []
        for k in 0..<count { r.append(radius * cbrt((Double(k) + 0.5) / np)) }
        for k in 0..<max(0, count - 1) {
            let rho2 = b[k + 1] * b[k + 1]
            face.append(3 * np * rho2 * rho2 / r3)
        }
        nodes = r
        inverseVolume = 3 * np / r3
        faceCoefficient = face
        surfaceGap = radius / (6 * np)
    }
}
