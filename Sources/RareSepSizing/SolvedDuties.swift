import RareSepCascade
import RareSepChemistry
import RareSepColumn
import RareSepContactor
import RareSepCore
import RareSepFlowsheet

/// Duties read from solved units, cascades and flowsheets (sizing reads solutions, never YAML).
public enum SolvedDuties {
    /// One duty per section of a solved cascade: its stage count and the largest aqueous and
    /// organic flows leaving any of its stages; names prefixed with `prefix`.
    public static func sections(_ sol: CascadeSolution, prefix: String = "") -> [SectionDuty] {
        sections(sol.problem, flows: sol.flows, prefix: prefix)
    }

    /// The same for cascade `p` with stage flows `flows` (a solution's, or the flow balance's
    /// alone: the sizes depend on flows and stage counts only, not on concentrations).
    public static func sections(_ p: CascadeProblem, flows: StageFlows, prefix: String = "") -> [SectionDuty] {
        p.sections.map { s in
            SectionDuty(name: prefix + s.name, stages: s.stageCount,
                        aqueousFlow: s.stages.map { flows.aqueous[$0] }.max() ?? 0,
                        organicFlow: s.stages.map { flows.organic[$0] }.max() ?? 0)
        }
    }

    /// The equipment duty of cascade `p` from its stage flows alone: sections, solvent
    /// circulation and aqueous throughput, no product (so no reagent use per kg of oxide).
    /// What the solvent inventory and footprint of a candidate design need.
    public static func equipment(_ p: CascadeProblem, flows: StageFlows) -> PlantDuty {
        let aqueous = p.feeds.filter { $0.phase == .aqueous }.reduce(0) { $0 + $1.flow }
        return PlantDuty(mixerSettlers: sections(p, flows: flows), organicCirculation: p.loop?.flow ?? (flows.organic.max() ?? 0),
                         aqueousThroughput: aqueous, oxideMassFlow: 0, metalExtracted: 0)
    }

    /// Rare earth leaving a solved cascade in its section aqueous outlets other than the
    /// raffinate (the strip liquors), mol/s per species of the cascade.
    public static func stripped(_ sol: CascadeSolution) -> [Double] {
        let p = sol.problem
        let named = Set(p.sections.compactMap(\.aqueousOutlet))
        var out = [Double](repeating: 0, count: p.species.count)
        for o in sol.outlets where o.stage != 0 && named.contains(o.name) {
            for (j, a) in o.amounts.enumerated() { out[j] += a }
        }
        return out
    }

    /// Circulating organic flow of a solved cascade: the loop flow, else the largest stage organic flow, m³/s.
    public static func organicCirculation(_ sol: CascadeSolution) -> Double {
        sol.problem.loop?.flow ?? (sol.flows.organic.max() ?? 0)
    }

    /// The plant duty of a solved cascade run alone: its sections, its loop, the aqueous feeds,
    /// and as product the rare earths of its strip liquors (oxide equivalent).
    public static func cascade(_ sol: CascadeSolution, elements: ElementTable) -> PlantDuty {
        let p = sol.problem
        let stripped = stripped(sol)
        var mol = 0.0, oxide = 0.0
        for j in 0..<p.metalCount {
            guard let e = elements[p.species.symbols[j]], e.isRareEarth else { continue }
            mol += stripped[j]
            oxide += stripped[j] / elements.molesPerKilogramOxide(e)
        }
        var duty = equipment(p, flows: sol.flows)
        duty.oxideMassFlow = oxide
        duty.metalExtracted = mol
        return duty
    }

    /// The duty of a solved emulsion-flow unit: its flows, the transfer units its solution
    /// provides (`ContactorPerformance`), and its own hold-up/K·a specification.
    public static func contactor(_ unit: EmulsionFlowUnit) -> ContactorDuty? {
        guard let sol = unit.lastSolution else { return nil }
        let p = sol.problem
        return ContactorDuty(name: unit.name, aqueousFlow: p.aqueousFlow, organicFlow: p.organicFlow,
                             transferUnits: ContactorPerformance(sol, species: 0).transferUnits,
                             equilibriumSlope: unit.transfer.equilibriumSlope, transferCoefficient: unit.transfer.transferCoefficient,
                             holdUp: unit.transfer.holdUp ?? (unit.transfer.swarm == nil ? p.holdUp.first : nil))
    }

