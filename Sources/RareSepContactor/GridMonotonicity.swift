import Foundation

/// Whether a contactor grid's operator is monotone (nonnegative inlets give a nonnegative
/// discrete solution at any K·a and distribution ratio), and what would make a central
/// grid so.
///
/// Upwind fluxes always are: with the distribution ratios frozen, the cell system is an
/// M-matrix (off-diagonal inflow coefficients ≥ 0, column sums the outflows ≥ 0). Central
/// fluxes give the downstream neighbour the coefficient ε·E·A/h − Q/2, which is
/// nonnegative only while the cell Péclet number Pe = U·h/(ε·E) is at most 2 (Patankar,
/// Numerical Heat Transfer and Fluid Flow, 1980, §5.2). Beyond it — always in plug flow
/// (E = 0) — the discrete solution carries a mode alternating from cell to cell, small
/// while the transfer per cell K·a·h·D/U_a and K·a·h/U_o is small and growing with it;
/// where it makes the discrete solution negative (a trace falling steeply towards its
/// outlet, a large D at the solvent inlet) no nonnegative profile solves the grid and
/// the positivity-preserving Newton stalls (`ContactorSolver` then says so).
public struct GridMonotonicity: Sendable {
    /// The cell Péclet number up to which central fluxes keep the operator monotone.
    public static let pecletLimit = 2.0

    /// The scheme of the grid.
    public let scheme: ContactorProblem.ConvectionScheme
    /// Number of cells of the grid.
    public let cells: Int
    /// Largest cell Péclet number U_a·h/(ε_a·E_a) of the aqueous phase over the cells (∞ in plug flow).
    public let aqueousPeclet: Double
    /// Largest cell Péclet number U_o·h/(ε_o·E_o) of the organic phase over the cells (∞ in plug flow).
    public let organicPeclet: Double
    /// Fewest cells at which the central grid is monotone (nil: a phase without axial
    /// dispersion, which no grid makes monotone).
    public let monotoneCells: Int?
    /// Axial dispersion of the aqueous phase that makes the grid monotone at its cells, m²/s
    /// (the stated value when it already does).
    public let aqueousDispersionNeeded: Double
    /// Axial dispersion of the organic phase that makes the grid monotone at its cells, m²/s.
    public let organicDispersionNeeded: Double

    /// The figures of `p`'s grid (validated).
    public init(_ p: ContactorProblem) {
        scheme = p.scheme
        cells = p.cells
        let h = p.height / Double(p.cells)
        let phi = p.holdUp.min()!, phiMax = p.holdUp.max()!
        // smallest phase fraction over the cells (the faces' means are no smaller)
        let eo = p.dispersed == .organic ? phi : 1 - phiMax
        let ea = p.dispersed == .organic ? 1 - phiMax : phi
        func peclet(_ u: Double, _ e: Double, _ d: Double) -> Double { d > 0 ? u * h / (e * d) : .infinity }
        aqueousPeclet = peclet(p.aqueousVelocity, ea, p.aqueousDispersion)
        organicPeclet = peclet(p.organicVelocity, eo, p.organicDispersion)
        aqueousDispersionNeeded = max(p.aqueousDispersion, p.aqueousVelocity * h / (Self.pecletLimit * ea))
        organicDispersionNeeded = max(p.organicDispersion, p.organicVelocity * h / (Self.pecletLimit * eo))
        if p.aqueousDispersion > 0 && p.organicDispersion > 0 {
            let na = p.aqueousVelocity * p.height / (Self.pecletLimit * ea * p.aqueousDispersion)
            let no = p.organicVelocity * p.height / (Self.pecletLimit * eo * p.organicDispersion)
            monotoneCells = max(Int(ceil(max(na, no) * (1 - 1e-12))), 1)
        } else {
            monotoneCells = nil
        }
    }

    /// Upwind, or central with both cell Péclet numbers at most `pecletLimit` (to round-off,
    /// so that the dispersion this type names passes).
    public var isMonotone: Bool {
        scheme == .upwind || max(aqueousPeclet, organicPeclet) <= Self.pecletLimit * (1 + 1e-12)
    }

    /// One sentence for messages: the cell Péclet numbers and what makes the grid monotone.
    public var advice: String {
        func pe(_ v: Double) -> String { v.isFinite ? fmt(v) : "∞ (plug flow)" }
        var s = "the central scheme is monotone only for a cell Péclet number U·h/(ε·E) ≤ \(fmt(Self.pecletLimit)) in each phase "
            + "(here aqueous \(pe(aqueousPeclet)), organic \(pe(organicPeclet))); axial dispersion of at least "
            + "\(fmt(aqueousDispersionNeeded)) m²/s (aqueous) and \(fmt(organicDispersionNeeded)) m²/s (organic) makes these \(cells) cells monotone"
        if let monotoneCells { s += ", as do \(monotoneCells) cells or more at the stated dispersion" }
        return s + "; 'scheme: upwind' is monotone on any grid"
    }
}
