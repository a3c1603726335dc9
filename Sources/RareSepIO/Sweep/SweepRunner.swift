import Foundation
import RareSepCore

/// Runs the points of a sweep plan in process (the case kind's `evaluate`, nothing
/// written per point) on a pool of worker threads, and formats one CSV row per point.
/// Rows depend only on the plan and the point: the result is the same, byte for byte,
/// for any worker count and any shard split.
public enum SweepRunner {
    /// A shard: this run evaluates the points k with k mod `count` == `index`.
    public struct Shard: Sendable, Equatable, CustomStringConvertible {
        /// Shard index i (0-based).
        public var index: Int
        /// Number of shards n.
        public var count: Int

        /// `i/n` as given on the command line (`--shard 3/8`); errors name the plan file and the option.
        public init(parsing text: String, plan: String) throws {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            func fail(_ expected: String) -> InputError {
                InputError(location: SourceLocation(file: plan), key: "--shard", value: text, expected: expected)
            }
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
                throw fail("i/n: shard index i of n shards, 0 ≤ i < n (e.g. 0/4)")
            }
            guard n >= 1 else { throw fail("a shard count n of at least 1") }
            guard i >= 0 && i < n else { throw fail("a shard index from 0 to \(n - 1) (shards of \(n) are numbered 0 to \(n - 1))") }
            self.init(index: i, count: n)
        }

        /// Shard `index` of `count`.
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }

        /// Whether point `k` belongs to this shard.
        public func contains(_ k: Int) -> Bool { k % count == index }

        /// "i/n".
        public var description: String { "\(index)/\(count)" }
    }

    /// The CSV rows of the points of `plan` in `shard` (all points without one), in index
    /// order, evaluated by `workers` threads; `progress` counts finished points.
    public static func run(_ plan: SweepPlan, points: [SweepPlan.Point], workers: Int,
                           progress: ProgressReporter? = nil) throws -> [Row] {
        let library = try ModelLibrary.locate(near: plan.casePath)
        let n = points.count
        // warm_start: base — the base case solved once, cold; every point starts from it.
        let start = n > 0 ? baseStart(plan, library: library) : nil
        final class Pool: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var planError: (Int, InputError)?
            var rows: [Row?]
            init(_ n: Int) { rows = [Row?](repeating: nil, count: n) }
        }
        let pool = Pool(n)
        let threads = max(1, min(workers, n))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                pool.lock.lock()
                let k = pool.next
                pool.next += 1
                let stop = pool.planError != nil
                pool.lock.unlock()
                if k >= n || stop { return }
                var row: Row?
                do {
                    row = try evaluate(plan, point: points[k], library: library, start: start)
                } catch let e as InputError {
                    pool.lock.lock()
                    if pool.planError == nil || pool.planError!.0 > k { pool.planError = (k, e) }
                    pool.lock.unlock()
                } catch {
                    row = Row(index: points[k].index, cells: points[k].cells + plan.outputs.map { _ in "" }, status: "failed", message: "\(error)")
                }
                pool.lock.lock()
                pool.rows[k] = row
                pool.lock.unlock()
                progress?.advance()
            }
        }
        if let (_, e) = pool.planError { throw e }
        return pool.rows.map { $0! }
    }

    /// The start every point is solved from: the base case's solved state with
    /// `warm_start: base` (nil when the base does not solve or its kind has none), nil with `none`.
    static func baseStart(_ plan: SweepPlan, library: ModelLibrary) -> (any Sendable)? {
        guard plan.warmStart == .base else { return nil }
        return (try? plan.kind.evaluate!(plan.caseDocument, plan.casePath, library, nil))?.start
    }

    /// One CSV row.
    public struct Row: Sendable {
        /// Point index.
        public var index: Int
        /// Input cells, then output cells (blank when not available).
        public var cells: [String]
        /// ok, not_converged, input_error or failed.
        public var status: String
        /// The error of a failed point (empty when ok).
        public var message: String

        /// The row as a CSV line (cells quoted when they hold a comma or quote).
        public var line: String {
            ([String(index)] + cells + [status, message]).map(SweepTable.quoted).joined(separator: ",")
        }
    }

    /// Evaluate one point: substitute its values into the base case, evaluate, pick the
    /// outputs. An output key missing from a converged point's summary is a plan error
    /// (thrown); a point the case reader or solver rejects is a row with its error.
    static func evaluate(_ plan: SweepPlan, point: SweepPlan.Point, library: ModelLibrary, start: (any Sendable)? = nil) throws -> Row {
        var doc = plan.caseDocument
        for (v, text) in zip(plan.variables, point.texts) {
            doc = doc.replacing(keyPath: v.keyPath, with: text, location: v.node.location)
        }
        let blanks = plan.outputs.map { _ in "" }
        let evaluation: CaseEvaluation
        do {
            evaluation = try plan.kind.evaluate!(doc, plan.casePath, library, start)
        } catch let e as InputError {
            return Row(index: point.index, cells: point.cells + blanks, status: "input_error", message: e.description)
        } catch {
            return Row(index: point.index, cells: point.cells + blanks, status: "failed", message: "\(error)")
        }
        var status = "ok", message = ""
        switch evaluation.status {
        case .success: break
        case .numerical(let m): status = "not_converged"; message = m
        case .input(let e): return Row(index: point.index, cells: point.cells + blanks, status: "input_error", message: e.description)
        }
        var cells = point.cells
        for o in plan.outputs {
            guard let value = evaluation[o.keyPath] else {
                // A failed solve may leave parts of its summary out; a solved point must hold every output.
                if status != "ok" { cells.append(""); continue }
                let names = evaluation.summary.keys.sorted()
                let hint = nearestName(to: o.keyPath, in: names).map { "; did you mean '\($0)'?" } ?? ""
                throw o.node.error("a key path of the \(plan.kind.id) summary (summary.json)\(hint)")
            }
            switch value {
            case .number(let x): cells.append(SweepTable.number(x / o.factor))
            case .text(let t): cells.append(t)
            case .null: cells.append("")
            }
        }
        return Row(index: point.index, cells: cells, status: status, message: message)
    }
}

