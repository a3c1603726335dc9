import ArgumentParser
import Foundation
import RareSepIO

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Solve a case file (cascade, column, flowsheet or fit, by its 'kind') and write its outputs.")

    @Argument(help: "Case file (YAML).")
    var casePath: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<case name>); replaced as a whole when the run ends, see docs/cascade-summary.md.")
    var output: String?

    @Option(help: "Units of the CSV files: si (mol/m³, m³/s, mol/s, s; default) or engineering (g/L, L/h, kg/h, min).")
    var units: CSVUnitSystem = .si

    @Flag(help: "No progress line on standard error (it is shown only on a terminal).")
    var quiet = false

    func run() throws {
        try report(try CaseKinds.run(path: casePath, output: output, units: units, progress: !quiet))
    }
}

/// Print a run's outcome and turn its status into the exit status.
func report(_ outcome: CaseRunOutcome) throws {
    for w in outcome.warnings { FileHandle.standardError.write(Data((w + "\n").utf8)) }
    print(outcome.text, terminator: outcome.text.hasSuffix("\n") ? "" : "\n")
    if !outcome.written.isEmpty { print("Wrote " + outcome.written.joined(separator: ", ")) }
    switch outcome.status {
    case .success: return
    case .numerical(let message):
        printError(message)
        throw ExitCode(ExitStatus.numerical)
    case .input(let e): throw e
    }
}

extension CSVUnitSystem: ExpressibleByArgument {}