    /// The duty of a solved column unit (cycle-average feed and the rare earth it carries) and
    /// the bed volume of its model (cross-section × length), m³.
    public static func column(_ unit: ColumnUnit, elements: ElementTable) -> (duty: ColumnDuty, modelBedVolume: Double)? {
        guard let p = unit.lastProblem, unit.cycleTime > 0 else { return nil }
        let load = p.sections[unit.loadSection]
        let area = unit.lastCrossSection, us = p.column.superficialVelocity
        let flow = us * area * (load.end - load.start) / unit.cycleTime
        var metal = 0.0
        for (j, sym) in p.components.symbols.enumerated() where elements[sym]?.isRareEarth == true {
            metal += us * area * load.inletIntegral(j) / unit.cycleTime
        }
        return (ColumnDuty(name: unit.name, feedFlow: flow, metalLoad: metal), area * p.column.length)
    }

    /// The plant duty of a solved flowsheet: every cascade's sections, emulsion-flow unit and
    /// column unit; solvent circulation of every loop; aqueous plant inputs; the oxide of the
    /// precipitation units; reagent flows the model found (saponification units' base, acid
    /// make-up units' and acid-only plant inlets' acid, precipitation units' oxalic acid).
    public static func flowsheet(_ sol: FlowsheetSolution, elements: ElementTable, operatingHours: Double?) -> PlantDuty {
        let fs = sol.flowsheet
        let species = fs.species
        let h = species.index(of: "H")
        let isREE = (0..<fs.metalCount).map { elements[species.symbols[$0]]?.isRareEarth == true }
        var duty = PlantDuty(organicCirculation: 0, aqueousThroughput: 0, oxideMassFlow: 0, metalExtracted: 0, operatingHours: operatingHours)
        for (u, unit) in fs.units.enumerated() {
            switch unit {
            case let c as CascadeUnit:
                guard let last = c.lastSolution else { continue }
                duty.mixerSettlers += sections(last, prefix: "\(c.name)/")
                duty.organicCirculation += organicCirculation(last)
                let s = stripped(last)
                for (j, sym) in last.problem.species.symbols.enumerated() where elements[sym]?.isRareEarth == true { duty.metalExtracted += s[j] }
            case let e as EmulsionFlowUnit:
                guard let d = contactor(e) else { continue }
                duty.contactors.append(d)
                duty.organicCirculation += d.organicFlow
            case let col as ColumnUnit:
                guard let d = column(col, elements: elements) else { continue }
                duty.columns.append(d.duty)
                duty.modelBedVolumes[d.duty.name] = d.modelBedVolume
            case let sap as SaponificationUnit:
                guard let r = sol.unitResults[u] else { continue }
                let mol = r.additions.reduce(0) { $0 + $1.stream.flow * $1.stream.concentrations.reduce(0, +) }
                duty.modelReagents.append(ModelReagent(kind: .base, molarFlow: mol, source: "unit \(sap.name)"))
            case let acid as AcidAdjustUnit:
                guard let r = sol.unitResults[u] else { continue }
                let mol = r.additions.reduce(0) { $0 + $1.stream.flow * $1.stream.concentrations[acid.protonIndex] }
                duty.modelReagents.append(ModelReagent(kind: .acid, molarFlow: mol, source: "unit \(acid.name)"))
            case let pr as PrecipitationUnit:
                guard sol.unitResults[u] != nil else { continue }
                duty.modelReagents.append(ModelReagent(kind: .oxalicAcid, molarFlow: pr.oxalicAcidUse, source: "unit \(pr.name)"))
            default: continue
            }
        }
        for (name, s) in sol.inputs where s.phase == .aqueous {
            duty.aqueousThroughput += s.flow
            // acid-only inlets of cascades (scrub and strip acid) are acid reagent
            guard let h, s.concentrations[h] > 0, !(0..<fs.metalCount).contains(where: { s.concentrations[$0] > 0 }),
                  let dot = name.firstIndex(of: "."), fs.units.contains(where: { $0 is CascadeUnit && $0.name == String(name[..<dot]) }) else { continue }
            duty.modelReagents.append(ModelReagent(kind: .acid, molarFlow: s.flow * s.concentrations[h], source: "inlet \(name)"))
        }
        var precipitated = 0.0
        for (name, s) in sol.removals where name.contains("oxalate") {
            for j in 0..<fs.metalCount where isREE[j] {
                let e = elements[species.symbols[j]]!
                precipitated += s.flow * s.concentrations[j]
                duty.oxideMassFlow += s.flow * s.concentrations[j] / elements.molesPerKilogramOxide(e)
            }
        }
        duty.metalPrecipitated = precipitated
        return duty
    }
}
