import RareSepChemistry
import RareSepCore
import RareSepFlowsheet

/// Saponification of an organic stream: contact with NaOH (or NH₃) converts a stated
/// fraction of the acidic extractant to its salt, HA + Na⁺ + OH⁻ → NaA + H₂O, so
/// the exchangeable protons fall by as much as the cation rises. The degree is the
/// fraction of the extractant (total, monomer basis) in the salt form leaving the
/// unit; cation already on the arriving organic counts toward it. The cation is a
/// reagent input of the plant; the protons leave as water.
public final class SaponificationUnit: UnitOperation {
    public let name: String
    public let kind = "saponification"
    public let inlets = [Port(name: "in", phase: .organic)]
    public let outlets = [Port(name: "out", phase: .organic)]
    /// Target degree of saponification, dimensionless (0 ≤ degree < 1).
    public let degree: Double
    /// Plant indices of the cation (Na or NH4), the exchangeable protons "H" and the extractant.
    public let cationIndex: Int
    public let protonIndex: Int
    public let extractantIndex: Int

    public init(name: String, degree: Double, cationIndex: Int, protonIndex: Int, extractantIndex: Int) {
        self.name = name
        self.degree = degree
        self.cationIndex = cationIndex
        self.protonIndex = protonIndex
        self.extractantIndex = extractantIndex
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let s = try inlet(streams, 0)
        var c = s.concentrations
        let ext = c[extractantIndex]
        let add = degree * ext - c[cationIndex]
        let sym = species.symbols
        if add < -1e-12 * max(ext, 1e-300) {
            throw UnitFailure(unit: name, message: "the arriving organic is already \(c[cationIndex] / max(ext, 1e-300) * 100) % saponified (\(sym[cationIndex]) on the extractant), above the target \(degree * 100) %")
        }
        if add > c[protonIndex] * (1 + 1e-12) {
            let reachable = (c[cationIndex] + c[protonIndex]) / max(ext, 1e-300)
            throw UnitFailure(unit: name, message: "saponification to \(degree * 100) % needs \(add / 1000) mol/L of free extractant sites but the arriving organic has only \(c[protonIndex] / 1000) mol/L (the rest holds metal); at most \(reachable * 100) % is reachable")
        }
        let delta = max(0, add)
        c[cationIndex] += delta
        c[protonIndex] -= delta
        var reagent = [Double](repeating: 0, count: species.count)
        reagent[cationIndex] = delta
        var water = [Double](repeating: 0, count: species.count)
        water[protonIndex] = delta
        return UnitResult(outlets: [ProcessStream(phase: .organic, flow: s.flow, concentrations: c)],
                          additions: [("\(name): \(sym[cationIndex]) (as hydroxide)", ProcessStream(phase: .aqueous, flow: s.flow, concentrations: reagent))],
                          removals: [("\(name): protons neutralised to water", ProcessStream(phase: .aqueous, flow: s.flow, concentrations: water))])
    }
}
