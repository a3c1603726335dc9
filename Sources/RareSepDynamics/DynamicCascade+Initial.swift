import RareSepCascade
import RareSepChemistry
import RareSepCore

/// How a dynamic run starts.
public enum DynamicInitialState: Sendable {
    /// Every stage filled with fresh solvent (the loop's make-up or the organic feed) and the
    /// aqueous inlet of its section (or of the next section up its aqueous segment) without
    /// metals: a start-up.
    case freshSolvent
    /// The steady state of the cascade as it runs at t = 0, solved first by `CascadeSolver`.
    case steadyState
    /// Given stage profiles x[s·n + j], y[s·n + j] (mol/m³), e.g. a previous run's output;
    /// settler cells start at their stage's composition.
    case profiles(aqueous: [Double], organic: [Double])
}

extension DynamicCascade {
    /// State with every mixer at (x_s, y_s) and every settler cell at its phase's stage
    /// composition; ledger zero. Not yet consistent (see `makeConsistent`).
    public func state(aqueous x: [Double], organic y: [Double]) -> [Double] {
        let n = speciesCount
        precondition(x.count == N * n && y.count == N * n)
        var u = [Double](repeating: 0, count: dimension)
        for e in 0..<E {
            let s = aqueousStage[e], so = organicStage[e]
            if s >= 0 { for j in 0..<n { u[e * m + j] = x[s * n + j] } }
            if so >= 0 { for j in 0..<n { u[e * m + n + j] = y[so * n + j] } }
        }
        return u
    }

    /// The start-up profiles of `DynamicInitialState.freshSolvent` (x, y stage-major, mol/m³).
    public func freshSolventProfiles() -> (aqueous: [Double], organic: [Double]) {
        let p = problem, n = speciesCount
        var organic = [Double](repeating: 0, count: n)
        if let loop = p.loop {
            organic = loop.makeupConcentrations
        } else if let f = p.feeds.first(where: { $0.phase == .organic }) {
            organic = f.concentrations
        }
        // aqueous inlet of each section: its aqueous feeds mixed, metals removed
        func sectionAqueous(_ k: Int) -> [Double]? {
            let sec = p.sections[k]
            let feeds = p.feeds.filter { $0.phase == .aqueous && sec.stages.contains($0.stage) && $0.flow > 0 }
            let q = feeds.reduce(0) { $0 + $1.flow }
            guard q > 0 else { return nil }
            var c = [Double](repeating: 0, count: n)
            for f in feeds { for j in 0..<n { c[j] += f.flow * f.concentrations[j] / q } }
            for j in 0..<min(p.metalCount, n) { c[j] = 0 }
            return c
        }
        var x = [Double](repeating: 0, count: N * n), y = x
        let sectionOf = p.sectionOfStage
        for s in 0..<N {
            var k = sectionOf[s]
            var c: [Double]? = nil
            while k < p.sections.count && c == nil {
                c = sectionAqueous(k)
                k += 1
            }
            for j in 0..<n {
                x[s * n + j] = c?[j] ?? 0
                y[s * n + j] = organic[j]
            }
        }
        return (x, y)
    }

    /// A consistent initial state for `initial` at the cascade as it runs now.
    /// `floorFraction`: see `concentrationScales` (the run's rtol).
    public func initialState(_ initial: DynamicInitialState, floorFraction: Double = 1e-6) throws -> [Double] {
        var u: [Double]
        switch initial {
        case .freshSolvent:
            let pr = freshSolventProfiles()
            u = state(aqueous: pr.aqueous, organic: pr.organic)
        case .steadyState:
            let sol = try CascadeSolver.solve(problem)
            guard sol.report.converged else {
                throw InfeasibleSpecification("dynamics: the steady state to start from did not converge (\(sol.report.code.rawValue) at \(sol.report.worstLocation))")
            }
            u = state(aqueous: sol.aqueous, organic: sol.organic)
        case .profiles(let x, let y):
            guard x.count == N * speciesCount, y.count == N * speciesCount else {
                throw InfeasibleSpecification("dynamics: initial profiles hold \(x.count / max(1, speciesCount)) stages × species, the cascade \(N) × \(speciesCount)")
            }
            u = state(aqueous: x, organic: y)
        }
        try makeConsistent(&u, floorFraction: floorFraction)
        return u
    }

