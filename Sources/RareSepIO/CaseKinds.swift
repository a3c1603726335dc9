import Foundation
import RareSepCore
import RareSepColumn

/// What one run of a case produced, for the command line to print.
public struct CaseRunOutcome {
    /// How the run ended.
    public enum Status: Sendable, Equatable {
        /// Solved; outputs written.
        case success
        /// Numerical trouble (no convergence): diagnostics written, exit status 3.
        case numerical(String)
        /// The input cannot be run as specified (found while solving): exit status 1.
        case input(InputError)
    }
    /// The readable report printed on standard output.
    public var text: String
    /// Warnings about accepted but questionable input, printed on standard error.
    public var warnings: [String]
    /// Files written, for the closing "Wrote ..." line.
    public var written: [String]
    public var status: Status

    public init(text: String, warnings: [String] = [], written: [String], status: Status) {
        self.text = text
        self.warnings = warnings
        self.written = written
        self.status = status
    }
}

/// One kind of case file (`kind:` in the file): its id, a line for `raresep models`
/// and help, and the runner that loads the case, solves it and writes its output set
/// into the output directory. Adding a kind is one runner plus one line in `CaseKinds.all`.
public struct CaseKind: Sendable {
    public var id: String
    public var summary: String
    /// Load the parsed document at `path`, solve, write the whole output set into `output`.
    public var run: @Sendable (_ document: ConfigNode, _ path: String, _ library: ModelLibrary, _ output: String) throws -> CaseRunOutcome
    /// Load the parsed document at `path`, solve and return its summary without writing
    /// anything (sweeps, designs); nil for kinds that cannot be swept. `start`: the
    /// `CaseEvaluation.start` of a neighbouring case to start the solve from (kinds
    /// without a warm start ignore it; nil solves cold).
    public var evaluate: (@Sendable (_ document: ConfigNode, _ path: String, _ library: ModelLibrary, _ start: (any Sendable)?) throws -> CaseEvaluation)?

    public init(id: String, summary: String,
                run: @escaping @Sendable (ConfigNode, String, ModelLibrary, String) throws -> CaseRunOutcome,
                evaluate: (@Sendable (ConfigNode, String, ModelLibrary, (any Sendable)?) throws -> CaseEvaluation)? = nil) {
        self.id = id
        self.summary = summary
        self.run = run
        self.evaluate = evaluate
    }
}

/// The registry of case kinds; the command line dispatches through it and has no
/// per-kind code.
public enum CaseKinds {
    public static let all: [CaseKind] = [
        CascadeCaseRunner.kind,
        DynamicCaseRunner.kind,
        ColumnCaseRunner.kind,
        FlowsheetCaseRunner.kind,
        FitRunner.kind,
        DesignRunner.kind,
    ]

    /// Read the case file at `path` and run it by its `kind` (default `defaultKind`),
    /// writing into `output` (default out/<file stem>). With `only`, a file of another
    /// kind is an error (`raresep fit` takes fit specs only). CSV files are written in `units`.
    /// With `progress`, long runs show a progress line on a terminal (`ProgressReporter`).
    public static func run(path: String, output: String?, defaultKind: String = "cascade", only: String? = nil,
                           units: CSVUnitSystem = .si, progress: Bool = false) throws -> CaseRunOutcome {
        try InputFileCheck.require(path, key: "(case file)", kind: "case file")
        let library = try ModelLibrary.locate(near: path)
        let root = try YAMLDocument.load(path: path)
        try InputFileCheck.requireMapping(root, kind: "case file")
        let kind = try self.kind(of: root, defaultKind: defaultKind, only: only)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let converter = units == .engineering ? CSVUnitConverter(elements: library.elements) : nil
        return try OutputDirectory.$csvUnits.withValue(converter) {
            try ProgressReporter.$shown.withValue(progress) {
                try kind.run(root, path, library, output ?? "out/\(stem)")
            }
        }
    }

    /// The kind of the parsed case `root` (its `kind:`, default `defaultKind`); with
    /// `only`, a file of another kind is an error.
    public static func kind(of root: ConfigNode, defaultKind: String = "cascade", only: String? = nil) throws -> CaseKind {
        let kindNode = try root.optional("kind")
        let id = try kindNode?.string() ?? defaultKind
        if let only, id != only {
            throw (kindNode ?? root).error("a \(only) file here (this is a '\(id)' case; run it with 'raresep run')", value: id)
        }
        guard let kind = all.first(where: { $0.id == id }) else {
            let ids = all.map(\.id)
            let hint = nearestName(to: id, in: ids).map { "; did you mean '\($0)'?" } ?? ""
            throw (kindNode ?? root).error("a case kind, one of \(ids.joined(separator: ", "))\(hint)", value: id)
        }
        return kind
    }
}

extension ColumnCaseRunner {
    /// `kind: column`.
    static let kind = CaseKind(id: "column", summary: "adsorption / extraction-chromatography column (LRM, LRMP, GRM), or a column train (carousel)") { document, path, library, output in
        if try document.optional("carousel") != nil {
            let cc = try ColumnCase.load(root: document, path: path, library: library)
            let o = try ColumnTrainRunner.execute(cc, document: document, library: library, outputDirectory: output)
            let cycles = o.result.cycles.count
            return CaseRunOutcome(text: o.text, written: ["cycles.csv", "outlet.csv", "outlet.svg", "train-outlet.csv", "summary.json", "report.html", "COMPLETE"].map { "\(output)/\($0)" },
                                  status: o.result.steadyCycle != nil ? .success
                                    : .numerical("the column train did not reach its cyclic steady state in \(cycles) cycles (carousel.max_cycles); results written to \(output)"))
        }
        let o = try execute(casePath: path, library: library, outputDirectory: output)
        let r = o.run.report
        return CaseRunOutcome(text: o.text, written: ["outlet.csv", "outlet.svg", "summary.json", "report.html", "COMPLETE"].map { "\(output)/\($0)" },
                              status: r.converged ? .success : .numerical("column integration failed (\(r.code.rawValue)): \(r.worstLocation); partial results written to \(output)"))
    } evaluate: { root, path, library, _ in
        let cc = try ColumnCase.load(root: root, path: path, library: library)
        let run = ColumnSimulator.run(cc.problem, numerics: cc.numerics, outputTimes: cc.outputTimes,
                                      probeTimes: cc.fractions.flatMap { [$0.from, $0.to] })
        let summary = ColumnAnalysis.summarize(cc.problem, run: run, fractions: cc.fractions)
        let r = run.report
        return try CaseEvaluation(summary: jsonSummary(cc, run: run, summary: summary), snakeCaseKeys: true,
                                  status: r.converged ? .success : .numerical("column integration failed (\(r.code.rawValue)): \(r.worstLocation)"))
    }
}

extension FitRunner {
    /// `kind: fit` (also `raresep fit SPEC`).
    static let kind = CaseKind(id: "fit", summary: "fit of model parameters to a dataset, with uncertainty") { _, path, library, output in
        let fit = try run(specPath: path, library: library, outputDirectory: output)
        let at = fit.location.map { "\($0): parameters: " } ?? ""
        let failure = at + (fit.notIdentifiable.isEmpty ? "the fit did not converge; the estimates above are provisional (diagnostics written)"
            : "not identifiable: the data do not determine \(fit.notIdentifiable.joined(separator: ", ")) (diagnostics written)")
        return CaseRunOutcome(text: fit.text, warnings: fit.warnings.map { "\($0)" }, written: [],
                              status: fit.converged ? .success : .numerical(failure))
    }
}
