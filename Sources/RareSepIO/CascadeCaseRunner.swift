import Foundation
import RareSepCore
import RareSepCascade
import RareSepSizing

/// `kind: cascade`: load, check the output directory, solve, write the whole set.
public enum CascadeCaseRunner {
    static let kind = CaseKind(id: "cascade", summary: "steady counter-current mixer-settler cascade (extraction, scrub, strip, solvent loop)") { root, path, library, output in
        let c = try CascadeCase.load(root: root, path: path, library: library)
        let sizing = try SizingOutput.data(root, path: path, library: library, elements: c.elements)
        // Check the output directory before solving; the set is written whole at the end.
        let out = try OutputDirectory(output, key: "--output", inputs: [path] + library.filesRead.all)
        let sol = try solve(c, path: path)
        let written = try CascadeReport.write(sol, case: c, into: out)
        try CascadeReport.writeReport(sol, case: c, written: written, files: library.filesRead.all, into: out)
        var text = CascadeReport.table(sol, elements: c.elements)
        if let (data, node) = sizing, sol.report.converged {
            text += "\n" + (try SizingOutput.write(SolvedDuties.cascade(sol, elements: c.elements), data: data, at: node, into: out))
        }
        try out.commit(command: "run", input: path, status: sol.report.code.rawValue)
        let r = sol.report
        return CaseRunOutcome(text: text,
                              warnings: written.summary.warnings.map(\.description),
                              written: out.written.map { "\(output)/\($0)" } + ["\(output)/COMPLETE"],
                              status: r.converged ? .success : .numerical("solver did not converge (\(r.code.rawValue)): scaled residual \(r.residual) at \(r.worstLocation); diagnostics written to \(output)"))
    } evaluate: { root, path, library, start in
        let c = try CascadeCase.load(root: root, path: path, library: library)
        let sol = try solve(c, path: path, warmStart: start as? CascadeSolution)
        let r = sol.report
        var evaluation = try CaseEvaluation(summary: CascadeReport.summary(sol, case: c),
                                            status: r.converged ? .success : .numerical("solver did not converge (\(r.code.rawValue)): scaled residual \(r.residual) at \(r.worstLocation)"))
        // A converged solution can start a neighbouring case (a sweep's points from its base).
        if r.converged { evaluation.start = sol }
        return evaluation
    }

    /// Solve a loaded case (from `warmStart` when given, `CascadeSolver.solve(_:warmStart:options:)`,
    /// which falls back to the cold start when Newton fails from it); a specification that
    /// cannot be met is an input error at the case file.
    static func solve(_ c: CascadeCase, path: String, warmStart: CascadeSolution? = nil) throws -> CascadeSolution {
        do {
            return try CascadeSolver.solve(c.problem, warmStart: warmStart, options: c.options)
        } catch let e as InfeasibleSpecification {
            throw InputError(location: SourceLocation(file: path), key: "(flowsheet)", value: nil, expected: "a feasible flowsheet: \(e.message)")
        }
    }
}
