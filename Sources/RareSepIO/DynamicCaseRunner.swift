import Foundation
import RareSepCascade
import RareSepCore
import RareSepDynamics

/// `kind: dynamic`: load, check the output directory, simulate, write the whole set.
public enum DynamicCaseRunner {
    /// What a run produced.
    public struct Outcome {
        public var dynamicCase: DynamicCase
        public var run: DynamicCascadeRun
        public var summary: DynamicSummary
        public var text: String
        /// Files written (with the output directory), COMPLETE last; empty without one.
        public var written: [String]
    }

    static let kind = CaseKind(id: "dynamic", summary: "dynamic mixer-settler cascade: start-up, steps and ramps in feeds and flows over time") { root, path, library, output in
        let o = try execute(root: root, path: path, library: library, outputDirectory: output)
        let s = o.summary.integrator
        return CaseRunOutcome(text: o.text, warnings: o.summary.warnings, written: o.written,
                              status: s.status == "success" ? .success
                                  : .numerical("dynamic integration failed (\(s.status)): \(s.failure ?? ""); results up to there written to \(output)"))
    }

    /// Load the dynamic case `root` (read from `path`), simulate it and, with an output
    /// directory, write the set there.
    public static func execute(root: ConfigNode, path: String, library: ModelLibrary, outputDirectory: String?) throws -> Outcome {
        let dc = try DynamicCase.load(root: root, path: path, library: library)
        let out = try outputDirectory.map { try OutputDirectory($0, key: "--output", inputs: [path] + library.filesRead.all) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let run = try simulate(dc)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        let analysis = try DynamicAnalysis(dc, run: run)
        let summary = DynamicSummary.make(dc, run: run, analysis: analysis)
        let text = DynamicReport.table(dc, summary: summary, wallMs: ms)
        var written: [String] = []
        if let out, let dir = outputDirectory {
            try DynamicReport.write(dc, run: run, analysis: analysis, summary: summary, text: text, files: library.filesRead.all, into: out)
            try out.commit(command: "run", input: path, status: run.report.code.rawValue)
            written = out.written.map { "\(dir)/\($0)" } + ["\(dir)/COMPLETE"]
        }
        return Outcome(dynamicCase: dc, run: run, summary: summary, text: text, written: written)
    }

    /// Integrate a loaded case (no analysis, no files).
    public static func simulate(_ dc: DynamicCase, options: DynamicRunOptions? = nil) throws -> DynamicCascadeRun {
        do {
            return try DynamicCascadeSimulator.run(dc.specification, initial: dc.initial, horizon: dc.horizon, events: dc.events,
                                                   outputTimes: dc.outputTimes, recordStages: dc.recordStages, options: options ?? dc.options)
        } catch let e as InfeasibleSpecification {
            throw InputError(location: SourceLocation(file: dc.path), key: "(dynamics)", value: nil, expected: "a dynamic case that can run: \(e.message)")
        }
    }

    /// Integrate a loaded case and analyse it as `execute` does (products, settling times,
    /// ledger, summary), writing nothing: what a run costs without parsing and files.
    public static func simulateAndAnalyse(_ dc: DynamicCase) throws -> (run: DynamicCascadeRun, summary: DynamicSummary) {
        let run = try simulate(dc)
        let analysis = try DynamicAnalysis(dc, run: run)
        return (run, DynamicSummary.make(dc, run: run, analysis: analysis))
    }
}
