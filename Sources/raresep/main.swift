import ArgumentParser
import CAllocationCounter
import Foundation
import RareSepCore
import RareSepCascade
import RareSepIO
import GSLBridge

/// Thin command-line front end: parse arguments, call the library, print.
struct RareSepCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raresep",
        abstract: "RareSep: rare-earth separation cascades, columns and fitting.",
        version: "raresep \(RareSepVersion.string) (GSL \(GSL.runtimeVersion))",
        subcommands: [RunCommand.self, ValidateCommand.self, ModelsCommand.self, BenchCommand.self, FitCommand.self, DesignCommand.self, SweepCommand.self, MergeCommand.self])
}

/// Exit statuses: 0 success, 1 bad input or failed validation, 2 usage error,
/// 3 numerical failure (the solver did not converge; diagnostics are still written),
/// 130/143 interrupted by SIGINT/SIGTERM (no output set written, temporary files removed).
enum ExitStatus {
    static let input: Int32 = 1
    static let usage: Int32 = 2
    static let numerical: Int32 = 3
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}

// Keep large solver workspaces on the heap between solves (sweeps, fits and benchmarks
// allocate one per solve): fresh mmap'd pages would page-fault on every first touch.
raresep_tune_allocator()

// SIGINT/SIGTERM: remove the unfinished output set, exit 130/143.
OutputDirectory.removeUnfinishedSetsOnSignal()

do {
    var command = try RareSepCLI.parseAsRoot()
    try command.run()
} catch let e as InputError {
    printError(e.description)
    exit(ExitStatus.input)
} catch let e as InfeasibleSpecification {
    printError(e.description)
    exit(ExitStatus.input)
} catch let e as ExitCode {
    exit(e.rawValue)
} catch {
    let code = RareSepCLI.exitCode(for: error)
    if code == .success {
        print(RareSepCLI.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data((RareSepCLI.fullMessage(for: error) + "\n").utf8))
    exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
}
