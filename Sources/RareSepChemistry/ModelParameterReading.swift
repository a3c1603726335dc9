import Foundation
import RareSepCore

/// Keys a model parameter file may carry besides its parameters (provenance and
/// bookkeeping); the factories accept them at the top level of the model node.
public let modelMetadataKeys = ["id", "file", "description", "source", "units", "model", "parameters",
                                "valid_range", "illustrative", "notes"]

/// The node holding a model's parameters, checked against `allowed` parameter keys: the
/// `parameters` mapping of a whole Models/*.yaml file (its other keys must be metadata),
/// or the node itself when the parameters are written inline in a case.
public func modelParameterNode(_ node: ConfigNode, allowed: [String]) throws -> ConfigNode {
    if let p = try node.optional("parameters") {
        try node.checkKeys(modelMetadataKeys)
        try p.checkKeys(allowed)
        return p
    }
    try node.checkKeys(modelMetadataKeys + allowed)
    return node
}

/// Read an optional per-element table `{Dy: 3, Tb: 3}` into an array over the case's
/// metals; missing elements get `fallback(j)`.
public func optionalPerMetal(_ node: ConfigNode?, context: ModelContext, validate: (Double) -> Bool,
                             expected: String, fallback: (Int) -> Double) throws -> [Double] {
    var out = (0..<context.metalCount).map(fallback)
    guard let node else { return out }
    for (key, child) in try node.entries() {
        guard let j = context.species.index(of: key), j < context.metalCount else {
            let names = Array(context.species.symbols.prefix(context.metalCount))
            let hint = nearestName(to: key, in: names).map { "; did you mean '\($0)'?" } ?? ""
            // Entries for elements the case does not carry are allowed (a parameter file
            // covers more elements than one case uses) unless they are not elements at all.
            if context.elements[key] != nil { continue }
            throw InputError(location: child.location, key: child.path, value: key,
                             expected: "an element symbol (components of this case: \(names.joined(separator: ", ")))\(hint)")
        }
        let v = try child.double()
        if !validate(v) { throw child.error(expected) }
        out[j] = v
    }
    return out
}

/// Read a required per-element table over the case's metals: every metal of the case
/// needs an entry (or appears in `alternatives`, e.g. a constant-D table); entries for
/// elements the case does not carry are ignored, so one file serves many cases.
public func requiredPerMetal(_ node: ConfigNode, context: ModelContext, validate: (Double) -> Bool = { $0.isFinite },
                             expected: String = "a finite number",
                             alternatives: Set<Int> = []) throws -> [Double] {
    var seen = [Bool](repeating: false, count: context.metalCount)
    let values = try optionalPerMetal(node, context: context, validate: validate, expected: expected, fallback: { _ in .nan })
    for j in 0..<context.metalCount where !values[j].isNaN { seen[j] = true }
    for j in 0..<context.metalCount where !seen[j] && !alternatives.contains(j) {
        throw InputError(location: node.location, key: node.path, value: nil,
                         expected: "a value for component '\(context.species.symbols[j])' (every component of the case needs one)")
    }
    return values
}

/// A species symbol from a scalar node (e.g. `extractant: HA`), checked to be non-empty
/// and free of spaces.
public func speciesSymbol(_ node: ConfigNode) throws -> String {
    let s = try node.string()
    if s.isEmpty || s.contains(" ") { throw node.error("a species symbol without spaces, e.g. HA, TODGA, Cl") }
    return s
}

/// A list of species symbols (`anions: [Cl, SO4]`), possibly empty.
public func speciesSymbols(_ node: ConfigNode?) throws -> [String] {
    guard let node else { return [] }
    return try node.items().map(speciesSymbol)
}

/// Index of a species the model required, or an InputError naming the model key when the
/// species set does not carry it (the loader appends `requiredSpecies`).
public func requiredIndex(_ symbol: String, in context: ModelContext, at node: ConfigNode) throws -> Int {
    guard let j = context.species.index(of: symbol) else {
        throw node.error("a species carried by the case (the loader adds it from requiredSpecies; species: \(context.species.symbols.joined(separator: ", ")))", value: symbol)
    }
    if j < context.metalCount {
        throw node.error("a species that is not one of the case's metals", value: symbol)
    }
    return j
}

/// Smooth positive floor for a free-extractant amount f (mol/m³): f itself for f ≥ ε,
/// ε·exp(f/ε − 1) below (C¹ at ε), so mass-action terms stay positive and differentiable
/// while a Newton iterate overloads the organic. Returns (value, d value/d f).
/// ε = `freeExtractantFloor` is a numerical guard, not chemistry.
@inline(__always)
public func smoothPositiveFloor(_ f: Double) -> (value: Double, derivative: Double) {
    let eps = freeExtractantFloor
    if f >= eps { return (f, 1) }
    let e = exp(max(f / eps - 1, -700))
    return (eps * e, e)
}

/// Floor ε for free extractant amounts, mol/m³ (1e-12 mol/L): far below any real free
/// extractant concentration, so it never alters a converged physical state.
public let freeExtractantFloor = 1e-9

/// Shared reader for the `aqueous` block of a model.
func readAqueous(_ parameters: ConfigNode) throws -> AqueousConstants {
    try AqueousConstants.read(try parameters.require("aqueous"))
}


/// Largest distribution ratio or separation factor a model accepts (dimensionless): 1e12
/// covers every real extraction system (D above 1e6 is already quantitative extraction) while
/// keeping products such as β·D_ref and D·x far from overflow in the stage equations.
public let maximumDistributionRatio = 1e12

/// Smallest positive separation factor a model accepts, 1e-12 (the mirror of the maximum).
public let minimumSeparationFactor = 1e-12

/// Whether `v` is a usable distribution ratio: 0 (the species stays aqueous) up to
/// `maximumDistributionRatio`.
public func isDistributionRatio(_ v: Double) -> Bool { v >= 0 && v <= maximumDistributionRatio }

/// Whether `v` is a usable separation factor: between `minimumSeparationFactor` and
/// `maximumDistributionRatio`.
public func isSeparationFactor(_ v: Double) -> Bool { v >= minimumSeparationFactor && v <= maximumDistributionRatio }

/// The `expected` text of a distribution-ratio range error.
public let distributionRatioExpected = "a distribution ratio from 0 to 1e12"

/// The `expected` text of a separation-factor range error.
public let separationFactorExpected = "a separation factor from 1e-12 to 1e12"
