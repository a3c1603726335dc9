import Foundation
import RareSepChemistry
import RareSepCore
import RareSepFitting

extension FitSpec {
    /// `model: {file: Models/... | id: ..., parameters: {...}, components: [...]}`: a registered
    /// distribution model, every dataset row solved as a batch equilibrium.
    static func distributionModelFit(_ c: Common) throws -> FitSpec {
        // A registered distribution model, inline or from a model file.
        try c.modelNode.checkKeys(["id", "file", "components", "parameters", "phase_ratio"])
        // Parameter names are dotted paths inside the model's parameter mapping
        // (a Models/ file's `parameters:`, or the spec's inline `parameters:`).
        let baseNode: ConfigNode
        let registration: ModelRegistration
        var modelFile: ConfigNode?
        if let fileNode = try c.modelNode.optional("file") {
            let parameterFile = try ModelFileLoader.read(referencedBy: fileNode, in: c.path, library: c.library)
            registration = parameterFile.registration
            baseNode = parameterFile.parameters
            modelFile = parameterFile.document  // units, valid_range, source for the fitted file
        } else {
            let idNode = try c.modelNode.require("id")
            registration = try ModelRegistry.registration(try idNode.string(), at: idNode)
            baseNode = try c.modelNode.require("parameters")
        }
        let componentsNode = try c.modelNode.require("components")
        let metals = try componentsNode.items().map { try $0.string() }
        var componentNames = CascadeCaseChecks.UniqueNames("component")
        for item in try componentsNode.items() { try componentNames.add(try item.string(), at: item) }
        for (i, m) in metals.enumerated() where c.library.elements[m] == nil {
            throw try componentsNode.items()[i].error("an element symbol from Models/elements.yaml")
        }
        let extra = try registration.requiredSpecies(baseNode).filter { !metals.contains($0) }
        let species = SpeciesSet(metals + extra)
        let context = ModelContext(species: species, elements: c.library.elements, metalCount: metals.count)
        let ratio = try c.modelNode.optional("phase_ratio")?.positiveQuantity(.dimensionless) ?? 1
        let dataset = try BatchDataset.read(c.table, species: species, elements: c.library.elements,
                                            defaultPhaseRatio: ratio, holdEquilibriumPH: !c.targets.contains("pH"))
        var observables: [BatchObservable] = []
        for t in c.targets {
            guard let o = BatchObservable.parse(t, species: species) else {
                throw c.targetNode.error("target columns named D_<S>, log10D_<S>, c_<S>, y_<S>, E_<S> or pH for species \(species.symbols.joined(separator: ", "))", value: t)
            }
            observables.append(o)
        }
        for (t, o) in zip(c.targets, observables) {
            let col = try c.table.require(t, purpose: "fit target")
            switch o {
            case .pH: try c.table.requireUnitless(col, meaning: "pH")
            case .log10DistributionRatio: try c.table.requireUnitless(col, meaning: "log10 D")
            case .distributionRatio: try c.table.requireUnitless(col, meaning: "a distribution ratio D")
            case .extractedFraction: try c.table.requireUnit(col, .oneOf(["", "-", "%"]), role: "extracted fraction \(t) (a fraction, or %)")
            case .aqueous, .organic: try c.table.requireUnit(col, .dimension(.concentration), role: "concentration \(t)")
            }
        }
        var parameters = try readParameters(c.parametersNode, startFrom: baseNode)
        // Units from the model file's `units:` block, keyed by the last name component.
        if let units = try modelFile?.optional("units") {
            for k in parameters.indices where parameters[k].unit.isEmpty {
                let key = parameters[k].name.split(separator: ".").last.map(String.init) ?? parameters[k].name
                if let u = try units.optional(key)?.string() { parameters[k].unit = u }
            }
        }
        try checkEnoughPoints(table: c.table, targets: c.targets.count, parameters: parameters.count, at: c.parametersNode)
        let fitTargets = try FitTargets.read(
            c.table, columns: c.targets, dimension: { BatchObservable.parse($0, species: species)!.isConcentration ? .concentration : .dimensionless },
            element: { name in c.library.elements[name.split(separator: "_", maxSplits: 1).last.map(String.init) ?? ""] },
            elements: c.library.elements, constantUncertainty: c.constantSigma,
            range: { BatchObservable.parse($0, species: species)?.range })
        let problem = try wrap(at: c.parametersNode) {
            try DistributionModelFit.problem(registration: registration, baseNode: baseNode, context: context,
                                             dataset: dataset, observables: observables, targets: fitTargets,
                                             parameters: parameters)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.registered(id: registration.id, parameters: baseNode, file: modelFile, estimates: est,
                                         title: c.title, provenance: c.provenance)
        }
        var spec = FitSpec(path: c.path, title: c.title, table: c.table, problem: problem, options: c.options, fittedModel: fitted,
                           modelDescription: "distribution model \(registration.id) (\(registration.summary)), each test solved as a single-stage batch equilibrium; species \(species.symbols.joined(separator: ", "))",
                           outputs: c.outputs, notes: dataset.notes)
        if let modelFile {
            spec.warnings = try FitRangeCheck.warnings(validRange: try modelFile.optional("valid_range"), source: modelFile.location.file,
                                                       table: c.table, species: species, metals: metals.count, elements: c.library.elements)
        }
        return spec
    }
}
