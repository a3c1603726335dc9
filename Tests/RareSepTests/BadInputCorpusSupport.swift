import Foundation

// Types of the bad-input corpus (BadInputCorpusTests.swift explains how to add an entry).

/// The class of bad input an entry belongs to (the classes of issue 10).
enum BadInputClass: String, Sendable, CaseIterable {
    case syntax, wrongType, missingKey, unknownKey, duplicateKey, aliasBomb, deepNesting, hugeCount, overflow
    case meaningless, unit, infeasible, duplicateName, outputEscape, readPath, casePath, emptyFile, encoding
    case dataset, nonIdentifiable
    /// Inputs that are legal (BOM, CRLF, the unmodified bases): they must succeed.
    case legal
}

/// The bundled file an entry starts from; it is copied into the entry's work directory
/// (main file as `case.yaml` or `spec.yaml`, a dataset beside it) before the edits apply.
enum CorpusBase: String, Sendable {
    /// cases/default.yaml: mass-action D2EHPA cascade with a closed loop.
    case cascadeMassAction
    /// cases/tb-dy-constant-beta.yaml: constant separation factors (fast).
    case cascadeBeta
    /// cases/column-b1.yaml: inline Langmuir isotherm, LRM.
    case columnB1
    /// cases/column-dga-pr-nd-dy.yaml: isotherm from a Models/ file, fractions.
    case columnDGA
    /// cases/fit-dy-logD.yaml with its dataset in data/.
    case fitUKy
    /// Validation/fitting/langmuir-isotherm (function fit, q–c data).
    case fitLangmuir
    /// Validation/fitting/batch-cation-exchange (registered model, batch equilibria).
    case fitBatch
    /// cases/fit-emulsion-flow.yaml (an emulsion-flow contactor fitted to pilot runs) with its dataset in data/.
    case fitEmulsionFlow
    /// Validation/flowsheet/reflux-kremser: a flowsheet (feed, mixer, cascade unit, splitter)
    /// with its cascade case file beside it.
    case flowsheetReflux
    /// cases/design-dy-tb.yaml with its base case (cases/default.yaml) beside it.
    case designDyTb
    /// cases/dynamic-tb-dy-step.yaml (kind: dynamic) with tb-dy-constant-beta.yaml beside it.
    case dynamicStep
    /// cases/sweep-default.yaml (a sweep plan) with its base default.yaml beside it; run as
    /// `raresep sweep plan.yaml`.
    case sweepDefault
    /// No bundled file: the entry's edits write the whole main file (`case.yaml`).
    case none

    /// Bundled main file, relative to the package root.
    var mainSource: String? {
        switch self {
        case .cascadeMassAction: return "cases/default.yaml"
        case .cascadeBeta: return "cases/tb-dy-constant-beta.yaml"
        case .columnB1: return "cases/column-b1.yaml"
        case .columnDGA: return "cases/column-dga-pr-nd-dy.yaml"
        case .fitUKy: return "cases/fit-dy-logD.yaml"
        case .fitLangmuir: return "Validation/fitting/langmuir-isotherm/fit.yaml"
        case .fitBatch: return "Validation/fitting/batch-cation-exchange/fit.yaml"
        case .fitEmulsionFlow: return "cases/fit-emulsion-flow.yaml"
        case .flowsheetReflux: return "Validation/flowsheet/reflux-kremser/flowsheet.yaml"
        case .designDyTb: return "cases/design-dy-tb.yaml"
        case .dynamicStep: return "cases/dynamic-tb-dy-step.yaml"
        case .sweepDefault: return "cases/sweep-default.yaml"
        case .none: return nil
        }
    }

    /// Bundled dataset (source, path in the work directory), for fit bases.
    var dataset: (source: String, destination: String)? {
        switch self {
        case .fitUKy: return ("cases/data/dy-logD-synthetic.csv", "data/dy-logD-synthetic.csv")
        case .fitLangmuir: return ("Validation/fitting/langmuir-isotherm/data.csv", "data.csv")
        case .fitBatch: return ("Validation/fitting/batch-cation-exchange/data.csv", "data.csv")
        case .fitEmulsionFlow: return ("cases/data/emulsion-flow-pilot-synthetic.csv", "data/emulsion-flow-pilot-synthetic.csv")
        default: return nil
        }
    }

