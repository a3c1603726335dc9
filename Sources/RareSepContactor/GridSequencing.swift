import Foundation
import RareSepCascade

/// Grid sequencing for the contactor solve: the problem on a grid of half as many
/// cells (hold-up and K·a averaged over each pair of cells), solved first — itself by
/// sequencing, down to `minimumCells` — and its profiles prolonged onto the fine grid
/// as the start of the fine Newton. A coarse Newton iteration costs a fraction of a
/// fine one, and the prolonged profile is within the discretisation error of the fine
/// solution, so the fine grid needs only a few steps.
public enum GridSequencing {
    /// Coarsest grid the sequence goes down to.
    public static let minimumCells = 25

    /// The problem on N/2 cells, or nil when N is odd or N/2 is below `minimumCells`.
    /// A central grid's coarse grid takes upwind fluxes where central ones would not be
    /// monotone there (`GridMonotonicity`: cell Péclet above 2, always in plug flow): its
    /// solution only starts the finer grid, and a non-monotone coarse grid may have no
    /// nonnegative solution even where the finer grid has one.
    public static func coarsened(_ p: ContactorProblem) -> ContactorProblem? {
        guard p.cells % 2 == 0, p.cells / 2 >= minimumCells else { return nil }
        func pairMean(_ a: [Double]) -> [Double] {
            a.count == 1 ? a : stride(from: 0, to: a.count, by: 2).map { 0.5 * (a[$0] + a[$0 + 1]) }
        }
        var c = p
        c.cells = p.cells / 2
        c.holdUp = pairMean(p.holdUp)
        c.transferCoefficient = pairMean(p.transferCoefficient)
        if c.scheme == .central && !GridMonotonicity(c).isMonotone { c.scheme = .upwind }
        return c
    }

    /// The coarse solution's profiles interpolated onto the workspace's cells: in
    /// ln(c) between neighbouring coarse centres where both values are positive
    /// (traces spanning decades keep their shape), linearly otherwise, held constant
    /// beyond the end centres.
    public static func prolong(_ coarse: ContactorSolution, into ws: ContactorWorkspace) {
        let values = prolonged(coarse, onto: ws)
        ws.unknowns.update(from: values, count: values.count)
    }

    /// The start from two coarse solutions, on N/2 cells (`coarse`) and N/4 cells
    /// (`coarser`), both prolonged onto the workspace's cells and extrapolated to its
    /// cell size (Richardson): with the grid's error of order p in the cell size h
    /// (p = 1 upwind, 2 central), u_h = u + c·hᵖ, so u_{h/2} ≈ u_h + f·(u_h − u_{2h}),
    /// f = (1 − 2⁻ᵖ)/(2ᵖ − 1) (½ upwind, ¼ central). Positive values are extrapolated in
    /// ln(c) (a·(a/b)^f, the factor kept within [1/`maximumExtrapolationFactor`,
    /// `maximumExtrapolationFactor`]), others linearly and clipped at zero. The prolonged
    /// coarse profile alone is off by the coarse grid's discretisation error; this start
    /// removes its leading term, so the fine Newton's first step lands where the chord
    /// steps converge.
    public static func extrapolate(_ coarse: ContactorSolution, _ coarser: ContactorSolution, into ws: ContactorWorkspace) {
        let a = prolonged(coarse, onto: ws), b = prolonged(coarser, onto: ws)
        let order = coarse.problem.scheme == .central ? 2.0 : 1.0
        let f = (1 - pow(2, -order)) / (pow(2, order) - 1)
        let cap = maximumExtrapolationFactor
        for i in 0..<a.count {
            let u = a[i], v = b[i]
            if u > 0 && v > 0 {
                ws.unknowns[i] = u * min(max(power(u / v, f), 1 / cap), cap)
            } else {
                ws.unknowns[i] = max(u + f * (u - v), 0)
            }
        }
    }

    /// Largest factor by which `extrapolate` moves a positive value from the N/2-cell
    /// solution (dimensionless).
    public static let maximumExtrapolationFactor = 4.0

    /// The coarse solution's profiles at the workspace's cell centres in the layout of its
    /// unknowns (N·2n′ values, cell-major: x then y of the solved species per cell,
    /// mol/m³), interpolated as `prolong` describes.
    static func prolonged(_ coarse: ContactorSolution, onto ws: ContactorWorkspace) -> [Double] {
        let n1 = ws.solvedCount, m = ws.blockSize, Nc = coarse.aqueous.count
        let hc = coarse.problem.height / Double(Nc)
        var out = [Double](repeating: 0, count: ws.stageCount * m)
        for s in 0..<ws.stageCount {
            // position of the fine centre in coarse-centre coordinates
            let t = ws.grid.centre(s) / hc - 0.5
            let i0 = min(max(Int(floor(t)), 0), Nc - 1), i1 = min(i0 + 1, Nc - 1)
            let w = min(max(t - Double(i0), 0), 1)
            let xa = coarse.aqueous[i0], xb = coarse.aqueous[i1], ya = coarse.organic[i0], yb = coarse.organic[i1]
            for k in 0..<n1 {
                let j = ws.solved[k]
                out[s * m + k] = between(xa[j], xb[j], w)
                out[s * m + n1 + k] = between(ya[j], yb[j], w)
            }
        }
        return out
    }

    /// `ProfileInterpolation.between` with the geometric weights of a halved grid (w = ¼,
    /// ½, ¾: fine centres between coarse ones) taken by square roots instead of `pow`.
    @inline(__always)
    static func between(_ a: Double, _ b: Double, _ w: Double) -> Double {
        if w == 0 { return a }
        if a > 0 && b > 0 { return a * power(b / a, w) }
        return ProfileInterpolation.between(a, b, w)
    }

    /// r^w for r > 0, by square roots for w a multiple of ⅛ in (0, 1) (the weights of
    /// grids halved once or twice and of first- and second-order extrapolation): r^(1/2),
    /// r^(1/4), r^(1/8) by repeated square roots, multiplied by w's binary digits; `pow`
    /// otherwise.
    @inline(__always)
    static func power(_ r: Double, _ w: Double) -> Double {
        switch w {
        case 0.5: return r.squareRoot()
        case 0.25: return r.squareRoot().squareRoot()
        case 0.75: let h = r.squareRoot(); return h * h.squareRoot()
        default:
            let eighths = w * 8
            guard eighths > 0, eighths < 8, eighths == eighths.rounded() else { return pow(r, w) }
            let k = Int(eighths)
            let half = r.squareRoot(), quarter = half.squareRoot(), eighth = quarter.squareRoot()
            var v = k & 1 != 0 ? eighth : 1
            if k & 2 != 0 { v *= quarter }
            if k & 4 != 0 { v *= half }
            return v
        }
    }
}
