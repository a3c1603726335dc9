import Foundation
import RareSepCascade
import RareSepCore
import RareSepDesign
import RareSepSizing

/// `kind: design` (also `raresep design SPEC`): load the spec, run the search, write
/// design.json, design.csv, the chosen design's profiles (chosen/), and report.html (the
/// design tables and the chosen cascade's report; `DesignRunReport`). An unreachable
/// target is a result (status "infeasible" in design.json, exit status 0), not an error.
public enum DesignRunner {
    static let kind = CaseKind(id: "design", summary: "least stages / solvent meeting a purity and recovery target (shortcut + rigorous search)") { root, path, library, output in
        let spec = try DesignSpec.load(root: root, path: path, library: library)
        let sizing = try SizingOutput.data(root, path: path, library: library, elements: spec.base.elements)
        let out = try OutputDirectory(output, key: "--output", inputs: [path] + library.filesRead.all)
        let result: DesignResult
        do {
            result = try DesignSearch.run(spec.problem)
        } catch let e as InfeasibleSpecification {
            throw InputError(location: SourceLocation(file: path), key: "base", value: nil, expected: "a base case whose flows add up: \(e.message)")
        }
        try out.write(try DesignReport.json(result, spec: spec), "design.json")
        try out.write(DesignReport.csv(result, spec: spec), "design.csv")
        var written: CascadeReport.Written?
        if let sol = result.verification {
            // The chosen design's profiles, outlets, summary and plots, as `raresep run` writes them.
            written = try CascadeReport.write(sol, case: spec.base, into: out, prefix: "chosen/")
        }
        var text = DesignReport.text(result, spec: spec)
        var comparison: TechnologyComparison?
        if let (data, node) = sizing, let sol = result.verification, sol.report.converged, result.status == .feasible {
            // The chosen design sized as mixer-settlers (sizing.json), and the same duty
            // compared across technologies (technologies.json).
            let duty = SolvedDuties.cascade(sol, elements: spec.base.elements)
            text += "\n\nSizing of the chosen design (mixer-settlers):\n"
                + (try SizingOutput.write(duty, data: data, at: node, into: out))
            let p = sol.problem
            let feeds = p.feeds.filter { $0.phase == .aqueous }
            let feedFlow = feeds.reduce(0) { $0 + $1.flow }
            var metalIn = 0.0
            for f in feeds { for j in 0..<p.metalCount { metalIn += f.flow * f.concentrations[j] } }
            let c = TechnologyComparison.compare(ComparisonDuty(
                sections: duty.mixerSettlers, feedFlow: feedFlow, metalInFeed: metalIn, organicCirculation: duty.organicCirculation,
                aqueousThroughput: duty.aqueousThroughput, oxideMassFlow: duty.oxideMassFlow, metalExtracted: duty.metalExtracted,
                purity: result.verifiedPurity?.first, recovery: result.verifiedRecovery?.first), data: data)
            try out.write(try OutputDirectory.json(c), "technologies.json")
            text += "\n\nSame duty by technology:\n" + SizingOutput.table(c)
            comparison = c
        }
        // report.html: the design tables, then the chosen cascade's report.
        let candidates = DesignRunReport.candidates(result, spec: spec, data: sizing?.0)
        try out.write(DesignRunReport.html(result, spec: spec, candidates: candidates, comparison: comparison, written: written,
                                           text: text, files: library.filesRead.all), "report.html")
        try out.commit(command: "design", input: path, status: result.status.rawValue)
        return CaseRunOutcome(text: text, warnings: [],
                              written: out.written.map { "\(output)/\($0)" } + ["\(output)/COMPLETE"], status: .success)
    }
}
