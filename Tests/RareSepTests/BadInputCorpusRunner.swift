import Foundation

/// Runs corpus entries through the built executable, each in a fresh directory, under
/// a wall-time limit (killed after it) and a virtual-memory limit (`ulimit -v`), and
/// judges the outcome. Layout: `<run root>/<id>/a/b/work` is the work directory (the
/// input files, `out/` inside it), so an output escaping with `..` lands inside the
/// entry's own tree where the snapshot sees it; `<run root>/logs` holds stdout/stderr.
struct BadInputRunner: Sendable {
    /// Wall-time limit per entry, seconds.
    var timeLimit: Double = 10
    /// `ulimit -v` value (KiB).
    var memoryLimitKiB = 4_000_000
    /// Root of this run's temporary tree.
    let root: String

    init() {
        root = NSTemporaryDirectory() + "raresep-corpus-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
    }

    /// What happened to one entry.
    struct Outcome: Sendable {
        var entry: BadInput
        var status: Int32 = -1
        var signal: Int32? = nil
        var timedOut = false
        var seconds = 0.0
        var stdout = ""
        var stderr = ""
        /// Why the entry failed; empty when it passed.
        var problems: [String] = []
    }

    /// Run one entry and judge it.
    func run(_ e: BadInput, siblings: Set<String> = []) -> Outcome {
        var o = Outcome(entry: e)
        let nest = root + "/" + e.id
        let work = nest + "/a/b/work"
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
            try materialise(e, work: work, nest: nest)
        } catch {
            o.problems.append("could not build the input: \(error)")
            return o
        }
        let probes = e.probes.map { substitute($0, e, work: work, nest: nest) }
        let before = snapshot(nest)
        let topBefore = Set((try? fm.contentsOfDirectory(atPath: root)) ?? [])

        let outPath = root + "/logs/\(e.id).out", errPath = root + "/logs/\(e.id).err"
        _ = fm.createFile(atPath: outPath, contents: nil)
        _ = fm.createFile(atPath: errPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let args = e.commandLine.map { substitute($0, e, work: work, nest: nest) }
        p.arguments = ["-c", "ulimit -v \(memoryLimitKiB); exec \"$0\" \"$@\"", TestPaths.executable] + args
        p.currentDirectoryURL = URL(fileURLWithPath: work)
        var env = ProcessInfo.processInfo.environment
        env["RARESEP_MODELS"] = TestPaths.models
        env["RARESEP_MAX_MEMORY"] = "2G"
        p.environment = env
        let outHandle = FileHandle(forWritingAtPath: outPath), errHandle = FileHandle(forWritingAtPath: errPath)
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        let start = Date()
        do { try p.run() } catch {
            o.problems.append("could not start: \(error)")
            return o
        }
        while p.isRunning {
            if Date().timeIntervalSince(start) > (e.seconds ?? timeLimit) {
                kill(p.processIdentifier, SIGKILL)
                o.timedOut = true
                break
            }
            usleep(20_000)
        }
        p.waitUntilExit()
        o.seconds = Date().timeIntervalSince(start)
        try? outHandle?.close()
        try? errHandle?.close()
        o.stdout = readPrefix(outPath)
        o.stderr = readPrefix(errPath)
        if p.terminationReason == .uncaughtSignal { o.signal = p.terminationStatus } else { o.status = p.terminationStatus }

        judge(&o, work: work)
        // nothing written outside the output directory, no input overwritten
        let after = snapshot(nest)
        let outPrefix = outputPrefix(e, work: work, nest: nest)
        for (path, content) in after where before[path] != content {
            let isNew = before[path] == nil
            if isNew, let outPrefix, path == outPrefix || path.hasPrefix(outPrefix + "/") { continue }
            o.problems.append(isNew ? "wrote \(path) outside the output directory" : "changed input \(path)")
        }
        for path in before.keys where after[path] == nil { o.problems.append("removed input \(path)") }
        let topAfter = Set((try? fm.contentsOfDirectory(atPath: root)) ?? [])
        for name in topAfter.subtracting(topBefore).subtracting(siblings) where name.contains(e.id) {
            o.problems.append("wrote \(root)/\(name) in the parent of the entry's directory")
        }
        for probe in probes where fm.fileExists(atPath: probe) {
            o.problems.append("wrote \(probe)")
            try? fm.removeItem(atPath: probe)
        }
        return o
    }

    /// Check status, signal, time and the shape and content of standard error.
    func judge(_ o: inout Outcome, work: String) {
        let e = o.entry
        if o.timedOut { o.problems.append("timed out after \(Int(e.seconds ?? timeLimit)) s (killed)"); return }
        if let s = o.signal { o.problems.append("killed by signal \(s)"); return }
        // a fit that cannot identify its parameters may also be refused as bad input (exit 1) before fitting
        let accepted = e.kind == .nonIdentifiable ? [e.status, ExitCodes.input] : [e.status]
        if !accepted.contains(o.status) { o.problems.append("exit status \(o.status), expected \(e.status)") }
        for f in e.forbidden where o.stderr.contains(f) { o.problems.append("standard error contains '\(f)' (a file's contents or a wrong hint)") }
        let lines = o.stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if e.status == 0 {
            if let bad = lines.first(where: { !$0.hasPrefix("warning:") }) { o.problems.append("unexpected standard error: \(bad)") }
            let produced = (try? FileManager.default.contentsOfDirectory(atPath: work + "/" + e.outputDirectory)) ?? []
            if produced.isEmpty { o.problems.append("no output written to \(e.outputDirectory)") }
            return
        }
        guard let last = lines.last, last.hasPrefix("error: ") else {
            o.problems.append("standard error does not end in one 'error:' line")
            return
        }
        if let other = lines.dropLast().first(where: { !$0.hasPrefix("warning:") }) {
            o.problems.append("standard error has more than one line besides warnings: \(other.prefix(160))")
        }
        let names = e.expectedLocations
        if !names.contains(where: { last.contains($0) }) {
            o.problems.append("error does not name \(names.joined(separator: " or "))")
        } else if e.needsLine ?? (e.status == 1 && names.allSatisfy { $0.hasSuffix(".yaml") || $0.hasSuffix(".csv") }) {
            let located = names.contains { name in
                last.range(of: NSRegularExpression.escapedPattern(for: name) + ":[0-9]+", options: .regularExpression) != nil
            }
            if !located { o.problems.append("error gives no line number after the file name") }
        }
        for m in e.mentions where !last.contains(m) { o.problems.append("error does not mention '\(m)'") }
    }

