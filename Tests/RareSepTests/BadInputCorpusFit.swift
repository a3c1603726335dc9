import Foundation

/// Corpus entries on fit specs and their datasets (cases/fit-dy-logD.yaml = .fitUKy,
/// Validation/fitting/langmuir-isotherm = .fitLangmuir, batch-cation-exchange = .fitBatch).
enum FitCorpus {
    static let m0 = "m0: {start: 1.0, unit: \"log10 D per pH unit\"}"
    static let options = "options: {method: lmaccel, confidence: 0.95}"
    static let dataset = "dataset: data/dy-logD-synthetic.csv"
    static let function = "model:\n  function: uky-log-d-correlation\n  inputs: {pH: pH, dose: dose}"
    static let header = "pH [-],dose [vol%],log10D_Dy [-],u(log10D_Dy) [-]"
    static let csv = "dy-logD-synthetic.csv"
    static let modelFile = "file: Models/extraction/d2ehpa-chloride-mass-action.yaml"

    static func uky(_ id: String, _ kind: BadInputClass, _ a: String, _ b: String, says: [String] = []) -> BadInput {
        bad(id, kind, .fitUKy, .replace(a, b), says: says)
    }

    /// An output name from the spec (appended `output:` block).
    static func escape(_ id: String, _ output: String) -> BadInput {
        bad(id, .outputEscape, .fitUKy, .append("output: {\(output)}"), says: ["output"])
    }

    /// The dataset's rows repeated to 10^6, the last one with a NaN: it must be read
    /// (in seconds, issue 10) before the bad cell is found.
    @Sendable static func million(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let h = lines.firstIndex(where: { !$0.hasPrefix("#") && !$0.isEmpty }) else { return text }
        let rows = lines[(h + 1)...].filter { !$0.isEmpty }
        let block = rows.joined(separator: "\n") + "\n"
        let copies = 1_000_000 / rows.count
        return lines[...h].joined(separator: "\n") + "\n" + String(repeating: block, count: copies - 1)
            + rows.dropLast().joined(separator: "\n") + "\n0.50,5,NaN,0.05\n"
    }

