import Foundation
import GSLBridge
import RareSepCore
@testable import RareSepIO
import XCTest

/// Sweep plans: point generation (grid, Latin hypercube, Monte Carlo), determinism
/// across worker counts, shard partition and merge, job files, plan errors.
final class SweepTests: XCTestCase {
    /// A fresh directory holding a plan over the constant-β Tb/Dy case (fast solves).
    func planDirectory(_ plan: String, name: String = "plan.yaml") throws -> (dir: String, plan: String) {
        let dir = NSTemporaryDirectory() + "raresep-sweep-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.root + "/cases/tb-dy-constant-beta.yaml", toPath: dir + "/beta.yaml")
        try plan.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return (dir, dir + "/" + name)
    }

    static let betaPlan = """
    base: beta.yaml
    vary:
      sections.scrub.stages: {from: 10, to: 25, count: 4}
      streams.scrub acid.flow: [16 L/h, 20 L/h]
      models.loaded-organic.reference_D: {from: 0.4, to: 0.6, count: 2, scale: log}
    outputs:
      Dy purity: {path: outlets.strip liquor.purity.Dy, unit: "%"}
      Dy recovery: outlets.strip liquor.recovery.Dy
      strip flow: {path: outlets.strip liquor.aqueous_flow_m3_per_s, unit: L/h}

    """

    func testRangesAndGrid() {
        let lin = SweepPoints.range(from: 2, to: 8, count: 4, log: false)
        XCTAssertEqual(lin, [2, 4, 6, 8])
        let log = SweepPoints.range(from: 1, to: 1000, count: 4, log: true)
        for (a, b) in zip(log, [1.0, 10, 100, 1000]) { XCTAssertEqual(a, b, accuracy: 1e-12 * b) }
        let g = SweepPoints.grid([2, 3])
        XCTAssertEqual(g.count, 6)
        XCTAssertEqual(g[0], [0, 0]); XCTAssertEqual(g[1], [0, 1]); XCTAssertEqual(g[5], [1, 2])   // last axis fastest
    }

    func testLatinHypercubeHitsEveryStratumOnce() {
        let n = 37, d = 4
        let u = SweepPoints.latinHypercube(samples: n, dimensions: d, seed: 11)
        XCTAssertEqual(u.count, n)
        for j in 0..<d {
            let strata = u.map { Int(($0[j] * Double(n)).rounded(.down)) }
            XCTAssertEqual(Set(strata), Set(0..<n), "dimension \(j): each of the \(n) strata exactly once")
        }
        XCTAssertEqual(u.map { $0.map { $0 } }, SweepPoints.latinHypercube(samples: n, dimensions: d, seed: 11), "seeded: reproducible")
        XCTAssertNotEqual(u, SweepPoints.latinHypercube(samples: n, dimensions: d, seed: 12))
    }

    func testMonteCarloMeanAndCovariance() throws {
        let mean = [1.7, 0.06, -2.4]
        let sd = [0.05, 0.01, 0.2]
        let rho = [[1, -0.8, 0.3], [-0.8, 1, -0.1], [0.3, -0.1, 1]]
        let cov = (0..<3).map { i in (0..<3).map { j in sd[i] * sd[j] * rho[i][j] } }
        let l = try XCTUnwrap(SweepPoints.cholesky(cov))
        for i in 0..<3 { for j in 0..<3 {
            let llt = (0..<3).reduce(0.0) { $0 + l[i][$1] * l[j][$1] }
            XCTAssertEqual(llt, cov[i][j], accuracy: 1e-15)
        } }
        let n = 40_000
        let x = try XCTUnwrap(SweepPoints.multivariateNormal(mean: mean, covariance: cov, samples: n, seed: 5))
        let m = (0..<3).map { j in x.reduce(0) { $0 + $1[j] } / Double(n) }
        for j in 0..<3 {
            // Standard error of a mean: σ/√n; allow 4 of them.
            XCTAssertEqual(m[j], mean[j], accuracy: 4 * sd[j] / Double(n).squareRoot())
        }
        for i in 0..<3 { for j in 0..<3 {
            let c = x.reduce(0) { $0 + ($1[i] - m[i]) * ($1[j] - m[j]) } / Double(n - 1)
            // Standard error of a sample covariance ≈ σᵢσⱼ √((1+ρ²)/n); allow 4 of them.
            let se = sd[i] * sd[j] * ((1 + rho[i][j] * rho[i][j]) / Double(n)).squareRoot()
            XCTAssertEqual(c, cov[i][j], accuracy: 4 * se, "cov[\(i)][\(j)]")
        } }
        XCTAssertNil(SweepPoints.cholesky([[1, 2], [2, 1]]), "indefinite covariance is refused")
    }

