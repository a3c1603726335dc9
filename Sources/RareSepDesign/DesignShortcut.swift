import Foundation
import RareSepCascade

/// The shortcut estimate that starts the search: the key pair's distribution ratios read
/// from a solved base cascade, the key-pair stage equations at the optimum organic flow
/// for the base scrub flow, and Fenske's minimum.
public struct DesignShortcut: Sendable, Codable {
    /// Indices of the heavy (more extractable) and light keys.
    public var heavyKey: Int
    public var lightKey: Int
    /// Key distribution ratios: geometric means of y/x over the extraction and scrub
    /// stages of the base solution, dimensionless.
    public var heavyDistributionRatio: Double
    public var lightDistributionRatio: Double
    /// Key-pair separation factor β and the effective factor of the groups above and
    /// below the cut (`EffectiveSeparationFactor`), dimensionless.
    public var separationFactor: Double
    public var effectiveSeparationFactor: Double?
    /// Minimum scrub flow F/(β − 1), the scrub flow used, and the organic-flow window
    /// and optimum there, m³/s.
    public var minimumScrubFlow: Double
    public var scrubFlow: Double
    public var minimumOrganicFlow: Double?
    public var maximumOrganicFlow: Double?
    public var optimumOrganicFlow: Double?
    /// Stage equations' extraction and scrub stages (real-valued) and Fenske's minimum
    /// total at total reflux.
    public var extractionStages: Double
    public var scrubStages: Double
    public var fenskeMinimumStages: Double
    /// The stage counts the search starts from (base counts for other sections), clamped to the bounds.
    public var start: [Int]
    /// Section indices of the extraction (feed) and scrub sections.
    public var extractionSection: Int
    public var scrubSection: Int

    /// The estimate for `problem` from its base solution `base`: the key pair of the first
    /// target; every target on that key pair (the product and the other side's product of
    /// the same cut) tightens the allowed losses.
    public static func estimate(_ problem: DesignProblem, base: CascadeSolution) -> DesignShortcut {
        let p = problem.base, n = p.species.count, t = problem.targets[0]
        let scrub = p.feeds[problem.scrubFeed]
        let feedIndex = p.feeds.indices.first { $0 != problem.scrubFeed && p.feeds[$0].phase == .aqueous } ?? 0
        let ext = p.sectionPosition(ofStage: p.feeds[feedIndex].stage).section
        let scr = p.sectionPosition(ofStage: scrub.stage).section
        // Distribution ratios over the extraction and scrub stages.
        var logSum = [Double](repeating: 0, count: n), count = [Int](repeating: 0, count: n)
        for k in Set([ext, scr]) {
            for s in p.sections[k].stages {
                for j in 0..<p.metalCount {
                    let x = base.aqueous[s * n + j], y = base.organic[s * n + j]
                    if x > 1e-12, y > 1e-12 { logSum[j] += log(y / x); count[j] += 1 }
                }
            }
        }
        let d = (0..<n).map { count[$0] > 0 ? exp(logSum[$0] / Double(count[$0])) : 0 }
        // Keys: the target and its nearest neighbour in D on the other side of the cut.
        // A target outside the raffinate (strip liquor, loaded organic) is the extracted key.
        let toOrganic = t.outlet != (base.flows.aqueousOutlet.first ?? nil)
        let metals = (0..<p.metalCount).filter { $0 != t.species && d[$0] > 0 }
        let other = toOrganic ? metals.filter { d[$0] < d[t.species] }.max { d[$0] < d[$1] }
                              : metals.filter { d[$0] > d[t.species] }.min { d[$0] < d[$1] }
        let heavy = toOrganic ? t.species : (other ?? t.species)
        let light = toOrganic ? (other ?? t.species) : t.species
        let fed = base.inlets.reduce([Double](repeating: 0, count: n)) { acc, s in zip(acc, s.amounts).map { $0 + $1 } }
        let total = fed.prefix(p.metalCount).reduce(0, +)
        let fractions = fed.map { total > 0 ? $0 / total : 0 }
        let beta = d[light] > 0 ? d[heavy] / d[light] : .infinity
        let heavyGroup = (0..<p.metalCount).filter { d[$0] >= d[heavy] }, lightGroup = (0..<p.metalCount).filter { d[$0] <= d[light] }
        let betaEff = EffectiveSeparationFactor.of(heavy: heavyGroup, light: lightGroup, feedFractions: fractions, distributionRatios: d)
        let kp = KeyPairShortcut(heavyDistributionRatio: d[heavy], lightDistributionRatio: d[light], feedFlow: problem.feedFlow,
                                 heavyFed: fed[heavy], lightFed: fed[light])
        // Losses allowed: each target's recovery and purity on the key-pair basis, the tightest.
        var rA = 1.0, pB = 1.0
        let raffinate = base.flows.aqueousOutlet.first ?? nil
        for u in problem.targets where u.species == heavy || u.species == light {
            if u.outlet != raffinate && u.species == heavy {
                rA = min(rA, 1 - u.recovery)
                pB = min(pB, kp.lightAllowance(purity: u.purity, recovery: u.recovery))
            } else if u.outlet == raffinate && u.species == light {
                // The light key in the raffinate: its loss to the product and the heavy
                // key's allowance in the raffinate, mirrored.
                pB = min(pB, 1 - u.recovery)
                rA = min(rA, fed[light] * u.recovery * (1 - u.purity) / u.purity / max(fed[heavy], 1e-300))
            }
        }
        let wMin = kp.minimumScrubFlow
        let w = max(scrub.flow, 1.5 * wMin)
        let window = kp.organicFlowWindow(scrubFlow: w)
        let oOpt = kp.optimumOrganicFlow(scrubFlow: w, heavyLoss: rA, lightAllowance: pB)
        let st = oOpt.map { kp.stages(organicFlow: $0, scrubFlow: w, heavyLoss: rA, lightAllowance: pB) } ?? (.infinity, .infinity)
        let fenske = Fenske.minimumStages(separationFactor: beta, separation: Fenske.separation(heavyRecovery: 1 - rA, lightFraction: pB))
        var start = p.sections.map(\.stageCount)
        if st.extraction.isFinite { start[ext] = Int(st.extraction.rounded(.up)) }
        if st.scrub.isFinite { start[scr] = Int(st.scrub.rounded(.up)) }
        for k in start.indices { start[k] = min(max(start[k], problem.bounds.stages[k].lowerBound), problem.bounds.stages[k].upperBound) }
        return DesignShortcut(heavyKey: heavy, lightKey: light, heavyDistributionRatio: d[heavy], lightDistributionRatio: d[light],
                              separationFactor: beta, effectiveSeparationFactor: betaEff, minimumScrubFlow: wMin, scrubFlow: w,
                              minimumOrganicFlow: window?.lowerBound, maximumOrganicFlow: window?.upperBound, optimumOrganicFlow: oOpt,
                              extractionStages: st.extraction, scrubStages: st.scrub, fenskeMinimumStages: fenske, start: start,
                              extractionSection: ext, scrubSection: scr)
    }
}
