import ArgumentParser
import Foundation
import RareSepCore
import RareSepIO

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit model parameters to a dataset; print estimates with uncertainty and write JSON, CSV and the fitted model.")

    @Argument(help: "Fit spec (YAML): dataset, target column, model, parameters with start values and transforms.")
    var specPath: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<spec name>); replaced as a whole when the fit ends.")
    var output: String?

    func run() throws {
        try InputFileCheck.require(specPath, key: "(fit spec)", kind: "fit spec")
        let library = try ModelLibrary.locate(near: specPath)
        let fit = try FitRunner.run(specPath: specPath, library: library, outputDirectory: output)
        for w in fit.warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
        print(fit.text, terminator: "")
        if !fit.converged {
            let at = fit.location.map { "\($0): parameters: " } ?? ""
            printError(at + (fit.notIdentifiable.isEmpty ? "the fit did not converge; the estimates above are provisional (diagnostics written)"
                : "not identifiable: the data do not determine \(fit.notIdentifiable.joined(separator: ", ")) (diagnostics written)"))
            throw ExitCode(ExitStatus.numerical)
        }
    }
}
