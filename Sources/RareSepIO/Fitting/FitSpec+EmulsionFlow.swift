import Foundation
import RareSepCore
import RareSepFitting
import RareSepFlowsheet

extension FitSpec {
    /// `model: {emulsion_flow: {...unit...}, components: [...], aqueous_inlet: {...}, organic_inlet: {...}}`:
    /// numbers of an emulsion-flow contactor (the flowsheet unit's keys, docs/flowsheet-format.md)
    /// fitted to pilot runs (`EmulsionFlowOutletFit`); a parameter is the dotted path of a
    /// number in the unit description (`transfer_coefficient`, `entrainment.organic_in_aqueous.coefficient`).
    static func emulsionFlowFit(_ c: Common) throws -> FitSpec {
        try c.modelNode.checkKeys(["emulsion_flow", "components", "aqueous_inlet", "organic_inlet"])
        let unitNode = try c.modelNode.require("emulsion_flow")
        _ = try unitNode.entries()  // a mapping: the unit description
        let componentsNode = try c.modelNode.require("components")
        var names = CascadeCaseChecks.UniqueNames("component")
        for item in try componentsNode.items() {
            try names.add(try item.string(), at: item)
            if c.library.elements[try item.string()] == nil { throw item.error("an element symbol from Models/elements.yaml") }
        }
        let metals = try componentsNode.items().map { try $0.string() }
        // Every parameter names a number in the unit description: say which, at its own line.
        for (name, p) in try c.parametersNode.entries()
        where unitNode.scalar(atParameter: name).flatMap({ $0.scalarText }).flatMap(ConfigNode.splitQuantity) == nil {
            throw p.error("a number of the emulsion_flow unit, by its dotted path (numbers there: \(NodeParameterMap.numericParameterNames(unitNode).joined(separator: ", ")))",
                          value: name, problem: "'\(name)' is not a number in the unit description")
        }
        let parameters = try readParameters(c.parametersNode, startFrom: unitNode)
        let map = try wrap(at: c.parametersNode) { try NodeParameterMap(base: unitNode, parameters: parameters) }
        let library = c.library, path = c.path
        let build: ([Double]) throws -> EmulsionFlowUnit = { theta in
            try EmulsionFlowUnitReader.read(try map.node(theta), name: "contactor", path: path, library: library, metals: metals)
        }
        let base = try EmulsionFlowUnitReader.read(unitNode, name: "contactor", path: path, library: library, metals: metals)
        let species = base.template.species
        let aq = try CascadeCase.compositionWithMask(try c.modelNode.optional("aqueous_inlet"), species: species, elements: library.elements).values
        let org = try CascadeCase.compositionWithMask(try c.modelNode.optional("organic_inlet"), species: species, elements: library.elements).values
        let problem = try wrap(at: c.parametersNode) {
            try EmulsionFlowOutletFit.problem(table: c.table, species: species, elements: library.elements,
                                              dispersedIsOrganic: base.template.dispersed == .organic,
                                              aqueousInlet: aq, organicInlet: org, targets: c.targets, targetNode: c.targetNode,
                                              constantUncertainty: c.constantSigma, parameters: parameters, build: build)
        }
        let fitted: ([ParameterEstimate]) -> String = { est in
            FittedModelWriter.cascadeCase(root: unitNode, estimates: est, provenance: c.provenance)
        }
        return FitSpec(path: c.path, title: c.title, table: c.table, problem: problem, options: c.options, fittedModel: fitted,
                       modelDescription: "emulsion-flow contactor (\(base.template.cells) cells, \(base.template.dispersed.rawValue) dispersed), solved at every pilot run's flows and inlets per evaluation; each parameter in the unit its description states",
                       outputs: c.outputs, notes: ["fitted-model file: the emulsion_flow unit description with the estimates, to paste into a flowsheet"])
    }
}
