import Foundation
import RareSepCascade

/// Fractional extraction of one solute in two sections with constant flows and
/// linear equilibrium (constant D): n extraction stages fed with solute-free organic,
/// the aqueous feed entering the last extraction stage, and m scrub stages above it
/// fed with solute-free scrub aqueous. Each section is a Kremser cascade: the
/// extraction section leaves φ = φ_K(E, n) of its aqueous inflow (feed plus scrub
/// outflow) in the raffinate, the scrub section lets ψ = φ_K(1/E′, m) of its organic
/// inflow through unstripped. Eliminating the stream between them gives the exact
/// fraction of the fed solute in the organic product,
///   θ = ψ·(1 − φ) / (φ + ψ − φ·ψ),
/// the two-section combination of the theory of fractional extraction (the Kremser
/// sections of Alders L., Liquid–Liquid Extraction, 2nd ed., Elsevier 1959, ch. on
/// fractional extraction, not seen here; derived from `Kremser`, not transcribed).
public struct FractionalExtraction: Sendable {
    /// Extraction factor E = D·O/(F + W) in the extraction section (O organic, F feed,
    /// W scrub aqueous flow), dimensionless.
    public var extractionFactor: Double
    /// Extraction factor E′ = D·O/W in the scrub section, dimensionless.
    public var scrubFactor: Double

    public init(extractionFactor: Double, scrubFactor: Double) {
        self.extractionFactor = extractionFactor
        self.scrubFactor = scrubFactor
    }

    /// The factors of a solute with distribution ratio D at organic flow O, feed flow F and
    /// scrub flow W (any one flow unit).
    public init(distributionRatio d: Double, organicFlow o: Double, feedFlow f: Double, scrubFlow w: Double) {
        self.init(extractionFactor: d * o / (f + w), scrubFactor: d * o / w)
    }

    /// Fraction θ of the fed solute leaving with the organic product (the rest leaves in
    /// the raffinate), exact for linear equilibrium.
    public func organicFraction(extractionStages n: Int, scrubStages m: Int) -> Double {
        let phi = Kremser.unextractedFraction(extractionFactor: extractionFactor, stages: Double(n))
        let psi = Kremser.unextractedFraction(extractionFactor: 1 / scrubFactor, stages: Double(m))
        return psi * (1 - phi) / (phi + psi - phi * psi)
    }
}

/// Shortcut design of a key-pair split by fractional extraction at constant
/// separation factor: the heavy key A (more extractable, taken to the organic product)
/// and the light key B (left in the raffinate), linear equilibrium in each section.
///
/// The stage equations are the large-cascade limit of `FractionalExtraction`:
///   n = ln[(E_A − 1) / (r_A·(1 − 1/E′_A))] / ln E_A − 1,
///   m = ln[(1/E′_B − 1)·E_B / ((1 − E_B)·p_B)] / ln(1/E′_B) − 1,
/// with r_A the fraction of A allowed into the raffinate and p_B the fraction of B
/// allowed into the product. They have the form in which the stage equations of Xu
/// Guangxian's theory of countercurrent extraction (1970s) are quoted in secondary
/// material, n ≈ ln b / ln(β·E_M) and m ≈ ln a / ln(β/E′_M) (b = (1 − p_B)/r_A and
/// a = Y/p_B the purification multiples, E_M, E′_M the sections' mixed extraction
/// ratios): term by term, ln(1/r_A) ↔ ln b and ln(1/p_B) ↔ ln a up to ln(1 − p_B) and
/// ln Y; ln E_A ↔ ln(β·E_M) where E_M = E_B, and ln(1/E′_B) ↔ ln(β/E′_M) where
/// E′_M = E′_A; ours add the Kremser end terms ln[(E_A − 1)/(1 − 1/E′_A)] and
/// ln[(1/E′_B − 1)·E_B/(1 − E_B)] and the − 1, and take each key's own linear factor where
/// the theory takes a loaded organic's mixed ratio. NO primary text of the theory was
/// reachable (searched December 2026: only abstracts of Cheng F. et al., Adv. Mater. Phys.
/// Chem. 4 (2014) 275, doi:10.4236/ampc.2014.412030, and 5 (2015), doi:10.4236/ampc.2015.58032,
/// seen at scirp.org; of Liao C. et al., J. Chin. Soc. Rare Earths 2017,
/// doi:10.11785/S1000-4343.20170101; of the "precise optimum extraction ratio equation"
/// paper, J. Nanchang Hangkong Univ.); so these are derived from `Kremser` and are not
/// cited as Xu's. docs/design.md, "Relation to the theory of countercurrent extraction".
public struct KeyPairShortcut: Sendable {
    /// Distribution ratios of the heavy and light keys in the loaded sections, dimensionless.
    public var heavyDistributionRatio: Double
    public var lightDistributionRatio: Double
    /// Aqueous feed flow F (any flow unit, the same for all flows).
    public var feedFlow: Double
    /// Molar feed rates of the heavy and light keys (any one unit).
    public var heavyFed: Double
    public var lightFed: Double

