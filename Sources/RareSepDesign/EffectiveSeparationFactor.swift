/// Effective separation factor of a multicomponent cut (A₁…A_k | A_{k+1}…A_t): the
/// ratio of the feed-weighted mean distribution ratios of the two groups,
/// β_eff = (Σ_heavy f_i·D_i / Σ_heavy f_i) / (Σ_light f_i·D_i / Σ_light f_i),
/// the "average-fraction" lumping compared by Zhong X.-M., J. Nanchang Hangkong Univ.
/// (Nat. Sci.) 23(1) (2009) 56–59 (abstract seen), which treats each group as one
/// pseudo-component of the theory of countercurrent extraction. For stage numbers the
/// key pair's own β governs the purity; β_eff governs the group split (loading,
/// mixed extraction ratio).
public enum EffectiveSeparationFactor {
    /// β_eff of the groups `heavy` and `light` (indices into `feedFractions` and
    /// `distributionRatios`); nil when a group carries no feed.
    public static func of(heavy: [Int], light: [Int], feedFractions f: [Double], distributionRatios d: [Double]) -> Double? {
        func mean(_ g: [Int]) -> Double? {
            let w = g.reduce(0) { $0 + f[$1] }
            return w > 0 ? g.reduce(0) { $0 + f[$1] * d[$1] } / w : nil
        }
        guard let h = mean(heavy), let l = mean(light), l > 0 else { return nil }
        return h / l
    }
}
