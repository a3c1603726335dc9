import Foundation
import RareSepCore

/// Species bookkeeping shared by the acidic-extractant (cation-exchange) models: which
/// index holds the protons, the extractant, sulfate, and how many protons and extractant
/// units each metal takes.
///
/// Species roles (n species, the case's m metals first):
/// - metals 0..<m: `.partitioning`, y*_i = D_i·x_i;
/// - "H": `.organicConstraint`. Aqueous x_H is the total acid (free H⁺ + HSO₄⁻ − OH⁻);
///   organic y_H the exchangeable protons still on the extractant, from the site balance
///   y*_H = y_ext − Σ ν_i·y_i, so extracting one M^z⁺ releases ν_i protons to the aqueous
///   phase through the H balance and stripping consumes them;
/// - the extractant (e.g. "HA", total in all forms, monomer basis): `.organicOnly`;
/// - the saponification cation (Na or NH4), when the model gives no exchange constant:
///   `.aqueousOnly`. A saponified organic feed carries the cation as its salt form of the
///   extractant (y_Na) and correspondingly fewer protons (y_H = y_ext − y_Na); on contact
///   the cation is assumed fully displaced into the aqueous phase (y_Na = 0), so the site
///   balance makes the saponified share take up aqueous protons (or metal) instead of
///   releasing protons — the industrial way of holding the pH;
/// - the saponification cation with a finite exchange constant (`saponification_exchange`,
///   see `SaponificationExchange`): `.partitioning` by mass action,
///   Na⁺ + n_Na (HA)₂ ⇌ NaA(HA)_(2n_Na−1) + ν_Na H⁺, D_Na = K_Na·[(HA)₂]free^n_Na/[H⁺]^ν_Na;
///   it then holds 2·n_Na extractant units and ν_Na sites per ion in the free-extractant
///   and site balances, competing with the metals. It is not a metal (outside the metal
///   prefix), so purity and recovery figures never count it;
/// - everything else (counter-ions Cl, NO3, SO4): `.aqueousOnly`.
public struct AcidicExtractantLayout: Sendable {
    /// Number of species n.
    public let speciesCount: Int
    /// Number of metals m (a prefix of the species).
    public let metalCount: Int
    /// Index of "H" (total acid protons).
    public let protonIndex: Int
    /// Index of the extractant species (total, monomer basis).
    public let extractantIndex: Int
    /// Index of total sulfate "SO4", when the case carries it (bisulfate speciation).
    public let sulfateIndex: Int?
    /// Index of the saponification cation (Na or NH4), when the model names one.
    public let saponificationIndex: Int?
    /// Protons released per extracted metal ion ν_i (default: its charge).
    public let protonsReleased: [Double]
    /// Extractant monomer units bound per extracted metal ion s_i (e.g. 6 for Ln(HA₂)₃).
    public let extractantBound: [Double]
    /// Acid–base constants.
    public let aqueous: AqueousConstants
    /// Mass-action exchange of the saponification cation, or nil for full displacement.
    public let saponificationExchange: SaponificationExchange?

    /// Bind the indices and stoichiometry (see the stored properties).
    public init(speciesCount: Int, metalCount: Int, protonIndex: Int, extractantIndex: Int, sulfateIndex: Int?,
                saponificationIndex: Int?, protonsReleased: [Double], extractantBound: [Double],
                aqueous: AqueousConstants, saponificationExchange: SaponificationExchange? = nil) {
        self.speciesCount = speciesCount
        self.metalCount = metalCount
        self.protonIndex = protonIndex
        self.extractantIndex = extractantIndex
        self.sulfateIndex = sulfateIndex
        self.saponificationIndex = saponificationIndex
        self.protonsReleased = protonsReleased
        self.extractantBound = extractantBound
        self.aqueous = aqueous
        self.saponificationExchange = saponificationIndex == nil ? nil : saponificationExchange
    }

    /// Index of the saponification cation when it partitions by mass action (finite K_Na).
    @inline(__always)
    var exchangingCation: Int? { saponificationExchange == nil ? nil : saponificationIndex }

