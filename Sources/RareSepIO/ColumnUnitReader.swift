import Foundation
import RareSepChemistry
import RareSepColumn
import RareSepCore
import RareSepFlowsheet

/// Reads a flowsheet `column` unit: the column case file by path (`case:`), the
/// programme section the plant feed replaces (`load:`, default "load"), and the
/// product pools (`pools: {name: [from, to]}`, default the case's `fractions`); the
/// outlet outside every pool goes to a "waste" pool. See docs/column-unit.md.
enum ColumnUnitReader {
    static let keys = ["name", "type", "case", "load", "pools", "description"]

    /// The unit, checked against the plant's metals (`components:` of the flowsheet): a
    /// `ColumnUnit`, or a `ColumnTrainUnit` when the case has a `carousel:` block
    /// (docs/column-train.md); with the plant species it carries, in order.
    static func read(_ un: ConfigNode, name: String, path: String, library: ModelLibrary,
                     metals: [String]) throws -> (unit: any UnitOperation, plantSpecies: [String]) {
        try un.checkKeys(keys)
        let elements = library.elements
        let caseNode = try un.require("case")
        let resolved = try library.existingFile(caseNode, relativeTo: path, kind: "column case file")
        let cc = try ColumnCase.load(root: try InputFileCheck.loadReferenced(resolved, kind: "column case file", referencedBy: caseNode),
                                     path: resolved, library: library)
        let p = cc.problem
        let symbols = p.components.symbols

        // Vocabulary: every component is an element/ion of the plant or an acid of the table.
        let acid = p.modifierIndex.map { symbols[$0] }.flatMap { ComponentVocabulary.acids[$0] != nil ? $0 : nil }
        for sym in symbols {
            if ComponentVocabulary.acids[sym] != nil { continue }
            guard let e = elements[sym] else {
                let acids = ComponentVocabulary.acids.keys.sorted().joined(separator: ", ")
                throw caseNode.error("a column case whose components are elements or ions of Models/elements.yaml or acids (\(acids)): '\(sym)' is neither", value: name)
            }
            if e.atomicNumber > 0 && e.charge > 0 && !metals.contains(sym) {
                throw un.error("a column whose metals are plant components: \(sym) is not listed under 'components'", value: name)
            }
        }
        let vocabulary: UnitVocabularyMap
        do {
            vocabulary = try UnitVocabularyMap(unitSymbols: symbols, acid: acid, elements: elements)
        } catch let e as VocabularyError {
            throw caseNode.error("a column case whose components map to plant species: \(e.message)", value: name)
        }

        if let train = cc.train {
            for key in ["load", "pools"] where try un.optional(key) != nil {
                throw try un.require(key).error("no '\(key)' for a column train (the first programme section is its feed, the case's fractions or cuts its pools)", value: name)
            }
            return (ColumnTrainUnit(name: name, problem: p, numerics: cc.numerics, spec: train, outputTimes: cc.outputTimes,
                                    vocabulary: vocabulary), vocabulary.plantSpecies)
        }

        // The section the feed replaces.
        let loadNode = try un.optional("load")
        let loadName = try loadNode?.string() ?? "load"
        let matches = p.sections.indices.filter { p.sections[$0].name == loadName }
        guard matches.count == 1 else {
            let list = p.sections.map(\.name).joined(separator: ", ")
            let what = matches.isEmpty ? "the name of a programme section of the column case (\(list))" : "a section name used once in the programme (\(list))"
            throw (loadNode ?? un).error(what + FlowsheetCase.hint(loadName, p.sections.map(\.name)), value: loadName)
        }

        // Pools.
        var pools: [ColumnPool] = []
        let poolsNode = try un.optional("pools")
        if let poolsNode {
            for (pname, node) in try poolsNode.entries() {
                let items = try node.items()
                guard items.count == 2 else { throw node.error("a window [from, to] with time units, e.g. [2.5 h, 3.25 h]") }
                let a = try items[0].nonNegativeQuantity(.time), b = try items[1].nonNegativeQuantity(.time)
                pools.append(ColumnPool(name: pname, windows: [a...max(a, b)]))
                if !(b > a) { throw items[1].error("a 'to' time after 'from'") }
            }
        } else {
            for f in cc.fractions {
                if let k = pools.firstIndex(where: { $0.name == f.name }) { pools[k].windows.append(f.from...f.to) } else {
                    pools.append(ColumnPool(name: f.name, windows: [f.from...f.to]))
                }
            }
        }
        switch ColumnPool.covering(pools, duration: p.duration) {
        case .success(let all): pools = all
        case .failure(let e): throw (poolsNode ?? caseNode).error("pools that do not overlap and lie within the cycle: \(e.message)", value: name)
        }
        return (ColumnUnit(name: name, problem: p, numerics: cc.numerics, outputTimes: cc.outputTimes,
                           loadSection: matches[0], pools: pools, vocabulary: vocabulary), vocabulary.plantSpecies)
    }
}
