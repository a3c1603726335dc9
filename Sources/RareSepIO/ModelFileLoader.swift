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
        try parameterFile(path, referencedBy: nil)
    }

    /// The parameter file a case or spec names at `node` (a path relative to the naming
    /// file `file`, to Models/, or absolute; see `ModelLibrary.resolve`). A file that is
    /// missing, not a regular readable file, or not a model file at all (not YAML, not a
    /// mapping with `model` and `source`) is an error at `node`; its contents are never
    /// echoed.
    public static func read(referencedBy node: ConfigNode, in file: String, library: ModelLibrary) throws -> ParameterFile {
        try parameterFile(try library.existingFile(node, relativeTo: file, kind: "model file"), referencedBy: node, library: library)
    }

    static func parameterFile(_ path: String, referencedBy node: ConfigNode?, library: ModelLibrary? = nil) throws -> ParameterFile {
        let (doc, idNode) = try readDocument(path, kind: "model file", referencedBy: node, library: library)
        try checkKind(idNode, path: path, referencedBy: node, isotherm: false)
        let registration = try ModelRegistry.registration(try idNode.string(), at: idNode)
        return ParameterFile(path: path, document: doc, registration: registration, parameters: try doc.require("parameters"))
    }

    /// An isotherm file of Models/isotherms (same keys; `model` names a registered
    /// isotherm): the whole document, its registration and its parameter tree.
    public static func readIsotherm(_ path: String) throws -> (document: ConfigNode, registration: IsothermRegistration, parameters: ConfigNode) {
        try isothermFile(path, referencedBy: nil)
    }

    /// As `read(referencedBy:in:library:)` for an isotherm file.
    public static func readIsotherm(referencedBy node: ConfigNode, in file: String, library: ModelLibrary) throws
        -> (document: ConfigNode, registration: IsothermRegistration, parameters: ConfigNode) {
        try isothermFile(try library.existingFile(node, relativeTo: file, kind: "isotherm file"), referencedBy: node, library: library)
    }

    static func isothermFile(_ path: String, referencedBy node: ConfigNode?, library: ModelLibrary? = nil) throws
        -> (document: ConfigNode, registration: IsothermRegistration, parameters: ConfigNode) {
        let (doc, idNode) = try readDocument(path, kind: "isotherm file", referencedBy: node, library: library)
        try checkKind(idNode, path: path, referencedBy: node, isotherm: true)
        return (doc, try IsothermRegistry.registration(try idNode.string(), at: idNode), try doc.require("parameters"))
    }

    /// A model file of the other kind (an isotherm file where an extraction model is
    /// expected, or the reverse) is an error at the key that named it (`node`, else at its
    /// `model` line), saying which kind was expected and which was found.
    static func checkKind(_ idNode: ConfigNode, path: String, referencedBy node: ConfigNode?, isotherm: Bool) throws {
        let id = try idNode.string()
        let isIsotherm = IsothermRegistry.all.contains { $0.id == id }
        let isModel = ModelRegistry.all.contains { $0.id == id }
        let found: String
        if isotherm, isModel, !isIsotherm {
            found = "an extraction (distribution) model file, model '\(id)', for a cascade or a batch fit"
        } else if !isotherm, isIsotherm, !isModel {
            found = "an isotherm file, model '\(id)', for a column case"
        } else {
            return
        }
        let expected = isotherm
            ? "an isotherm file (its model one of \(IsothermRegistry.all.map(\.id).joined(separator: ", ")))"
            : "an extraction model file (its model one of \(ModelRegistry.all.map(\.id).joined(separator: ", ")))"
        if let node { throw node.error("\(expected); \(path) is \(found)") }
        throw idNode.error("\(expected); this is \(found)", value: id)
    }

    /// The checked document of a Models/ file and its `model` node. A file that is not
    /// a model file at all (not YAML, not a mapping with `model` and `source`) is an
    /// error naming its path and, when given, at the `node` that referenced it; never
    /// one that echoes its contents. With a `library`, the parse is its cached one.
    static func readDocument(_ path: String, kind: String = "model file", referencedBy node: ConfigNode? = nil,
                             library: ModelLibrary? = nil) throws
        -> (document: ConfigNode, model: ConfigNode) {
        let what = "a \(kind) (a YAML mapping with keys model, source and parameters)"
        func notOne(_ why: String) -> InputError {
            if let node { return node.error("\(what); \(path) is not one: \(why)") }
            return InputError(location: SourceLocation(file: path), key: "(document)", value: nil, expected: "\(what): \(why)")
        }
        let doc: ConfigNode
        do {
            doc = try library?.documents.load(path) ?? YAMLDocument.load(path: path)
        } catch let e as InputError {
            throw node == nil ? e : notOne(e.expected)
        }
        guard case .mapping(let entries) = doc.kind else { throw notOne("its document is not a mapping") }
        guard entries.contains(where: { $0.key == "model" || $0.key == "source" }) else {
            throw notOne("it has neither a 'model' nor a 'source' key")
        }
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