    /// Role of species j (see the type's documentation).
    public func role(_ j: Int) -> SpeciesRole {
        if j < metalCount { return .partitioning }
        if j == protonIndex { return .organicConstraint }
        if j == extractantIndex { return .organicOnly }
        if j == exchangingCation { return .partitioning }
        return .aqueousOnly
    }

    /// Sites (exchangeable protons) one saponification cation takes from the extractant:
    /// ν_Na with an exchange constant, 1 for the fully displaced salt NaA.
    public var saponificationSites: Double { saponificationExchange?.protonsReleased ?? 1 }

    /// Free proton speciation at aqueous totals x (mol/m³).
    @inline(__always)
    public func protons(_ x: UnsafePointer<Double>) -> ProtonSpeciation {
        let s = sulfateIndex.map { x[$0] } ?? 0
        return AqueousSpeciation.freeProton(totalAcid: 1e-3 * x[protonIndex], totalSulfate: 1e-3 * s, constants: aqueous)
    }

    /// Free extractant (monomer units, mol/m³) before the floor: y_ext − Σ s_i·y_i
    /// (− 2·n_Na·y_Na when the saponification cation partitions).
    @inline(__always)
    public func rawFreeExtractant(_ y: UnsafePointer<Double>) -> Double {
        var f = y[extractantIndex]
        for i in 0..<metalCount { f -= extractantBound[i] * y[i] }
        if let c = exchangingCation, let ex = saponificationExchange { f -= ex.extractantBound * y[c] }
        return f
    }

    /// Write the y-derivatives of a row whose value depends on the free extractant F
    /// through g = ∂y*/∂F: +g for the extractant, −g·s_k for every species holding it.
    @inline(__always)
    public func writeFreeExtractantGradient(row: Int, g: Double, dYdY: UnsafeMutablePointer<Double>) {
        dYdY[row + extractantIndex] = g
        for k in 0..<metalCount { dYdY[row + k] = -g * extractantBound[k] }
        if let c = exchangingCation, let ex = saponificationExchange { dYdY[row + c] = -g * ex.extractantBound }
    }

    /// Write y*_Na = D_Na·x_Na for a partitioning saponification cation (nothing otherwise),
    /// D_Na = K_Na·[(HA)₂]free^n_Na/[H⁺]^ν_Na with [(HA)₂]free = 1e-3·F/2 mol/L from the
    /// floored free extractant `floor` (value and dvalue/dF) and [H⁺] from `proton`, and
    /// its x- and y-derivatives.
    @inline(__always)
    public func writeSaponificationCation(x: UnsafePointer<Double>, proton: ProtonSpeciation,
                                          floor: (value: Double, derivative: Double),
                                          yStar: UnsafeMutablePointer<Double>,
                                          dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        guard let c = exchangingCation, let ex = saponificationExchange else { return }
        let n = speciesCount
        let h = proton.freeProton
        let d = exp(ex.lnK + ex.dimersBound * log(5e-4 * floor.value) - ex.protonsReleased * log(h))
        let ys = d * x[c]
        yStar[c] = ys
        if let dYdX {
            let row = c * n
            dYdX[row + c] = d
            dYdX[row + protonIndex] = -ex.protonsReleased * ys / h * 1e-3 * proton.dFreeProtonDTotalAcid
            if let s = sulfateIndex { dYdX[row + s] = -ex.protonsReleased * ys / h * 1e-3 * proton.dFreeProtonDTotalSulfate }
        }
        if let dYdY {
            writeFreeExtractantGradient(row: c * n, g: ex.dimersBound * ys * floor.derivative / floor.value, dYdY: dYdY)
        }
    }

    /// An organic stream made consistent with the site balance: its exchangeable protons
    /// y_H = y_ext − ν_Na·y_sap − Σ ν_i·y_i (mol/m³; ν_Na = 1 for full displacement), for
    /// feeds and make-up given as extractant, saponification cation and loaded metals only.
    public func consistentOrganicFeed(_ y: [Double]) -> [Double] {
        var out = y
        var v = y[extractantIndex] - (saponificationIndex.map { saponificationSites * y[$0] } ?? 0)
        for i in 0..<metalCount { v -= protonsReleased[i] * y[i] }
        out[protonIndex] = v
        return out
    }

