// # The bad-input corpus (issue 10)
//
// Several hundred malformed inputs (cascade cases, column cases, fit specs, datasets) are run
// through the built `raresep`, each in a fresh temporary directory, two at a time,
// under a wall-time limit (killed after it) and `ulimit -v 4000000`. For every
// entry the test asserts:
// - the exit status the entry states: 1 (bad input), 3 (numerical trouble: a fit that
//   cannot identify its parameters; 1 is accepted there too), 0 for the `legal` class;
// - no signal and no timeout (10 s; an entry may set its own `seconds`);
// - standard error is warnings followed by exactly one `error: ...` line that names the
//   file (and, for a YAML or CSV file, `file:line`) and every string in the entry's
//   `mentions` (the offending key or value), and never a system file's contents;
// - nothing was written or changed outside the output directory: the entry's tree
//   (inputs two levels below it, so `../../x.json` lands inside it) is snapshotted before
//   and after, the parent directory is checked for new names carrying the entry id, and
//   probe paths under the system temporary directory must not appear.
// One test failure lists every failing entry with id, class, status, time and stderr.
// Every entry must behave: there is no list of tolerated failures.
//
// ## Adding an entry
// Add a line to the table of its kind: `BadInputCorpusCascade.swift`, `...Column.swift`,
// `...Fit.swift` (specs and datasets), `...Flowsheet.swift` or `...Files.swift` (generated inputs, odd paths, empty
// and mis-encoded files, and the legal inputs that must succeed). An entry names a base
// (a bundled case or spec, `CorpusBase`) and text edits on it, so it stays in step with
// the bundled file; an edit whose anchor disappears fails the entry as stale.
//
//     bad("cas-ovf-flow-1e308", .overflow, .cascadeBeta, .replace("    flow: 5 L/h", "    flow: 1e308 L/h"), says: ["1e308"])
//     badData("csv-nan-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,NaN,0.05"), says: ["NaN"])
//
// Edits: `.replace`, `.replaceAll`, `.insertAfter`, `.deleteLine`, `.deleteKey` (a top-level
// key and its block), `.append`, `.text` (whole file), `.transform` and `.rows` (computed at
// test time: large inputs are generated, never committed), `.bytes` (encodings, BOM, CRLF,
// garbage). Options: `line:` (require a line number; default yes for .yaml/.csv), `at:` (the
// file names one of which the error must name), `status:`, and `.with(...)` (extra files or
// directories), `.args(...)` (another command line), `.never(...)` (text stderr must not
// contain), `.probe(...)` (paths that must not exist afterwards). Text may use `{{WORK}}`,
// `{{NEST}}`, `{{ROOT}}`, `{{TMP}}` and `{{ID}}`.
//
// Run only some entries: `BADINPUT_ONLY=cas-ovf,legal swift test --skip-build
// --disable-swift-testing --filter BadInputCorpus` (comma-separated id prefixes or class
// names). `BADINPUT_REPORT=path` also writes every outcome as tab-separated lines.
// The runs set RARESEP_MAX_MEMORY=2G so that the program's own memory check fires well
// inside the `ulimit -v` of the harness.

import Foundation
import XCTest

/// Runs the bad-input corpus through the built executable (see the comment above).
final class BadInputCorpusTests: XCTestCase {
    /// Every entry, in table order.
    static var corpus: [BadInput] {
        CascadeCorpus.entries + ColumnCorpus.entries + ColumnCorpus.bindingEntries + FitCorpus.entries + FlowsheetCorpus.entries + DesignCorpus.entries + DynamicCorpus.entries + SweepCorpus.entries + CorpusFiles.entries
    }

    func testCorpusIsLargeAndIdsAreUnique() {
        let all = Self.corpus
        XCTAssertGreaterThanOrEqual(all.filter { $0.kind != .legal }.count, 170)
        let ids = all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
        for c in BadInputClass.allCases {
            XCTAssertTrue(all.contains { $0.kind == c }, "no entry of class \(c)")
        }
    }

    func testEveryBadInputFailsCleanly() throws {
        var entries = Self.corpus
        if let only = ProcessInfo.processInfo.environment["BADINPUT_ONLY"], !only.isEmpty {
            let keys = only.split(separator: ",").map(String.init)
            entries = entries.filter { e in keys.contains { e.id.hasPrefix($0) || e.kind.rawValue == $0 } }
        }
        let runner = BadInputRunner()
        defer { runner.cleanUp() }
        let start = Date()
        let outcomes = runner.runAll(entries)
        let elapsed = Date().timeIntervalSince(start)
        let failed = outcomes.filter { !$0.problems.isEmpty }
        XCTAssertEqual(runner.strays(entries), [], "files written into the corpus root by some entry")

        if let path = ProcessInfo.processInfo.environment["BADINPUT_REPORT"] {
            let lines = outcomes.map { o in
                [o.entry.id, o.entry.kind.rawValue, o.problems.isEmpty ? "pass" : "FAIL", o.signal.map { "signal \($0)" } ?? "\(o.status)",
                 String(format: "%.2f", o.seconds), o.problems.joined(separator: "; "), Self.shown(o)].joined(separator: "\t")
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let slowest = outcomes.sorted { $0.seconds > $1.seconds }.prefix(5).map { "\($0.entry.id) \(String(format: "%.1f", $0.seconds)) s" }
        print("bad-input corpus: \(outcomes.count) entries, \(failed.count) failing, \(String(format: "%.1f", elapsed)) s; slowest: \(slowest.joined(separator: ", "))")
        guard !failed.isEmpty else { return }
        let report = failed.map { o in
            let status = o.timedOut ? "timeout" : o.signal.map { "signal \($0)" } ?? "exit \(o.status)"
            return "- \(o.entry.id) [\(o.entry.kind.rawValue)] \(status), \(String(format: "%.1f", o.seconds)) s: \(o.problems.joined(separator: "; "))\n    stderr: \(Self.shown(o))"
        }
        XCTFail("\(failed.count) of \(outcomes.count) corpus entries misbehave:\n" + report.joined(separator: "\n"))
    }

    /// Standard error for the report, withheld when it holds forbidden text (a system file's contents).
    static func shown(_ o: BadInputRunner.Outcome) -> String {
        o.entry.forbidden.contains { o.stderr.contains($0) } ? "(withheld: it contains text it must not)" : oneLine(o.stderr)
    }

    /// Standard error folded to one line, shortened.
    static func oneLine(_ s: String) -> String {
        let t = s.replacingOccurrences(of: "\n", with: " ⏎ ")
        return t.count > 400 ? String(t.prefix(400)) + "…" : t
    }
}
