import RareSepChemistry
import RareSepCore

/// The one table of what a unit's pseudo-components are in the plant vocabulary.
/// Column cases name their acid modifier as one component ("HCl", "HNO3", "H2SO4");
/// the plant carries total acid "H" and the anion ("Cl", "NO3", "SO4") separately.
/// Every other symbol (a metal, an ion) is itself in both vocabularies.
public enum ComponentVocabulary {
    /// Acid pseudo-components: plant species and moles of each per mole of acid.
    public static let acids: [String: [(species: String, count: Double)]] = [
        "HCl": [("H", 1), ("Cl", 1)],
        "HNO3": [("H", 1), ("NO3", 1)],
        "H2SO4": [("H", 2), ("SO4", 1)],
    ]

    /// The plant composition of one mole of a unit component: an acid by the table,
    /// any other symbol as one mole of itself.
    public static func plantComposition(of symbol: String) -> [(species: String, count: Double)] {
        acids[symbol] ?? [(symbol, 1)]
    }

    /// The anion of an acid pseudo-component and its moles per mole of acid, or nil.
    public static func anion(of acid: String) -> (species: String, count: Double)? {
        acids[acid]?.first { $0.species != "H" }
    }
}

/// A unit component set that cannot be mapped to the plant vocabulary.
public struct VocabularyError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the components.
    public var message: String
    public var description: String { message }
}

/// The linear map between a unit's components (e.g. a column's [Gd, Tb, Dy, HCl]) and
/// the plant's species, built from `ComponentVocabulary`, used at the unit's boundary
/// in both directions.
///
/// A metal in a liquor whose acid is a pseudo-component is present as that acid's salt
/// (TbCl₃, Nd(NO₃)₃, Dy₂(SO₄)₃): it carries charge/|anion charge| anions, so that the
/// anion is conserved with the metal and an electroneutral plant stream maps back
/// exactly. Plant → unit: each unit component is read from its key species (the metal
/// itself, H for an acid); the anion must then be what the components account for.
public struct UnitVocabularyMap: Sendable {
    /// Unit component symbols, in the unit's order.
    public let unitSymbols: [String]
    /// Plant composition of one mole of each unit component (species, moles).
    public let rows: [[(species: String, count: Double)]]
    /// Key species of each unit component and its moles per mole of component.
    let keys: [(species: String, count: Double)]

    /// Build the map. `acid` is the unit's liquor acid (a column's modifier) when it
    /// is a pseudo-component of the table; `elements` gives metal charges.
    public init(unitSymbols: [String], acid: String?, elements: ElementTable) throws {
        self.unitSymbols = unitSymbols
        let anion = acid.flatMap { ComponentVocabulary.anion(of: $0) }
        let anionCharge = anion.flatMap { elements[$0.species]?.charge }.map { abs(Double($0)) }
        var rows: [[(species: String, count: Double)]] = []
        var keys: [(species: String, count: Double)] = []
        for sym in unitSymbols {
            var row = ComponentVocabulary.plantComposition(of: sym)
            if ComponentVocabulary.acids[sym] != nil {
                keys.append(row.first { $0.species == "H" }!)
            } else {
                keys.append(row[0])
                if let anion, let za = anionCharge, za > 0, let e = elements[sym], e.charge > 0, sym != "H" {
                    row.append((anion.species, Double(e.charge) / za))
                }
            }
            rows.append(row)
        }
        for (k, key) in keys.enumerated() {
            if let other = keys.indices.first(where: { $0 != k && keys[$0].species == key.species }) {
                throw VocabularyError(message: "components '\(unitSymbols[other])' and '\(unitSymbols[k])' both stand for plant species \(key.species); list one of them")
            }
        }
        if let anion, unitSymbols.contains(anion.species) {
            throw VocabularyError(message: "component '\(anion.species)': with the acid \(acid!) the anion is carried by the acid and the metals' salts, not as a component of its own")
        }
        self.rows = rows
        self.keys = keys
    }

    /// Plant species the unit carries.
    public var plantSpecies: [String] {
        var out: [String] = []
        for row in rows { for (s, _) in row where !out.contains(s) { out.append(s) } }
        return out
    }

    /// Unit concentrations (mol/m³, unit order) as plant concentrations (plant order).
    public func toPlant(_ c: [Double], species: SpeciesSet) -> [Double] {
        var out = [Double](repeating: 0, count: species.count)
        for (k, row) in rows.enumerated() {
            for (s, n) in row { if let j = species.index(of: s) { out[j] += n * c[k] } }
        }
        return out
    }

    /// Plant concentrations as unit concentrations; a plant species the unit does not
    /// carry, or an anion the components do not account for (a stream that is not
    /// the acid plus the metals' salts), is the error message.
    public func toUnit(_ c: [Double], species: SpeciesSet) -> Result<[Double], VocabularyError> {
        let carried = Set(plantSpecies)
        for (j, sym) in species.symbols.enumerated() where c[j] != 0 && !carried.contains(sym) {
            return .failure(VocabularyError(message: "carries \(sym) (\(c[j]) mol/m³), which the column's components (\(unitSymbols.joined(separator: ", "))) do not carry"))
        }
        let u = keys.map { key in species.index(of: key.species).map { c[$0] / key.count } ?? 0 }
        let back = toPlant(u, species: species)
        let scale = c.map(abs).max() ?? 0
        for (j, sym) in species.symbols.enumerated() where carried.contains(sym) {
            let d = abs(back[j] - c[j])
            if d > 1e-9 * max(abs(c[j]), abs(back[j])) && d > 1e-13 * scale {
                return .failure(VocabularyError(message: "carries \(sym) at \(c[j]) mol/m³ but the column's components account for \(back[j]) mol/m³ (its acid and the metals' salts); the column carries \(sym) only in those (balance the stream, e.g. balance_with on the feed)"))
            }
        }
        return .success(u)
    }
}