    /// Other bundled files the base needs beside its main file (source, path in the work directory).
    var companions: [(source: String, destination: String)] {
        switch self {
        case .flowsheetReflux: return [("Validation/flowsheet/reflux-kremser/extraction.yaml", "extraction.yaml")]
        case .designDyTb: return [("cases/default.yaml", "default.yaml")]
        case .dynamicStep: return [("cases/tb-dy-constant-beta.yaml", "tb-dy-constant-beta.yaml")]
        case .sweepDefault: return [("cases/default.yaml", "default.yaml"), ("cases/tb-dy-constant-beta.yaml", "beta.yaml")]
        default: return []
        }
    }

    var isFit: Bool { dataset != nil }
    /// Name of the main file in the work directory.
    var mainName: String { isFit ? "spec.yaml" : self == .sweepDefault ? "plan.yaml" : "case.yaml" }
    /// Default command line (run in the work directory).
    var arguments: [String] { [isFit ? "fit" : self == .sweepDefault ? "sweep" : "run", mainName, "--output", "out"] }
}

/// A text edit applied to a bundled file (so entries stay in step with it), or a
/// whole-file content. An edit whose anchor is not found fails the entry as stale.
enum CorpusEdit: Sendable {
    /// Replace the first occurrence of a substring.
    case replace(String, String)
    /// Replace every occurrence of a substring (at least one).
    case replaceAll(String, String)
    /// Insert text (lines, without trailing newline) after the first line containing the anchor.
    case insertAfter(String, String)
    /// Delete the first line containing the text.
    case deleteLine(String)
    /// Delete a top-level key and its indented block.
    case deleteKey(String)
    /// Append text (a newline is added before it when missing).
    case append(String)
    /// The whole file.
    case text(String)
    /// Any transformation of the text (generated inputs: computed at test time).
    case transform(@Sendable (String) -> String)
    /// Map the data rows of a CSV (lines after the first non-comment line): nil drops a row.
    case rows(@Sendable (Int, [String]) -> [String]?)
    /// Final bytes from the text (encodings, BOM, CRLF, garbage); must be the last edit.
    case bytes(@Sendable (String) -> Data)
}

/// An extra file or directory an entry needs in its work directory.
enum CorpusExtra: Sendable {
    case text(String)
    case bytes(Data)
    case directory
}

/// One corpus entry: an input, the command that reads it and what must happen.
struct BadInput: Sendable {
    var id: String
    var kind: BadInputClass
    var base: CorpusBase
    /// Edits of the main file (case or spec).
    var edits: [CorpusEdit] = []
    /// Edits of the base's dataset.
    var datasetEdits: [CorpusEdit] = []
    /// Extra files (path relative to the work directory).
    var extras: [(String, CorpusExtra)] = []
    /// Command line; nil: the base's (`run case.yaml --output out` or `fit spec.yaml --output out`).
    var arguments: [String]? = nil
    /// Output directory relative to the work directory (must match `arguments`).
    var outputDirectory: String = "out"
    /// Expected exit status: 1 bad input, 3 numerical trouble (non-identifiable fit), 0 legal.
    var status: Int32 = 1
    /// File names of which the error must name one; nil: the main file, or the dataset
    /// when only the dataset is edited.
    var locations: [String]? = nil
    /// Whether the error must give a line number after the file name; nil: yes for a
    /// status-1 error located in a .yaml or .csv file.
    var needsLine: Bool? = nil
    /// Substrings the error line must contain (the offending key or value).
    var mentions: [String] = []
    /// Substrings standard error must not contain (contents of a system file).
    var forbidden: [String] = []
    /// Absolute paths (with placeholders) that must not exist after the run.
    var probes: [String] = []
    /// Wall-time limit, seconds; nil: the runner's (10 s).
    var seconds: Double? = nil

    /// Effective command line.
    var commandLine: [String] { arguments ?? base.arguments }

    /// File names the error line may name.
    var expectedLocations: [String] {
        if let locations { return locations }
        if edits.isEmpty && !datasetEdits.isEmpty, let d = base.dataset { return [(d.destination as NSString).lastPathComponent] }
        return [base.mainName]
    }
}

/// Entry constructor for the tables: `bad("id", .class, .base, edits..., says: [...])`.
func bad(_ id: String, _ kind: BadInputClass, _ base: CorpusBase, _ edits: CorpusEdit..., says mentions: [String] = [],
         status: Int32 = 1, line: Bool? = nil, at locations: [String]? = nil) -> BadInput {
    BadInput(id: id, kind: kind, base: base, edits: edits, status: status, locations: locations, needsLine: line, mentions: mentions)
}