    func testGridPlanPointsAndLatinHypercubePlan() throws {
        let (_, path) = try planDirectory(Self.betaPlan)
        let plan = try SweepPlan.load(path: path)
        let pts = try plan.points()
        XCTAssertEqual(pts.count, 4 * 2 * 2)
        XCTAssertEqual(pts[0].texts, ["10", "16 L/h", "0.4"])
        XCTAssertEqual(pts[15].texts, ["25", "20 L/h", "0.6"])
        XCTAssertEqual(SweepTable.header(plan), ["point", "sections.scrub.stages", "streams.scrub acid.flow [L/h]",
                                                 "models.loaded-organic.reference_D", "Dy purity [%]", "Dy recovery", "strip flow [L/h]",
                                                 "status", "message"])
        let lhs = """
        base: beta.yaml
        method: latin_hypercube
        samples: 12
        seed: 3
        vary:
          sections.scrub.stages: {from: 10, to: 21}
          organic.loop.flow: {from: 25 L/h, to: 40 L/h}
        outputs: {Dy purity: outlets.strip liquor.purity.Dy}
        """
        let (_, lpath) = try planDirectory(lhs)
        let lp = try SweepPlan.load(path: lpath).points()
        XCTAssertEqual(lp.count, 12)
        // 12 whole numbers 10…21 in 12 strata: each stage count exactly once.
        XCTAssertEqual(Set(lp.map { $0.cells[0] }), Set((10...21).map(String.init)))
        for p in lp { let f = Double(p.cells[1])!; XCTAssertTrue(f >= 25 && f <= 40) }
    }

