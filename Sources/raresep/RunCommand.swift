import ArgumentParser
import Foundation
import RareSepCore
import RareSepFlowsheet
import RareSepIO
import RareSepPlant

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Solve a case file and write profiles, outlets and a JSON summary.")

    @Argument(help: "Case file (YAML).")
    var casePath: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<case name>); replaced as a whole when the run ends, see docs/cascade-summary.md.")
    var output: String?

    func run() throws {
        try InputFileCheck.require(casePath, key: "(case file)", kind: "case file")
        let library = try ModelLibrary.locate(near: casePath)
        let root = try YAMLDocument.load(path: casePath)
        try InputFileCheck.requireMapping(root, kind: "case file")
        let kind = try root.optional("kind")?.string() ?? "cascade"
        let stem = ((casePath as NSString).lastPathComponent as NSString).deletingPathExtension
        let outDir = output ?? "out/\(stem)"
        switch kind {
        case "cascade":
            let c = try CascadeCase.load(root: root, path: casePath, library: library)
            // Check the output directory before solving; the set is written whole at the end.
            let out = try OutputDirectory(outDir, key: "--output", inputs: [casePath] + library.filesRead.all)
            let sol: CascadeSolution
            do {
                sol = try CascadeSolver.solve(c.problem, options: c.options)
            } catch let e as InfeasibleSpecification {
                // flows that cannot add up: name the case file
                throw InputError(location: SourceLocation(file: casePath), key: "(flowsheet)", value: nil,
                                 expected: "a feasible flowsheet: \(e.message)")
            }
            for w in CascadeReport.warnings(sol, case: c) { FileHandle.standardError.write(Data((w.description + "\n").utf8)) }
            try CascadeReport.write(sol, case: c, into: out)
            try out.commit(command: "run", input: casePath, status: sol.report.code.rawValue)
            print(CascadeReport.table(sol, elements: c.elements))
            print("Wrote \(outDir)/stage_profiles.csv, stage_profiles.svg, stage_diagnostics.csv, outlets.csv, summary.json, COMPLETE")
            if !sol.report.converged {
                printError("solver did not converge (\(sol.report.code.rawValue)): scaled residual \(sol.report.residual) at \(sol.report.worstLocation); diagnostics written to \(outDir)")
                throw ExitCode(ExitStatus.numerical)
            }
        case "column":
            let outcome = try ColumnCaseRunner.execute(casePath: casePath, library: library, outputDirectory: outDir)
            print(outcome.text)
            print("Wrote \(outDir)/outlet.csv, outlet.svg, summary.json, COMPLETE")
            if !outcome.run.report.converged {
                printError("column integration failed (\(outcome.run.report.code.rawValue)): \(outcome.run.report.worstLocation); partial results written to \(outDir)")
                throw ExitCode(ExitStatus.numerical)
            }
        case "flowsheet":
            let c = try FlowsheetCase.load(root: root, path: casePath, library: library)
            let out = try OutputDirectory(outDir, key: "--output", inputs: [casePath] + library.filesRead.all)
            let sol: FlowsheetSolution
            do {
                sol = try FlowsheetSolver.solve(c.flowsheet, options: c.options)
            } catch let e as FlowsheetDefinitionError {
                throw try root.require("units").error(e.message)
            }
            try FlowsheetReport.write(sol, case: c, into: out)
            try out.commit(command: "run", input: casePath, status: sol.failure == nil ? "success" : (sol.failure!.numerical ? "not_converged" : "infeasible"))
            print(FlowsheetReport.table(sol, case: c))
            print("Wrote \(outDir)/streams.csv, balance.csv, flowsheet.svg, summary.json, units/, COMPLETE")
            if let f = sol.failure {
                let node = f.unit.map { c.unitNodes[$0] } ?? f.stream.map { c.streamNodes[$0] } ?? root
                if f.numerical {
                    printError("\(node.location): \(node.path): \(f.message); diagnostics written to \(outDir)")
                    throw ExitCode(ExitStatus.numerical)
                }
                throw InputError(location: node.location, key: node.path, value: nil, expected: f.message)
            }
        default:
            throw try root.require("kind").error("'cascade', 'column' or 'flowsheet'")
        }
    }
}