/// Entry whose edits apply to the base's dataset (CSV).
func badData(_ id: String, _ kind: BadInputClass, _ base: CorpusBase, _ edits: CorpusEdit..., says mentions: [String] = [],
             status: Int32 = 1, line: Bool? = nil, at locations: [String]? = nil) -> BadInput {
    BadInput(id: id, kind: kind, base: base, datasetEdits: edits, status: status, locations: locations, needsLine: line,
             mentions: mentions)
}

extension BadInput {
    /// The same entry with extra files.
    func with(_ extras: (String, CorpusExtra)...) -> BadInput { var e = self; e.extras += extras; return e }
    /// The same entry with another command line (and output directory).
    func args(_ a: String..., output: String = "out") -> BadInput { var e = self; e.arguments = a; e.outputDirectory = output; return e }
    /// The same entry forbidding substrings in standard error.
    func never(_ s: String...) -> BadInput { var e = self; e.forbidden += s; return e }
    /// The same entry forbidding a list of substrings in standard error.
    func never(_ s: [String]) -> BadInput { var e = self; e.forbidden += s; return e }
    /// The same entry with its own wall-time limit.
    func within(_ s: Double) -> BadInput { var e = self; e.seconds = s; return e }
    /// The same entry with the file names one of which the error must name.
    func at(_ names: String...) -> BadInput { var e = self; e.locations = names; return e }
    /// The same entry with paths that must not exist afterwards.
    func probe(_ p: String...) -> BadInput { var e = self; e.probes += p; return e }
}

/// Text of system files that an error must never print.
enum SystemFileText {
    static let passwd = ["root:", "/usr/sbin/nologin", ":x:"]
    static let procStatus = ["Name:", "VmPeak", "Mems_allowed", "Threads:"]
}

/// A stale edit: the bundled file no longer contains the anchor.
struct StaleEdit: Error, CustomStringConvertible {
    var description: String
}

/// Apply edits to a text; returns the final bytes.
func applyEdits(_ edits: [CorpusEdit], to original: String, substitute: (String) -> String) throws -> Data {
    var s = original
    for edit in edits {
        switch edit {
        case .replace(let a, let b):
            guard let r = s.range(of: a) else { throw StaleEdit(description: "anchor not found: \(a)") }
            s.replaceSubrange(r, with: b)
        case .replaceAll(let a, let b):
            guard s.contains(a) else { throw StaleEdit(description: "anchor not found: \(a)") }
            s = s.replacingOccurrences(of: a, with: b)
        case .insertAfter(let a, let text):
            var lines = s.components(separatedBy: "\n")
            guard let i = lines.firstIndex(where: { $0.contains(a) }) else { throw StaleEdit(description: "anchor not found: \(a)") }
            lines.insert(text, at: i + 1)
            s = lines.joined(separator: "\n")
        case .deleteLine(let a):
            var lines = s.components(separatedBy: "\n")
            guard let i = lines.firstIndex(where: { $0.contains(a) }) else { throw StaleEdit(description: "anchor not found: \(a)") }
            lines.remove(at: i)
            s = lines.joined(separator: "\n")
        case .deleteKey(let key):
            var lines = s.components(separatedBy: "\n")
            guard let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) else { throw StaleEdit(description: "key not found: \(key)") }
            var j = i + 1
            while j < lines.count, lines[j].isEmpty || lines[j].hasPrefix(" ") || lines[j].hasPrefix("-") { j += 1 }
            lines.removeSubrange(i..<j)
            s = lines.joined(separator: "\n")
        case .append(let text):
            if !s.hasSuffix("\n") && !s.isEmpty { s += "\n" }
            s += text + "\n"
        case .text(let text):
            s = text
        case .transform(let f):
            s = f(s)
        case .rows(let f):
            var lines = s.components(separatedBy: "\n")
            guard let header = lines.firstIndex(where: { !$0.hasPrefix("#") && !$0.isEmpty }) else {
                throw StaleEdit(description: "no CSV header")
            }
            var out = Array(lines[...header]), k = 0
            for line in lines[(header + 1)...] where !line.isEmpty {
                if let cells = f(k, line.components(separatedBy: ",")) { out.append(cells.joined(separator: ",")) }
                k += 1
            }
            lines = out
            s = lines.joined(separator: "\n") + "\n"
        case .bytes(let f):
            return f(substitute(s))
        }
    }
    return Data(substitute(s).utf8)
}
