import Foundation

/// Corpus entries that are generated at test time (alias bombs, deep nesting, garbage),
/// name odd paths (a directory or a device as the case), are empty or mis-encoded, and
/// the legal inputs that must succeed (unmodified bases, BOM, CRLF, absolute paths).
enum CorpusFiles {
    /// Deterministic pseudo-random bytes (binary garbage).
    static func garbage(_ count: Int, seed: UInt64) -> Data {
        var x = seed &* 6364136223846793005 &+ 1442695040888963407
        var d = Data(capacity: count)
        for _ in 0..<count {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            d.append(UInt8(truncatingIfNeeded: x >> 56))
        }
        return d
    }

    /// Billion laughs: `levels` anchored lists of ten aliases of the one before, as the
    /// value of `key` (10^levels scalars when expanded).
    static func aliasBomb(key: String, levels: Int = 9) -> String {
        var lines = ["\(key):", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...levels {
            lines.append("  - &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    /// One anchored list of `width` items aliased `width` times (width² when expanded).
    static func wideAlias(key: String, width: Int) -> String {
        "\(key):\n  - &w [" + Array(repeating: "x", count: width).joined(separator: ", ") + "]\n  - ["
            + Array(repeating: "*w", count: width).joined(separator: ", ") + "]"
    }

    /// Mapping version of the bomb: each level a mapping of ten aliases.
    static func mappingBomb(key: String, levels: Int = 9) -> String {
        var lines = ["\(key):", "  l0: &l0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol, i: lol, j: lol}"]
        for i in 1...levels {
            let items = "abcdefghij".map { "\($0): *l\(i - 1)" }.joined(separator: ", ")
            lines.append("  l\(i): &l\(i) {\(items)}")
        }
        return lines.joined(separator: "\n")
    }

    static func bomb(_ id: String, _ base: CorpusBase, after anchor: String, _ text: @escaping @Sendable () -> String) -> BadInput {
        bad(id, .aliasBomb, base, .transform { s in
            var lines = s.components(separatedBy: "\n")
            let i = lines.firstIndex { $0.hasPrefix(anchor) } ?? 0
            lines.insert(text(), at: i + 1)
            return lines.joined(separator: "\n")
        }, line: false)
    }

    static func deep(_ id: String, _ base: CorpusBase, after anchor: String, _ text: @escaping @Sendable () -> String) -> BadInput {
        bad(id, .deepNesting, base, .transform { s in
            var lines = s.components(separatedBy: "\n")
            let i = lines.firstIndex { $0.hasPrefix(anchor) } ?? 0
            lines.insert(text(), at: i + 1)
            return lines.joined(separator: "\n")
        }, line: false)
    }

    static func nested(_ open: String, _ inner: String, _ close: String, depth: Int) -> String {
        String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)
    }

    static let bom = Data([0xEF, 0xBB, 0xBF])
    static func crlf(_ s: String) -> Data { Data(s.replacingOccurrences(of: "\n", with: "\r\n").utf8) }
    static let modelFile = "file: extraction/d2ehpa-chloride-mass-action.yaml"

    static let entries: [BadInput] = [
        // alias bombs and deep nesting (generated here, never committed)
        bomb("gen-alias-bomb-cascade", .cascadeBeta, after: "kind:") { aliasBomb(key: "description") },
        bomb("gen-alias-bomb-column", .columnB1, after: "kind:") { aliasBomb(key: "notes") },
        bomb("gen-alias-bomb-fit", .fitUKy, after: "title:") { aliasBomb(key: "description") },
        bomb("gen-alias-bomb-mapping", .cascadeBeta, after: "kind:") { mappingBomb(key: "description") },
        bomb("gen-alias-wide", .cascadeMassAction, after: "kind:") { wideAlias(key: "description", width: 100_000) },
        bomb("gen-alias-in-used-key", .cascadeBeta, after: "models:") {
            "  a: &sf {Pr: 0.010, Nd: 0.013, Tb: 1.0, Dy: 2.0}\n" + aliasBomb(key: "  b").replacingOccurrences(of: "\n  - ", with: "\n    - ")
        },
        deep("gen-deep-flow-seq-cascade", .cascadeBeta, after: "kind:") { "description: " + nested("[", "x", "]", depth: 10_000) },
        deep("gen-deep-flow-map-column", .columnB1, after: "kind:") { "notes: " + nested("{a: ", "1", "}", depth: 10_000) },
        deep("gen-deep-block-seq-fit", .fitUKy, after: "title:") { "description:\n  " + String(repeating: "- ", count: 10_000) + "x" },
        deep("gen-deep-flow-seq-100000", .cascadeMassAction, after: "kind:") { "description: " + nested("[", "x", "]", depth: 100_000) },
        deep("gen-deep-in-composition", .cascadeBeta, after: "  - name: feed") { "    notes: " + nested("{a: ", "1", "}", depth: 10_000) },
        // the case argument is not a case file
        bad("path-run-dot", .casePath, .none, line: false, at: ["."]).args("run", "."),
        bad("path-run-directory-named-yaml", .casePath, .none, line: false, at: ["case.yaml"]).args("run", "case.yaml")
            .with(("case.yaml", .directory)),
        bad("path-run-dev-zero", .casePath, .none, line: false, at: ["/dev/zero"]).args("run", "/dev/zero"),
        bad("path-run-dev-urandom", .casePath, .none, line: false, at: ["/dev/urandom"]).args("run", "/dev/urandom"),
        bad("path-run-proc-status", .casePath, .none, line: false, at: ["/proc/self/status"]).args("run", "/proc/self/status")
            .never(SystemFileText.procStatus),
        bad("path-run-etc-passwd", .casePath, .none, line: false, at: ["/etc/passwd"]).args("run", "/etc/passwd").never(SystemFileText.passwd),
        bad("path-run-nonexistent", .casePath, .none, line: false, at: ["missing.yaml"]).args("run", "missing.yaml"),
        bad("path-run-binary", .casePath, .none, line: false, at: ["garbage.bin"]).args("run", "garbage.bin")
            .with(("garbage.bin", .bytes(garbage(65_536, seed: 1)))),
        bad("path-fit-dot", .casePath, .none, line: false, at: ["."]).args("fit", "."),
        bad("path-fit-dev-zero", .casePath, .none, line: false, at: ["/dev/zero"]).args("fit", "/dev/zero"),
        bad("path-fit-etc-passwd", .casePath, .none, line: false, at: ["/etc/passwd"]).args("fit", "/etc/passwd").never(SystemFileText.passwd),
        bad("path-fit-nonexistent", .casePath, .none, line: false, at: ["missing.yaml"]).args("fit", "missing.yaml"),
        bad("path-fit-a-cascade-case", .casePath, .cascadeBeta, line: nil).args("fit", "case.yaml"),
        bad("path-run-a-fit-spec", .casePath, .fitUKy, line: nil).args("run", "spec.yaml"),
        // empty and degenerate documents
        bad("empty-case", .emptyFile, .none, .text(""), line: false),
        bad("empty-case-whitespace", .emptyFile, .none, .text("\n\n   \n"), line: false),
        bad("empty-case-comment-only", .emptyFile, .none, .text("# nothing here\n"), line: false),
        bad("empty-case-null-document", .emptyFile, .none, .text("~\n"), line: false),
        bad("empty-case-scalar-document", .emptyFile, .none, .text("hello\n"), line: false),
        bad("empty-case-list-document", .emptyFile, .none, .text("- a\n- b\n"), line: false),
        bad("empty-case-kind-only", .missingKey, .none, .text("kind: cascade\n"), says: ["components"]),
        bad("empty-column-kind-only", .missingKey, .none, .text("kind: column\n")),
        bad("empty-fit-spec", .emptyFile, .fitUKy, .text(""), line: false),
        badData("empty-dataset", .emptyFile, .fitUKy, .text(""), line: false, at: ["spec.yaml", "dy-logD-synthetic.csv"]),
        badData("empty-dataset-comments-only", .emptyFile, .fitUKy, .text("# nothing measured\n"), line: false,
                at: ["spec.yaml", "dy-logD-synthetic.csv"]),
        // encodings
        bad("enc-latin1-case", .encoding, .cascadeBeta, .replace("name: Tb/Dy", "name: Tb/Dy caf\u{E9}"),
            .bytes { $0.data(using: .isoLatin1)! }, line: false),
        bad("enc-utf16-case", .encoding, .cascadeBeta, .bytes { $0.data(using: .utf16)! }, line: false),
        bad("enc-garbage-case", .encoding, .cascadeBeta, .bytes { _ in garbage(65_536, seed: 2) }, line: false),
        bad("enc-garbage-spec", .encoding, .fitUKy, .bytes { _ in garbage(65_536, seed: 4) }, line: false),
        badData("enc-garbage-dataset", .encoding, .fitUKy, .bytes { _ in garbage(65_536, seed: 5) }, line: false,
                at: ["spec.yaml", "dy-logD-synthetic.csv"]),
        badData("enc-invalid-utf8-dataset-header", .encoding, .fitUKy,
                .bytes { s in Data(s.replacingOccurrences(of: "dose [vol%]", with: "dose [vol\u{1}]").utf8.map { $0 == 1 ? 0xFF : $0 }) },
                line: false, at: ["spec.yaml", "dy-logD-synthetic.csv"]),
        // legal: must succeed
        legal("legal-base-cascade-beta", .cascadeBeta),
        legal("legal-base-cascade-mass-action", .cascadeMassAction),
        legal("legal-base-column-b1", .columnB1),
        legal("legal-base-fit-uky", .fitUKy),
        legal("legal-base-fit-emulsion-flow", .fitEmulsionFlow).within(60),   // the whole fit: ~4 s alone in a debug build
        legal("legal-base-fit-langmuir", .fitLangmuir),
        legal("legal-base-fit-batch", .fitBatch),
        legal("legal-bom-case", .cascadeBeta, .bytes { bom + Data($0.utf8) }),
        legal("legal-crlf-case", .cascadeBeta, .bytes { crlf($0) }),
        legal("legal-bom-crlf-case", .cascadeMassAction, .bytes { bom + crlf($0) }),
        legal("legal-bom-crlf-column", .columnB1, .bytes { bom + crlf($0) }),
        legal("legal-bom-spec", .fitUKy, .bytes { bom + Data($0.utf8) }),
        legal("legal-crlf-spec", .fitUKy, .bytes { crlf($0) }),
        legalData("legal-bom-dataset", .fitUKy, .bytes { bom + Data($0.utf8) }),
        legalData("legal-crlf-dataset", .fitUKy, .bytes { crlf($0) }),
        legalData("legal-bom-crlf-dataset", .fitLangmuir, .bytes { bom + crlf($0) }),
        legal("legal-absolute-model-path", .cascadeMassAction,
              .replace(modelFile, "file: " + TestPaths.models + "/extraction/d2ehpa-chloride-mass-action.yaml")),
        legal("legal-absolute-dataset-path", .fitUKy, .replace(FitCorpus.dataset, "dataset: {{WORK}}/data/dy-logD-synthetic.csv")),
        legal("legal-output-names-inside", .fitUKy, .append("output: {json: result.json, plot: result.svg}")),
    ]

    static func legal(_ id: String, _ base: CorpusBase, _ edits: CorpusEdit...) -> BadInput {
        BadInput(id: id, kind: .legal, base: base, edits: edits, status: 0)
    }

    static func legalData(_ id: String, _ base: CorpusBase, _ edits: CorpusEdit...) -> BadInput {
        BadInput(id: id, kind: .legal, base: base, datasetEdits: edits, status: 0)
    }
}
