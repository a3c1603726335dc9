import Foundation
import RareSepChemistry
import RareSepCore
import RareSepFitting

extension FitSpec {
    /// `model: {isotherm: {id: ..., ...} | file: Models/isotherms/..., components: [...],
    /// modifier: HCl, solid_density: 1.1 g/mL}`: a registered isotherm fitted to q–c data.
    static func isothermFit(_ c: Common) throws -> FitSpec {
        try c.modelNode.checkKeys(["isotherm", "file", "components", "modifier", "solid_density"])
        let baseNode: ConfigNode
        let registration: IsothermRegistration
        var modelFile: ConfigNode?
        if let fileNode = try c.modelNode.optional("file") {
            let isoFile = try ModelFileLoader.readIsotherm(referencedBy: fileNode, in: c.path, library: c.library)
            registration = isoFile.registration
            baseNode = isoFile.parameters
            modelFile = isoFile.document
        } else {
            baseNode = try c.modelNode.require("isotherm")
            let idNode = try baseNode.require("id")
            registration = try IsothermRegistry.registration(try idNode.string(), at: idNode)
        }
        let componentsNode = try c.modelNode.require("components")
        var symbols = try componentsNode.items().map { try $0.string() }
        var componentNames = CascadeCaseChecks.UniqueNames("component")
        for item in try componentsNode.items() { try componentNames.add(try item.string(), at: item) }
        var modifierIndex: Int?
        if let m = try c.modelNode.optional("modifier") {
            let s = try m.string()
            if !symbols.contains(s) { symbols.append(s) }
            modifierIndex = symbols.firstIndex(of: s)
        }
        let context = IsothermContext(components: SpeciesSet(symbols), modifierIndex: modifierIndex, elements: c.library.elements)
        let density = try c.modelNode.optional("solid_density").map { n -> Double in
            guard let v = ConfigNode.splitQuantity(try n.string()), v.value > 0 else { throw n.error("a positive density, e.g. 1.2 g/mL") }
            switch v.unit {
            case "kg/m3", "g/L": return v.value
            case "g/mL", "g/cm3", "kg/L": return v.value * 1000
            default: throw n.error("a density in kg/m3, g/L, g/mL or g/cm3")
            }
        }
        var parameters = try readParameters(c.parametersNode, startFrom: baseNode)
        if let units = try modelFile?.optional("units") {
            for k in parameters.indices where parameters[k].unit.isEmpty {
                let key = parameters[k].name.split(separator: ".").first.map(String.init) ?? parameters[k].name
                if let u = try units.optional(key)?.string() { parameters[k].unit = u }
            }
        }
        try checkEnoughPoints(table: c.table, targets: c.targets.count, parameters: parameters.count, at: c.parametersNode)
        let problem = try wrap(at: c.parametersNode) {
            try IsothermFit.problem(registration: registration, baseNode: baseNode, context: context, table: c.table,
                                    targets: c.targets, solidDensity: density, elements: c.library.elements,
                                    constantUncertainty: c.constantSigma, parameters: parameters)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.registered(id: registration.id, parameters: baseNode, file: modelFile, estimates: est,
                                         title: c.title, provenance: c.provenance)
        }
        return FitSpec(path: c.path, title: c.title, table: c.table, problem: problem, options: c.options, fittedModel: fitted,
                       modelDescription: "isotherm \(registration.id) (\(registration.summary)) evaluated at each row's liquid concentrations; components \(symbols.joined(separator: ", "))",
                       outputs: c.outputs, notes: [])
    }
}
