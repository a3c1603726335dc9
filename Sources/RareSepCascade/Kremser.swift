import Foundation

/// The Kremser relation for N ideal counter-current stages with a constant
/// extraction factor E = D·O/A and solute-free entering solvent (Kremser A., Natl.
/// Petroleum News 22(21) 42–49, 1930; the extraction form as in Treybal R.E., Liquid
/// Extraction, 2nd ed., McGraw-Hill 1963, ch. 6): the fraction of the aqueous feed's
/// solute left in the raffinate is φ = (E − 1)/(E^(N+1) − 1), and φ = 1/(N + 1) at E = 1.
/// The same relation gives the fraction of an organic inflow not stripped by N stages
/// with the stripping factor 1/E. Exact for linear equilibrium and constant flows.
public enum Kremser {
    /// Fraction φ of the solute entering with the aqueous feed that leaves in the
    /// raffinate, for extraction factor E (dimensionless) and N ideal stages.
    public static func unextractedFraction(extractionFactor e: Double, stages n: Double) -> Double {
        if abs(e - 1) < 1e-12 { return 1 / (n + 1) }
        // (E−1)/(E^(N+1)−1) written to stay finite for large N and E > 1.
        if e > 1 { return (1 - 1 / e) / (e.pow(n) - 1 / e) }
        return (1 - e) / (1 - e.pow(n + 1))
    }

    /// Ideal stages N (real-valued) that leave the fraction φ in the raffinate at
    /// extraction factor E: N = ln(1 + (E − 1)/φ)/ln E − 1 (N = 1/φ − 1 at E = 1).
    /// Infinite when E < 1 and φ ≤ 1 − E (the cascade cannot extract that much).
    public static func stages(extractionFactor e: Double, unextractedFraction phi: Double) -> Double {
        if abs(e - 1) < 1e-12 { return 1 / phi - 1 }
        let arg = 1 + (e - 1) / phi
        if arg <= 0 { return .infinity }
        return log(arg) / log(e) - 1
    }
}

private extension Double {
    func pow(_ p: Double) -> Double { Foundation.pow(self, p) }
}
