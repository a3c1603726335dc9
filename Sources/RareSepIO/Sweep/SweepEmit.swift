import Foundation
import RareSepCore

/// `raresep sweep PLAN --emit slurm|k8s`: job files that run the plan's shards on an
/// existing scheduler with the same binary, then merge them (docs/sweep.md).
public enum SweepEmit {
    /// The schedulers RareSep writes job files for.
    public enum Target: String, Sendable, CaseIterable {
        case slurm, k8s
    }

    /// A shell word in single quotes.
    static func sh(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func absolute(_ p: String) -> String {
        URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    /// Write the job files for `target` into `output` (default out/<plan name>-<target>):
    /// Slurm: array.sbatch (`--array=0-(n-1)`, one shard per task), merge.sbatch and
    /// submit.sh (submits the array, then the merge after it); Kubernetes: job.yaml (an
    /// Indexed Job of n completions) and merge.sh. Shards write to `<output>/shards/shard-i`,
    /// the merged result to `<output>/merged`. `binary` is the raresep executable to run.
    public static func emit(planPath: String, target: Target, shards: Int, output: String?, binary: String,
                            image: String, cpusPerTask: Int) throws -> Sweep.Outcome {
        let plan = try SweepPlan.load(path: planPath)
        let points = try plan.points().count
        if shards < 1 {
            throw InputError(location: SourceLocation(file: planPath), key: "--shards", value: String(shards), expected: "a shard count of at least 1")
        }
        let n = min(shards, max(1, points))
        let stem = ((planPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let dir = output ?? "out/\(stem)-\(target.rawValue)"
        let out = try OutputDirectory(dir, key: "--output", inputs: [planPath, plan.casePath])
        let root = absolute(dir), planAbs = absolute(planPath), bin = absolute(binary)
        let shardDirs = (0..<n).map { "\(root)/shards/shard-\($0)" }
        let name = "raresep-" + String(stem.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }).prefix(40)
        let about = "# Sweep \(planAbs): \(points) points in \(n) shards (point k runs in shard k mod \(n)).\n"
            + "# Written by 'raresep sweep --emit \(target.rawValue)'; plan fingerprint \(plan.fingerprint).\n"
        var files: [String] = []
        switch target {
        case .slurm:
            // Exit status 3 (some points failed; their rows say why) still completes the shard.
            let array = """
            #!/bin/bash
            \(about)# Submit with submit.sh (the array, then the merge once every task has ended).
            #SBATCH --job-name=\(name)
            #SBATCH --array=0-\(n - 1)
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=\(cpusPerTask)
            #SBATCH --output=\(root)/logs/shard-%a.log
            set -u
            \(sh(bin)) sweep \(sh(planAbs)) --shard "${SLURM_ARRAY_TASK_ID}/\(n)" --output \(sh(root + "/shards/shard-"))"${SLURM_ARRAY_TASK_ID}" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet
            status=$?
            if [ "$status" -eq 3 ]; then exit 0; fi
            exit "$status"

            """
            let merge = """
            #!/bin/bash
            \(about)# The merge step: joins every shard into \(root)/merged (the same sweep.csv a serial run writes).
            #SBATCH --job-name=\(name)-merge
            #SBATCH --ntasks=1
            #SBATCH --output=\(root)/logs/merge.log
            exec \(sh(bin)) merge \(sh(root + "/merged")) \(shardDirs.map(sh).joined(separator: " "))

            """
            let submit = """
            #!/bin/sh
            \(about)# Submits the array job, then the merge job after it (afterany: the merge itself checks every shard).
            set -eu
            cd "$(dirname "$0")"
            mkdir -p \(sh(root + "/logs")) \(sh(root + "/shards"))
            array=$(sbatch --parsable array.sbatch)
            array=${array%%;*}
            merge=$(sbatch --parsable --dependency=afterany:"$array" merge.sbatch)
            echo "array job $array (\(n) tasks), merge job ${merge%%;*}; result: \(root)/merged/sweep.csv"

            """
            files = [try out.write(array, "array.sbatch"), try out.write(merge, "merge.sbatch"), try out.write(submit, "submit.sh")]
        case .k8s:
            let planRel = planPath.hasPrefix("/") ? planAbs : planPath
            let command = "\(sh(binaryName(binary))) sweep \(sh(planRel)) --shard \"$JOB_COMPLETION_INDEX/\(n)\" --output \"/data/shards/shard-$JOB_COMPLETION_INDEX\" --quiet; s=$?; [ $s -eq 3 ] && s=0; exit $s"
            let job = """
            \(about)# The volume 'raresep-data' (mounted at /data, the working directory) holds the plan, its base case
            # and Models/ at the paths used here. Apply: kubectl apply -f job.yaml; after it completes merge with
            # merge.sh (or: raresep merge /data/merged /data/shards/shard-0 ... /data/shards/shard-\(n - 1)).
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: \(name)
              labels: {app: raresep-sweep}
            spec:
              completionMode: Indexed
              completions: \(n)
              parallelism: \(n)
              backoffLimit: \(n)
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: shard
                      image: \(image)
                      workingDir: /data
                      command: ["sh", "-c", \(yamlQuoted(command))]
                      resources:
                        requests: {cpu: "\(cpusPerTask)"}
                      volumeMounts:
                        - {name: data, mountPath: /data}
                  volumes:
                    - name: data
                      persistentVolumeClaim: {claimName: raresep-data}

            """
            let merge = """
            #!/bin/sh
            \(about)# Run where /data is mounted (a pod on the same volume) once the Job has completed.
            exec \(sh(binaryName(binary))) merge /data/merged \((0..<n).map { "/data/shards/shard-\($0)" }.joined(separator: " "))

            """
            files = [try out.write(job, "job.yaml"), try out.write(merge, "merge.sh")]
        }
        try out.commit(command: "sweep --emit \(target.rawValue)", input: planPath, status: "success")
        let how = target == .slurm ? "submit with: sh \(dir)/submit.sh" : "apply with: kubectl apply -f \(dir)/job.yaml, then \(dir)/merge.sh"
        return Sweep.Outcome(text: "Sweep \(stem): \(points) points in \(n) shards for \(target.rawValue); \(how)", written: files,
                             failed: 0, points: points)
    }

    /// The executable name inside a container image (on its PATH).
    static func binaryName(_ binary: String) -> String { "raresep" }

    /// A double-quoted YAML scalar.
    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
