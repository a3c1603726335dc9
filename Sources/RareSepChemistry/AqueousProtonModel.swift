/// A distribution model that carries an aqueous proton balance ("H") with the shared
/// speciation, so that callers (batch solver, reports, fitting) can hold or report pH.
public protocol AqueousProtonModel: EquilibriumModel {
    /// Index of "H" (total aqueous acid) in the species set.
    var protonSpeciesIndex: Int { get }
    /// Index of total sulfate "SO4", when carried.
    var sulfateSpeciesIndex: Int? { get }
    /// Acid–base constants of the aqueous phase.
    var aqueousConstants: AqueousConstants { get }
    /// An organic stream (mol/m³, species order) with its constraint species filled in
    /// from the others: the exchangeable protons of an acidic extractant (extractant minus
    /// saponification cation minus ν per loaded metal), or for a solvating ligand the anion
    /// that goes with the loaded metal and co-extracted acid. Loaders may use it when a case
    /// gives an organic feed as extractant (+ Na, + loaded metal) only.
    func consistentOrganicFeed(_ y: [Double]) -> [Double]
}

extension AqueousProtonModel {
    /// pH = −log10[H⁺] (molar scale) of an aqueous composition x (mol/m³).
    public func pH(aqueous x: [Double]) -> Double {
        let s = sulfateSpeciesIndex.map { x[$0] } ?? 0
        return AqueousSpeciation.freeProton(totalAcid: 1e-3 * x[protonSpeciesIndex], totalSulfate: 1e-3 * s,
                                            constants: aqueousConstants).pH
    }

    /// Total acid H_T (mol/m³) that gives free [H⁺] = 10^−pH at total sulfate `sulfate`
    /// (mol/m³), and ∂H_T/∂S_T (dimensionless): the inverse of the speciation, closed form.
    public func totalAcid(pH: Double, sulfate: Double) -> (value: Double, dSulfate: Double) {
        let h = pow(10.0, -pH)
        let ka = aqueousConstants.bisulfateKa
        let bound = h / (ka + h)
        let value = 1000 * (h - aqueousConstants.waterKw / h) + max(sulfate, 0) * bound
        return (value, sulfate > 0 ? bound : 0)
    }
}

extension MassActionCationExchange: AqueousProtonModel {
    public func consistentOrganicFeed(_ y: [Double]) -> [Double] { layout.consistentOrganicFeed(y) }
    public var protonSpeciesIndex: Int { layout.protonIndex }
    public var sulfateSpeciesIndex: Int? { layout.sulfateIndex }
    public var aqueousConstants: AqueousConstants { layout.aqueous }
}

extension EmpiricalPHDoseCorrelation: AqueousProtonModel {
    public func consistentOrganicFeed(_ y: [Double]) -> [Double] { layout.consistentOrganicFeed(y) }
    public var protonSpeciesIndex: Int { layout.protonIndex }
    public var sulfateSpeciesIndex: Int? { layout.sulfateIndex }
    public var aqueousConstants: AqueousConstants { layout.aqueous }
}

extension SolvatingExtraction: AqueousProtonModel {
    public func consistentOrganicFeed(_ y: [Double]) -> [Double] {
        var out = y
        var anion = y[protonIndex]
        for i in 0..<metalCount { anion += anionNumber[i] * y[i] }
        out[anionIndex] = anion
        return out
    }
    public var protonSpeciesIndex: Int { protonIndex }
    public var sulfateSpeciesIndex: Int? { sulfateIndex }
    public var aqueousConstants: AqueousConstants { aqueous }
}

import Foundation
