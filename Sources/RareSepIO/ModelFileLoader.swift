import Foundation
import RareSepChemistry
import RareSepCore

/// A distribution model bound to a list of metals from one Models/ parameter file,
/// outside a cascade case (batch equilibria, validation checks, fitting).
public struct BoundModel {
    /// The model.
    public var model: any EquilibriumModel
    /// Its species: the metals, then the species the model requires, then `extraSpecies`.
    public var species: SpeciesSet
    /// Number of metals (a prefix of `species`).
    public var metalCount: Int
    /// Path of the parameter file.
    public var path: String

    /// Concentration vector (mol/m³) in species order from a symbol table; symbols the
    /// model does not carry are an error naming them.
    public func vector(_ values: [String: Double]) throws -> [Double] {
        var v = [Double](repeating: 0, count: species.count)
        for (k, c) in values {
            guard let j = species.index(of: k) else {
                throw InputError(location: SourceLocation(file: path), key: k, value: nil,
                                 expected: "a species of the model (\(species.symbols.joined(separator: ", ")))")
            }
            v[j] = c
        }
        return v
    }
}

/// Loads Models/ parameter files (keys description, source, model, units, parameters,
/// valid_range, notes, illustrative) into bound models.
public enum ModelFileLoader {
    /// A Models/ parameter file read and checked: its registration and parameter tree.
    public struct ParameterFile {
        public var path: String
        /// The whole document (units, valid_range, source for a fitted copy).
        public var document: ConfigNode
        public var registration: ModelRegistration
        public var parameters: ConfigNode
    }

    /// Read a parameter file (keys description, source, model, units, parameters,
    /// valid_range, notes, illustrative; `source` and `model` required).
    public static func read(_ path: String) throws -> ParameterFile {
        let (doc, idNode) = try readDocument(path)
        let registration = try ModelRegistry.registration(try idNode.string(), at: idNode)
        return ParameterFile(path: path, document: doc, registration: registration, parameters: try doc.require("parameters"))
    }

    /// An isotherm file of Models/isotherms (same keys; `model` names a registered
    /// isotherm): the whole document, its registration and its parameter tree.
    public static func readIsotherm(_ path: String) throws -> (document: ConfigNode, registration: IsothermRegistration, parameters: ConfigNode) {
        let (doc, idNode) = try readDocument(path)
        return (doc, try IsothermRegistry.registration(try idNode.string(), at: idNode), try doc.require("parameters"))
    }

    /// The checked document of a Models/ file and its `model` node.
    static func readDocument(_ path: String) throws -> (document: ConfigNode, model: ConfigNode) {
        let doc = try YAMLDocument.load(path: path)
        try doc.checkKeys(["description", "source", "model", "units", "parameters", "valid_range", "notes", "illustrative"])
        _ = try doc.require("source").string()
        return (doc, try doc.require("model"))
    }

    /// Load `reference` (relative to Models/ or absolute) and bind it to `metals` (element
    /// symbols); `extraSpecies` adds species the model does not require (e.g. SO4 as a
    /// spectator so the bisulfate speciation sees it).
    public static func load(_ reference: String, library: ModelLibrary, metals: [String],
                            extraSpecies: [String] = []) throws -> BoundModel {
        let file = try read(library.resolve(reference, relativeTo: library.root + "/"))
        let (path, registration, params) = (file.path, file.registration, file.parameters)
        var symbols = metals
        for s in try registration.requiredSpecies(params) + extraSpecies where !symbols.contains(s) { symbols.append(s) }
        let species = SpeciesSet(symbols)
        let context = ModelContext(species: species, elements: library.elements, metalCount: metals.count)
        return BoundModel(model: try registration.make(params, context), species: species, metalCount: metals.count, path: path)
    }
}
