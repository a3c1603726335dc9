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
    public static func coarsened(_ p: ContactorProblem) -> ContactorProblem? {
        guard p.cells % 2 == 0, p.cells / 2 >= minimumCells else { return nil }
        func pairMean(_ a: [Double]) -> [Double] {
            a.count == 1 ? a : stride(from: 0, to: a.count, by: 2).map { 0.5 * (a[$0] + a[$0 + 1]) }
        }
        var c = p
        c.cells = p.cells / 2
        c.holdUp = pairMean(p.holdUp)
        c.transferCoefficient = pairMean(p.transferCoefficient)
        return c
    }

    /// The coarse solution's profiles interpolated onto the workspace's cells: in
    /// ln(c) between neighbouring coarse centres where both values are positive
    /// (traces spanning decades keep their shape), linearly otherwise, held constant
    /// beyond the end centres.
    public static func prolong(_ coarse: ContactorSolution, into ws: ContactorWorkspace) {
        let n = ws.speciesCount, m = ws.blockSize, Nc = coarse.aqueous.count
        let hc = coarse.problem.height / Double(Nc)
        for s in 0..<ws.stageCount {
            // position of the fine centre in coarse-centre coordinates
            let t = ws.grid.centre(s) / hc - 0.5
            let i0 = min(max(Int(floor(t)), 0), Nc - 1), i1 = min(i0 + 1, Nc - 1)
            let w = min(max(t - Double(i0), 0), 1)
            for j in 0..<n {
                ws.unknowns[s * m + j] = ProfileInterpolation.between(coarse.aqueous[i0][j], coarse.aqueous[i1][j], w)
                ws.unknowns[s * m + n + j] = ProfileInterpolation.between(coarse.organic[i0][j], coarse.organic[i1][j], w)
            }
        }
    }
}
