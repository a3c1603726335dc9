import Foundation

/// Corpus entries on design specs (cases/design-dy-tb.yaml = .designDyTb). An
/// unreachable target is a result, not an error; these are specs that cannot be searched.
enum DesignCorpus {
    static let target = "{outlet: strip liquor, element: Dy, purity: 99.5 %, recovery: 95 %}"
    static func t(_ s: String) -> CorpusEdit { .replace(target, s) }

    static let entries: [BadInput] = [
        bad("des-purity-100", .infeasible, .designDyTb, t("{outlet: strip liquor, element: Dy, purity: 100 %, recovery: 95 %}"),
            says: ["purity", "100"]),
        bad("des-recovery-zero", .meaningless, .designDyTb, t("{outlet: strip liquor, element: Dy, purity: 99.5 %, recovery: 0 %}"),
            says: ["recovery"]),
        bad("des-unknown-element", .unknownKey, .designDyTb, t("{outlet: strip liquor, element: Dx, purity: 99.5 %, recovery: 95 %}"),
            says: ["Dx", "Dy"]),
        bad("des-unknown-outlet", .unknownKey, .designDyTb, t("{outlet: strip likor, element: Dy, purity: 99.5 %, recovery: 95 %}"),
            says: ["strip likor", "strip liquor"]),
        bad("des-stage-bounds-reversed", .meaningless, .designDyTb, .replace("extraction: [2, 30]", "extraction: [30, 2]"),
            says: ["30, 2", "low ≤ high"]),
        bad("des-flow-bounds-reversed", .meaningless, .designDyTb, .replace("organic_flow: [2 L/h, 200 L/h]", "organic_flow: [200 L/h, 2 L/h]"),
            says: ["organic_flow", "low ≤ high"]),
        bad("des-phase-ratio-impractical", .meaningless, .designDyTb, .replace("phase_ratio: [0.1, 10]", "phase_ratio: [0.1, 171]"),
            says: ["171", "1:20 to 20:1"]),
        bad("des-unknown-section", .unknownKey, .designDyTb, .replace("scrub: [2, 30]", "scrubbing: [2, 30]"),
            says: ["scrubbing", "scrub"]),
        bad("des-unknown-objective", .unknownKey, .designDyTb, .replace("objective: stages", "objective: footprint"),
            says: ["footprint", "stages"]),
        bad("des-unknown-scrub-stream", .unknownKey, .designDyTb, .replace("scrub_stream: scrub acid", "scrub_stream: scrub acd"),
            says: ["scrub acd", "scrub acid"]),
        bad("des-missing-base", .missingKey, .designDyTb, .deleteLine("base: default.yaml"), says: ["base"]),
        // Several products are searched together; contradictory ones are errors.
        bad("des-recoveries-over-100", .infeasible, .designDyTb, .insertAfter(target, "  - {outlet: raffinate, element: Dy, purity: 10 %, recovery: 10 %}"),
            says: ["recoveries of Dy", "100 %"]),
        bad("des-purities-over-100", .infeasible, .designDyTb, .insertAfter(target, "  - {outlet: strip liquor, element: Tb, purity: 1 %, recovery: 10 %}"),
            says: ["purities in strip liquor", "100 %"]),
        bad("des-strip-flow-reversed", .meaningless, .designDyTb, .replace("scrub_flow: [1 L/h, 200 L/h]", "scrub_flow: [1 L/h, 200 L/h]\n  strip_flow: [40 L/h, 4 L/h]"),
            says: ["strip_flow", "low ≤ high"]),
    ]
}
