import Foundation

/// Corpus entries on sweep plans (cases/sweep-default.yaml = .sweepDefault, its base
/// default.yaml and the constant-β case beside it as beta.yaml) and on `raresep merge`
/// of shard outputs (written as extra files).
enum SweepCorpus {
    static func sw(_ id: String, _ kind: BadInputClass, _ a: String, _ b: String, says: [String] = []) -> BadInput {
        bad(id, kind, .sweepDefault, .replace(a, b), says: says)
    }
    static let scrub = "sections.scrub stages"
    static let organic = "organic.loop.flow: {from: 18 L/h, to: 22 L/h, count: 2}"

    /// A shard output directory's two files.
    static func shard(_ dir: String, index: Int, count: Int, points: Int = 2, fingerprint: String = "00000000000000aa",
                      rows: [Int]) -> [(String, CorpusExtra)] {
        let manifest = """
        {"failed": 0, "fingerprint": "\(fingerprint)", "method": "grid", "plan": "p.yaml", "points": \(points),
         "rows": \(rows.count), "schema": "raresep.sweep/1", "shard": {"count": \(count), "index": \(index)}}
        """
        let csv = "# raresep sweep p.yaml: \(points) points (grid), base b.yaml, plan fingerprint \(fingerprint)\npoint,x,status,message\n"
            + rows.map { "\($0),\($0),ok,\n" }.joined()
        return [("\(dir)/sweep.json", .text(manifest)), ("\(dir)/sweep.csv", .text(csv))]
    }

    static func merge(_ id: String, _ kind: BadInputClass, _ extras: [(String, CorpusExtra)], _ dirs: [String], says: [String],
                      at: String) -> BadInput {
        var e = bad(id, kind, .sweepDefault, says: says, line: false, at: [at])
        e.extras = extras
        e.arguments = ["merge", "out"] + dirs
        return e
    }