/// The sweep's result files: `sweep.csv` (comment line, header, one row per point) and
/// `sweep.json` (the manifest merge checks). A shard writes the same files holding its
/// own rows; merged shards give the serial files byte for byte.
public enum SweepTable {
    /// A CSV cell: quoted (quotes doubled) when it holds a comma, quote or line break;
    /// line breaks become spaces so that every row is one line.
    public static func quoted(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.contains(",") || flat.contains("\"") { return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return flat
    }

    /// A number as a CSV cell: whole numbers without a decimal point ("4", not "4.0"),
    /// others in the shortest form that reads back to the same Double.
    public static func number(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// Column names: point, the varied keys (with units), the outputs (with units), status, message.
    public static func header(_ plan: SweepPlan) -> [String] {
        func withUnit(_ name: String, _ unit: String) -> String { unit.isEmpty ? name : "\(name) [\(unit)]" }
        return ["point"] + plan.variables.map { withUnit($0.keyPath, $0.unit) } + plan.outputs.map { withUnit($0.name, $0.unit) }
            + ["status", "message"]
    }

    /// The first lines of sweep.csv (a comment naming the plan, then the header).
    public static func head(_ plan: SweepPlan, pointCount: Int) -> String {
        let name = (plan.path as NSString).lastPathComponent
        return "# raresep sweep \(name): \(pointCount) points (\(plan.method.rawValue)), base \((plan.casePath as NSString).lastPathComponent), plan fingerprint \(plan.fingerprint)\n"
            + header(plan).map(quoted).joined(separator: ",") + "\n"
    }

    /// sweep.json: what a shard (or the whole sweep) holds.
    public struct Manifest: Codable, Sendable, Equatable {
        /// Format name and version.
        public var schema = "raresep.sweep/1"
        /// Plan file name.
        public var plan: String
        /// Plan fingerprint (FNV-1a of plan, base case and fit report bytes).
        public var fingerprint: String
        /// grid, latin_hypercube or monte_carlo.
        public var method: String
        /// Points of the whole sweep.
        public var points: Int
        /// Shard `index` of `count`; nil for a whole sweep (serial or merged).
        public var shard: ShardInfo?
        /// Number of rows (points) in this file.
        public var rows: Int
        /// Rows whose status is not ok.
        public var failed: Int

        /// A shard's position.
        public struct ShardInfo: Codable, Sendable, Equatable {
            /// Shard index i.
            public var index: Int
            /// Shard count n.
            public var count: Int
        }
    }
}
