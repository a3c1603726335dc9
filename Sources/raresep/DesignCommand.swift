import ArgumentParser
import Foundation
import RareSepIO

struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Find the fewest stages (or least solvent) meeting a purity and recovery target; write design.json, design.csv and the chosen design's profiles.")

    @Argument(help: "Design spec (YAML): base cascade case, product target, search bounds, objective (docs/design.md).")
    var specPath: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<spec name>); replaced as a whole when the search ends.")
    var output: String?

    @Flag(help: "No progress line on standard error (it is shown only on a terminal).")
    var quiet = false

    func run() throws {
        try report(try CaseKinds.run(path: specPath, output: output, defaultKind: "design", only: "design", progress: !quiet))
    }
}
