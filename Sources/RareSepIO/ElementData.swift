import RareSepCore

/// Loads Models/elements.yaml into an ElementTable.
enum ElementData {
    static func load(path: String) throws -> ElementTable {
        let doc = try YAMLDocument.load(path: path)
        try doc.checkKeys(["description", "source", "units", "oxygen_molar_mass", "elements", "ions"])
        let oxygen = try doc.require("oxygen_molar_mass").double() / 1000
        var list: [Element] = []
        for item in try doc.require("elements").items() {
            try item.checkKeys(["symbol", "name", "Z", "molar_mass", "charge", "oxide", "rare_earth"])
            let oxide = try item.require("oxide").items().map { try $0.int() }
            guard oxide.count == 2 else { throw item.error("oxide as [metal atoms, oxygen atoms]") }
            list.append(Element(symbol: try item.require("symbol").string(), name: try item.require("name").string(),
                                atomicNumber: try item.require("Z").int(),
                                molarMass: try item.require("molar_mass").double() / 1000,
                                charge: try item.require("charge").int(), oxideMetalAtoms: oxide[0], oxideOxygenAtoms: oxide[1],
                                isRareEarth: try item.optional("rare_earth")?.bool() ?? false))
        }
        for item in try doc.optional("ions")?.items() ?? [] {
            try item.checkKeys(["symbol", "name", "molar_mass", "charge"])
            list.append(Element(symbol: try item.require("symbol").string(), name: try item.require("name").string(),
                                atomicNumber: 0, molarMass: try item.require("molar_mass").double() / 1000,
                                charge: try item.require("charge").int(), oxideMetalAtoms: 1, oxideOxygenAtoms: 0,
                                isRareEarth: false))
        }
        return ElementTable(elements: list, oxygenMolarMass: oxygen)
    }
}
