import Foundation

/// Interpolation of a profile between two neighbouring points, shared by the cascade's
/// warm start (a neighbouring design's stage profiles) and the contactor's grid sequencing.
public enum ProfileInterpolation {
    /// The value a fraction `w` (0…1) of the way from `a` to `b`: geometric (linear in
    /// ln c) when both are positive, so traces spanning decades keep their shape, linear
    /// and clipped at zero otherwise. Units those of `a` and `b`.
    @inlinable @inline(__always)
    public static func between(_ a: Double, _ b: Double, _ w: Double) -> Double {
        if w == 0 { return a }
        if a > 0 && b > 0 { return a * pow(b / a, w) }
        return max(a + w * (b - a), 0)
    }
}

extension CascadeSolver {
    /// Set the workspace's state from `previous`, a solution of a neighbouring design:
    /// the same species and sections (by name), possibly other stage counts and flows.
    /// Each section's profiles are interpolated onto its new stage count with the ends
    /// kept (the first stage takes the old first stage's compositions, the last the old
    /// last's; between them `ProfileInterpolation.between` at the proportional position);
    /// flows do not enter (the profile is taken as it is). Returns false, state untouched,
    /// when the designs do not match.
    public static func setWarmStart(_ ws: CascadeWorkspace, from previous: CascadeSolution) -> Bool {
        let p = ws.problem, old = previous.problem
        guard p.species.symbols == old.species.symbols, p.sections.map(\.name) == old.sections.map(\.name),
              previous.aqueous.count == old.stageCount * old.species.count,
              previous.organic.count == previous.aqueous.count else { return false }
        let n = ws.speciesCount, m = ws.blockSize
        for (k, sec) in p.sections.enumerated() {
            let a = old.sections[k].stageCount, b = sec.stageCount, first = old.sections[k].firstStage
            for i in 0..<b {
                let t = b == 1 ? 0 : Double(i) * Double(a - 1) / Double(b - 1)
                let i0 = min(Int(t), a - 1), i1 = min(i0 + 1, a - 1)
                let w = t - Double(i0)
                let s0 = (first + i0) * n, s1 = (first + i1) * n, s = sec.firstStage + i
                for j in 0..<n {
                    ws.z[s * m + j] = ProfileInterpolation.between(previous.aqueous[s0 + j], previous.aqueous[s1 + j], w)
                    ws.z[s * m + n + j] = ProfileInterpolation.between(previous.organic[s0 + j], previous.organic[s1 + j], w)
                }
            }
        }
        return true
    }
}
