import RareSepChemistry
import RareSepCore
import RareSepCascade

/// Saponification of an organic stream with NaOH or NH₃ to a stated degree (the
/// fraction of the extractant held as the cation salt), by the chemistry of the
/// extractant model that describes the organic (`Saponification.saponify`, the one
/// mechanism for this in RareSep). The cation is a reagent input of the plant; the
/// protons taken off the extractant leave as water (NaOH) or as NH₄⁺ on the organic (NH₃).
public final class SaponificationUnit: UnitOperation {
    public let name: String
    public let kind = "saponification"
    public let inlets = [Port(name: "in", phase: .organic)]
    public let outlets = [Port(name: "out", phase: .organic)]
    /// Target degree of saponification y_cation/y_ext, dimensionless.
    public let degree: Double
    /// Base used.
    public let reagent: SaponificationReagent
    /// Extractant layout of the model describing the organic, and that model's species.
    public let layout: AcidicExtractantLayout
    public let modelSpecies: SpeciesSet

    public var carriedSpecies: Set<String>? { Set(modelSpecies.symbols) }

    public init(name: String, degree: Double, reagent: SaponificationReagent, layout: AcidicExtractantLayout, modelSpecies: SpeciesSet) {
        self.name = name
        self.degree = degree
        self.reagent = reagent
        self.layout = layout
        self.modelSpecies = modelSpecies
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let s = try inlet(streams, 0)
        let toModel = SpeciesMap(from: species, to: modelSpecies)
        guard case .success(let organic) = toModel.map(s.concentrations, sourceSymbols: species.symbols) else {
            throw UnitFailure(unit: name, message: "the arriving organic carries a species the extractant model does not")
        }
        let r: SaponificationResult
        do {
            r = try Saponification.saponify(organic: organic, degree: degree, layout: layout, reagent: reagent)
        } catch let e as SaponificationError {
            throw UnitFailure(unit: name, message: "saponification to \(degree * 100) %: \(e.description)")
        }
        let toPlant = SpeciesMap(from: modelSpecies, to: species)
        func plant(_ c: [Double]) -> [Double] { toPlant.sourceIndex.map { i in i.map { c[$0] } ?? 0 } }
        var cation = [Double](repeating: 0, count: modelSpecies.count)
        cation[layout.saponificationIndex!] = r.reagentConsumed
        var protons = [Double](repeating: 0, count: modelSpecies.count)
        protons[layout.protonIndex] = r.protonsNeutralised
        let cationName = modelSpecies.symbols[layout.saponificationIndex!]
        return UnitResult(outlets: [ProcessStream(phase: .organic, flow: s.flow, concentrations: plant(r.organic))],
                          additions: [("\(name): \(reagent.rawValue) (\(cationName))", ProcessStream(phase: .organic, flow: s.flow, concentrations: plant(cation)))],
                          removals: [("\(name): protons taken off the extractant", ProcessStream(phase: .organic, flow: s.flow, concentrations: plant(protons)))])
    }
}
