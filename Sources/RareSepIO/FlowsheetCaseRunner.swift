import Foundation
import RareSepCore
import RareSepFlowsheet
import RareSepSizing

/// `kind: flowsheet`: load the units and streams, check the output directory, solve
/// the recycles, write the whole set (streams, balance, diagram, each unit's own outputs).
public enum FlowsheetCaseRunner {
    static let kind = CaseKind(id: "flowsheet", summary: "plant flowsheet: units joined by streams, recycles converged on tear streams") { root, path, library, output in
        if try root.optional("dynamics") != nil {   // the plant in time (docs/dynamics.md)
            let o = try DynamicFlowsheetRunner.execute(root: root, path: path, library: library, outputDirectory: output)
            return CaseRunOutcome(text: o.text, warnings: o.warnings, written: o.written, status: o.summary.status == "success" ? .success
                                      : .numerical("dynamic plant failed (\(o.summary.status)): \(o.summary.notes.last ?? ""); results up to there written to \(output)"))
        }
        let c = try FlowsheetCase.load(root: root, path: path, library: library)
        let sizing = try SizingOutput.data(root, path: path, library: library, elements: c.elements)
        let out = try OutputDirectory(output, key: "--output", inputs: [path] + library.filesRead.all)
        let sol = try solve(c, root: root)
        try FlowsheetReport.write(sol, case: c, into: out, files: library.filesRead.all)
        var sizingText: String?
        if let (data, node) = sizing, sol.converged {
            let duty = SolvedDuties.flowsheet(sol, elements: c.elements, operatingHours: c.operatingHours / 3600)
            sizingText = try SizingOutput.write(duty, data: data, at: node, into: out)
        }
        let status = sol.failure.map { $0.numerical ? "not_converged" : "infeasible" } ?? "success"
        try out.commit(command: "run", input: path, status: status)
        var outcome = CaseRunOutcome(text: FlowsheetReport.table(sol, case: c) + (sizingText.map { "\n" + $0 } ?? ""), warnings: FlowsheetReport.warnings(sol, case: c),
                                     written: (["streams.csv", "balance.csv", "flowsheet.svg", "summary.json", "report.html"]
                                         + (out.written.contains { $0.hasPrefix("units/") } ? ["units/"] : []) + (sizingText == nil ? [] : ["sizing.json"]) + ["COMPLETE"]).map { "\(output)/\($0)" },
                                     status: .success)
        outcome.status = runStatus(sol, case: c, root: root, diagnostics: "; diagnostics written to \(output)")
        return outcome
    } evaluate: { root, path, library, _ in
        let c = try FlowsheetCase.load(root: root, path: path, library: library)
        let sol = try solve(c, root: root)
        return try CaseEvaluation(summary: FlowsheetReport.summary(sol, case: c), status: runStatus(sol, case: c, root: root, diagnostics: ""))
    }

    /// Solve a loaded flowsheet; a definition error is located at its `tear` key.
    static func solve(_ c: FlowsheetCase, root: ConfigNode) throws -> FlowsheetSolution {
        do {
            return try FlowsheetSolver.solve(c.flowsheet, options: c.options)
        } catch let e as FlowsheetDefinitionError {
            throw try root.require("tear").error(e.message)
        }
    }

    /// How a solved flowsheet ended, located at the failing unit or stream.
    static func runStatus(_ sol: FlowsheetSolution, case c: FlowsheetCase, root: ConfigNode, diagnostics: String) -> CaseRunOutcome.Status {
        guard let f = sol.failure else { return .success }
        let node = f.unit.map { c.unitNodes[$0] } ?? f.stream.map { c.streamNodes[$0] } ?? root
        return f.numerical ? .numerical("\(node.location): \(node.path): \(f.message)\(diagnostics)")
            : .input(InputError(location: node.location, key: node.path, value: nil, expected: f.message))
    }
}
