import Foundation

/// Corpus entries on dynamic cases (cases/dynamic-tb-dy-step.yaml = .dynamicStep, with the
/// cascade case tb-dy-constant-beta.yaml beside it).
enum DynamicCorpus {
    static func dyn(_ id: String, _ kind: BadInputClass, _ a: String, _ b: String, says: [String] = []) -> BadInput {
        bad(id, kind, .dynamicStep, .replace(a, b), says: says)
    }
    static let profiles = """
        stage,section,phase,species,concentration_mol_per_m3,distribution_ratio
        1,extraction,aqueous,Pr,1,
        1,extraction,organic,Pr,1,
        1,extraction,aqueous,Nd,1,
        1,extraction,organic,Nd,1,
        """

    /// A once-through cascade whose extractant model (constant separation factors) has no
    /// saponification cation.
    static let onceThrough = """
        kind: cascade
        name: once-through, constant separation factors
        components: [Tb, Dy]
        models:
          beta: {id: constant-separation-factors, reference_D: 0.5, separation_factors: {Tb: 1.0, Dy: 2.0}}
        sections:
          - {name: extraction, stages: 4, model: beta}
        streams:
          - {name: feed, phase: aqueous, stage: {section: extraction, stage: last}, flow: 5 L/h, composition: {Tb: 0.6 g/L, Dy: 2.4 g/L}}
        organic:
          flow: 32 L/h
        """

    static let entries: [BadInput] = [
        dyn("dyn-negative-mixer-volume", .meaningless, "mixer_volume: 10 L", "mixer_volume: -10 L", says: ["mixer_volume"]),
        dyn("dyn-negative-settler-height", .meaningless, "height: 0.2 m", "height: -0.2 m", says: ["height"]),
        dyn("dyn-settler-area-as-length", .unit, "area: 0.1 m2", "area: 0.1 m", says: ["area", "length"]),
        dyn("dyn-settler-without-height", .missingKey, "area: 0.1 m2, height: 0.2 m, ", "area: 0.1 m2, ", says: ["height"]),
        dyn("dyn-event-after-horizon", .infeasible, "{time: 10 h, feed: feed", "{time: 300 h, feed: feed", says: ["time", "300 h"]),
        dyn("dyn-event-time-unit", .unit, "{time: 10 h, feed: feed", "{time: 10 L/h, feed: feed", says: ["L/h"]),
        dyn("dyn-ramp-ends-before-start", .meaningless, "until: 50 h", "until: 30 h", says: ["until"]),
        dyn("dyn-unknown-stream", .unknownKey, "feed: feed, flow", "feed: fead, flow", says: ["fead", "feed"]),
        dyn("dyn-zero-settler-cells", .meaningless, "settler_cells: 2", "settler_cells: 0", says: ["settler_cells"]),
        dyn("dyn-unknown-section", .unknownKey, "  all:", "  scurb:", says: ["scurb"]),
        dyn("dyn-initial-word", .wrongType, "initial: steady", "initial: stable", says: ["stable"]),
        dyn("dyn-organic-flow-zero", .meaningless, "organic_flow: 36 L/h", "organic_flow: 0 L/h", says: ["organic_flow"]),
        dyn("dyn-output-negative", .meaningless, "every: 30 min", "every: -30 min", says: ["every"]),
        dyn("dyn-case-missing", .readPath, "case: tb-dy-constant-beta.yaml", "case: nothere.yaml", says: ["nothere.yaml"]),
        dyn("dyn-saponification-degree-one", .meaningless, "organic_flow: 36 L/h", "saponification: 100 %", says: ["saponification", "100 %"]),
        dyn("dyn-saponification-closed-loop", .infeasible, "organic_flow: 36 L/h", "saponification: 0.3", says: ["saponification", "loop"]),
        BadInput(id: "dyn-saponification-not-saponifiable", kind: .infeasible, base: .dynamicStep,
                 edits: [.replace("case: tb-dy-constant-beta.yaml", "case: once.yaml"), .replace("organic_flow: 36 L/h", "saponification: 0.3"),
                         .replace("[{section: scrub, stage: first}]", "[1]")],
                 extras: [("once.yaml", .text(onceThrough))], mentions: ["saponification", "saponifiable", "saponification_cation"]),
        BadInput(id: "dyn-profiles-other-components", kind: .infeasible, base: .dynamicStep,
                 edits: [.replace("initial: steady", "initial: {profiles: prof.csv}")], extras: [("prof.csv", .text(profiles))],
                 mentions: ["Tb", "Dy", "profiles"]),
    ]
}
