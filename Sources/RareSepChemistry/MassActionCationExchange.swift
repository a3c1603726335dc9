import Foundation
import RareSepCore

/// Mass-action cation exchange by a dimeric acidic extractant (HA)₂ — D2EHPA,
/// PC88A/HEH[EHP]/P507, Cyanex 272 in an aliphatic diluent (physics.md §1.4):
///
///     M^z⁺ + n_i (HA)₂(org) ⇌ M A_ν (HA)_(2n−ν)(org) + ν_i H⁺,
///     D_i = K_ex,i · [(HA)₂]_free^n_i / [H⁺]^ν_i        (concentrations in mol/L),
///
/// with the free dimer from the extractant balance
/// [(HA)₂]_free = (y_HA − Σ 2·n_i·y_i)/2, so D falls as the organic loads, and [H⁺] from
/// the aqueous speciation (bisulfate, water). Stoichiometry (ν_i protons released, n_i
/// dimers bound; both default to the metal's charge, i.e. 3/3 for Ln³⁺) is data.
/// Species roles are those of `AcidicExtractantLayout` (saponification, stripping by acid
/// and the proton balance follow from them); with `saponification_exchange` the
/// saponification cation partitions by its own mass action (`SaponificationExchange`).
public struct MassActionCationExchange: EquilibriumModel {
    public let id = "cation-exchange"
    /// Species bookkeeping (indices, ν_i, 2·n_i, aqueous constants).
    public let layout: AcidicExtractantLayout
    /// ln K_ex,i per metal (K_ex on the molar scale, (mol/L)^(ν−n)).
    public let lnExtractionConstant: [Double]
    /// Dimers bound per metal n_i (exponent of [(HA)₂]_free).
    public let dimersBound: [Double]
    /// K_ex,i = exp(ln K_ex,i): D_i = K_ex,i · exp(n_i·ln[(HA)₂] − ν_i·ln[H⁺]), the
    /// exponential evaluated once for consecutive metals of the same stoichiometry (all the
    /// Ln³⁺ usually), instead of one `exp` per metal.
    let extractionConstant: [Double]
    public var speciesCount: Int { layout.speciesCount }

    public init(layout: AcidicExtractantLayout, log10ExtractionConstant: [Double]) {
        self.layout = layout
        self.lnExtractionConstant = log10ExtractionConstant.map { $0 * M_LN10 }
        self.dimersBound = layout.extractantBound.map { $0 / 2 }
        self.extractionConstant = lnExtractionConstant.map { exp($0) }
    }

    public func role(_ j: Int) -> SpeciesRole { layout.role(j) }

    public func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>,
                                   yStar: UnsafeMutablePointer<Double>,
                                   dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        let n = layout.speciesCount
        let m = layout.metalCount
        for j in m..<n { yStar[j] = 0 }
        let proton = layout.protons(x)
        let h = proton.freeProton
        let lnH = log(h)
        let floor = smoothPositiveFloor(layout.rawFreeExtractant(y))
        // free dimer in mol/L: 1e-3 · F/2
        let lnDimer = log(5e-4 * floor.value)
        let dLnDimerDRaw = floor.derivative / floor.value
        var sharedNu = Double.nan, sharedNd = Double.nan, shared = 0.0
        for i in 0..<m {
            let nu = layout.protonsReleased[i]
            let nd = dimersBound[i]
            if nu != sharedNu || nd != sharedNd {
                sharedNu = nu; sharedNd = nd
                shared = exp(nd * lnDimer - nu * lnH)
            }
            var d = extractionConstant[i] * shared
            // the factors apart under- or overflow where the product need not: exactly then
            if !d.isNormal { d = exp(lnExtractionConstant[i] + nd * lnDimer - nu * lnH) }
            let ys = d * x[i]
            yStar[i] = ys
            if let dYdX {
                let row = i * n
                dYdX[row + i] = d
                // ∂y*/∂x_H = −ν·y*/h · ∂h/∂x_H, with ∂h/∂x_H = 1e-3·∂h/∂H_T
                dYdX[row + layout.protonIndex] = -nu * ys / h * 1e-3 * proton.dFreeProtonDTotalAcid
                if let s = layout.sulfateIndex {
                    dYdX[row + s] = -nu * ys / h * 1e-3 * proton.dFreeProtonDTotalSulfate
                }
            }
            if let dYdY { layout.writeFreeExtractantGradient(row: i * n, g: nd * ys * dLnDimerDRaw, dYdY: dYdY) }
        }
        layout.writeSaponificationCation(x: x, proton: proton, floor: floor, yStar: yStar, dYdX: dYdX, dYdY: dYdY)
        layout.writeProtonSiteBalance(y: y, yStar: yStar, dYdY: dYdY)
    }

    /// pH, free dimer (mol/m³) and extractant loading fraction Σ s_i·y_i / y_HA (metals and
    /// a partitioning saponification cation), plus the saponified fraction y_Na/y_HA when
    /// the cation partitions.
    public func stageDiagnostics(x: [Double], y: [Double]) -> [(name: String, value: Double)] {
        let pH = x.withUnsafeBufferPointer { layout.protons($0.baseAddress!).pH }
        let raw = y.withUnsafeBufferPointer { layout.rawFreeExtractant($0.baseAddress!) }
        let total = y[layout.extractantIndex]
        // from the loaded forms, not (total − free)/total: exact at trace loadings
        var loaded = 0.0
        for i in 0..<layout.metalCount { loaded += layout.extractantBound[i] * y[i] }
        var out = [("pH", pH), ("free_dimer_mol_per_m3", raw / 2),
                   ("extractant_loading_fraction", total > 0 ? loaded / total : 0)]
        if let c = layout.exchangingCation { out.append(("saponified_fraction", total > 0 ? y[c] / total : 0)) }
        return out
    }

    /// Parameter keys of this model.
    public static let parameterKeys = ["extractant", "extractant_name", "anions", "saponification_cation",
                                       "saponification_exchange", "log10_Kex", "protons_released", "dimers_bound", "aqueous"]

    public static let registration = ModelRegistration(
        id: "cation-exchange",
        summary: "mass-action cation exchange by a dimeric acidic extractant, D = Kex·[(HA)2]free^n/[H+]^nu with site balance and saponification (keys: extractant, anions, saponification_cation, saponification_exchange {log10_K, protons_released, dimers_bound}, log10_Kex, protons_released, dimers_bound, aqueous)",
        requiredSpecies: { node in try AcidicExtractantLayout.requiredSpecies(node) },
        make: { node, context in
            let p = try modelParameterNode(node, allowed: parameterKeys)
            let layout = try AcidicExtractantLayout.bind(p, context: context, boundKey: "dimers_bound", unitsPerBound: 2)
            let logK = try requiredPerMetal(try p.require("log10_Kex"), context: context,
                                            validate: { $0 > -40 && $0 < 40 }, expected: "log10 K_ex between -40 and 40")
            return MassActionCationExchange(layout: layout, log10ExtractionConstant: logK)
        })
}
