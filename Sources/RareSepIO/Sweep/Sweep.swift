import Foundation
import RareSepCore

/// `raresep sweep` and `raresep merge`: run a plan (whole or one shard) into an output
/// directory, and join shard outputs into the file the whole sweep writes.
public enum Sweep {
    /// What a sweep or merge did, for the command line.
    public struct Outcome: Sendable {
        /// Printed on standard output.
        public var text: String
        /// Files written.
        public var written: [String]
        /// Points in the result that did not solve (their rows say why).
        public var failed: Int
        /// Points in the result.
        public var points: Int
    }

    /// Run the plan at `planPath` (only `shard`'s points when given) on `workers` threads,
    /// writing sweep.csv and sweep.json into `output` (default out/<plan name>).
    public static func run(planPath: String, output: String?, shard: SweepRunner.Shard?, workers: Int, quiet: Bool) throws -> Outcome {
        let plan = try SweepPlan.load(path: planPath)
        let all = try plan.points()
        let mine = shard.map { s in all.filter { s.contains($0.index) } } ?? all
        let stem = ((planPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let dir = output ?? "out/\(stem)" + (shard.map { "-shard-\($0.index)" } ?? "")
        let out = try OutputDirectory(dir, key: "--output", inputs: [planPath, plan.casePath])
        let label = "sweep" + (shard.map { " shard \($0)" } ?? "")
        let progress = ProgressReporter(label: label, total: mine.count, unit: "points", quiet: quiet)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let rows: [SweepRunner.Row]
        do {
            defer { progress.finish() }
            rows = try SweepRunner.run(plan, points: mine, workers: workers, progress: progress)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let failed = rows.filter { $0.status != "ok" }.count
        let manifest = SweepTable.Manifest(plan: (planPath as NSString).lastPathComponent, fingerprint: plan.fingerprint,
                                           method: plan.method.rawValue, points: all.count,
                                           shard: shard.map { .init(index: $0.index, count: $0.count) }, rows: rows.count, failed: failed)
        try write(head: SweepTable.head(plan, pointCount: all.count), rows: rows.map(\.line), manifest: manifest, into: out)
        let rate = seconds > 0 ? Double(rows.count) / seconds : 0
        let used = max(1, min(workers, rows.count))
        let report = SweepRunReport.render(plan: plan, manifest: manifest, rows: rows,
                                           facts: [("workers", "\(used)"), ("wall time", String(format: "%.2f s (%.3g points/s)", seconds, rate))],
                                           warnings: failed > 0 ? ["\(failed) of \(rows.count) points did not solve (see Failed points)"] : [])
        for f in report.figures { try out.write(f.svg, f.file) }
        try out.write(report.html, "report.html")
        try out.commit(command: "sweep", input: planPath, status: failed == 0 ? "success" : "failed_points")
        let text = "Sweep \(stem)\(shard.map { " shard \($0)" } ?? ""): \(rows.count) of \(all.count) points (\(plan.method.rawValue)), "
            + "\(rows.count - failed) ok, \(failed) failed; \(used) workers, "
            + String(format: "%.2f s (%.3g points/s)", seconds, rate)
        return Outcome(text: text, written: ["\(dir)/sweep.csv", "\(dir)/sweep.json", "\(dir)/report.html"], failed: failed, points: rows.count)
    }

    static func write(head: String, rows: [String], manifest: SweepTable.Manifest, into out: OutputDirectory) throws {
        var csv = head
        csv.reserveCapacity(head.utf8.count + rows.reduce(0) { $0 + $1.utf8.count + 1 })
        for r in rows { csv += r + "\n" }
        try out.write(csv, "sweep.csv")
        try out.write(try OutputDirectory.json(manifest), "sweep.json")
    }

    /// Join the shard outputs in `shardDirectories` into `output`: the same sweep.csv and
    /// sweep.json the whole sweep writes. Every shard of one plan must be given exactly
    /// once, and every point must be present exactly once.
    public static func merge(output: String, shardDirectories: [String]) throws -> Outcome {
        struct Part { var dir: String; var manifest: SweepTable.Manifest; var head: String; var rows: [(Int, String)] }
        func fail(_ file: String, _ key: String, _ value: String?, _ expected: String) -> InputError {
            InputError(location: SourceLocation(file: file), key: key, value: value, expected: expected)
        }
        if shardDirectories.isEmpty { throw fail(output, "(shards)", nil, "at least one shard output directory to merge") }
        var parts: [Part] = []
        for dir in shardDirectories {
            let mpath = (dir as NSString).appendingPathComponent("sweep.json")
            let cpath = (dir as NSString).appendingPathComponent("sweep.csv")
            guard let mdata = FileManager.default.contents(atPath: mpath),
                  let manifest = try? JSONDecoder().decode(SweepTable.Manifest.self, from: mdata) else {
                throw fail(mpath, "(shard)", dir, "the output directory of 'raresep sweep PLAN --shard i/n' (no readable sweep.json)")
            }
            guard manifest.shard != nil else {
                throw fail(mpath, "shard", dir, "a shard output (this is a whole sweep; nothing to merge)")
            }
            guard let cdata = FileManager.default.contents(atPath: cpath), let text = String(data: cdata, encoding: .utf8) else {
                throw fail(cpath, "(shard)", dir, "the sweep.csv of a shard output (missing or not UTF-8)")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            guard lines.count >= 2, lines[0].hasPrefix("#") else { throw fail(cpath, "(header)", nil, "a sweep.csv (comment line, header, rows)") }
            var rows: [(Int, String)] = []
            for (n, l) in lines.dropFirst(2).enumerated() {
                guard let comma = l.firstIndex(of: ","), let k = Int(l[..<comma]) else {
                    throw fail("\(cpath):\(n + 3)", "point", String(l.prefix(40)), "a row starting with its point index")
                }
                rows.append((k, l))
            }
            parts.append(Part(dir: dir, manifest: manifest, head: lines[0] + "\n" + lines[1] + "\n", rows: rows))
        }
        let first = parts[0]
        let count = first.manifest.shard!.count
        var byIndex: [Int: String] = [:]
        for p in parts {
            let m = p.manifest, mpath = (p.dir as NSString).appendingPathComponent("sweep.json")
            if m.fingerprint != first.manifest.fingerprint || m.points != first.manifest.points || p.head != first.head {
                throw fail(mpath, "fingerprint", m.fingerprint,
                           "shards of one plan: \(first.dir) is from plan \(first.manifest.plan) (fingerprint \(first.manifest.fingerprint)), this one from plan \(m.plan) (fingerprint \(m.fingerprint)); run every shard from the same plan and case files")
            }
            if m.shard!.count != count {
                throw fail(mpath, "shard", "\(m.shard!.index)/\(m.shard!.count)", "shards of one split into \(count) (\(first.dir) is shard \(first.manifest.shard!.index)/\(count))")
            }
            if let other = byIndex[m.shard!.index] {
                throw fail(mpath, "shard", "\(m.shard!.index)/\(count)", "each shard once (shard \(m.shard!.index)/\(count) is also \(other))")
            }
            byIndex[m.shard!.index] = p.dir
            if p.rows.count != m.rows { throw fail(mpath, "rows", String(m.rows), "as many rows as sweep.csv holds (\(p.rows.count)): an incomplete shard") }
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw fail((first.dir as NSString).appendingPathComponent("sweep.json"), "shard", nil, "every shard of \(count): missing shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) (given: \(byIndex.keys.sorted().map { "\($0)/\(count)" }.joined(separator: ", ")))")
        }
        var rows = [String?](repeating: nil, count: first.manifest.points)
        for p in parts {
            let s = p.manifest.shard!
            for (k, line) in p.rows {
                guard k >= 0 && k < rows.count && k % count == s.index else {
                    throw fail((p.dir as NSString).appendingPathComponent("sweep.csv"), "point", String(k), "points of shard \(s.index)/\(count) (k mod \(count) = \(s.index), k < \(rows.count))")
                }
                if rows[k] != nil { throw fail((p.dir as NSString).appendingPathComponent("sweep.csv"), "point", String(k), "each point once (point \(k) repeats)") }
                rows[k] = line
            }
        }
        if let k = rows.firstIndex(where: { $0 == nil }) {
            throw fail((byIndex[k % count]! as NSString).appendingPathComponent("sweep.csv"), "point", String(k), "every point of the shard (point \(k) is missing)")
        }
        let failed = parts.reduce(0) { $0 + $1.manifest.failed }
        let manifest = SweepTable.Manifest(plan: first.manifest.plan, fingerprint: first.manifest.fingerprint, method: first.manifest.method,
                                           points: first.manifest.points, shard: nil, rows: rows.count, failed: failed)
        let out = try OutputDirectory(output, key: "OUT", inputs: shardDirectories.flatMap { d in ["sweep.csv", "sweep.json"].map { (d as NSString).appendingPathComponent($0) } })
        try write(head: first.head, rows: rows.map { $0! }, manifest: manifest, into: out)
        try out.commit(command: "merge", input: shardDirectories.joined(separator: " "), status: failed == 0 ? "success" : "failed_points")
        return Outcome(text: "Merged \(count) shards of \(first.manifest.plan): \(rows.count) points, \(failed) failed",
                       written: ["\(output)/sweep.csv", "\(output)/sweep.json"], failed: failed, points: rows.count)
    }
}
