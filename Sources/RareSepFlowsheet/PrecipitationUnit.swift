import RareSepChemistry
import RareSepCore
import RareSepCascade

/// Oxalate precipitation and calcination: each metal of the arriving aqueous stream
/// precipitates as its oxalate with a stated yield (fraction), the rest stays in the
/// mother liquor; calcination turns the oxalate into the element's oxide (the
/// commercial oxide of Models/elements.yaml: Dy₂O₃, Tb₄O₇, Pr₆O₁₁ ...). The solid is a
/// plant output (a removal) whose oxide mass flow the stream table reports.
public final class PrecipitationUnit: UnitOperation {
    public let name: String
    public let kind = "oxalate_precipitation"
    public let inlets = [Port(name: "in", phase: .aqueous)]
    public let outlets = [Port(name: "mother liquor", phase: .aqueous)]
    /// Yield per plant species (0 for species that do not precipitate), dimensionless.
    public let yields: [Double]
    /// Oxalic acid fed per mole of metal precipitated (stoichiometric 1.5 for Ln₂(C₂O₄)₃
    /// divided by the oxalic-acid efficiency), mol/mol; reported as reagent use.
    public let oxalicAcidPerMetal: Double
    /// Oxalic acid consumed in the last call, mol/s.
    public private(set) var oxalicAcidUse = 0.0

    public init(name: String, yields: [Double], oxalicAcidPerMetal: Double) {
        self.name = name
        self.yields = yields
        self.oxalicAcidPerMetal = oxalicAcidPerMetal
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let s = try inlet(streams, 0)
        let solid = zip(s.concentrations, yields).map { $0 * $1 }
        let liquor = zip(s.concentrations, solid).map { $0 - $1 }
        oxalicAcidUse = s.flow * solid.reduce(0, +) * oxalicAcidPerMetal
        return UnitResult(outlets: [ProcessStream(phase: .aqueous, flow: s.flow, concentrations: liquor)],
                          removals: [("\(name): oxalate (calcined to oxide)", ProcessStream(phase: .aqueous, flow: s.flow, concentrations: solid))])
    }
}
