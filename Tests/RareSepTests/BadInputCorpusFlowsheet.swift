import Foundation

/// Corpus entries on flowsheet cases (Validation/flowsheet/reflux-kremser = .flowsheetReflux:
/// a feed, a mixer, a cascade unit from extraction.yaml beside it, a splitter, a recycle).
enum FlowsheetCorpus {
    static func fs(_ id: String, _ kind: BadInputClass, _ a: String, _ b: String, says: [String] = []) -> BadInput {
        bad(id, kind, .flowsheetReflux, .replace(a, b), says: says)
    }
    static let split = "fractions: {reflux: 40 %, product: 60 %}"
    static let feed = "flow: 10 L/h, composition: {Tb: 0.004 mol/L, Dy: 0.01 mol/L}"

    static let entries: [BadInput] = [
        fs("fs-unknown-unit-type", .unknownKey, "type: splitter", "type: spliter", says: ["spliter", "splitter"]),
        fs("fs-unknown-unit-in-stream", .unknownKey, "from: leach.out", "from: leech.out", says: ["leech"]),
        fs("fs-unknown-port", .unknownKey, "to: feed-mixer.reflux}", "to: feed-mixer.reflox}", says: ["reflox"]),
        fs("fs-port-without-unit", .wrongType, "from: extraction.raffinate,", "from: extraction,", says: ["extraction"]),
        fs("fs-dup-unit-name", .duplicateName, "{name: feed-mixer,", "{name: leach,", says: ["leach"]),
        fs("fs-dup-stream-name", .duplicateName, "{name: reflux, from:", "{name: raffinate, from:", says: ["raffinate"]),
        fs("fs-dup-inlet-name", .duplicateName, "inlets: [fresh, reflux]", "inlets: [fresh, fresh]", says: ["inlets"]),
        fs("fs-port-connected-twice", .infeasible, "to: feed-mixer.reflux}", "to: feed-mixer.fresh}", says: ["feed-mixer.fresh", "twice"]),
        fs("fs-outlet-connected-never", .infeasible, "  - {name: raffinate product, from: raffinate-split.product}\n", "", says: ["raffinate-split.product"]),
        fs("fs-inlet-of-feed-unit", .infeasible, "to: feed-mixer.reflux}", "to: leach.out}", says: ["leach"]),
        fs("fs-phase-mismatch", .infeasible, "phase: aqueous, fractions", "phase: organic, fractions", says: ["aqueous", "organic"]),
        fs("fs-missing-component", .infeasible, "Dy: 0.01 mol/L}}", "Dy: 0.01 mol/L, Nd: 1 g/L}}", says: ["Nd", "extraction"]),
        fs("fs-cascade-metal-not-component", .infeasible, "components: [Tb, Dy]", "components: [Tb]", says: ["Dy"]),
        fs("fs-split-not-one", .meaningless, split, "fractions: {reflux: 40 %, product: 70 %}", says: ["fractions"]),
        fs("fs-split-flow-too-large", .infeasible, split, "flow: {reflux: 1000 L/h, product: rest}", says: ["raffinate-split", "reflux"]),
        fs("fs-no-steady-state", .infeasible, split, "fractions: {reflux: 100 %, product: 0 %}", says: ["no steady state", "feed-mixer"]),
        fs("fs-ovf-feed-flow", .overflow, feed, "flow: 1e308 L/h, composition: {Tb: 0.004 mol/L, Dy: 0.01 mol/L}", says: ["1e308"]),
        fs("fs-ovf-feed-conc", .overflow, feed, "flow: 10 L/h, composition: {Tb: 1e308 g/L, Dy: 0.01 mol/L}", says: ["1e308"]),
        fs("fs-tear-product", .infeasible, "units:", "tear: [raffinate product]\nunits:", says: ["raffinate product"]),
        fs("fs-tear-unknown", .unknownKey, "units:", "tear: [nonexistent]\nunits:", says: ["nonexistent"]),
        fs("fs-solver-iterations-zero", .meaningless, "units:", "solver: {max_iterations: 0}\nunits:", says: ["max_iterations"]),
        fs("fs-operating-hours-negative", .meaningless, "units:", "operating_hours: -5 h\nunits:", says: ["-5 h"]),
        fs("fs-case-missing", .readPath, "case: extraction.yaml", "case: nothere.yaml", says: ["nothere.yaml"]),
        fs("fs-case-directory", .readPath, "case: extraction.yaml", "case: .", says: ["case"]),
        fs("fs-case-etc-passwd", .readPath, "case: extraction.yaml", "case: /etc/passwd", says: ["case"]),
        fs("fs-case-proc", .readPath, "case: extraction.yaml", "case: /proc/self/status", says: ["case"]),
        fs("fs-dup-key-unit", .duplicateKey, "{name: leach, type: feed,", "{name: leach, type: feed, type: mixer,", says: ["type"]),
        fs("fs-units-not-list", .wrongType, "units:\n  - {name: leach", "units: 5\nextra:\n  - {name: leach", says: []),
        fs("fs-saponification-no-model", .unknownKey, "{name: feed-mixer, type: mixer, phase: aqueous, inlets: [fresh, reflux]}",
           "{name: feed-mixer, type: mixer, phase: aqueous, inlets: [fresh, reflux]}\n  - {name: sap, type: saponification, degree: 30 %, reagent: NaOH, model_of: nowhere}",
           says: ["nowhere"]),
        fs("fs-saponification-bad-reagent", .unknownKey, "{name: feed-mixer, type: mixer, phase: aqueous, inlets: [fresh, reflux]}",
           "{name: feed-mixer, type: mixer, phase: aqueous, inlets: [fresh, reflux]}\n  - {name: sap, type: saponification, degree: 30 %, reagent: KOH, model_of: extraction}",
           says: ["KOH"]),
        // dynamic flowsheets (a `dynamics:` block appended after the last stream)
        bad("fs-dyn-hold-ups-on-mixer", .unknownKey, .flowsheetReflux,
            .insertAfter("{name: loaded organic, from: extraction.loaded organic}", "dynamics: {hold_ups: {feed-mixer: {all: {mixer_volume: 1 L}}}, horizon: 10 h}"),
            says: ["feed-mixer", "mixer"]),
        bad("fs-dyn-event-unknown-feed", .unknownKey, .flowsheetReflux,
            .insertAfter("{name: loaded organic, from: extraction.loaded organic}",
                         "dynamics: {hold_ups: {extraction: {all: {mixer_volume: 1 L}}}, settler_cells: 0, horizon: 10 h, events: [{time: 1 h, feed: leech, flow: 1 L/h}]}"),
            says: ["leech", "leach"]),
        bad("fs-dyn-negative-window", .meaningless, .flowsheetReflux,
            .insertAfter("{name: loaded organic, from: extraction.loaded organic}",
                         "dynamics: {hold_ups: {extraction: {all: {mixer_volume: 1 L}}}, settler_cells: 0, horizon: 10 h, window: -1 h}"),
            says: ["window"]),
    ]
}