    /// Solve the algebraic rows at fixed differential contents: Newton on
    /// G(u) = [M_d·(u − u₀); f_a(u)] (the hold-up of every differential row kept, e.g. each
    /// mixer's total of each species, the closure rows solved: the stage batch equilibrium
    /// at those contents), with the chain solver and the analytic Jacobian. Negative
    /// concentrations of algebraic components are cut to zero between iterations. Converged
    /// when every step is below `tolerance` relative to |u| + 1e-9 × its species'
    /// `concentrationScales` (with `floorFraction`).
    public func makeConsistent(_ u: inout [Double], tolerance: Double = 1e-13, maxIterations: Int = 60,
                               floorFraction: Double = 1e-6) throws {
        let dim = dimension, bb = m * m, cs = 2 * m
        let u0 = u
        var g = [Double](repeating: 0, count: dim), mu = g, du = g
        let typical = concentrationScales(u, inlets: [problem], floorFraction: floorFraction)
        var lastWorst = Double.infinity
        for _ in 0..<maxIterations {
            let ok = u.withUnsafeBufferPointer { up in
                g.withUnsafeMutableBufferPointer { rhs(t: 0, y: up.baseAddress!, f: $0.baseAddress!) }
                    && updateJacobian(t: 0, y: up.baseAddress!)
            }
            guard ok else { throw InfeasibleSpecification("dynamics: the initial state gives non-finite stage equations") }
            for i in 0..<dim { du[i] = u[i] - u0[i] }
            du.withUnsafeBufferPointer { d in mu.withUnsafeMutableBufferPointer { applyMass(d.baseAddress!, into: $0.baseAddress!) } }
            for i in 0..<dim where differential[i] { g[i] = mu[i] }
            // Jacobian of G: mass rows for differential rows, J rows for algebraic ones
            let sys = linearSolver.chain
            for e in 0..<E {
                for i in 0..<m {
                    let dif = differential[e * m + i]
                    for c in 0..<m { sys.diag[e * bb + i * m + c] = dif ? mass[e * bb + i * m + c] : jd[e * bb + i * m + c] }
                }
                for k in 0..<cs {
                    let row = (k % 4) / 2 == 0 ? (k / 4) : speciesCount + k / 4
                    let dif = differential[e * m + row]
                    sys.lower[e * cs + k] = dif ? 0 : jl[e * cs + k]
                    sys.upper[e * cs + k] = dif ? 0 : ju[e * cs + k]
                    if e == 0 && layout.hasCorner { sys.corner[k] = dif ? 0 : jc[k] }
                }
            }
            linearSolver.c = 0
            guard linearSolver.factor() else { throw InfeasibleSpecification("dynamics: the closure rows of the initial state are singular") }
            for i in 0..<dim { du[i] = -g[i] }
            du.withUnsafeMutableBufferPointer { linearSolver.solve($0.baseAddress!) }
            var worst = 0.0
            for i in 0..<dim {
                let typ = i < chainSize ? typical[i % m % speciesCount] : 1
                worst = max(worst, abs(du[i]) / (abs(u[i]) + 1e-9 * typ + 1e-300))
                u[i] += du[i]
                if i < chainSize && !differential[i] && u[i] < 0 { u[i] = 0 }
            }
            if worst <= tolerance { return }
            lastWorst = worst
        }
        if lastWorst > 1e-8 {
            throw InfeasibleSpecification("dynamics: the closure rows of the initial state did not converge (relative step \(lastWorst))")
        }
    }
}
