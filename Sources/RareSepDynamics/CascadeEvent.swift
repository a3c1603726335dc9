import RareSepCascade
import RareSepChemistry
import RareSepCore

/// One change to a running cascade's inlets (a step at an event's time).
public enum CascadeChange: Sendable, Equatable {
    /// Volumetric flow of the named feed, m³/s.
    case feedFlow(feed: String, flow: Double)
    /// Concentration of one species (solver index) in the named feed, mol/m³ (acid strength: the
    /// proton and its counter-ion).
    case feedConcentration(feed: String, species: Int, value: Double)
    /// Circulating organic flow of the solvent loop, m³/s.
    case solventLoopFlow(Double)
    /// Concentration of one species in the loop's make-up organic, mol/m³.
    case makeupConcentration(species: Int, value: Double)
    /// Degree of saponification (cation per extractant unit, dimensionless, in [0, 1)) of the
    /// named organic feed: its composition becomes the same organic at that degree
    /// (`Saponification.resaponify` with the extractant model of the stage it enters).
    case organicSaponification(feed: String, degree: Double)
}

/// Changes applied at a stated time (s from the start of the run); the integrator restarts there.
public struct CascadeEvent: Sendable, Equatable {
    /// Time of the step, s.
    public var time: Double
    public var changes: [CascadeChange]

    public init(time: Double, changes: [CascadeChange]) {
        self.time = time
        self.changes = changes
    }
}

extension CascadeProblem {
    /// The problem with `change` applied; throws naming what does not exist.
    public func applying(_ change: CascadeChange) throws -> CascadeProblem {
        var p = self
        func feedIndex(_ name: String) throws -> Int {
            guard let i = p.feeds.firstIndex(where: { $0.name == name }) else {
                throw InfeasibleSpecification("event: no stream named '\(name)' enters the cascade (feeds: \(p.feeds.map(\.name).joined(separator: ", ")))",
                                              subjectKind: .feed, subject: name)
            }
            return i
        }
        switch change {
        case .feedFlow(let name, let q):
            guard q >= 0, q.isFinite else { throw InfeasibleSpecification("event: flow of '\(name)' must be ≥ 0 m³/s, got \(q)") }
            p.feeds[try feedIndex(name)].flow = q
        case .feedConcentration(let name, let j, let v):
            guard j >= 0 && j < species.count, v >= 0, v.isFinite else {
                throw InfeasibleSpecification("event: concentration in '\(name)' must be a species of the case and ≥ 0 mol/m³")
            }
            p.feeds[try feedIndex(name)].concentrations[j] = v
        case .solventLoopFlow(let q):
            guard p.loop != nil else { throw InfeasibleSpecification("event: the cascade has no solvent loop", subjectKind: .solventLoop) }
            guard q > 0, q.isFinite else { throw InfeasibleSpecification("event: solvent loop flow must be > 0 m³/s, got \(q)") }
            p.loop!.flow = q
        case .makeupConcentration(let j, let v):
            guard p.loop != nil else { throw InfeasibleSpecification("event: the cascade has no solvent loop", subjectKind: .solventLoop) }
            guard j >= 0 && j < species.count, v >= 0, v.isFinite else {
                throw InfeasibleSpecification("event: make-up concentration must be a species of the case and ≥ 0 mol/m³")
            }
            p.loop!.makeupConcentrations[j] = v
        case .organicSaponification(let name, let degree):
            let i = try feedIndex(name)
            guard degree >= 0, degree < 1 else {
                throw InfeasibleSpecification("event: degree of saponification of '\(name)' must be in [0, 1) (a fraction of the extractant), got \(degree)",
                                              subjectKind: .feed, subject: name)
            }
            let layout = try p.saponificationLayout(ofFeed: i)
            do {
                p.feeds[i].concentrations = try Saponification.resaponify(organic: p.feeds[i].concentrations, degree: degree,
                                                                          layout: layout, reagent: .sodiumHydroxide).organic
            } catch let e as SaponificationError {
                throw InfeasibleSpecification("event: saponification of '\(name)' to \(degree): needs \(e.description)", subjectKind: .feed, subject: name)
            }
        }
        return p
    }

    /// The acidic-extractant layout (with a saponification cation) of the model of the stage
    /// organic feed `i` enters; throws naming the feed when it is not an organic stream or
    /// that model cannot describe saponification.
    public func saponificationLayout(ofFeed i: Int) throws -> AcidicExtractantLayout {
        let f = feeds[i]
        guard f.phase == .organic else {
            throw InfeasibleSpecification("event: '\(f.name)' is an aqueous stream; saponification applies to an organic feed", subjectKind: .feed, subject: f.name)
        }
        let sec = sections[sectionOfStage[f.stage]]
        guard let layout = Saponification.layout(of: models[sec.modelIndex]), layout.saponificationIndex != nil else {
            throw InfeasibleSpecification("event: the organic '\(f.name)' is not saponifiable: the extractant model of section '\(sec.name)' is not an acidic extractant with a saponification_cation",
                                          subjectKind: .feed, subject: f.name)
        }
        return layout
    }

    /// Degree of saponification of organic feed `i` (0 when its model has no cation).
    public func saponificationDegree(ofFeed i: Int) -> Double {
        guard let l = try? saponificationLayout(ofFeed: i) else { return 0 }
        return Saponification.degree(of: feeds[i].concentrations, layout: l)
    }
}
