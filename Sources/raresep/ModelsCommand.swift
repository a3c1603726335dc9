import ArgumentParser
import Foundation
import RareSepChemistry
import RareSepIO

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List registered models and the parameter files in Models/ with their sources.")

    func run() throws {
        print("Case kinds (the 'kind' of a case file):")
        for k in CaseKinds.all { print("  \(k.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(k.summary)") }
        print("Registered distribution models:")
        for r in ModelRegistry.all { print("  \(r.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(r.summary)") }
        print("Registered isotherms (column cases):")
        for r in IsothermRegistry.all { print("  \(r.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(r.summary)") }
        let library = try ModelLibrary.locate()
        print("Parameter files in \(library.root):")
        for f in ModelFiles.list(library: library) { print("  \(f.path)  [\(f.model)]  source: \(f.source)") }
    }
}
