import RareSepChemistry
import RareSepCore
import RareSepCascade

/// The currency between units: one liquid phase with its volumetric flow and
/// composition in the plant's component vocabulary (`SpeciesSet`: the case's metals
/// first, then ions and extractants by the symbols of Models/elements.yaml — total
/// acid as "H", chloride "Cl", total sulfate "SO4", the extractant "D2EHPA" ...).
/// Every unit reads and writes streams in this vocabulary; units with another
/// vocabulary map at their boundary through `SpeciesMap`.
public struct ProcessStream: Sendable, Equatable {
    /// Phase the stream carries.
    public var phase: Phase
    /// Volumetric flow Q, m³/s.
    public var flow: Double
    /// Concentration per species of `species`, mol/m³.
    public var concentrations: [Double]

    public init(phase: Phase, flow: Double, concentrations: [Double]) {
        self.phase = phase
        self.flow = flow
        self.concentrations = concentrations
    }

    /// A stream carrying nothing, of `count` species.
    public static func empty(_ phase: Phase, count: Int) -> ProcessStream {
        ProcessStream(phase: phase, flow: 0, concentrations: [Double](repeating: 0, count: count))
    }

    /// Molar flow of each species Q·c_j, mol/s.
    public var amounts: [Double] { concentrations.map { flow * $0 } }

    /// The stream with these molar flows (mol/s) at flow Q (m³/s); zero flow gives zero concentrations.
    public static func fromAmounts(_ amounts: [Double], flow: Double, phase: Phase) -> ProcessStream {
        ProcessStream(phase: phase, flow: flow, concentrations: amounts.map { flow > 0 ? $0 / flow : 0 })
    }

    /// Mix streams of one phase: flows add, amounts add.
    public static func mix(_ streams: [ProcessStream], phase: Phase, count: Int) -> ProcessStream {
        var flow = 0.0
        var amounts = [Double](repeating: 0, count: count)
        for s in streams {
            flow += s.flow
            for j in 0..<count { amounts[j] += s.flow * s.concentrations[j] }
        }
        return fromAmounts(amounts, flow: flow, phase: phase)
    }
}

/// Maps concentrations between two component vocabularies by symbol: the one place
/// where a unit's own species order (a cascade's `SpeciesSet`) meets the plant's.
public struct SpeciesMap: Sendable {
    /// For each species of the target, its index in the source, or nil.
    public let sourceIndex: [Int?]
    /// Source species the target lacks.
    public let missing: [String]
    let target: SpeciesSet

    public init(from source: SpeciesSet, to target: SpeciesSet) {
        sourceIndex = target.symbols.map { source.index(of: $0) }
        missing = source.symbols.filter { target.index(of: $0) == nil }
        self.target = target
    }

    /// Concentrations in the target order; a source species the target lacks must be
    /// absent (zero), otherwise the symbol is returned as the error.
    public func map(_ c: [Double], sourceSymbols: [String]) -> Result<[Double], MissingSpecies> {
        for (k, sym) in sourceSymbols.enumerated() where c[k] != 0 && target.index(of: sym) == nil {
            return .failure(MissingSpecies(symbol: sym, concentration: c[k]))
        }
        return .success(sourceIndex.map { i in i.map { c[$0] } ?? 0 })
    }
}

/// A species that reaches a unit whose model does not carry it.
public struct MissingSpecies: Error, Sendable {
    /// Its symbol.
    public var symbol: String
    /// Its concentration in the arriving stream, mol/m³.
    public var concentration: Double
}