    /// Rows are the same for one worker and for two, and shards merged give the serial files.
    func testShardsMergeToTheSerialSweepByteForByte() throws {
        let (dir, path) = try planDirectory(Self.betaPlan)
        let serial = try Sweep.run(planPath: path, output: dir + "/serial", shard: nil, workers: 1, quiet: true)
        XCTAssertEqual(serial.failed, 0)
        _ = try Sweep.run(planPath: path, output: dir + "/parallel", shard: nil, workers: 2, quiet: true)
        let csv = try String(contentsOfFile: dir + "/serial/sweep.csv", encoding: .utf8)
        XCTAssertEqual(csv, try String(contentsOfFile: dir + "/parallel/sweep.csv", encoding: .utf8))
        XCTAssertEqual(csv.split(separator: "\n").count, 2 + 16)
        // Physics, not numbers: more scrub stages never lower the Dy purity (same flows and D).
        let rows = csv.split(separator: "\n").dropFirst(2).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for r in rows { XCTAssertEqual(r[7], "ok"); XCTAssertEqual(Double(r[6])!, 4, accuracy: 1e-9, "strip liquor flow = strip acid flow") }
        for a in rows { for b in rows where b[2] == a[2] && b[3] == a[3] && Int(b[1])! > Int(a[1])! {
            XCTAssertGreaterThanOrEqual(Double(b[4])!, Double(a[4])! - 1e-9)
        } }

        let n = 3
        for i in 0..<n {
            _ = try Sweep.run(planPath: path, output: dir + "/shard-\(i)", shard: .init(index: i, count: n), workers: 2, quiet: true)
        }
        let shardDirs = (0..<n).map { dir + "/shard-\($0)" }
        _ = try Sweep.merge(output: dir + "/merged", shardDirectories: shardDirs.reversed())
        for f in ["sweep.csv", "sweep.json"] {
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "/merged/" + f), FileManager.default.contents(atPath: dir + "/serial/" + f), f)
        }
        // A missing shard, a shard given twice, a shard of another plan: errors naming them.
        XCTAssertThrowsError(try Sweep.merge(output: dir + "/m2", shardDirectories: Array(shardDirs.prefix(2)))) {
            XCTAssertTrue("\($0)".contains("missing shard 2/3"), "\($0)")
        }
        XCTAssertThrowsError(try Sweep.merge(output: dir + "/m3", shardDirectories: shardDirs + [shardDirs[1]])) {
            XCTAssertTrue("\($0)".contains("shard 1/3"), "\($0)")
        }
        try (Self.betaPlan + "seed: 2\n").write(toFile: dir + "/other.yaml", atomically: true, encoding: .utf8)
        _ = try Sweep.run(planPath: dir + "/other.yaml", output: dir + "/other-2", shard: .init(index: 2, count: n), workers: 1, quiet: true)
        XCTAssertThrowsError(try Sweep.merge(output: dir + "/m4", shardDirectories: Array(shardDirs.prefix(2)) + [dir + "/other-2"])) {
            XCTAssertTrue("\($0)".contains("shards of one plan"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m4"))
    }

    func testShardOption() throws {
        XCTAssertEqual(try SweepRunner.Shard(parsing: "2/5", plan: "p.yaml"), SweepRunner.Shard(index: 2, count: 5))
        for bad in ["3/2", "2/2", "0/0", "-1/3", "1", "a/b"] {
            XCTAssertThrowsError(try SweepRunner.Shard(parsing: bad, plan: "p.yaml"), bad) { XCTAssertTrue("\($0)".contains("--shard"), "\($0)") }
        }
        let s = SweepRunner.Shard(index: 1, count: 3)
        XCTAssertEqual((0..<10).filter(s.contains), [1, 4, 7])
    }

    func testEmittedJobFiles() throws {
        let (dir, path) = try planDirectory(Self.betaPlan)
        _ = try SweepEmit.emit(planPath: path, target: .k8s, shards: 4, output: dir + "/k8s", binary: "/usr/bin/raresep",
                               image: "example/raresep:1", cpusPerTask: 1)
        let job = try YAMLDocument.load(path: dir + "/k8s/job.yaml")
        XCTAssertEqual(try job.require("kind").string(), "Job")
        let spec = try job.require("spec")
        XCTAssertEqual(try spec.require("completionMode").string(), "Indexed")
        XCTAssertEqual(try spec.require("completions").int(), 4)
        let container = try spec.require("template").require("spec").require("containers").items()[0]
        let command = try container.require("command").items().map { try $0.string() }
        XCTAssertEqual(command.prefix(2), ["sh", "-c"])
        XCTAssertTrue(command[2].contains("--shard \"$JOB_COMPLETION_INDEX/4\""), command[2])
        XCTAssertEqual(try container.require("image").string(), "example/raresep:1")

        _ = try SweepEmit.emit(planPath: path, target: .slurm, shards: 3, output: dir + "/slurm", binary: "/opt/raresep",
                               image: "", cpusPerTask: 2)
        let array = try String(contentsOfFile: dir + "/slurm/array.sbatch", encoding: .utf8)
        XCTAssertTrue(array.contains("#SBATCH --array=0-2\n"))
        XCTAssertTrue(array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\""))
        XCTAssertTrue(array.contains("'/opt/raresep' sweep '\(path)'"))
        let merge = try String(contentsOfFile: dir + "/slurm/merge.sbatch", encoding: .utf8)
        XCTAssertTrue(merge.contains("merge '\(dir)/slurm/merged' '\(dir)/slurm/shards/shard-0' '\(dir)/slurm/shards/shard-1' '\(dir)/slurm/shards/shard-2'"))
        XCTAssertTrue(try String(contentsOfFile: dir + "/slurm/submit.sh", encoding: .utf8).contains("--dependency=afterany:"))
    }

    /// `warm_start: base` (the default: every point starts from the base case's solution)
    /// and `warm_start: none` (every point cold) give the same outputs to the solver's
    /// tolerance on cases/sweep-default.yaml (scrub stages 15–30 around the base's 20, so
    /// the warm start is interpolated onto other stage counts): 1e-9 relative on every
    /// output column but the Newton iteration count, which says how the solve went.
    func testWarmStartFromTheBaseGivesTheColdOutputs() throws {
        var plan = try SweepPlan.load(path: TestPaths.root + "/cases/sweep-default.yaml")
        XCTAssertEqual(plan.warmStart, .base, "default")
        let points = try plan.points()
        let warm = try SweepRunner.run(plan, points: points, workers: 2)
        plan.warmStart = .none
        let cold = try SweepRunner.run(plan, points: points, workers: 2)
        let first = plan.variables.count, iterations = plan.outputs.firstIndex { $0.keyPath == "solver.iterations" }!
        var warmIterations = 0, coldIterations = 0
        for (w, c) in zip(warm, cold) {
            XCTAssertEqual(w.status, "ok"); XCTAssertEqual(c.status, "ok")
            XCTAssertEqual(Array(w.cells.prefix(first)), Array(c.cells.prefix(first)))
            for (o, (a, b)) in zip(w.cells.dropFirst(first), c.cells.dropFirst(first)).enumerated() {
                if o == iterations { warmIterations += Int(a)!; coldIterations += Int(b)!; continue }
                let x = Double(a)!, y = Double(b)!
                XCTAssertLessThanOrEqual(abs(x - y), 1e-9 * max(abs(y), 1e-300), "point \(w.index) \(plan.outputs[o].name): warm \(a), cold \(b)")
            }
        }
        XCTAssertLessThan(warmIterations, coldIterations, "the warm start is used")
    }

    func testWarmStartOption() throws {
        let (_, path) = try planDirectory(Self.betaPlan + "warm_start: none\n")
        XCTAssertEqual(try SweepPlan.load(path: path).warmStart, .none)
        let (_, bad) = try planDirectory(Self.betaPlan + "warm_start: neighbour\n")
        XCTAssertThrowsError(try SweepPlan.load(path: bad)) {
            XCTAssertTrue("\($0)".contains("plan.yaml:10") && "\($0)".contains("base") && "\($0)".contains("none"), "\($0)")
        }
    }

    func testPlanErrorsAreLocated() throws {
        func error(_ plan: String) throws -> String {
            let (_, path) = try planDirectory(plan)
            do { let p = try SweepPlan.load(path: path); _ = try p.points(); return "no error" } catch { return "\(error)" }
        }
        let out = "outputs: {Dy purity: outlets.strip liquor.purity.Dy}\n"
        var e = try error("base: beta.yaml\nvary:\n  sections.scrubb.stages: [10]\n" + out)
        XCTAssertTrue(e.contains("plan.yaml:3") && e.contains("did you mean 'scrub'"), e)
        e = try error("base: beta.yaml\nvary:\n  streams.feed.flow: [5 mol/L]\n" + out)
        XCTAssertTrue(e.contains("plan.yaml:3") && e.contains("'mol/L' is not a flow unit"), e)
        e = try error("base: beta.yaml\nvary:\n  streams.feed.flow: []\n" + out)
        XCTAssertTrue(e.contains("plan.yaml:3") && e.contains("at least one value"), e)
        e = try error("base: beta.yaml\nvary:\n  streams.feed.flow: {from: 5 L/h, to: 5 L/h, count: 3}\n" + out)
        XCTAssertTrue(e.contains("plan.yaml:3") && e.contains("empty"), e)
        e = try error("base: beta.yaml\nvary:\n  streams.feed.flow: [5 L/h]\noutputs:\n  p: {path: outlets.raffinate.purity.Dy, unit: L/h}\n")
        XCTAssertTrue(e.contains("plan.yaml:5") && e.contains("unit"), e)
        e = try error("base: beta.yaml\nvary:\n  streams: [5 L/h]\n" + out)
        XCTAssertTrue(e.contains("a key path to a single value"), e)
    }

    func testUnknownOutputPathIsAPlanError() throws {
        let (dir, path) = try planDirectory("base: beta.yaml\nvary:\n  streams.feed.flow: [5 L/h, 6 L/h]\noutputs:\n  p: outlets.strip liquor.purty.Dy\n")
        XCTAssertThrowsError(try Sweep.run(planPath: path, output: dir + "/o", shard: nil, workers: 2, quiet: true)) {
            XCTAssertTrue("\($0)".contains("plan.yaml:5") && "\($0)".contains("did you mean 'outlets.strip liquor.purity.Dy'"), "\($0)")
        }
    }

    func testFailedPointIsARowAndTheSweepContinues() throws {
        // Zero scrub stages: the case reader refuses that point; the others run.
        let (dir, path) = try planDirectory("base: beta.yaml\nvary:\n  sections.scrub.stages: [0, 12]\noutputs:\n  p: outlets.strip liquor.purity.Dy\n")
        let o = try Sweep.run(planPath: path, output: dir + "/o", shard: nil, workers: 2, quiet: true)
        XCTAssertEqual(o.failed, 1)
        let lines = try String(contentsOfFile: dir + "/o/sweep.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines[2].hasPrefix("0,0,,input_error,"), String(lines[2]))
        XCTAssertTrue(lines[2].contains("plan.yaml:3"), "the point's error points at the plan line: \(lines[2])")
        XCTAssertTrue(lines[3].contains(",ok,"), String(lines[3]))
    }

    func testMonteCarloPlanOverAFitReport() throws {
        // A fit report of two parameters mapped onto the case's reference D and scrub flow factor.
        let fit = """
        {"converged": true, "correlation": [[1, 0.5], [0.5, 1]],
         "parameters": [{"name": "D", "estimate": 0.5, "standardError": 0.02}, {"name": "beta", "estimate": 2.0, "standardError": 0.05}]}
        """
        let plan = """
        base: beta.yaml
        method: monte_carlo
        fit: fit.json
        samples: 6
        seed: 9
        parameters: {D: models.loaded-organic.reference_D, beta: models.loaded-organic.separation_factors.Dy}
        outputs: {Dy purity: outlets.strip liquor.purity.Dy}
        """
        let (dir, path) = try planDirectory(plan)
        try fit.write(toFile: dir + "/fit.json", atomically: true, encoding: .utf8)
        let p = try SweepPlan.load(path: path)
        let pts = try p.points()
        XCTAssertEqual(pts.count, 6)
        XCTAssertEqual(pts.map(\.texts), try SweepPlan.load(path: path).points().map(\.texts), "seeded")
        let o = try Sweep.run(planPath: path, output: dir + "/o", shard: nil, workers: 2, quiet: true)
        XCTAssertEqual(o.failed, 0)
        // An unknown parameter name is located with a hint.
        try plan.replacingOccurrences(of: "beta: models", with: "betta: models").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SweepPlan.load(path: path)) { XCTAssertTrue("\($0)".contains("did you mean 'beta'"), "\($0)") }
    }

    /// The command line: shards and merge give the serial files; no progress line when
    /// standard error is not a terminal.
    func testCommandLineShardsAndMerge() throws {
        let (dir, _) = try planDirectory(Self.betaPlan)
        let serial = try runCLI(["sweep", "plan.yaml", "--output", "serial"], in: dir)
        XCTAssertEqual(serial.status, 0, serial.stderr)
        XCTAssertEqual(serial.stderr, "", "nothing on stderr when it is not a terminal")
        XCTAssertTrue(serial.stdout.contains("16 of 16 points"), serial.stdout)
        for i in 0..<2 {
            let r = try runCLI(["sweep", "plan.yaml", "--shard", "\(i)/2", "--output", "s\(i)", "--quiet"], in: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let m = try runCLI(["merge", "merged", "s1", "s0"], in: dir)
        XCTAssertEqual(m.status, 0, m.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/merged/sweep.csv"), FileManager.default.contents(atPath: dir + "/serial/sweep.csv"))
        let missing = try runCLI(["merge", "m2", "s1"], in: dir)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("error: s1/sweep.json") && missing.stderr.contains("missing shard 0/2"), missing.stderr)
    }

    func testProgressLine() {
        XCTAssertEqual(ProgressReporter.line(label: "sweep", done: 5, total: 20, unit: "points", seconds: 2), "sweep 5/20 points, 2.5/s, 6 s left")
        XCTAssertEqual(ProgressReporter.line(label: "sweep", done: 0, total: 20, unit: "points", seconds: 0), "sweep 0/20 points")
        XCTAssertEqual(ProgressReporter.duration(3725), "1 h 02 min")
        final class Sink: @unchecked Sendable { var text = "" }
        let sink = Sink()
        let quiet = ProgressReporter(label: "x", total: 3, quiet: true, force: true) { sink.text += $0 }
        quiet.advance(); quiet.finish()
        XCTAssertEqual(sink.text, "")
        let loud = ProgressReporter(label: "x", total: 2, unit: "points", quiet: false, force: true) { sink.text += $0 }
        loud.advance(); loud.advance(); loud.finish()
        XCTAssertTrue(sink.text.contains("x 2/2 points") && sink.text.hasSuffix("\n"), sink.text)
    }
}