    /// Write the entry's input files into the work directory.
    func materialise(_ e: BadInput, work: String, nest: String) throws {
        let fm = FileManager.default
        let sub = { (s: String) in substitute(s, e, work: work, nest: nest) }
        if let src = e.base.mainSource {
            let text = try String(contentsOfFile: TestPaths.root + "/" + src, encoding: .utf8)
            _ = fm.createFile(atPath: work + "/" + e.base.mainName, contents: try applyEdits(e.edits, to: text, substitute: sub))
        } else if !e.edits.isEmpty {
            _ = fm.createFile(atPath: work + "/" + e.base.mainName, contents: try applyEdits(e.edits, to: "", substitute: sub))
        }
        if let d = e.base.dataset {
            let text = try String(contentsOfFile: TestPaths.root + "/" + d.source, encoding: .utf8)
            let dest = work + "/" + d.destination
            try fm.createDirectory(atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = fm.createFile(atPath: dest, contents: try applyEdits(e.datasetEdits, to: text, substitute: sub))
        }
        for c in e.base.companions {
            try fm.copyItem(atPath: TestPaths.root + "/" + c.source, toPath: work + "/" + c.destination)
        }
        for (path, extra) in e.extras {
            let full = work + "/" + path
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            switch extra {
            case .text(let t): _ = fm.createFile(atPath: full, contents: Data(sub(t).utf8))
            case .bytes(let b): _ = fm.createFile(atPath: full, contents: b)
            case .directory: try fm.createDirectory(atPath: full, withIntermediateDirectories: true)
            }
        }
    }

    /// `{{WORK}}` work directory, `{{NEST}}` the entry's tree, `{{ROOT}}` the run root,
    /// `{{TMP}}` the system temporary directory, `{{ID}}` the entry id.
    func substitute(_ s: String, _ e: BadInput, work: String, nest: String) -> String {
        guard s.contains("{{") else { return s }
        let tmp = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        return s.replacingOccurrences(of: "{{WORK}}", with: work).replacingOccurrences(of: "{{NEST}}", with: nest)
            .replacingOccurrences(of: "{{ROOT}}", with: root).replacingOccurrences(of: "{{TMP}}", with: tmp)
            .replacingOccurrences(of: "{{ID}}", with: e.id)
    }

    /// Path of the output directory inside the snapshot's key space (relative to the nest).
    func outputPrefix(_ e: BadInput, work: String, nest: String) -> String? {
        let out = URL(fileURLWithPath: e.outputDirectory, relativeTo: URL(fileURLWithPath: work + "/")).standardizedFileURL.path
        guard out.hasPrefix(nest + "/") else { return nil }
        return String(out.dropFirst(nest.count + 1))
    }

    /// Relative path → contents (regular files) or a marker (directories, others).
    func snapshot(_ dir: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dir) else { return result }
        while let rel = walker.nextObject() as? String {
            let full = dir + "/" + rel
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: full, isDirectory: &isDir)
            if isDir.boolValue { result[rel] = Data("<dir>".utf8); continue }
            let size = ((try? fm.attributesOfItem(atPath: full))?[.size] as? NSNumber)?.intValue ?? 0
            result[rel] = size > 50_000_000 ? Data("<large \(size)>".utf8) : (fm.contents(atPath: full) ?? Data("<unreadable>".utf8))
        }
        return result
    }

    func readPrefix(_ path: String) -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? h.close() }
        return String(decoding: h.readData(ofLength: 16_384), as: UTF8.self)
    }

    /// Run entries, `workers` at a time, in table order.
    func runAll(_ entries: [BadInput], workers: Int = 2) -> [Outcome] {
        let results = OutcomeBox(count: entries.count)
        let siblings = Set(entries.map(\.id) + ["logs"])
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = results.next() {
                results.set(i, run(entries[i], siblings: siblings))
            }
        }
        return results.outcomes.map { $0! }
    }

    /// Names in the run root that no entry's directory accounts for (written by an
    /// escaping output whose name does not carry the entry id).
    func strays(_ entries: [BadInput]) -> [String] {
        let known = Set(entries.map(\.id) + ["logs"])
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !known.contains($0) }.sorted()
    }

    /// Remove this run's temporary tree.
    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
}

/// Exit statuses of the CLI (Sources/raresep/main.swift).
enum ExitCodes {
    static let input: Int32 = 1
    static let numerical: Int32 = 3
}

/// Work queue and result slots shared by the worker threads.
final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private(set) var outcomes: [BadInputRunner.Outcome?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < outcomes.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func set(_ i: Int, _ o: BadInputRunner.Outcome) {
        lock.lock(); defer { lock.unlock() }
        outcomes[i] = o
    }
}
