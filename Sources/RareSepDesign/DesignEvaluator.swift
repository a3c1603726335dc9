import Foundation
import RareSepCascade
import RareSepCore

/// Evaluates stage-count tuples of a `DesignProblem`: at fixed stage counts the least
/// organic flow (the other variables free) meeting every target, by `DesignFlowSearch`.
///
/// Tuples are evaluated in batches, in parallel on `problem.threads` threads: every
/// evaluation of a batch starts from the state before the batch (the nearest feasible
/// design's values, the cached solutions for warm starts) and the batch's results are
/// merged in batch order, so the points, their order and every number in them do not
/// depend on the thread count.
public final class DesignEvaluator {
    public let problem: DesignProblem
    /// Cascade solves so far, and how many converged from their warm start.
    public private(set) var solves = 0
    public private(set) var warmSolves = 0
    /// Batches evaluated (a batch of one is evaluated on the calling thread).
    public private(set) var batches = 0
    /// Every evaluated tuple, in order.
    public private(set) var points: [DesignPoint] = []
    private var cache: [WarmEntry] = []
    private var byStages: [[Int]: DesignPoint] = [:]
    /// The flow search's final target Jacobian per evaluated tuple (the start of its neighbours').
    private var jacobians: [[Int]: [[Double]]] = [:]
    /// Warm starts kept (the most recent).
    static let cacheSize = 48

    /// Counts evaluated tuples (a progress line on a terminal; see `ProgressReporter`).
    let progress: ProgressReporter

    public init(problem: DesignProblem) {
        self.problem = problem
        progress = ProgressReporter(label: "design", total: 0, unit: "designs evaluated")
    }

    /// The evaluation of `stages` (cached).
    public func evaluate(_ stages: [Int]) -> DesignPoint { evaluate([stages])[0] }

    /// Whether `stages` has been evaluated.
    public func evaluated(_ stages: [Int]) -> DesignPoint? { byStages[stages] }

    /// The evaluations of a batch of tuples (cached ones are not repeated), in batch order.
    public func evaluate(_ batch: [[Int]]) -> [DesignPoint] {
        var fresh: [[Int]] = []
        for s in batch where byStages[s] == nil && !fresh.contains(s) { fresh.append(s) }
        if !fresh.isEmpty {
            batches += 1
            let snapshot = cache, feasible = points.filter(\.feasible)
            let problem = self.problem
            let jacobians = self.jacobians
            let run = { (i: Int) -> (search: DesignFlowSearch, point: DesignPoint) in
                var fs = DesignFlowSearch(problem: problem, stages: fresh[i], cache: snapshot)
                let near = Self.nearest(to: fresh[i], in: feasible)
                let start = near.map { $0.values } ?? problem.baseValues
                let pt = fs.run(start: zip(start, problem.variables).map { min(max($0, $1.bounds.lowerBound), $1.bounds.upperBound) },
                                jacobian: near.flatMap { jacobians[$0.stages] })
                return (fs, pt)
            }
            let done = Self.parallelMap(count: fresh.count, threads: problem.threadCount, run)
            for (fs, pt) in done {
                byStages[pt.stages] = pt
                self.jacobians[pt.stages] = fs.jacobian
                points.append(pt)
                progress.advance()
                solves += fs.solves
                warmSolves += fs.warmSolves
                cache += fs.added
            }
            if cache.count > Self.cacheSize { cache.removeFirst(cache.count - Self.cacheSize) }
        }
        return batch.map { byStages[$0]! }
    }

