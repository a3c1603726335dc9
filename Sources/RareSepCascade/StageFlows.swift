import RareSepCore

/// A cascade specification that cannot run: flows that do not add up. `subject`
/// names the input responsible (a draw, a feed, a section or the solvent loop) so a
/// loader can attach the file and line where it was given.
public struct InfeasibleSpecification: Error, CustomStringConvertible, Sendable {
    /// What kind of input the problem lies with.
    public enum SubjectKind: String, Sendable {
        case draw, feed, section, solventLoop
    }
    public var message: String
    /// Kind and name of the responsible input, when one can be named.
    public var subjectKind: SubjectKind?
    public var subject: String?

    public init(_ message: String, subjectKind: SubjectKind? = nil, subject: String? = nil) {
        self.message = message
        self.subjectKind = subjectKind
        self.subject = subject
    }
    public var description: String { "infeasible specification: \(message)" }
}

/// Volumetric phase flows of every stage and link, solved once from the feeds,
/// draws, entrainment and the solvent loop (they do not depend on concentrations).
/// All flows in m³/s; per-stage arrays are indexed by 0-based stage.
public struct StageFlows: Sendable {
    /// Aqueous phase leaving stage s in all its outlets, A_s.
    public var aqueous: [Double]
    /// Organic phase leaving stage s in all its outlets, O_s.
    public var organic: [Double]
    /// Aqueous phase flowing from stage s+1 into s (0 where s+1 sends its aqueous to an outlet).
    public var aqueousFromNext: [Double]
    /// Organic entrained in that aqueous stream, from s+1 into s.
    public var organicEntrainedFromNext: [Double]
    /// Organic phase flowing from stage s−1 into s.
    public var organicFromPrevious: [Double]
    /// Aqueous entrained in that organic stream, from s−1 into s.
    public var aqueousEntrainedFromPrevious: [Double]
    /// Recycled organic (and entrained aqueous) from stage N−1 into stage 0 through the loop.
    public var loopOrganic: Double
    public var loopAqueousEntrained: Double
    /// Fresh make-up organic entering stage 0 with the loop.
    public var makeup: Double
    /// Outlet name for the aqueous leaving stage s, or nil when it flows to s−1.
    public var aqueousOutlet: [String?]
    /// Organic-phase volumetric inflow of stage s (for the Murphree inlet composition).
    public var organicInflow: [Double]