    static let entries: [BadInput] = [
        sw("sweep-unknown-key", .unknownKey, "sections.scrub.stages", "sections.scrubb.stages", says: ["scrubb", "scrub"]),
        sw("sweep-unknown-top-key", .unknownKey, "method: grid", "methd: grid", says: ["methd"]),
        sw("sweep-key-not-a-value", .meaningless, "sections.scrub.stages: {from: 15, to: 30, count: 4}", "sections.scrub: [1, 2]",
           says: ["sections.scrub", "single value"]),
        sw("sweep-wrong-unit", .unit, "[13 L/h, 15 L/h, 17 L/h]", "[13 mol/L, 15 L/h, 17 L/h]", says: ["mol/L", "flow"]),
        sw("sweep-no-unit", .unit, "[13 L/h, 15 L/h, 17 L/h]", "[13, 15, 17]", says: ["13", "no unit"]),
        sw("sweep-mixed-units", .unit, "[13 L/h, 15 L/h, 17 L/h]", "[13 L/h, 0.004 m3/h, 17 L/h]", says: ["m3/h"]),
        sw("sweep-stages-fraction", .wrongType, "{from: 15, to: 30, count: 4}", "[15, 22.5]", says: ["22.5", "whole number"]),
        sw("sweep-empty-list", .meaningless, "[13 L/h, 15 L/h, 17 L/h]", "[]", says: ["at least one value"]),
        sw("sweep-empty-range", .meaningless, organic, "organic.loop.flow: {from: 18 L/h, to: 18 L/h, count: 2}", says: ["empty"]),
        sw("sweep-count-zero", .meaningless, organic, "organic.loop.flow: {from: 18 L/h, to: 22 L/h, count: 0}", says: ["count"]),
        sw("sweep-log-negative", .meaningless, organic, "organic.loop.flow: {from: -18 L/h, to: 22 L/h, count: 2, scale: log}", says: ["log"]),
        sw("sweep-range-units-differ", .unit, organic, "organic.loop.flow: {from: 18 L/h, to: 0.02 m3/h, count: 2}", says: ["m3/h"]),
        sw("sweep-unknown-method", .unknownKey, "method: grid", "method: latin_hypercub", says: ["latin_hypercube"]),
        bad("sweep-lhs-without-samples", .missingKey, .sweepDefault,
            .text("base: beta.yaml\nmethod: latin_hypercube\nvary:\n  organic.loop.flow: {from: 20 L/h, to: 30 L/h}\noutputs: {p: solver.iterations}\n"),
            says: ["samples"]),
        sw("sweep-output-wrong-unit", .unit, "unit: L/h}", "unit: mol/L}", says: ["mol/L", "m3/s"]),
        sw("sweep-output-unit-on-purity", .unit, "purity.Dy, unit: \"%\"}", "purity.Dy, unit: L/h}", says: ["L/h"]),
        sw("sweep-outputs-empty", .meaningless, "outputs:\n", "outputs: {}\nunused:\n", says: ["outputs"]),
        sw("sweep-base-missing", .readPath, "base: default.yaml", "base: nothere.yaml", says: ["nothere.yaml"]),
        sw("sweep-base-etc-passwd", .readPath, "base: default.yaml", "base: /etc/passwd", says: ["base"]).never(SystemFileText.passwd),
        sw("sweep-base-is-plan", .meaningless, "base: default.yaml", "base: plan.yaml", says: ["sweep"]),
        sw("sweep-seed-negative", .wrongType, "method: grid", "method: grid\nseed: -4", says: ["seed"]),
        bad("sweep-shard-index-too-large", .meaningless, .sweepDefault, says: ["--shard", "3/2"], line: false).args("sweep", "plan.yaml", "--shard", "3/2"),
        bad("sweep-shard-index-equal", .meaningless, .sweepDefault, says: ["--shard", "2/2"], line: false).args("sweep", "plan.yaml", "--shard", "2/2"),
        bad("sweep-shard-count-zero", .meaningless, .sweepDefault, says: ["--shard", "0/0"], line: false).args("sweep", "plan.yaml", "--shard", "0/0"),
        bad("sweep-shard-garbage", .wrongType, .sweepDefault, says: ["--shard", "x"], line: false).args("sweep", "plan.yaml", "--shard", "x"),
        bad("sweep-emit-shards-zero", .meaningless, .sweepDefault, says: ["--shards", "0"], line: false)
            .args("sweep", "plan.yaml", "--emit", "slurm", "--shards", "0"),
        // A point the case reader refuses (zero scrub stages) is a row, not an abort: exit 3 at the end.
        bad("sweep-point-fails-row", .infeasible, .sweepDefault,
            .text("base: beta.yaml\nvary:\n  sections.scrub.stages: [0, 10]\noutputs: {p: outlets.strip liquor.purity.Dy}\n"),
            says: ["1 of 2 points failed"], status: 3, line: false, at: ["sweep.csv"]),
        bad("sweep-unknown-output", .unknownKey, .sweepDefault,
            .text("base: beta.yaml\nvary:\n  sections.scrub.stages: [10]\noutputs: {p: outlets.strip liquor.purty.Dy}\n"),
            says: ["purty", "purity"]),
        merge("merge-missing-shard", .missingKey, shard("s0", index: 0, count: 2, rows: [0]), ["s0"], says: ["missing shard 1/2"], at: "sweep.json"),
        merge("merge-different-plans", .meaningless, shard("s0", index: 0, count: 2, rows: [0])
              + shard("s1", index: 1, count: 2, fingerprint: "00000000000000bb", rows: [1]), ["s0", "s1"],
              says: ["shards of one plan", "00000000000000bb"], at: "sweep.json"),
        merge("merge-shard-twice", .duplicateName, shard("s0", index: 0, count: 2, rows: [0]) + shard("t0", index: 0, count: 2, rows: [0]),
              ["s0", "t0"], says: ["shard 0/2"], at: "sweep.json"),
        merge("merge-missing-point", .missingKey, shard("s0", index: 0, count: 2, points: 4, rows: [0])
              + shard("s1", index: 1, count: 2, points: 4, rows: [1, 3]), ["s0", "s1"], says: ["point 2"], at: "sweep.csv"),
        merge("merge-not-a-shard", .readPath, [("s0/other.txt", .text("x"))], ["s0"], says: ["sweep.json"], at: "sweep.json"),
    ]
}
