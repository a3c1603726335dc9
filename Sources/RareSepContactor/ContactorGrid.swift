/// The finite-volume operator of a contactor's height grid: N cells of height h = H/N,
/// cell 0 at the bottom (organic inlet), cell N−1 at the top (aqueous inlet), so the
/// organic flows from cell s−1 into s and the aqueous from s+1 into s, as in a cascade.
///
/// Convection and axial dispersion are linear and the same for every species, so each
/// phase's net inflow into cell s is stored as three coefficients and an inlet weight
/// (m³/s):
///
///     In_o(s) = oL_s·y_{s−1} + oD_s·y_s + oU_s·y_{s+1} + oIn_s·y_in    (mol/s)
///     In_a(s) = aL_s·x_{s−1} + aD_s·x_s + aU_s·x_{s+1} + aIn_s·x_in
///
/// built face by face: an interior face carries the convective flux (upwind or central
/// value) and the dispersive flux ε·E·A·(c_{s+1} − c_s)/h (ε the face's mean phase
/// fraction); an inlet face carries exactly the inlet stream Q·c_in (Danckwerts: the
/// total flux into the domain equals the feed's); an outlet face carries Q times the
/// outlet value (zero dispersive flux), which is also the stream that leaves.
/// Summing the cells' balances telescopes to inlet − outlet, so the species balance
/// over the contactor closes to round-off.
public struct ContactorGrid: Sendable {
    /// Number of cells N.
    public let cells: Int
    /// Cell height h, m.
    public let cellHeight: Double
    /// Cell volume V = A·h, m³.
    public let cellVolume: Double
    /// Organic and aqueous volume fractions per cell.
    public let organicFraction: [Double], aqueousFraction: [Double]
    /// K·a·V per cell, m³/s.
    public let transferConductance: [Double]
    /// Organic operator coefficients per cell (m³/s).
    public let oL: [Double], oD: [Double], oU: [Double], oIn: [Double]
    /// Aqueous operator coefficients per cell (m³/s).
    public let aL: [Double], aD: [Double], aU: [Double], aIn: [Double]
    /// Outlet values as combinations of cell values: organic outlet (top face) =
    /// wO.0·y_{N−1} + wO.1·y_{N−2}; aqueous outlet (bottom face) = wA.0·x_0 + wA.1·x_1.
    public let organicOutletWeights: (Double, Double), aqueousOutletWeights: (Double, Double)

    /// The operator of `p` (validated).
    public init(_ p: ContactorProblem) {
        let N = p.cells
        cells = N
        let h = p.height / Double(N)
        cellHeight = h
        cellVolume = p.crossSection * h
        func perCell(_ a: [Double]) -> [Double] { a.count == 1 ? Array(repeating: a[0], count: N) : a }
        let phi = perCell(p.holdUp)
        let eo = phi.map { p.dispersed == .organic ? $0 : 1 - $0 }
        organicFraction = eo
        aqueousFraction = eo.map { 1 - $0 }
        transferConductance = perCell(p.transferCoefficient).map { $0 * p.crossSection * h }
        let Qo = p.organicFlow, Qa = p.aqueousFlow, A = p.crossSection
        var oL = [Double](repeating: 0, count: N), oD = oL, oU = oL, oIn = oL
        var aL = oL, aD = oL, aU = oL, aIn = oL
        let central = p.scheme == .central
        for s in 0..<(N - 1) {
            // face between cells s and s+1, fluxes positive upward: F = α·c_s + β·c_{s+1}
            let Go = 0.5 * (eo[s] + eo[s + 1]) * p.organicDispersion * A / h
            let Ga = 0.5 * (2 - eo[s] - eo[s + 1]) * p.aqueousDispersion * A / h
            let (ao, bo) = central ? (Qo / 2 + Go, Qo / 2 - Go) : (Qo + Go, -Go)
            let (aa, ba) = central ? (-Qa / 2 + Ga, -Qa / 2 - Ga) : (Ga, -Qa - Ga)
            oD[s] -= ao; oU[s] -= bo; oL[s + 1] += ao; oD[s + 1] += bo
            aD[s] -= aa; aU[s] -= ba; aL[s + 1] += aa; aD[s + 1] += ba
        }
        // inlets: the feed's flux exactly
        oIn[0] = Qo
        aIn[N - 1] = Qa
        // outlets: Q × outlet value; central without dispersion extrapolates to the face
        let wO: (Double, Double) = central && p.organicDispersion == 0 && N >= 2 ? (1.5, -0.5) : (1, 0)
        let wA: (Double, Double) = central && p.aqueousDispersion == 0 && N >= 2 ? (1.5, -0.5) : (1, 0)
        oD[N - 1] -= Qo * wO.0
        if N >= 2 { oL[N - 1] -= Qo * wO.1 }
        aD[0] -= Qa * wA.0
        if N >= 2 { aU[0] -= Qa * wA.1 }
        organicOutletWeights = wO
        aqueousOutletWeights = wA
        self.oL = oL; self.oD = oD; self.oU = oU; self.oIn = oIn
        self.aL = aL; self.aD = aD; self.aU = aU; self.aIn = aIn
    }

    /// Height of the centre of cell s above the bottom, m.
    public func centre(_ s: Int) -> Double { (Double(s) + 0.5) * cellHeight }
}
