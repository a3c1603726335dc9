import RareSepCore

extension CascadeSolution {
    /// These profiles carried onto `problem` (same species and sections, other stage
    /// counts or flows) as a Newton start: each section's profile is read at the same
    /// relative position along the section (linear interpolation between stages), so
    /// the section ends map onto each other. Stage-major N×n arrays, mol/m³.
    public func startingState(for problem: CascadeProblem) -> (x: [Double], y: [Double]) {
        let n = problem.species.count
        precondition(n == self.problem.species.count && problem.sections.count == self.problem.sections.count)
        var x = [Double](repeating: 0, count: problem.stageCount * n), y = x
        for (k, sec) in problem.sections.enumerated() {
            let old = self.problem.sections[k]
            for o in 0..<sec.stageCount {
                let t = sec.stageCount > 1 ? Double(o) * Double(old.stageCount - 1) / Double(sec.stageCount - 1) : Double(old.stageCount - 1)
                let lo = Int(t.rounded(.down)), hi = min(lo + 1, old.stageCount - 1), w = t - Double(lo)
                let a = (old.firstStage + lo) * n, b = (old.firstStage + hi) * n, s = (sec.firstStage + o) * n
                for j in 0..<n {
                    x[s + j] = (1 - w) * aqueous[a + j] + w * aqueous[b + j]
                    y[s + j] = (1 - w) * organic[a + j] + w * organic[b + j]
                }
            }
        }
        return (x, y)
    }
}

extension CascadeSolver {
    /// Solve from a given start (stage-major aqueous and organic profiles, mol/m³), as a
    /// search or a flowsheet iteration does from a neighbouring solution: Newton from
    /// there, and the cold solve with all its fallbacks (`solve(_:options:)`) when that
    /// fails. The report's method says which converged ("warm start" in it when the start
    /// was kept).
    public static func solve(_ problem: CascadeProblem, start: (x: [Double], y: [Double]),
                             options: CascadeSolverOptions = .init()) throws -> CascadeSolution {
        let ws = try CascadeWorkspace(problem: problem)
        ws.setState(x: start.x, y: start.y)
        var warm = solve(ws, options: options)
        if warm.report.converged {
            warm.report.method += " (warm start)"
            return warm
        }
        var cold = try solve(problem, options: options)
        cold.report.notes.insert("Newton from the warm start: \(warm.report.code.rawValue) after \(warm.report.iterations) iterations", at: 0)
        cold.report.iterations += warm.report.iterations
        return cold
    }
}
