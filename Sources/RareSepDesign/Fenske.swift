import Foundation

/// Fenske's minimum number of ideal stages at total reflux for a key pair with a
/// constant separation factor β (Fenske M.R., Ind. Eng. Chem. 24 (1932) 482–485):
/// N_min = ln S / ln β, with S the separation between the two products,
/// S = (n_A/n_B)_organic product / (n_A/n_B)_raffinate. In recovery terms, with Y the
/// heavy key's recovery to the product and p_B the light key's fraction there,
/// S = Y·(1 − p_B) / (p_B·(1 − Y)). At total reflux every stage multiplies the key
/// ratio by β; any finite flows (and, with linear equilibrium, the two keys' unequal
/// extraction factors) need more stages, so N_min bounds the stage count from below.
public enum Fenske {
    /// Minimum ideal stages (extraction + scrub, real-valued) for separation S at factor β.
    public static func minimumStages(separationFactor beta: Double, separation s: Double) -> Double {
        log(s) / log(beta)
    }

    /// Separation S between the products from the heavy key's recovery Y to the product
    /// and the light key's fraction p_B there.
    public static func separation(heavyRecovery y: Double, lightFraction pB: Double) -> Double {
        y * (1 - pB) / (pB * (1 - y))
    }
}
