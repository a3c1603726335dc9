import Foundation

/// Corpus entries on cascade cases (cases/tb-dy-constant-beta.yaml = .cascadeBeta,
/// cases/default.yaml = .cascadeMassAction).
enum CascadeCorpus {
    static let feedComposition = "composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 2.4 g/L}"
    static let extraction = "{name: extraction, stages: 20, model: loaded-organic}"
    static let scrub = "{name: scrub, stages: 25, model: loaded-organic}"
    static let loop = "loop: {flow: 32 L/h}"
    static let feedFlow = "    flow: 5 L/h"
    static let refD = "reference_D: 0.5 "
    static let organicMA = "composition: {D2EHPA: 0.3 mol/L}"

    static func ext(_ s: String) -> CorpusEdit { .replace(extraction, s) }
    static func feed(_ s: String) -> CorpusEdit { .replace(feedComposition, s) }

    static let entries: [BadInput] = [
        // YAML syntax
        bad("cas-syntax-unclosed-flow-seq", .syntax, .cascadeBeta, .replace("components: [Pr, Nd, Tb, Dy]", "components: [Pr, Nd, Tb, Dy")),
        bad("cas-syntax-tab-indent", .syntax, .cascadeBeta, .replace(feedFlow, "\tflow: 5 L/h")),
        bad("cas-syntax-bad-indent", .syntax, .cascadeBeta, .replace("    phase: aqueous", "      phase: aqueous")),
        bad("cas-syntax-unclosed-quote", .syntax, .cascadeBeta, .replace("name: Tb/Dy fractional", "name: \"Tb/Dy fractional")),
        bad("cas-syntax-unclosed-brace", .syntax, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic")),
        bad("cas-syntax-stray-item", .syntax, .cascadeBeta, .insertAfter("kind: cascade", "- stray item")),
        bad("cas-syntax-two-documents", .syntax, .cascadeBeta, .append("---\nkind: column")),
        bad("cas-syntax-undefined-alias", .syntax, .cascadeBeta, .replace(feedFlow, "    flow: *undefined")),
        bad("cas-syntax-mapping-in-scalar", .syntax, .cascadeBeta, .replace("name: Tb/Dy fractional extraction", "name: Tb/Dy: fractional extraction")),
        bad("cas-syntax-nul-byte", .syntax, .cascadeBeta, .replace("name: Tb/Dy", "name: Tb\u{0}/Dy"), line: false),
        // wrong types
        bad("cas-type-stages-word", .wrongType, .cascadeBeta, ext("{name: extraction, stages: twenty, model: loaded-organic}"), says: ["twenty"]),
        bad("cas-type-stages-fraction", .wrongType, .cascadeBeta, ext("{name: extraction, stages: 20.5, model: loaded-organic}"), says: ["20.5"]),
        bad("cas-type-stages-list", .wrongType, .cascadeBeta, ext("{name: extraction, stages: [20], model: loaded-organic}"), says: ["stages"]),
        bad("cas-type-components-scalar", .wrongType, .cascadeBeta, .replace("components: [Pr, Nd, Tb, Dy]", "components: Pr Nd Tb Dy"), says: ["components"]),
        bad("cas-type-organic-scalar", .wrongType, .cascadeBeta, .replace("organic:\n  " + loop, "organic: 32 L/h"), says: ["organic"]),
        bad("cas-type-flow-mapping", .wrongType, .cascadeBeta, .replace(feedFlow, "    flow: {value: 5, unit: L/h}"), says: ["flow"]),
        bad("cas-type-flow-bool", .wrongType, .cascadeBeta, .replace(feedFlow, "    flow: true"), says: ["true"]),
        bad("cas-type-composition-list", .wrongType, .cascadeBeta, feed("composition: [3.5 g/L, 14 g/L]"), says: ["composition"]),
        bad("cas-type-reference-D-word", .wrongType, .cascadeBeta, .replace(refD, "reference_D: high "), says: ["high"]),
        bad("cas-type-murphree-word", .wrongType, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, murphree: very}"), says: ["very"]),
        bad("cas-type-kind-list", .wrongType, .cascadeBeta, .replace("kind: cascade", "kind: [cascade]"), says: ["kind"]),
        bad("cas-type-streams-mapping", .wrongType, .cascadeBeta, .replace("streams:\n  - name: feed", "streams:\n  feed:\n  - name: feed"), says: ["streams"]),
        // missing keys
        bad("cas-missing-components", .missingKey, .cascadeBeta, .deleteLine("components: [Pr, Nd, Tb, Dy]"), says: ["components"]),
        bad("cas-missing-sections", .missingKey, .cascadeBeta, .deleteKey("sections"), says: ["sections"]),
        bad("cas-missing-streams", .missingKey, .cascadeBeta, .deleteKey("streams"), says: ["streams"]),
        bad("cas-missing-organic", .missingKey, .cascadeBeta, .deleteKey("organic"), says: ["organic"]),
        bad("cas-missing-models", .missingKey, .cascadeBeta, .deleteKey("models"), says: ["models"]),
        bad("cas-missing-stream-flow", .missingKey, .cascadeBeta, .deleteLine(feedFlow), says: ["flow"]),
        bad("cas-missing-stage-count", .missingKey, .cascadeBeta, ext("{name: extraction, model: loaded-organic}"), says: ["stages"]),
        bad("cas-missing-model-id", .missingKey, .cascadeBeta, .deleteLine("id: constant-separation-factors"), says: ["id"]),
        bad("cas-missing-loop-flow", .missingKey, .cascadeBeta, .replace(loop, "loop: {bleed: 0}"), says: ["flow"]),
        // unknown keys and names
        bad("cas-unknown-top-key", .unknownKey, .cascadeBeta, .insertAfter("kind: cascade", "stagez: 3"), says: ["stagez"]),
        bad("cas-unknown-section-key", .unknownKey, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, murphy: 0.9}"), says: ["murphy"]),
        bad("cas-unknown-stream-key", .unknownKey, .cascadeBeta, .insertAfter(feedFlow, "    temperature: 25 C"), says: ["temperature"]),
        bad("cas-unknown-loop-key", .unknownKey, .cascadeBeta, .replace(loop, "loop: {flow: 32 L/h, recycle: 0.5}"), says: ["recycle"]),
        bad("cas-unknown-model-id", .unknownKey, .cascadeBeta, .replace("id: constant-separation-factors", "id: constant-seperation-factors"), says: ["constant-seperation-factors"]),
        bad("cas-unknown-element", .unknownKey, .cascadeBeta, .replace("components: [Pr, Nd, Tb, Dy]", "components: [Pr, Nd, Tb, Hx]"), says: ["Hx", "Ho"]),
        bad("cas-unknown-section-ref", .unknownKey, .cascadeBeta, .replace("stage: {section: extraction, stage: last}", "stage: {section: extration, stage: last}"), says: ["extration"]),
        bad("cas-unknown-phase", .unknownKey, .cascadeBeta, .replace("phase: aqueous", "phase: aquous"), says: ["aquous"]),
        bad("cas-unknown-model-ref", .unknownKey, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organik}"), says: ["loaded-organik"]),
        bad("cas-unknown-stage-word", .unknownKey, .cascadeBeta, .replace("stage: {section: extraction, stage: last}", "stage: {section: extraction, stage: middle}"), says: ["middle"]),
        bad("cas-unknown-solver-key", .unknownKey, .cascadeBeta, .append("solver: {max_iteration: 50}"), says: ["max_iteration"]),
        // duplicate keys
        bad("cas-dup-composition-key", .duplicateKey, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 2.4 g/L, Dy: 24 g/L}"), says: ["Dy"]),
        bad("cas-dup-top-key", .duplicateKey, .cascadeBeta, .append("components: [Pr, Nd]"), says: ["components"]),
        bad("cas-dup-stream-flow", .duplicateKey, .cascadeBeta, .insertAfter(feedFlow, "    flow: 50 L/h"), says: ["flow"]),
        bad("cas-dup-section-stages", .duplicateKey, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, stages: 2}"), says: ["stages"]),
        bad("cas-dup-model-name", .duplicateKey, .cascadeBeta, .insertAfter("models:", "  strip:\n    id: constant-distribution\n    D: {Pr: 1, Nd: 1, Tb: 1, Dy: 1}"), says: ["strip"]),
        bad("cas-dup-ma-composition", .duplicateKey, .cascadeMassAction, .replace("Dy: 2.4 g/L, H: 0.8 mol/L}", "Dy: 2.4 g/L, H: 0.8 mol/L, Dy: 24 g/L}"), says: ["Dy"]),
        // huge counts (check before allocating)
        bad("cas-huge-stages-int-max", .hugeCount, .cascadeBeta, ext("{name: extraction, stages: 9223372036854775807, model: loaded-organic}"), says: ["9223372036854775807"]),
        bad("cas-huge-stages-1e6-mass-action", .hugeCount, .cascadeMassAction, .replace("{name: extraction, stages: 20, model: d2ehpa}", "{name: extraction, stages: 1000000, model: d2ehpa}"), says: ["1000000"]),
        bad("cas-huge-stages-1e9", .hugeCount, .cascadeBeta, ext("{name: extraction, stages: 1000000000, model: loaded-organic}"), says: ["1000000000"]),
        bad("cas-huge-stages-1e12", .hugeCount, .cascadeBeta, ext("{name: extraction, stages: 1000000000000, model: loaded-organic}"), says: ["1000000000000"]),
        bad("cas-huge-stages-1e18", .hugeCount, .cascadeBeta, ext("{name: extraction, stages: 1000000000000000000, model: loaded-organic}"), says: ["1000000000000000000"]),
        bad("cas-huge-stages-exponent", .hugeCount, .cascadeBeta, ext("{name: extraction, stages: 1e18, model: loaded-organic}"), says: ["1e18"]),
        bad("cas-huge-stages-sum-overflows", .hugeCount, .cascadeBeta,
            ext("{name: extraction, stages: 4611686018427387904, model: loaded-organic}"),
            .replace(scrub, "{name: scrub, stages: 4611686018427387904, model: loaded-organic}"), says: ["4611686018427387904"]),
        bad("cas-huge-stages-beyond-int", .hugeCount, .cascadeBeta, ext("{name: extraction, stages: 99999999999999999999999, model: loaded-organic}"), says: ["99999999999999999999999"]),
        bad("cas-type-murphree-list-length", .wrongType, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, murphree: [0.9, 0.9]}"), says: ["murphree"]),
        // overflow and non-finite values
        bad("cas-ovf-conc-1e308-g-per-L", .overflow, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 1e308 g/L}"), says: ["1e308"]),
        bad("cas-ovf-conc-1e308-oxide", .overflow, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 1e308 g/L as oxide}"), says: ["1e308"]),
        bad("cas-ovf-conc-1e400", .overflow, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 1e400 g/L}"), says: ["1e400"]),
        bad("cas-ovf-flow-1e308", .overflow, .cascadeBeta, .replace(feedFlow, "    flow: 1e308 L/h"), says: ["1e308"]),
        bad("cas-ovf-flow-1e308-per-second", .overflow, .cascadeBeta, .replace(feedFlow, "    flow: 1e308 m3/s"), says: ["1e308"]),
        bad("cas-ovf-flow-nan", .overflow, .cascadeBeta, .replace(feedFlow, "    flow: nan L/h"), says: ["nan"]),
        bad("cas-ovf-flow-inf", .overflow, .cascadeBeta, .replace(feedFlow, "    flow: .inf L/h"), says: [".inf"]),
        bad("cas-ovf-flow-negative-zero", .overflow, .cascadeBeta, .replace(feedFlow, "    flow: -0 L/h"), says: ["-0"]),
        bad("cas-ovf-loop-1e308", .overflow, .cascadeBeta, .replace(loop, "loop: {flow: 1e308 L/h}"), says: ["1e308"]),
        bad("cas-ovf-reference-D-nan", .overflow, .cascadeBeta, .replace(refD, "reference_D: .nan "), says: [".nan"]),
        bad("cas-ovf-reference-D-inf", .overflow, .cascadeBeta, .replace(refD, "reference_D: .inf "), says: [".inf"]),
        bad("cas-ovf-reference-D-1e308", .overflow, .cascadeBeta, .replace(refD, "reference_D: 1e308 "), says: ["1e308"]),
        bad("cas-ovf-separation-factor-1e308", .overflow, .cascadeBeta, .replace("Tb: 1.0, Dy: 2.0}", "Tb: 1.0, Dy: 1e308}"), says: ["1e308"]),
        bad("cas-ovf-ma-extractant-1e308", .overflow, .cascadeMassAction, .replace(organicMA, "composition: {D2EHPA: 1e308 mol/L}"), says: ["1e308"]),
        bad("cas-ovf-ma-acid-1e300", .overflow, .cascadeMassAction, .replace("{H: 6 mol/L, Cl: 6 mol/L}", "{H: 1e300 mol/L, Cl: 1e300 mol/L}"), says: ["1e300"]),
        bad("cas-ovf-ma-flow-1e308", .overflow, .cascadeMassAction, .replace(feedFlow, "    flow: 1e308 L/h"), says: ["1e308"]),
        // physically meaningless values
        bad("cas-bad-stages-zero", .meaningless, .cascadeBeta, ext("{name: extraction, stages: 0, model: loaded-organic}"), says: ["0"]),
        bad("cas-bad-stages-negative", .meaningless, .cascadeBeta, ext("{name: extraction, stages: -5, model: loaded-organic}"), says: ["-5"]),
        bad("cas-bad-flow-zero", .meaningless, .cascadeBeta, .replace(feedFlow, "    flow: 0 L/h"), says: ["0 L/h"]),
        bad("cas-bad-flow-negative", .meaningless, .cascadeBeta, .replace(feedFlow, "    flow: -5 L/h"), says: ["-5"]),
        bad("cas-bad-conc-negative", .meaningless, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: -2.4 g/L}"), says: ["-2.4"]),
        bad("cas-bad-reference-D-negative", .meaningless, .cascadeBeta, .replace(refD, "reference_D: -0.5 "), says: ["-0.5"]),
        bad("cas-bad-separation-factor-negative", .meaningless, .cascadeBeta, .replace("Tb: 1.0, Dy: 2.0}", "Tb: 1.0, Dy: -2.0}"), says: ["-2.0"]),
        bad("cas-bad-murphree-zero", .meaningless, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, murphree: 0}"), says: ["murphree"]),
        bad("cas-bad-murphree-above-one", .meaningless, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, murphree: 1.5}"), says: ["1.5"]),
        bad("cas-bad-bleed-above-one", .meaningless, .cascadeBeta, .replace(loop, "loop: {flow: 32 L/h, bleed: 2}"), says: ["bleed"]),
        bad("cas-bad-entrainment-above-one", .meaningless, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, entrainment: {aqueous_in_organic: 1.5}}"), says: ["1.5"]),
        bad("cas-bad-stage-number-zero", .meaningless, .cascadeBeta, .replace("stage: {section: extraction, stage: last}", "stage: 0"), says: ["0"]),
        bad("cas-bad-stage-number-beyond", .meaningless, .cascadeBeta, .replace("stage: {section: extraction, stage: last}", "stage: 1000"), says: ["1000"]),
        bad("cas-bad-solver-iterations-zero", .meaningless, .cascadeBeta, .append("solver: {max_iterations: 0}"), says: ["max_iterations"]),
        bad("cas-bad-solver-tolerance-negative", .meaningless, .cascadeBeta, .append("solver: {residual_tolerance: -1}"), says: ["-1"]),
        // units
        bad("cas-unit-flow-is-concentration", .unit, .cascadeBeta, .replace(feedFlow, "    flow: 5 mol/L"), says: ["5 mol/L"]).never("mean 'mL/s'"),
        bad("cas-unit-flow-is-mass-conc", .unit, .cascadeBeta, .replace(feedFlow, "    flow: 5 g/L"), says: ["5 g/L"]),
        bad("cas-unit-flow-unknown", .unit, .cascadeBeta, .replace(feedFlow, "    flow: 5 furlongs/fortnight"), says: ["furlongs"]),
        bad("cas-unit-flow-missing", .unit, .cascadeBeta, .replace(feedFlow, "    flow: 5"), says: ["flow"]),
        bad("cas-unit-conc-is-time", .unit, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 2.4 s}"), says: ["2.4 s"]),
        bad("cas-unit-conc-unknown", .unit, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 2.4 g/gallon}"), says: ["g/gallon"]),
        bad("cas-unit-conc-wrong-oxide", .unit, .cascadeBeta, feed("composition: {Pr: 3.5 g/L, Nd: 14 g/L, Tb: 0.6 g/L, Dy: 2.4 g/L as Tb4O7}"), says: ["Tb4O7"]),
        bad("cas-unit-reference-D-with-unit", .unit, .cascadeBeta, .replace(refD, "reference_D: 0.5 L/h "), says: ["0.5 L/h"]),
        bad("cas-unit-murphree-with-unit", .unit, .cascadeBeta, ext("{name: extraction, stages: 20, model: loaded-organic, murphree: 0.9 mol/L}"), says: ["0.9 mol/L"]),
        bad("cas-unit-stages-with-unit", .unit, .cascadeBeta, ext("{name: extraction, stages: 20 L/h, model: loaded-organic}"), says: ["20 L/h"]),
        // infeasible physics
        bad("cas-infeasible-saponification", .infeasible, .cascadeMassAction, .replace(organicMA, "composition: {D2EHPA: 0.3 mol/L, Na: 0.5 mol/L}"), says: ["Na"]),
        bad("cas-infeasible-loading", .infeasible, .cascadeMassAction, .replace(organicMA, "composition: {D2EHPA: 0.3 mol/L, Dy: 1 mol/L}"), says: ["Dy"]),
        bad("cas-infeasible-draw-aqueous", .infeasible, .cascadeBeta, .append("draws:\n  - {name: cut, stage: 10, phase: aqueous, flow: 100 L/h}"), says: ["cut"]),
        bad("cas-infeasible-draw-organic", .infeasible, .cascadeBeta, .append("draws:\n  - {name: cut, stage: 10, phase: organic, flow: 100 L/h}"), says: ["cut"]),
        bad("cas-infeasible-draw-ma", .infeasible, .cascadeMassAction, .append("draws:\n  - {name: cut, stage: 30, phase: aqueous, flow: 50 L/h}"), says: ["cut"]),
        bad("cas-infeasible-balance-negative", .infeasible, .cascadeMassAction,
            .replace("Dy: 2.4 g/L, H: 0.8 mol/L}", "Dy: 2.4 g/L, Cl: 100 mol/L}"), .replace("balance_with: Cl", "balance_with: H"), says: ["H"]),
        // duplicate names
        bad("cas-dupname-stream", .duplicateName, .cascadeBeta, .replace("  - name: scrub acid", "  - name: feed"), says: ["feed"]),
        bad("cas-dupname-section", .duplicateName, .cascadeBeta, .replace(scrub, "{name: extraction, stages: 25, model: loaded-organic}"), says: ["extraction"]),
        bad("cas-dupname-outlet-raffinate", .duplicateName, .cascadeBeta, .replace("aqueous_outlet: strip liquor", "aqueous_outlet: raffinate"), says: ["raffinate"]),
        bad("cas-dupname-draw-vs-outlet", .duplicateName, .cascadeBeta, .append("draws:\n  - {name: strip liquor, stage: 10, phase: aqueous, flow: 1 L/h}"), says: ["strip liquor"]),
        bad("cas-dupname-draws", .duplicateName, .cascadeBeta,
            .append("draws:\n  - {name: cut, stage: 10, phase: aqueous, flow: 1 L/h}\n  - {name: cut, stage: 12, phase: aqueous, flow: 1 L/h}"), says: ["cut"]),
        bad("cas-dupname-component", .duplicateName, .cascadeBeta, .replace("components: [Pr, Nd, Tb, Dy]", "components: [Pr, Nd, Tb, Dy, Dy]"), says: ["Dy"]),
        // files the case names for reading
        bad("cas-read-model-directory", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: adir"), says: ["file"])
            .with(("adir", .directory)),
        bad("cas-read-model-root-directory", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: /"), says: ["file"]),
        bad("cas-read-model-proc-status", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: /proc/self/status"), says: ["file"])
            .never(SystemFileText.procStatus),
        bad("cas-read-model-etc-passwd", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: /etc/passwd"), says: ["file"])
            .never(SystemFileText.passwd),
        bad("cas-read-model-dev-zero", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: /dev/zero"), says: ["file"]),
        bad("cas-read-model-nonexistent", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: nope.yaml"), says: ["nope.yaml"]),
        bad("cas-read-model-binary", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: garbage.bin"), says: ["file"])
            .with(("garbage.bin", .bytes(CorpusFiles.garbage(4096, seed: 7)))),
        bad("cas-read-model-empty", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: empty.yaml"), says: ["file"])
            .with(("empty.yaml", .text(""))),
        bad("cas-read-model-is-the-case", .readPath, .cascadeMassAction, .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: case.yaml"), says: ["file"]),
        bad("cas-read-model-is-column-isotherm", .readPath, .cascadeMassAction,
            .replace("file: extraction/d2ehpa-chloride-mass-action.yaml", "file: isotherms/todga-resin-hno3-pr-nd-dy.yaml"), says: ["file"]),
    ]
}
