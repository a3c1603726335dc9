import ArgumentParser
import Foundation
import RareSepIO

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit model parameters to a dataset; print estimates with uncertainty and write JSON, CSV and the fitted model.")

    @Argument(help: "Fit spec (YAML): dataset, target column, model, parameters with start values and transforms.")
    var specPath: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<spec name>); replaced as a whole when the fit ends.")
    var output: String?

    @Option(help: "Units of the CSV files: si (mol/m³, m³/s, mol/s, s; default) or engineering (g/L, L/h, kg/h, min).")
    var units: CSVUnitSystem = .si

    @Flag(help: "No progress line on standard error (it is shown only on a terminal).")
    var quiet = false

    func run() throws {
        try report(try CaseKinds.run(path: specPath, output: output, defaultKind: "fit", only: "fit", units: units, progress: !quiet))
    }
}