    public init(heavyDistributionRatio: Double, lightDistributionRatio: Double, feedFlow: Double, heavyFed: Double, lightFed: Double) {
        self.heavyDistributionRatio = heavyDistributionRatio
        self.lightDistributionRatio = lightDistributionRatio
        self.feedFlow = feedFlow
        self.heavyFed = heavyFed
        self.lightFed = lightFed
    }

    /// Separation factor β = D_A/D_B.
    public var separationFactor: Double { heavyDistributionRatio / lightDistributionRatio }

    /// Fraction p_B of the light key allowed into the product for a heavy-key purity P
    /// (key-pair basis) at heavy-key recovery Y: p_B = (n_A·Y·(1 − P)/P)/n_B.
    public func lightAllowance(purity: Double, recovery: Double) -> Double {
        heavyFed * recovery * (1 - purity) / purity / lightFed
    }

    /// Minimum scrub flow W_min = F/(β − 1): below it no organic flow gives both
    /// E_A > 1 (the heavy key is pushed to the product) and E′_B < 1 (the light key
    /// is scrubbed back) — the linear-equilibrium counterpart of the minimum scrub
    /// ratio of the theory of countercurrent extraction.
    public var minimumScrubFlow: Double { feedFlow / (separationFactor - 1) }

    /// Window of organic flows for a scrub flow W: from E_A = 1, O = (F + W)/D_A (the
    /// minimum extraction ratio), to E′_B = 1, O = W/D_B (the maximum); empty below W_min.
    public func organicFlowWindow(scrubFlow w: Double) -> ClosedRange<Double>? {
        let lo = (feedFlow + w) / heavyDistributionRatio, hi = w / lightDistributionRatio
        return lo < hi ? lo...hi : nil
    }

    /// Stage numbers (real-valued) from the stage equations at organic flow O and scrub W
    /// for the heavy key's raffinate loss r_A = 1 − Y and the light key's allowance p_B.
    public func stages(organicFlow o: Double, scrubFlow w: Double, heavyLoss rA: Double, lightAllowance pB: Double)
        -> (extraction: Double, scrub: Double) {
        let a = FractionalExtraction(distributionRatio: heavyDistributionRatio, organicFlow: o, feedFlow: feedFlow, scrubFlow: w)
        let b = FractionalExtraction(distributionRatio: lightDistributionRatio, organicFlow: o, feedFlow: feedFlow, scrubFlow: w)
        let eA = a.extractionFactor, eAs = a.scrubFactor, eB = b.extractionFactor, sB = 1 / b.scrubFactor
        guard eA > 1, eAs > 1, eB < 1, sB > 1 else { return (.infinity, .infinity) }
        let n = log((eA - 1) / (rA * (1 - 1 / eAs))) / log(eA) - 1
        let m = log((sB - 1) * eB / ((1 - eB) * pB)) / log(sB) - 1
        return (max(n, 1), max(m, 1))
    }

    /// The optimum organic flow for scrub W: the one minimising n + m from the stage
    /// equations (golden-section search in ln O across the window) — the counterpart of
    /// the optimum mixed extraction ratio. Nil when W ≤ W_min.
    public func optimumOrganicFlow(scrubFlow w: Double, heavyLoss rA: Double, lightAllowance pB: Double) -> Double? {
        guard let window = organicFlowWindow(scrubFlow: w) else { return nil }
        func total(_ lnO: Double) -> Double {
            let s = stages(organicFlow: exp(lnO), scrubFlow: w, heavyLoss: rA, lightAllowance: pB)
            return s.extraction + s.scrub
        }
        var a = log(window.lowerBound), b = log(window.upperBound)
        let g = (sqrt(5) - 1) / 2
        for _ in 0..<80 {
            let c = b - g * (b - a), d = a + g * (b - a)
            if total(c) < total(d) { b = d } else { a = c }
        }
        return exp((a + b) / 2)
    }
}
