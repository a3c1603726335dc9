import RareSepCore

/// A stream leaving (or entering) the cascade, with both phases it carries.
public struct CascadeStream: Sendable {
    public var name: String
    /// Stage it leaves or enters (0-based).
    public var stage: Int
    /// Aqueous and organic volumetric flows, m³/s.
    public var aqueousFlow: Double
    public var organicFlow: Double
    /// Concentrations of each phase per species, mol/m³.
    public var aqueous: [Double]
    public var organic: [Double]

    /// Molar flow of each species, mol/s.
    public var amounts: [Double] {
        zip(aqueous, organic).map { aqueousFlow * $0 + organicFlow * $1 }
    }
}

extension CascadeSolution {
    /// Species n.
    var n: Int { problem.species.count }

    func stageState(_ s: Int) -> (x: [Double], y: [Double]) {
        (Array(aqueous[(s * n)..<((s + 1) * n)]), Array(organic[(s * n)..<((s + 1) * n)]))
    }

    /// Every stream entering the cascade: feeds and solvent make-up.
    public var inlets: [CascadeStream] {
        var out: [CascadeStream] = problem.feeds.map { f in
            let zero = [Double](repeating: 0, count: n)
            return CascadeStream(name: f.name, stage: f.stage, aqueousFlow: f.phase == .aqueous ? f.flow : 0,
                                 organicFlow: f.phase == .organic ? f.flow : 0,
                                 aqueous: f.phase == .aqueous ? f.concentrations : zero,
                                 organic: f.phase == .organic ? f.concentrations : zero)
        }
        if let loop = problem.loop, flows.makeup > 0 {
            out.append(CascadeStream(name: "solvent make-up", stage: 0, aqueousFlow: 0, organicFlow: flows.makeup,
                                     aqueous: [Double](repeating: 0, count: n), organic: loop.makeupConcentrations))
        }
        return out
    }

    /// Every stream leaving the cascade: section aqueous outlets (raffinate, strip
    /// liquor, ...), side draws, and the loaded organic or the solvent bleed.
    public var outlets: [CascadeStream] {
        var out: [CascadeStream] = []
        let N = problem.stageCount
        let sectionOf = problem.sectionOfStage
        var drawA = [Double](repeating: 0, count: N), drawO = drawA
        for d in problem.draws {
            if d.phase == .aqueous { drawA[d.stage] += d.flow } else { drawO[d.stage] += d.flow }
        }
        for s in 0..<N {
            guard let name = flows.aqueousOutlet[s] else { continue }
            let sec = problem.sections[sectionOf[s]]
            let st = stageState(s)
            out.append(CascadeStream(name: name, stage: s,
                                     aqueousFlow: (1 - sec.aqueousInOrganic) * flows.aqueous[s] - drawA[s],
                                     organicFlow: sec.organicInAqueous * flows.organic[s], aqueous: st.x, organic: st.y))
        }
        for d in problem.draws {
            let st = stageState(d.stage)
            out.append(CascadeStream(name: d.name, stage: d.stage, aqueousFlow: d.phase == .aqueous ? d.flow : 0,
                                     organicFlow: d.phase == .organic ? d.flow : 0, aqueous: st.x, organic: st.y))
        }
        let last = problem.sections[sectionOf[N - 1]]
        let st = stageState(N - 1)
        let returning = (1 - last.organicInAqueous) * flows.organic[N - 1] - drawO[N - 1]
        let entrained = last.aqueousInOrganic * flows.aqueous[N - 1]
        let fraction = problem.loop.map { $0.bleedFraction } ?? 1
        if fraction > 0 {
            out.append(CascadeStream(name: Self.organicOutletName(sections: problem.sections, loop: problem.loop, feeds: problem.feeds, metalCount: problem.metalCount), stage: N - 1,
                                     aqueousFlow: fraction * entrained, organicFlow: fraction * returning,
                                     aqueous: st.x, organic: st.y))
        }
        return out
    }

    /// Name of the organic leaving the last stage, from the input alone (fits refer to
    /// outlets by name): "solvent bleed" with a loop; without one "stripped organic" when
    /// it has passed a later aqueous segment (a strip section with its own outlet) or when
    /// only the organic feed carries metal (a strip-only cascade), else "loaded organic".
    public static func organicOutletName(sections: [CascadeSection], loop: SolventLoop?, feeds: [CascadeFeed],
                                         metalCount: Int) -> String {
        if loop != nil { return "solvent bleed" }
        if sections.dropFirst().contains(where: { $0.aqueousOutlet != nil }) { return "stripped organic" }
        func carriesMetal(_ f: CascadeFeed) -> Bool { f.concentrations.prefix(metalCount).contains { $0 > 0 } }
        let organicMetal = feeds.contains { $0.phase == .organic && carriesMetal($0) }
        let aqueousMetal = feeds.contains { $0.phase == .aqueous && carriesMetal($0) }
        return organicMetal && !aqueousMetal ? "stripped organic" : "loaded organic"
    }

    /// Relative closure of the whole-cascade balance per species,
    /// (in − out)/max(in, out); 0 for species that neither enter nor leave.
    public var balanceClosure: [Double] {
        var inA = [Double](repeating: 0, count: n), outA = inA
        for s in inlets { for (j, a) in s.amounts.enumerated() { inA[j] += a } }
        for s in outlets { for (j, a) in s.amounts.enumerated() { outA[j] += a } }
        return (0..<n).map { j in
            let d = max(abs(inA[j]), abs(outA[j]))
            return d > 0 ? (inA[j] - outA[j]) / d : 0
        }
    }

    /// Recovery of species j into outlet k: its molar flow there over all that entered.
    public func recovery(species j: Int, in stream: CascadeStream) -> Double {
        let fed = inlets.reduce(0) { $0 + $1.amounts[j] }
        return fed > 0 ? stream.amounts[j] / fed : .nan
    }

    /// Purity of metal j in an outlet: its molar share among the case's metals.
    public func purity(species j: Int, in stream: CascadeStream) -> Double {
        let a = stream.amounts
        let total = a.prefix(problem.metalCount).reduce(0, +)
        return total > 0 ? a[j] / total : .nan
    }
}
