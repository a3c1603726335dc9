import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade

/// A mixer-settler cascade as a plant unit: its case file's streams are its inlet
/// ports (connected, they take the arriving flow and composition; unconnected, they
/// keep the case's own and count as plant feeds), its outlets are the cascade's
/// outlets (raffinate, section aqueous outlets, draws, and the organic leaving the
/// last stage when the solvent is once-through or bled).
///
/// Each call starts Newton from the previous call's stage profiles (a recycle calls
/// the unit many times with nearly the same inlets) and falls back to the cascade's
/// full start-and-fallback sequence when that fails.
public final class CascadeUnit: UnitOperation {
    public let name: String
    public let kind = "cascade"
    public let inlets: [Port]
    public let outlets: [Port]
    /// The cascade as its case file states it.
    public let template: CascadeProblem
    /// Solver options.
    public let options: CascadeSolverOptions
    /// The last solution (for warm starts and the unit's own outputs).
    public private(set) var lastSolution: CascadeSolution?
    /// Newton iterations summed over all calls, and the number of calls.
    public private(set) var totalIterations = 0
    public private(set) var calls = 0

    public var carriedSpecies: Set<String>? { Set(template.species.symbols) }

    public init(name: String, problem: CascadeProblem, options: CascadeSolverOptions) {
        self.name = name
        template = problem
        self.options = options
        inlets = problem.feeds.map { Port(name: $0.name, phase: $0.phase, required: false) }
        outlets = problem.outletPorts.map { Port(name: $0.name, phase: $0.phase) }
    }

    /// RARESEP_DEBUG_UNITS set: print how each warm start went.
    static let debug = ProcessInfo.processInfo.environment["RARESEP_DEBUG_UNITS"] != nil

    /// Amount of each species entering the cascade (feeds, make-up at the loop flow), mol/s.
    static func inflow(_ p: CascadeProblem) -> [Double] {
        var a = [Double](repeating: 0, count: p.species.count)
        for f in p.feeds { for j in a.indices { a[j] += f.flow * f.concentrations[j] } }
        if let loop = p.loop { for j in a.indices { a[j] += loop.flow * loop.makeupConcentrations[j] } }
        return a
    }

    public func defaultInlet(_ port: Int, species: SpeciesSet) -> ProcessStream? {
        let f = template.feeds[port]
        let map = SpeciesMap(from: template.species, to: species)
        guard case .success(let c) = map.map(f.concentrations, sourceSymbols: template.species.symbols) else { return nil }
        return ProcessStream(phase: f.phase, flow: f.flow, concentrations: c)
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        var problem = template
        let toUnit = SpeciesMap(from: species, to: template.species)
        for (k, s) in streams.enumerated() {
            guard let s else { continue }
            switch toUnit.map(s.concentrations, sourceSymbols: species.symbols) {
            case .success(let c):
                problem.feeds[k].flow = s.flow
                problem.feeds[k].concentrations = c
            case .failure(let m):
                throw UnitFailure(unit: name, message: "inlet '\(inlets[k].name)' carries \(m.symbol) (\(m.concentration) mol/m³), which the unit's models do not carry")
            }
        }
        calls += 1
        let sol: CascadeSolution
        do {
            var warm = lastSolution
            if let last = lastSolution {
                // the last profiles, each species scaled by its change of inflow (WarmStartScaling)
                let n = problem.species.count
                let f = WarmStartScaling.factors(before: Self.inflow(last.problem), now: Self.inflow(problem))
                for j in 0..<n where f[j] != 1 {
                    for s in 0..<problem.stageCount { warm?.aqueous[s * n + j] *= f[j]; warm?.organic[s * n + j] *= f[j] }
                }
            }
            sol = try CascadeSolver.solve(problem, warmStart: warm, options: options)
            if Self.debug && lastSolution != nil {
                print("unit \(name): \(sol.report.method) in \(sol.report.iterations) iterations")
            }
        } catch let e as InfeasibleSpecification {
            throw UnitFailure(unit: name, message: e.message)
        }
        totalIterations += sol.report.iterations
        guard sol.report.converged else {
            throw UnitFailure(unit: name, message: "the cascade did not converge (\(sol.report.code.rawValue), scaled residual \(sol.report.residual) at \(sol.report.worstLocation))", report: sol.report)
        }
        lastSolution = sol
        let toPlant = SpeciesMap(from: template.species, to: species)
        let outs: [ProcessStream] = sol.outlets.enumerated().map { k, o in
            let phase = outlets[k].phase
            let c = phase == .aqueous ? o.aqueous : o.organic
            let mapped = toPlant.sourceIndex.map { i in i.map { c[$0] } ?? 0 }
            return ProcessStream(phase: phase, flow: phase == .aqueous ? o.aqueousFlow : o.organicFlow, concentrations: mapped)
        }
        var additions: [(name: String, stream: ProcessStream)] = []
        for inlet in sol.inlets where inlet.name == "solvent make-up" {
            let mapped = toPlant.sourceIndex.map { i in i.map { inlet.organic[$0] } ?? 0 }
            additions.append(("\(name): solvent make-up", ProcessStream(phase: .organic, flow: inlet.organicFlow, concentrations: mapped)))
        }
        return UnitResult(outlets: outs, additions: additions, report: sol.report)
    }
}