    /// Solve the phase-flow balances. Throws InfeasibleSpecification when a draw or
    /// the loop asks for more than is there.
    public static func solve(_ p: CascadeProblem) throws -> StageFlows {
        let n = p.stageCount
        let sectionOf = p.sectionOfStage
        var outlet = [String?](repeating: nil, count: n)
        for (i, sec) in p.sections.enumerated() {
            if i == 0 { outlet[sec.firstStage] = sec.aqueousOutlet ?? "raffinate" } else if let o = sec.aqueousOutlet { outlet[sec.firstStage] = o }
        }
        let epsA = (0..<n).map { p.sections[sectionOf[$0]].aqueousInOrganic }
        let epsO = (0..<n).map { p.sections[sectionOf[$0]].organicInAqueous }
        var drawA = [Double](repeating: 0, count: n), drawO = [Double](repeating: 0, count: n)
        for d in p.draws {
            if d.phase == .aqueous { drawA[d.stage] += d.flow } else { drawO[d.stage] += d.flow }
        }
        var feedA = [Double](repeating: 0, count: n), feedO = [Double](repeating: 0, count: n)
        for f in p.feeds {
            if f.phase == .aqueous { feedA[f.stage] += f.flow } else { feedO[f.stage] += f.flow }
        }
        let bleed = p.loop?.bleedFraction ?? 0
        // Unknowns per stage: (A_s, O_s); rows: A_s − inflows = feeds − draws carried.
        let sys = BlockTridiagonalSystem(stageCount: n, blockSize: 2, hasCorner: p.loop != nil)
        var rhs = [Double](repeating: 0, count: 2 * n)
        for s in 0..<n {
            let d = sys.diag + s * 4, l = sys.lower + s * 4, u = sys.upper + s * 4
            d[0] = 1; d[3] = 1
            rhs[2 * s] = feedA[s]
            rhs[2 * s + 1] = feedO[s]
            if s + 1 < n && outlet[s + 1] == nil {
                // aqueous (minus entrained, minus draws) and entrained organic from s+1
                u[0] = -(1 - epsA[s + 1]); rhs[2 * s] -= drawA[s + 1]
                u[3] = -epsO[s + 1]
            }
            if s > 0 {
                l[0] = -epsA[s - 1]
                l[3] = -(1 - epsO[s - 1]); rhs[2 * s + 1] -= drawO[s - 1]
            }
        }
        if let loop = p.loop {
            sys.corner[0] = -(1 - bleed) * epsA[n - 1]
            rhs[1] += loop.flow
        }
        if !sys.factor() {
            throw InfeasibleSpecification("phase-flow balance is singular at stage \((sys.singularStage ?? 0) + 1)")
        }
        rhs.withUnsafeMutableBufferPointer { sys.solve($0.baseAddress!) }
        var f = StageFlows(aqueous: [], organic: [], aqueousFromNext: [], organicEntrainedFromNext: [],
                           organicFromPrevious: [], aqueousEntrainedFromPrevious: [], loopOrganic: 0,
                           loopAqueousEntrained: 0, makeup: 0, aqueousOutlet: outlet, organicInflow: [])
        f.aqueous = (0..<n).map { rhs[2 * $0] }
        f.organic = (0..<n).map { rhs[2 * $0 + 1] }
        // Draws first: a draw larger than its stage's outflow also drives the flows of the
        // stages it feeds negative, and the draw, not those stages, is what to name.
        let ordered = p.draws.sorted { a, b in
            // in the direction each phase flows: aqueous from the last stage down, organic up
            if a.phase != b.phase { return a.phase == .aqueous }
            return a.phase == .aqueous ? a.stage > b.stage : a.stage < b.stage
        }
        for d in ordered {
            let s = d.stage
            let leaving = d.phase == .aqueous ? (1 - epsA[s]) * f.aqueous[s] : (1 - epsO[s]) * f.organic[s]
            let drawn = d.phase == .aqueous ? drawA[s] : drawO[s]
            if drawn > leaving + 1e-12 * max(abs(leaving), drawn) {
                func lh(_ q: Double) -> String { String(format: "%.4g L/h", q * 3.6e6) }
                let others = drawn > d.flow ? " (with the other \(d.phase.rawValue) draws of the stage, \(lh(drawn)))" : ""
                throw InfeasibleSpecification(
                    "draw '\(d.name)' at stage \(s + 1) (section \(p.sections[sectionOf[s]].name)) takes \(lh(d.flow))\(others) of \(d.phase.rawValue) phase, but only \(lh(max(0, leaving))) of it leaves that stage",
                    subjectKind: .draw, subject: d.name)
            }
        }
        for s in 0..<n {
            let aqOn = (1 - epsA[s]) * f.aqueous[s] - drawA[s]
            let orgOn = (1 - epsO[s]) * f.organic[s] - drawO[s]
            let tol = 1e-12 * max(f.aqueous[s], f.organic[s], 1e-300)
            if aqOn < -tol {
                throw InfeasibleSpecification("stage \(s + 1): aqueous draws (\(drawA[s]) m³/s) exceed the aqueous flow leaving the stage (\((1 - epsA[s]) * f.aqueous[s]) m³/s)")
            }
            if orgOn < -tol {
                throw InfeasibleSpecification("stage \(s + 1): organic draws (\(drawO[s]) m³/s) exceed the organic flow leaving the stage (\((1 - epsO[s]) * f.organic[s]) m³/s)")
            }
            if !(f.aqueous[s] > 0) && !(f.organic[s] > 0) {
                throw InfeasibleSpecification("stage \(s + 1) has no aqueous and no organic flow")
            }
            if !(f.organic[s] > 0) {
                throw InfeasibleSpecification("stage \(s + 1) has no organic flow: add an organic feed at stage 1 or a solvent loop")
            }
            if !(f.aqueous[s] > 0) {
                throw InfeasibleSpecification("stage \(s + 1) (section \(p.sections[sectionOf[s]].name)) has no aqueous flow: every aqueous segment needs an aqueous feed at or above it",
                                              subjectKind: .section, subject: p.sections[sectionOf[s]].name)
            }
        }
        f.aqueousFromNext = [Double](repeating: 0, count: n)
        f.organicEntrainedFromNext = [Double](repeating: 0, count: n)
        f.organicFromPrevious = [Double](repeating: 0, count: n)
        f.aqueousEntrainedFromPrevious = [Double](repeating: 0, count: n)
        for s in 0..<n {
            if s + 1 < n && outlet[s + 1] == nil {
                let aqOn: Double = (1 - epsA[s + 1]) * f.aqueous[s + 1] - drawA[s + 1]
                f.aqueousFromNext[s] = max(0, aqOn)
                f.organicEntrainedFromNext[s] = epsO[s + 1] * f.organic[s + 1]
            }
            if s > 0 {
                let orgOn: Double = (1 - epsO[s - 1]) * f.organic[s - 1] - drawO[s - 1]
                f.organicFromPrevious[s] = max(0, orgOn)
                f.aqueousEntrainedFromPrevious[s] = epsA[s - 1] * f.aqueous[s - 1]
            }
        }
        if let loop = p.loop {
            let returning = max(0, (1 - epsO[n - 1]) * f.organic[n - 1] - drawO[n - 1])
            f.loopOrganic = (1 - bleed) * returning
            f.loopAqueousEntrained = (1 - bleed) * epsA[n - 1] * f.aqueous[n - 1]
            f.makeup = loop.flow - f.loopOrganic
            if f.makeup < -1e-12 * loop.flow {
                throw InfeasibleSpecification("solvent loop: organic returning from the last stage (\(f.loopOrganic) m³/s) exceeds the circulating flow (\(loop.flow) m³/s); raise the loop flow or the bleed",
                                              subjectKind: .solventLoop)
            }
            f.makeup = max(0, f.makeup)
        }
        f.organicInflow = [Double](repeating: 0, count: n)
        for s in 0..<n {
            var q: Double = f.organicFromPrevious[s] + f.organicEntrainedFromNext[s] + feedO[s]
            if s == 0 { q += f.loopOrganic + f.makeup }
            f.organicInflow[s] = q
        }
        return f
    }
}
