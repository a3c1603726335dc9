import ArgumentParser
import Foundation
import RareSepIO

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep plan: a base case over a grid, Latin hypercube or Monte Carlo sample, one CSV row per point (docs/sweep.md).")

    @Argument(help: "Sweep plan (YAML).")
    var planPath: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/<plan name>, out/<plan name>-shard-i with --shard).")
    var output: String?

    @Option(help: "Run only shard i of n (points k with k mod n = i), e.g. --shard 0/4; join shards with 'raresep merge'.")
    var shard: String?

    @Option(name: .shortAndLong, help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    @Option(help: "Write job files instead of running: 'slurm' (array job + merge job) or 'k8s' (Indexed Job).")
    var emit: String?

    @Option(help: "With --emit: number of shards (default 4, at most one per point).")
    var shards = 4

    @Option(help: "With --emit: CPUs per shard task (default 1).")
    var cpusPerTask = 1

    @Option(help: "With --emit k8s: container image that has raresep on its PATH.")
    var image = "raresep:latest"

    func run() throws {
        if let emit {
            guard let target = SweepEmit.Target(rawValue: emit) else {
                throw ValidationError("--emit takes \(SweepEmit.Target.allCases.map(\.rawValue).joined(separator: " or ")), not '\(emit)'")
            }
            if shard != nil { throw ValidationError("--emit writes every shard's job; drop --shard") }
            let binary = Bundle.main.executablePath ?? CommandLine.arguments[0]
            let o = try SweepEmit.emit(planPath: planPath, target: target, shards: shards, output: output, binary: binary,
                                       image: image, cpusPerTask: cpusPerTask)
            print(o.text)
            print("Wrote " + o.written.joined(separator: ", "))
            return
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        let s = try shard.map { try SweepRunner.Shard(parsing: $0, plan: planPath) }
        let o = try Sweep.run(planPath: planPath, output: output, shard: s, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount, quiet: quiet)
        try finish(o)
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of 'raresep sweep PLAN --shard i/n' into the sweep.csv the whole sweep writes.")

    @Argument(help: "Output directory for the merged sweep.")
    var output: String

    @Argument(help: "Shard output directories (every shard of one plan, each once).")
    var shardDirectories: [String] = []

    func run() throws {
        try finish(try Sweep.merge(output: output, shardDirectories: shardDirectories))
    }
}

/// Print a sweep's outcome; failed points give exit status 3 after everything is written.
func finish(_ o: Sweep.Outcome) throws {
    print(o.text)
    print("Wrote " + o.written.joined(separator: ", "))
    if o.failed > 0 {
        printError("\(o.failed) of \(o.points) points failed (status and message in \(o.written[0]))")
        throw ExitCode(ExitStatus.numerical)
    }
}
