import Foundation
import RareSepCascade
import RareSepCore
import RareSepDesign

/// `kind: design` (also `raresep design SPEC`): load the spec, run the search, write
/// design.json, design.csv, the chosen design's profiles (chosen/) and its cascade report
/// (report.html). An unreachable
/// target is a result (status "infeasible" in design.json, exit status 0), not an error.
public enum DesignRunner {
    static let kind = CaseKind(id: "design", summary: "least stages / solvent meeting a purity and recovery target (shortcut + rigorous search)") { root, path, library, output in
        let spec = try DesignSpec.load(root: root, path: path, library: library)
        let out = try OutputDirectory(output, key: "--output", inputs: [path] + library.filesRead.all)
        let result: DesignResult
        do {
            result = try DesignSearch.run(spec.problem)
        } catch let e as InfeasibleSpecification {
            throw InputError(location: SourceLocation(file: path), key: "base", value: nil, expected: "a base case whose flows add up: \(e.message)")
        }
        try out.write(try DesignReport.json(result, spec: spec), "design.json")
        try out.write(DesignReport.csv(result, spec: spec), "design.csv")
        if let sol = result.verification {
            // The chosen design's profiles, and its cascade report as the run's report.html.
            let written = try CascadeReport.write(sol, case: spec.base, into: out, prefix: "chosen/")
            try CascadeReport.writeReport(sol, case: spec.base, written: written, files: [path] + library.filesRead.all, into: out)
        }
        try out.commit(command: "design", input: path, status: result.status.rawValue)
        return CaseRunOutcome(text: DesignReport.text(result, spec: spec), warnings: [],
                              written: out.written.map { "\(output)/\($0)" } + ["\(output)/COMPLETE"], status: .success)
    }
}