    static let entries: [BadInput] = [
        uky("fit-syntax-mapping-in-scalar", .syntax, "target: log10D_Dy", "target: log10D_Dy: ["),
        uky("fit-syntax-unclosed-brace", .syntax, m0, "m0: {start: 1.0, unit: \"log10 D per pH unit\""),
        uky("fit-type-start-word", .wrongType, m0, "m0: {start: one, unit: \"log10 D per pH unit\"}", says: ["one"]),
        uky("fit-type-target-mapping", .wrongType, "target: log10D_Dy", "target: {column: log10D_Dy}", says: ["target"]),
        uky("fit-type-method-number", .wrongType, options, "options: {method: 7, confidence: 0.95}", says: ["7"]),
        uky("fit-type-confidence-word", .wrongType, options, "options: {method: lmaccel, confidence: high}", says: ["high"]),
        uky("fit-type-dataset-list", .wrongType, dataset, "dataset: [data/dy-logD-synthetic.csv]", says: ["dataset"]),
        uky("fit-type-parameter-scalar", .wrongType, m0, "m0: [1.0]", says: ["m0"]),
        bad("fit-missing-dataset", .missingKey, .fitUKy, .deleteKey("dataset"), says: ["dataset"]),
        bad("fit-missing-target", .missingKey, .fitUKy, .deleteKey("target"), says: ["target"]),
        bad("fit-missing-model", .missingKey, .fitUKy, .deleteKey("model"), says: ["model"]),
        bad("fit-missing-parameters", .missingKey, .fitUKy, .deleteKey("parameters"), says: ["parameters"]),
        bad("fit-unknown-top-key", .unknownKey, .fitUKy, .insertAfter("target: log10D_Dy", "datset: x.csv"), says: ["datset"]),
        uky("fit-unknown-option", .unknownKey, options, "options: {method: lmaccel, confidence: 0.95, tolerance: 1e-9}", says: ["tolerance"]),
        bad("fit-unknown-parameter", .unknownKey, .fitUKy, .insertAfter(m0, "  m9: {start: 1.0}"), says: ["m9"]),
        uky("fit-unknown-function", .unknownKey, "function: uky-log-d-correlation", "function: uky-log-d-corelation", says: ["uky-log-d-corelation"]),
        uky("fit-unknown-method", .unknownKey, options, "options: {method: newton, confidence: 0.95}", says: ["newton"]),
        uky("fit-unknown-transform", .unknownKey, m0, "m0: {start: 1.0, transform: sqrt}", says: ["sqrt"]),
        uky("fit-unknown-input-column", .unknownKey, "inputs: {pH: pH, dose: dose}", "inputs: {pH: pH, dose: dosage}", says: ["dosage"]).at("spec.yaml", csv),
        bad("fit-unknown-target-column", .unknownKey, .fitUKy, .replace("target: log10D_Dy", "target: log10D_Tb"), says: ["log10D_Tb"], at: ["spec.yaml", csv]),
        bad("fit-unknown-batch-component", .unknownKey, .fitBatch, .replace("components: [Tb, Dy]", "components: [Tb, Qq]"), says: ["Qq"]),
        bad("fit-dup-target", .duplicateKey, .fitUKy, .append("target: pH"), says: ["target"]),
        bad("fit-dup-parameter", .duplicateKey, .fitUKy, .insertAfter(m0, "  m0: {start: 2.0}"), says: ["m0"]),
        uky("fit-dup-option", .duplicateKey, options, "options: {method: lmaccel, confidence: 0.95, method: lm}", says: ["method"]),
        uky("fit-huge-starts", .hugeCount, options, "options: {method: lmaccel, starts: 1000000000000, confidence: 0.95}", says: ["1000000000000"]),
        uky("fit-huge-iterations", .hugeCount, options, "options: {method: lmaccel, max_iterations: 9223372036854775807, confidence: 0.95}",
            says: ["9223372036854775807"]),
        uky("fit-ovf-start-inf", .overflow, m0, "m0: {start: .inf}", says: [".inf"]),
        uky("fit-ovf-start-nan", .overflow, m0, "m0: {start: .nan}", says: [".nan"]),
        uky("fit-ovf-start-1e308", .overflow, m0, "m0: {start: 1e308}", says: ["1e308"]),
        bad("fit-ovf-uncertainty-inf", .overflow, .fitUKy, .insertAfter("target: log10D_Dy", "uncertainty: .inf"), says: [".inf"]),
        uky("fit-bad-confidence-above-one", .meaningless, options, "options: {method: lmaccel, confidence: 1.5}", says: ["1.5"]),
        uky("fit-bad-confidence-zero", .meaningless, options, "options: {method: lmaccel, confidence: 0}", says: ["confidence"]),
        uky("fit-bad-lower-above-upper", .meaningless, m0, "m0: {start: 1.0, lower: 5, upper: 1}", says: ["m0"]),
        uky("fit-bad-start-outside-bounds", .meaningless, m0, "m0: {start: 10, lower: 0, upper: 1}", says: ["10"]),
        uky("fit-bad-log-start-negative", .meaningless, m0, "m0: {start: -1.0, transform: log}", says: ["-1.0"]),
        bad("fit-bad-uncertainty-zero", .meaningless, .fitUKy, .insertAfter("target: log10D_Dy", "uncertainty: 0"), says: ["uncertainty"]),
        bad("fit-bad-uncertainty-negative", .meaningless, .fitUKy, .insertAfter("target: log10D_Dy", "uncertainty: -0.05"), says: ["-0.05"]),
        uky("fit-bad-iterations-zero", .meaningless, options, "options: {method: lmaccel, max_iterations: 0}", says: ["max_iterations"]),
        uky("fit-bad-fd-step-zero", .meaningless, options, "options: {method: lmaccel, finite_difference_step: 0}", says: ["finite_difference_step"]),
        uky("fit-bad-starts-zero", .meaningless, options, "options: {method: lmaccel, starts: 0}", says: ["starts"]),
        bad("fit-bad-phase-ratio-zero", .meaningless, .fitBatch, .replace("components: [Tb, Dy]", "components: [Tb, Dy]\n  phase_ratio: 0"), says: ["phase_ratio"]),
        bad("fit-dupname-target-list", .duplicateName, .fitUKy, .replace("target: log10D_Dy", "target: [log10D_Dy, log10D_Dy]"), says: ["log10D_Dy"]),
        bad("fit-dupname-batch-component", .duplicateName, .fitBatch, .replace("components: [Tb, Dy]", "components: [Tb, Dy, Dy]"), says: ["components", "Dy"]),
        // outputs escaping the output directory (and never over an input)
        escape("fit-escape-json-dotdot", "json: ../../x.json"),
        escape("fit-escape-json-deep", "json: ../../../../../../../../../../../../../../../../..{{TMP}}/raresep-corpus-escape-{{ID}}.json")
            .probe("{{TMP}}/raresep-corpus-escape-{{ID}}.json"),
        escape("fit-escape-plot-absolute", "plot: {{NEST}}/escape.svg"),
        escape("fit-escape-absolute-tmp", "json: {{TMP}}/raresep-corpus-escape-{{ID}}.json").probe("{{TMP}}/raresep-corpus-escape-{{ID}}.json"),
        escape("fit-escape-model-over-spec", "model: ../spec.yaml"),
        escape("fit-escape-csv-over-dataset", "residuals_csv: ../data/dy-logD-synthetic.csv"),
        escape("fit-escape-middle-dotdot", "json: sub/../../x.json"),
        escape("fit-escape-name-dotdot", "json: .."),
        escape("fit-escape-name-empty", "json: \"\""),
        escape("fit-escape-model-is-spec-in-output-dot", "model: spec.yaml").args("fit", "spec.yaml", "--output", ".", output: "."),
        bad("fit-escape-output-dir-is-spec", .outputEscape, .fitUKy, line: false).args("fit", "spec.yaml", "--output", "spec.yaml"),
        bad("cas-escape-output-dir-is-case", .outputEscape, .cascadeBeta, line: false).args("run", "case.yaml", "--output", "case.yaml"),
        // files the spec names for reading
        uky("fit-read-dataset-proc-status", .readPath, dataset, "dataset: /proc/self/status", says: ["dataset"]).never(SystemFileText.procStatus),
        uky("fit-read-dataset-etc-passwd", .readPath, dataset, "dataset: /etc/passwd", says: ["dataset"]).never(SystemFileText.passwd),
        uky("fit-read-dataset-dev-zero", .readPath, dataset, "dataset: /dev/zero", says: ["dataset"]),
        uky("fit-read-dataset-dev-urandom", .readPath, dataset, "dataset: /dev/urandom", says: ["dataset"]),
        uky("fit-read-dataset-directory", .readPath, dataset, "dataset: data", says: ["dataset"]),
        uky("fit-read-dataset-nonexistent", .readPath, dataset, "dataset: data/nope.csv", says: ["nope.csv"]),
        uky("fit-read-dataset-binary", .readPath, dataset, "dataset: garbage.bin", says: ["dataset"])
            .with(("garbage.bin", .bytes(CorpusFiles.garbage(8192, seed: 3)))),
        uky("fit-read-dataset-is-spec", .readPath, dataset, "dataset: spec.yaml", says: ["dataset"]),
        uky("fit-read-model-case-dev-zero", .readPath, function, "model:\n  case: /dev/zero", says: ["case"]),
        uky("fit-read-model-case-directory", .readPath, function, "model:\n  case: .", says: ["case"]),
        uky("fit-read-model-column-passwd", .readPath, function, "model:\n  column: /etc/passwd", says: ["column"]).never(SystemFileText.passwd),
        bad("fit-read-model-file-passwd", .readPath, .fitBatch, .replace(modelFile, "file: /etc/passwd"), says: ["file"]).never(SystemFileText.passwd),
        bad("fit-read-model-file-directory", .readPath, .fitBatch, .replace(modelFile, "file: ."), says: ["file"]),
        bad("fit-read-model-file-proc", .readPath, .fitBatch, .replace(modelFile, "file: /proc/self/status"), says: ["file"]).never(SystemFileText.procStatus),
        // datasets (CSV)
        badData("csv-ragged-row", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,-0.8974")),
        badData("csv-extra-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,-0.8974,0.05,9")),
        badData("csv-empty-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,,-0.8974,0.05")),
        badData("csv-text-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,five,-0.8974,0.05"), says: ["five"]),
        badData("csv-nan-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,NaN,0.05"), says: ["NaN"]),
        badData("csv-inf-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,inf,0.05"), says: ["inf"]),
        badData("csv-1e308-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,1e308,0.05"), says: ["1e308"]),
        badData("csv-1e400-cell", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,1e400,0.05"), says: ["1e400"]),
        badData("csv-uncertainty-zero", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,-0.8974,0"), says: ["u(log10D_Dy)"]),
        badData("csv-uncertainty-negative", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,5,-0.8974,-0.05"), says: ["-0.05"]),
        badData("csv-dose-negative", .dataset, .fitUKy, .replace("0.75,5,-0.8974,0.05", "0.75,-5,-0.8974,0.05"), says: ["-5"]),
        badData("csv-no-header", .dataset, .fitUKy, .deleteLine(header), line: false, at: ["spec.yaml", csv]),
        badData("csv-header-only", .dataset, .fitUKy, .rows { _, _ in nil }, line: false, at: ["spec.yaml", csv]),
        badData("csv-fewer-rows-than-parameters", .dataset, .fitUKy, .rows { i, r in i < 3 ? r : nil }, line: false, at: ["spec.yaml", csv]),
        badData("csv-target-column-missing", .dataset, .fitUKy, .replace("log10D_Dy [-],u(log10D_Dy) [-]", "log10D_Tb [-],u(log10D_Tb) [-]"),
                says: ["log10D_Dy"], at: ["spec.yaml", csv]),
        badData("csv-input-column-missing", .dataset, .fitUKy, .replace("dose [vol%]", "dosage [vol%]"), says: ["dose"], at: ["spec.yaml", csv]),
        badData("csv-duplicate-column", .dataset, .fitUKy, .replace("dose [vol%]", "pH [-]"), says: ["pH"], at: ["spec.yaml", csv]),
        badData("csv-unclosed-unit", .dataset, .fitUKy, .replace("dose [vol%]", "dose [vol%"), says: ["dose"]),
        badData("csv-semicolons", .dataset, .fitUKy, .transform { $0.replacingOccurrences(of: ",", with: ";") }, at: ["spec.yaml", csv]),
        badData("csv-unit-pH-with-unit", .unit, .fitUKy, .replace("pH [-]", "pH [mol/L]"), says: ["pH"]),
        badData("csv-unit-dose-vol-percent-percent", .unit, .fitUKy, .replace("dose [vol%]", "dose [vol%%]"), says: ["vol%%"]),
        badData("csv-unit-dose-mol", .unit, .fitUKy, .replace("dose [vol%]", "dose [mol/L]"), says: ["mol/L"]),
        badData("csv-unit-dose-unknown", .unit, .fitUKy, .replace("dose [vol%]", "dose [parsecs]"), says: ["parsecs"]),
        badData("csv-unit-logD-in-g-per-L", .unit, .fitUKy, .replace("log10D_Dy [-],u(log10D_Dy) [-]", "log10D_Dy [g/L],u(log10D_Dy) [g/L]"), says: ["g/L"]),
        badData("csv-unit-uncertainty-mismatch", .unit, .fitUKy, .replace("u(log10D_Dy) [-]", "u(log10D_Dy) [g/L]"), says: ["g/L"]),
        badData("csv-unit-q-is-time", .unit, .fitLangmuir, .replace("q [mmol/g],u(q) [mmol/g]", "q [s],u(q) [s]"), says: ["q"]),
        badData("csv-unit-c-is-length", .unit, .fitLangmuir, .replace("c [mmol/L]", "c [m]"), says: ["c"]),
        badData("csv-unit-batch-c0-is-time", .unit, .fitBatch, .replace("c0_Tb [g/L]", "c0_Tb [h]"), says: ["c0_Tb"]),
        badData("csv-batch-y0-negative", .meaningless, .fitBatch, .replace("0.30,0.05,1,1,1,", "0.30,-0.05,1,1,1,"), says: ["-0.05"]),
        badData("csv-batch-phase-ratio-zero", .meaningless, .fitBatch, .replace("0.30,0.05,1,1,1,", "0.30,0.05,1,1,0,"), says: ["O/A"]),
        badData("csv-langmuir-negative-c", .meaningless, .fitLangmuir, .replace("0.2,0.057865,0.001766", "-0.2,0.057865,0.001766"), says: ["-0.2"]),
        badData("csv-1e6-rows-nan-in-last", .dataset, .fitUKy, .transform(million), says: ["NaN"]).within(45),   // a debug build parses 10⁶ rows in ~5 s alone, 14–20 s on a loaded 2-core machine
        // fits that cannot identify their parameters: a clear report, exit 3
        badData("fit-ident-all-rows-identical", .nonIdentifiable, .fitUKy, .rows { _, _ in ["1.00", "10", "-0.1287", "0.05"] },
                says: ["identif"], status: 3, at: ["spec.yaml"]),
        badData("fit-ident-one-dose", .nonIdentifiable, .fitUKy, .rows { _, r in [r[0], "5", r[2], r[3]] },
                says: ["identif"], status: 3, at: ["spec.yaml"]),
        badData("fit-ident-three-distinct-points", .nonIdentifiable, .fitUKy, .rows { i, _ in
            [["0.50", "5", "-1.4537", "0.05"], ["1.00", "10", "-0.1287", "0.05"], ["1.50", "15", "1.3", "0.05"]][i % 3]
        }, says: ["identif"], status: 3, at: ["spec.yaml"]),
        badData("fit-ident-zero-variance-target", .nonIdentifiable, .fitUKy, .rows { _, r in [r[0], r[1], "0.5", r[3]] },
                says: ["identif"], status: 3, at: ["spec.yaml"]),
        badData("fit-ident-langmuir-one-concentration", .nonIdentifiable, .fitLangmuir, .rows { _, r in ["1", r[1], r[2]] },
                says: ["identif"], status: 3, at: ["spec.yaml"]),
        // an emulsion-flow contactor fitted to pilot runs (cases/fit-emulsion-flow.yaml)
        badData("fit-ef-dataset-missing-target-column", .dataset, .fitEmulsionFlow, .replace("y_out_Dy [mol/L],u(y_out_Dy) [mol/L]", "y_Dy [mol/L],u(y_Dy) [mol/L]"),
                says: ["y_out_Dy"], at: ["spec.yaml", "emulsion-flow-pilot-synthetic.csv"]),
        badData("fit-ef-dataset-missing-flow-column", .dataset, .fitEmulsionFlow, .replace("organic_flow [L/h]", "solvent_flow [L/h]"),
                says: ["organic_flow"]),
        badData("fit-ef-dispersed-flow-zero", .meaningless, .fitEmulsionFlow, .rows { i, r in i == 2 ? [r[0], "0"] + r[2...] : r },
                says: ["organic_flow", "dispersed"]),
        badData("fit-ef-flow-unit-concentration", .unit, .fitEmulsionFlow, .replace("aqueous_flow [L/h]", "aqueous_flow [mol/L]"), says: ["aqueous_flow"]),
        badData("fit-ef-inlet-column-unknown-species", .unknownKey, .fitEmulsionFlow, .replace("aqueous_flow [L/h],", "x_in_Qq [mol/L],aqueous_flow [L/h],"),
                .rows { _, r in ["0.005"] + r }, says: ["x_in_Qq"]),
        bad("fit-ef-parameter-not-in-model", .unknownKey, .fitEmulsionFlow,
            .replace("entrainment.organic_in_aqueous.exponent: {start: 1.0}", "entrainment.aqueous_in_organic.exponent: {start: 1.0}"),
            says: ["entrainment.aqueous_in_organic.exponent"]),
        bad("fit-ef-parameter-not-a-number", .unknownKey, .fitEmulsionFlow,
            .replace("entrainment.organic_in_aqueous.exponent: {start: 1.0}", "model: {start: 1.0}"), says: ["model"]),
        bad("fit-ef-unknown-target", .unknownKey, .fitEmulsionFlow, .replace("entrained_organic]", "entrained_solvent]"), says: ["entrained_solvent"]),
        bad("fit-ef-unknown-model-key", .unknownKey, .fitEmulsionFlow, .replace("  components: [Tb, Dy]", "  components: [Tb, Dy]\n  feed: {}"), says: ["feed"]),
        bad("fit-ef-transfer-factor-zero", .meaningless, .fitEmulsionFlow, .replace("    cells: 20", "    cells: 20\n    transfer_factor: 0"), says: ["transfer_factor"]),
        bad("fit-ef-characteristic-velocity-without-swarm", .meaningless, .fitEmulsionFlow, .replace("    cells: 20", "    cells: 20\n    characteristic_velocity: 2 mm/s"),
            says: ["characteristic_velocity"]),
        // K·a and a multiplier on it: only their product acts (rank-deficient Jacobian, both named)
        bad("fit-ident-ef-ka-and-factor", .nonIdentifiable, .fitEmulsionFlow, .replace("    cells: 20", "    cells: 20\n    transfer_factor: 1"),
            .insertAfter("transfer_coefficient: {start:", "  transfer_factor: {start: 1.5, transform: log}"),
            .replace("options: {method: lm,", "options: {method: lm, max_iterations: 3,"),
            says: ["identif", "transfer_coefficient", "transfer_factor"], status: 3, at: ["spec.yaml"]).within(90),
        badData("fit-ident-langmuir-identical-rows", .nonIdentifiable, .fitLangmuir, .rows { _, _ in ["1", "0.235215", "0.007"] },
                says: ["identif"], status: 3, at: ["spec.yaml"]),
    ]
}
