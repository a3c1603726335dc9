import Foundation
import XCTest

/// Issue 10, outputs and input files, through the built executable: output names stay
/// inside --output, outputs never replace an input, sets are whole (COMPLETE marker,
/// concurrent runs, signals), files named for reading are checked and never echoed.
final class OutputSafetyTests: XCTestCase {
    /// A constant-β cascade (fast); `feed` sets the feed flow in L/h, `stages` the first section.
    static func cascade(feed: Double = 5, stages: Int = 20) -> String {
        """
        kind: cascade
        name: output safety
        components: [Tb, Dy]
        models:
          m: {id: constant-separation-factors, reference_D: 0.5, separation_factors: {Tb: 1.0, Dy: 2.0}}
        sections:
          - {name: extraction, stages: \(stages), model: m}
          - {name: scrub, stages: 10, model: m}
        streams:
          - {name: feed, phase: aqueous, stage: {section: extraction, stage: last}, flow: \(feed) L/h, composition: {Tb: 0.6 g/L, Dy: 2.4 g/L}}
          - {name: scrub acid, phase: aqueous, stage: {section: scrub, stage: last}, flow: 20 L/h}
        organic: {flow: 30 L/h}

        """
    }

    /// The bundled Dy log D fit spec with its dataset copied into `dir`, plus `extra` lines.
    static func fitSpec(in dir: String, extra: String = "") throws -> String {
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.root + "/cases/data/dy-logD-synthetic.csv", toPath: dir + "/data/dy-logD-synthetic.csv")
        let text = try String(contentsOfFile: TestPaths.root + "/cases/fit-dy-logD.yaml", encoding: .utf8)
        let path = dir + "/spec.yaml"
        try (text + "\n" + extra + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    func testOutputNamesFromASpecStayInsideTheOutputDirectory() throws {
        for name in ["../escaped.json", "../../escaped.json", "/tmp/raresep-escaped-\(UUID().uuidString).json", "''", "a/../../escaped.json", "COMPLETE"] {
            let dir = TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let spec = try Self.fitSpec(in: dir, extra: "output: {json: \(name)}")
            let before = Self.entries(dir)
            let r = try runCLI(["fit", spec, "--output", dir + "/out"])
            XCTAssertEqual(r.status, 1, name + ": " + r.stderr)
            XCTAssertTrue(r.stderr.contains("spec.yaml:") && r.stderr.contains("output.json"), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertEqual(Self.entries(dir), before, "nothing written for \(name)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: name), name)
        }
        // two outputs with one name: an error, not one file silently overwriting the other
        let dir = TestPaths.temporaryDirectory()
        let spec = try Self.fitSpec(in: dir, extra: "output: {json: same.txt, plot: same.txt}")
        let r = try runCLI(["fit", spec, "--output", dir + "/out"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("same.txt"), r.stderr)
        // a name with a subdirectory stays inside
        let ok = try Self.fitSpec(in: TestPaths.temporaryDirectory(), extra: "output: {json: sub/fit.json}")
        let out = (ok as NSString).deletingLastPathComponent + "/out"
        let good = try runCLI(["fit", ok, "--output", out])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/sub/fit.json"))
    }

    func testAnOutputNeverReplacesAnInputOfTheRun() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try Self.fitSpec(in: dir, extra: "output: {model: spec.yaml}")
        let original = try String(contentsOfFile: spec, encoding: .utf8)
        for out in [dir, dir + "/", dir + "/data"] {
            let r = try runCLI(["fit", spec, "--output", out])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("input"), r.stderr)
        }
        XCTAssertEqual(try String(contentsOfFile: spec, encoding: .utf8), original)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/data/dy-logD-synthetic.csv"))
        // a case whose model file lives in the output directory it names
        try FileManager.default.createDirectory(atPath: dir + "/o", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.models + "/extraction/d2ehpa-chloride-mass-action.yaml", toPath: dir + "/o/model.yaml")
        let text = try String(contentsOfFile: TestPaths.root + "/cases/default.yaml", encoding: .utf8)
            .replacingOccurrences(of: "file: extraction/d2ehpa-chloride-mass-action.yaml", with: "file: o/model.yaml")
        try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["run", dir + "/case.yaml", "--output", dir + "/o"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("model.yaml"), r.stderr)
        XCTAssertEqual(Self.entries(dir + "/o"), ["model.yaml"])
    }

    func testADirectoryRareSepDidNotWriteIsNotReplaced() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.cascade().write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/mine", withIntermediateDirectories: true)
        try "keep me".write(toFile: dir + "/mine/notes.txt", atomically: true, encoding: .utf8)
        let r = try runCLI(["run", dir + "/c.yaml", "--output", dir + "/mine"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("notes.txt") && r.stderr.contains("--output"), r.stderr)
        XCTAssertEqual(Self.entries(dir + "/mine"), ["notes.txt"])
        XCTAssertEqual(Self.entries(dir), ["c.yaml", "mine"], "no temporary directory left")
    }

    func testASetIsWholeAndMarkedCompleteAndARerunReplacesIt() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.cascade(feed: 5).write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try Self.cascade(feed: 7).write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        for c in ["a.yaml", "b.yaml"] {
            let r = try runCLI(["run", dir + "/" + c, "--output", dir + "/out"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let marker = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/COMPLETE"))) as! [String: Any]
            XCTAssertEqual(marker["complete"] as? Bool, true)
            XCTAssertTrue((marker["input"] as? String ?? "").hasSuffix(c))
            XCTAssertEqual(Set(((marker["files"] as? [String]) ?? []) + ["COMPLETE"]), Set(Self.entries(dir + "/out")))
        }
        XCTAssertEqual(Self.entries(dir), ["a.yaml", "b.yaml", "out"], "no temporary or set-aside directory left")
    }

    /// Start the executable with output discarded.
    static func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestPaths.executable)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func testConcurrentRunsOnOneOutputDirectoryNeverMixTheirSets() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.cascade(feed: 5, stages: 300).write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try Self.cascade(feed: 7, stages: 300).write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let files = ["summary.json", "stage_profiles.csv", "outlets.csv", "stage_diagnostics.csv"]
        func read(_ d: String) throws -> [String] { try files.map { try String(contentsOfFile: d + "/" + $0, encoding: .utf8) } }
        // each run alone: its reference set
        var reference: [String: [String]] = [:]
        for c in ["a", "b"] {
            XCTAssertEqual(try runCLI(["run", dir + "/\(c).yaml", "--output", dir + "/ref-" + c]).status, 0)
            reference[c] = try read(dir + "/ref-" + c)
        }
        XCTAssertNotEqual(reference["a"]![1], reference["b"]![1], "the two cases must give different profiles")
        for round in 0..<6 {
            let a = try Self.start(["run", dir + "/a.yaml", "--output", dir + "/shared"])
            let b = try Self.start(["run", dir + "/b.yaml", "--output", dir + "/shared"])
            a.waitUntilExit(); b.waitUntilExit()
            XCTAssertEqual(a.terminationStatus, 0, "round \(round)")
            XCTAssertEqual(b.terminationStatus, 0, "round \(round)")
            let set = try read(dir + "/shared")
            XCTAssertTrue(set == reference["a"]! || set == reference["b"]!, "round \(round): a mixed set")
            let marker = try String(contentsOfFile: dir + "/shared/COMPLETE", encoding: .utf8)
            let winner = set == reference["a"]! ? "a.yaml" : "b.yaml"
            XCTAssertTrue(marker.contains(winner), "round \(round): the marker names the run whose files are there")
        }
        XCTAssertEqual(Self.entries(dir), ["a.yaml", "b.yaml", "ref-a", "ref-b", "shared"], "no temporary directory left")
    }

    func testASignalLeavesNoTemporaryFilesAndNoNewSet() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // a long run (a large cascade generated here), a short one, and a finished set from an earlier run
        try Self.cascade(stages: 40_000).write(toFile: dir + "/big.yaml", atomically: true, encoding: .utf8)
        try Self.cascade(feed: 7).write(toFile: dir + "/short.yaml", atomically: true, encoding: .utf8)
        try Self.cascade().write(toFile: dir + "/small.yaml", atomically: true, encoding: .utf8)
        // signalled while solving (the large run, once its temporary directory exists), and
        // while waiting to move its whole set, marker included, into place (the short run)
        for (sig, status, run) in [(SIGTERM, Int32(143), "big.yaml"), (SIGINT, Int32(130), "big.yaml"), (SIGTERM, Int32(143), "short.yaml")] {
            XCTAssertEqual(try runCLI(["run", dir + "/small.yaml", "--output", dir + "/out"]).status, 0)
            let before = try String(contentsOfFile: dir + "/out/summary.json", encoding: .utf8)
            // Hold the lock on the parent directory that a run takes to move its set into
            // place (as a concurrent run would): the run cannot finish before it is
            // signalled, however slowly this process is scheduled.
            let lock = open(dir, O_RDONLY)
            XCTAssertGreaterThanOrEqual(lock, 0)
            XCTAssertEqual(flock(lock, LOCK_EX), 0)
            let p = try Self.start(["run", dir + "/" + run, "--output", dir + "/out"])
            func ready() -> Bool {
                guard let tmp = Self.entries(dir).first(where: { $0.hasPrefix("out.tmp-") }) else { return false }
                return run == "big.yaml" || Self.entries(dir + "/" + tmp).contains("COMPLETE")
            }
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline && !ready() && p.isRunning {
                usleep(10_000)
            }
            XCTAssertTrue(p.isRunning && ready(), "\(run): the run ended before it could be interrupted, or never got ready")
            kill(p.processIdentifier, sig)
            // it must end while the lock is still held (a bounded wait, so a regression fails, not hangs)
            let end = Date().addingTimeInterval(120)
            while Date() < end && p.isRunning { usleep(10_000) }
            XCTAssertFalse(p.isRunning, "\(run): the signalled run waited for the lock instead of ending")
            close(lock)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .exit, run)
            XCTAssertEqual(p.terminationStatus, status, run)
            XCTAssertEqual(Self.entries(dir), ["big.yaml", "out", "short.yaml", "small.yaml"], "\(run): no temporary directory left")
            XCTAssertEqual(try String(contentsOfFile: dir + "/out/summary.json", encoding: .utf8), before, "\(run): the earlier set stays whole")
            XCTAssertTrue((try String(contentsOfFile: dir + "/out/COMPLETE", encoding: .utf8)).contains("small.yaml"), run)
        }
    }

    func testFilesNamedForReadingAreCheckedAndNeverEchoed() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let secret = "SECRET-\(UUID().uuidString)"
        try "\(secret):x:0:0:root:/root:/bin/bash\n\(secret),a,b\n".write(toFile: dir + "/secret.txt", atomically: true, encoding: .utf8)
        try "model: [\(secret)\n".write(toFile: dir + "/broken.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/adir", withIntermediateDirectories: true)
        var references = [dir + "/secret.txt", "secret.txt", dir + "/broken.yaml", dir + "/adir", "/dev/null", dir + "/missing.yaml"]
        if FileManager.default.fileExists(atPath: "/proc/self/status") { references.append("/proc/self/status") }
        let base = try String(contentsOfFile: TestPaths.root + "/cases/default.yaml", encoding: .utf8)
        for ref in references {
            try base.replacingOccurrences(of: "file: extraction/d2ehpa-chloride-mass-action.yaml", with: "file: \(ref)")
                .write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
            let r = try runCLI(["run", dir + "/case.yaml", "--output", dir + "/out"])
            XCTAssertEqual(r.status, 1, ref + ": " + r.stderr)
            XCTAssertTrue(r.stderr.contains("case.yaml:") && r.stderr.contains("models.d2ehpa.file"), r.stderr)
            XCTAssertTrue(r.stderr.contains("model file"), r.stderr)
            XCTAssertFalse(r.stderr.contains(secret), "contents echoed: " + r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
        for ref in [dir + "/secret.txt", dir + "/adir", "/dev/zero"] {
            let spec = dir + "/fit.yaml"
            try String(contentsOfFile: TestPaths.root + "/cases/fit-dy-logD.yaml", encoding: .utf8)
                .replacingOccurrences(of: "dataset: data/dy-logD-synthetic.csv", with: "dataset: \(ref)")
                .write(toFile: spec, atomically: true, encoding: .utf8)
            let r = try runCLI(["fit", spec, "--output", dir + "/out"])
            XCTAssertEqual(r.status, 1, ref + ": " + r.stderr)
            XCTAssertFalse(r.stderr.contains(secret), "contents echoed: " + r.stderr)
        }
        // the case file itself
        for path in [dir + "/secret.txt", dir + "/adir", "/dev/null"] {
            let r = try runCLI(["run", path, "--output", dir + "/out"])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertFalse(r.stderr.contains(secret), "contents echoed: " + r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
    }

    func testRunOrFitOnADirectoryAndValidateWithoutValidationSayWhy() throws {
        for args in [["run", "."], ["fit", "."]] {
            let r = try runCLI(args)
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("directory"), r.stderr)
        }
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runCLI(["validate", "--root", dir + "/Validation"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains(dir + "/Validation"), r.stderr)
        try FileManager.default.createDirectory(atPath: dir + "/Validation", withIntermediateDirectories: true)
        let empty = try runCLI(["validate", "--root", dir + "/Validation"])
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("has none"), empty.stderr)
    }
}