    /// `work(i)` for i in 0..<count on up to `threads` threads (Dispatch), results in index order.
    static func parallelMap<T>(count: Int, threads: Int, _ work: @escaping (Int) -> T) -> [T] {
        if threads <= 1 || count <= 1 { return (0..<count).map(work) }
        let box = ParallelWork(count: count, work: work)
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in box.drain() }
        return box.results.map { $0! }
    }

    /// The nearest feasible design (fewest stage moves; the earlier on a tie): its values
    /// (clamped to the bounds) and its Jacobian start an evaluation; none: the base values
    /// and forward differences.
    static func nearest(to stages: [Int], in feasible: [DesignPoint]) -> DesignPoint? {
        func dist(_ p: DesignPoint) -> Int { zip(p.stages, stages).reduce(0) { $0 + abs($1.0 - $1.1) } }
        return feasible.indices.min { dist(feasible[$0]) < dist(feasible[$1]) || (dist(feasible[$0]) == dist(feasible[$1]) && $0 < $1) }.map { feasible[$0] }
    }

    /// Worst logit margin of a point to the targets (negative: some target missed).
    public func worstMargin(_ p: DesignPoint) -> Double { worstMargin(p, targets: Array(problem.targets.indices)) }

    /// Worst logit margin of a point to the targets `which`.
    func worstMargin(_ p: DesignPoint, targets which: [Int]) -> Double {
        which.map { k in
            let t = problem.targets[k]
            return min(DesignFlowSearch.logit(p.purity[k]) - DesignFlowSearch.logit(t.purity),
                       DesignFlowSearch.logit(p.recovery[k]) - DesignFlowSearch.logit(t.recovery))
        }.min() ?? .infinity
    }

    /// Best reachable point among the infeasible evaluations: the largest worst margin to all targets.
    public var bestReachable: DesignPoint? {
        points.filter { !$0.feasible && worstMargin($0).isFinite }.max { worstMargin($0) < worstMargin($1) }
    }

    /// Per target: the explored point that comes closest to meeting that target alone
    /// (largest margin of its purity and recovery), when no point meets it.
    public var bestPerTarget: [DesignPoint?] {
        problem.targets.indices.map { k in
            points.filter { worstMargin($0, targets: [k]).isFinite }.max { worstMargin($0, targets: [k]) < worstMargin($1, targets: [k]) }
        }
    }

    /// Solve the cascade at `stages` and `values` (cold); nil when the solve fails.
    public func solve(stages: [Int], values: [Double]) -> (purity: [Double], recovery: [Double], solution: CascadeSolution)? {
        guard let sol = try? CascadeSolver.solve(problem.cascade(stages: stages, values: values), options: problem.options),
              sol.report.converged, let m = Self.measure(sol, targets: problem.targets) else { return nil }
        return (m.purity, m.recovery, sol)
    }

    /// Purity and recovery of each target in a solution; nil when an outlet is absent.
    public static func measure(_ sol: CascadeSolution, targets: [DesignTarget]) -> (purity: [Double], recovery: [Double])? {
        var pu: [Double] = [], re: [Double] = []
        for t in targets {
            guard let out = sol.outlets.first(where: { $0.name == t.outlet }) else { return nil }
            pu.append(sol.purity(species: t.species, in: out))
            re.append(sol.recovery(species: t.species, in: out))
        }
        return (pu, re)
    }

    /// Whether every target is met by the measured values.
    public static func meets(_ targets: [DesignTarget], purity: [Double], recovery: [Double]) -> Bool {
        zip(targets, zip(purity, recovery)).allSatisfy { t, m in m.0 >= t.purity && m.1 >= t.recovery }
    }

    /// The first phase-ratio bound the cascade at `values` breaks, named; nil when none.
    public func phaseRatioViolation(stages: [Int], values: [Double]) -> String? {
        let p = problem.cascade(stages: stages, values: values)
        guard let flows = try? StageFlows.solve(p) else { return "the stage flows cannot be solved" }
        let r = problem.bounds.phaseRatio
        for (k, sec) in p.sections.enumerated() {
            for s in sec.stages where flows.aqueous[s] > 0 {
                let oa = flows.organic[s] / flows.aqueous[s]
                if oa < r.lowerBound * (1 - 1e-9) { return "O/A ≥ \(fmt(r.lowerBound)) in section \(p.sections[k].name) (O/A \(fmt(oa)))" }
                if oa > r.upperBound * (1 + 1e-9) { return "O/A ≤ \(fmt(r.upperBound)) in section \(p.sections[k].name) (O/A \(fmt(oa)))" }
            }
        }
        return nil
    }

    /// The objective at stage counts and organic flow O (m³/s).
    public static func objectiveValue(_ problem: DesignProblem, stages: [Int], organicFlow o: Double) -> Double {
        let n = Double(stages.reduce(0, +)), r = o / problem.feedFlow
        switch problem.objective {
        case .totalStages: return n + 1e-6 * r
        case .solventFlow: return r + 1e-6 * n
        case .weighted(let ws, let wo): return ws * n + wo * r
        }
    }
}

/// The shared state of one `parallelMap`: the next index to take (under a lock) and the
/// results by index. Each index is written by exactly one thread and read after
/// `concurrentPerform` returns.
private final class ParallelWork<T>: @unchecked Sendable {
    let count: Int
    let work: (Int) -> T
    var results: [T?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int, work: @escaping (Int) -> T) {
        self.count = count
        self.work = work
        results = Array(repeating: nil, count: count)
    }

    func drain() {
        while true {
            lock.lock()
            let i = next
            next += 1
            lock.unlock()
            if i >= count { return }
            let r = work(i)
            lock.lock()
            results[i] = r
            lock.unlock()
        }
    }
}
