/// A chemical element (or ion) RareSep can carry in a stream.
public struct Element: Sendable, Equatable {
    /// Symbol, e.g. "Dy".
    public var symbol: String
    /// English name.
    public var name: String
    /// Atomic number Z.
    public var atomicNumber: Int
    /// Molar mass M, kg/mol.
    public var molarMass: Double
    /// Usual charge of the aqueous ion (3 for Ln³⁺, 2 for Ca²⁺).
    public var charge: Int
    /// Oxide used for "as oxide" concentrations: metal atoms per formula unit.
    public var oxideMetalAtoms: Int
    /// Oxide used for "as oxide" concentrations: oxygen atoms per formula unit.
    public var oxideOxygenAtoms: Int
    /// True for the lanthanides, Y and Sc.
    public var isRareEarth: Bool

    public init(symbol: String, name: String, atomicNumber: Int, molarMass: Double, charge: Int,
                oxideMetalAtoms: Int, oxideOxygenAtoms: Int, isRareEarth: Bool) {
        self.symbol = symbol
        self.name = name
        self.atomicNumber = atomicNumber
        self.molarMass = molarMass
        self.charge = charge
        self.oxideMetalAtoms = oxideMetalAtoms
        self.oxideOxygenAtoms = oxideOxygenAtoms
        self.isRareEarth = isRareEarth
    }

    /// Oxide formula, e.g. "Dy2O3", "Tb4O7".
    public var oxideFormula: String {
        let m = oxideMetalAtoms == 1 ? "" : "\(oxideMetalAtoms)"
        let o = oxideOxygenAtoms == 1 ? "" : "\(oxideOxygenAtoms)"
        return "\(symbol)\(m)O\(o)"
    }
}

/// Molar mass of oxygen, kg/mol (IUPAC 2021 abridged standard atomic weight 15.999 g/mol).
/// Kept beside the element table loader; the element data themselves live in Models/elements.yaml.
public struct ElementTable: Sendable {
    /// Elements by symbol.
    public private(set) var bySymbol: [String: Element]
    /// Molar mass of oxygen, kg/mol, read from the same data file.
    public var oxygenMolarMass: Double

    public init(elements: [Element], oxygenMolarMass: Double) {
        var d: [String: Element] = [:]
        for e in elements { d[e.symbol] = e }
        bySymbol = d
        self.oxygenMolarMass = oxygenMolarMass
    }

    /// Element by symbol, or nil.
    public subscript(symbol: String) -> Element? { bySymbol[symbol] }

    /// All symbols: the rare earths first, then the others, each by atomic number
    /// (the order "did you mean" hints prefer: `Hx` → `Ho`).
    public var symbols: [String] {
        bySymbol.values.sorted { ($0.isRareEarth ? 0 : 1, $0.atomicNumber) < ($1.isRareEarth ? 0 : 1, $1.atomicNumber) }.map(\.symbol)
    }

    /// Moles of element per kilogram of its oxide, mol/kg.
    public func molesPerKilogramOxide(_ e: Element) -> Double {
        let oxideMass = Double(e.oxideMetalAtoms) * e.molarMass + Double(e.oxideOxygenAtoms) * oxygenMolarMass
        return Double(e.oxideMetalAtoms) / oxideMass
    }
}