    /// Write the site balance y*_H = y_ext − Σ ν_i·y_i (− ν_Na·y_Na when the saponification
    /// cation partitions) and its y-derivatives.
    @inline(__always)
    public func writeProtonSiteBalance(y: UnsafePointer<Double>, yStar: UnsafeMutablePointer<Double>,
                                       dYdY: UnsafeMutablePointer<Double>?) {
        var v = y[extractantIndex]
        for i in 0..<metalCount { v -= protonsReleased[i] * y[i] }
        if let c = exchangingCation, let ex = saponificationExchange { v -= ex.protonsReleased * y[c] }
        yStar[protonIndex] = v
        if let dYdY {
            let row = protonIndex * speciesCount
            dYdY[row + extractantIndex] = 1
            for i in 0..<metalCount { dYdY[row + i] = -protonsReleased[i] }
            if let c = exchangingCation, let ex = saponificationExchange { dYdY[row + c] = -ex.protonsReleased }
        }
    }

    /// Extra species an acidic-extractant model needs, from its parameter node:
    /// "H", the extractant, the counter-ions (`anions`) and the saponification cation.
    public static func requiredSpecies(_ node: ConfigNode) throws -> [String] {
        let p = try node.optional("parameters") ?? node
        var out = ["H"]
        out.append(try speciesSymbol(try p.require("extractant")))
        out += try speciesSymbols(try p.optional("anions"))
        if let c = try p.optional("saponification_cation") { out.append(try speciesSymbol(c)) }
        var unique: [String] = []
        for s in out where !unique.contains(s) { unique.append(s) }
        return unique
    }

    /// Bind the layout to a case: indices of H, extractant and sulfate, the optional
    /// `saponification_exchange` block (finite K_Na), and the per-metal stoichiometry:
    /// `protons_released` ν_i (default: the metal's charge) and
    /// the table `boundKey` (default: the charge) times `unitsPerBound` extractant monomer
    /// units (2 for `dimers_bound`, 1 for `extractant_bound`).
    public static func bind(_ p: ConfigNode, context: ModelContext, boundKey: String,
                            unitsPerBound: Double) throws -> AcidicExtractantLayout {
        let extractantNode = try p.require("extractant")
        let extractant = try speciesSymbol(extractantNode)
        let e = try requiredIndex(extractant, in: context, at: extractantNode)
        let h = try requiredIndex("H", in: context, at: p)
        for a in try p.optional("anions")?.items() ?? [] { _ = try requiredIndex(try speciesSymbol(a), in: context, at: a) }
        let sap = try p.optional("saponification_cation").map { try requiredIndex(try speciesSymbol($0), in: context, at: $0) }
        let exchange = try SaponificationExchange.read(try p.optional("saponification_exchange"), cationGiven: sap != nil)
        let charge: (Int) -> Double = { j in Double(context.elements[context.species.symbols[j]]?.charge ?? 3) }
        let nu = try optionalPerMetal(try p.optional("protons_released"), context: context, validate: { $0 >= 0 && $0 <= 8 },
                                      expected: "a number of protons between 0 and 8", fallback: charge)
        let bound = try optionalPerMetal(try p.optional(boundKey), context: context, validate: { $0 >= 0 && $0 <= 16 },
                                         expected: "a stoichiometric number between 0 and 16", fallback: charge)
        return AcidicExtractantLayout(speciesCount: context.species.count, metalCount: context.metalCount, protonIndex: h,
                                      extractantIndex: e, sulfateIndex: context.species.index(of: "SO4"), saponificationIndex: sap,
                                      protonsReleased: nu, extractantBound: bound.map { $0 * unitsPerBound },
                                      aqueous: try readAqueous(p), saponificationExchange: exchange)
    }
}
