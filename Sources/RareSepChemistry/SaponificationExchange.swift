import Foundation
import RareSepCore

/// Mass-action exchange of the saponification cation (Na⁺ or NH₄⁺) by a dimeric acidic
/// extractant, the optional `saponification_exchange` block of an acidic-extractant model:
///
///     Na⁺ + n_Na (HA)₂(org) ⇌ NaA(HA)_(2n_Na−1)(org) + ν_Na H⁺,
///     D_Na = K_Na · [(HA)₂]free^n_Na / [H⁺]^ν_Na        (mol/L),
///
/// with n_Na = 1, ν_Na = 1 (NaA·HA, the species of the dilute sodium salt of a dimeric
/// organophosphorus acid in an aliphatic diluent) as defaults. The cation then partitions
/// and competes with the metals for free extractant (2·n_Na units per ion) and sites
/// (ν_Na per ion); K_Na → 0 gives back full displacement, K_Na → ∞ a cation that never
/// leaves the organic.
public struct SaponificationExchange: Sendable, Equatable {
    /// ln K_Na (K_Na on the molar scale, (mol/L)^(ν_Na − n_Na)).
    public let lnK: Double
    /// Protons released per cation taken up ν_Na (1 by charge balance for Na⁺, NH₄⁺).
    public let protonsReleased: Double
    /// Dimers bound per cation n_Na (exponent of [(HA)₂]free).
    public let dimersBound: Double
    /// Extractant monomer units held per cation, 2·n_Na.
    public var extractantBound: Double { 2 * dimersBound }

    /// `log10K` = log10 K_Na; `protonsReleased` ν_Na; `dimersBound` n_Na.
    public init(log10K: Double, protonsReleased: Double = 1, dimersBound: Double = 1) {
        self.lnK = log10K * M_LN10
        self.protonsReleased = protonsReleased
        self.dimersBound = dimersBound
    }

    /// Keys of the `saponification_exchange` block.
    public static let keys = ["log10_K", "protons_released", "dimers_bound", "source"]

    /// Read the optional block `{log10_K, protons_released: 1, dimers_bound: 1}`; it needs
    /// `saponification_cation` beside it (`cationGiven`). nil when the block is absent.
    public static func read(_ node: ConfigNode?, cationGiven: Bool) throws -> SaponificationExchange? {
        guard let node else { return nil }
        if !cationGiven {
            throw node.error("no saponification_exchange without saponification_cation (e.g. saponification_cation: Na)",
                             value: nil)
        }
        try node.checkKeys(keys)
        func number(_ child: ConfigNode?, _ fallback: Double, _ ok: (Double) -> Bool, _ expected: String) throws -> Double {
            guard let child else { return fallback }
            let v = try child.double()
            if !ok(v) { throw child.error(expected) }
            return v
        }
        let logK = try number(try node.require("log10_K"), .nan, { $0 > -40 && $0 < 40 }, "log10 K_Na between -40 and 40")
        let nu = try number(try node.optional("protons_released"), 1, { $0 > 0 && $0 <= 4 }, "a number of protons above 0 and at most 4 (1 for Na+ or NH4+)")
        let nd = try number(try node.optional("dimers_bound"), 1, { $0 > 0 && $0 <= 8 }, "a number of dimers above 0 and at most 8 (1 for NaA.HA)")
        return SaponificationExchange(log10K: logK, protonsReleased: nu, dimersBound: nd)
    }
}
