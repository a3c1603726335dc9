import Foundation
import RareSepChemistry
import RareSepContactor
import RareSepCore
import RareSepFlowsheet

/// Reads a flowsheet `emulsion_flow` unit: the extraction model (`model:`, a Models/
/// file), the geometry (`height`, `diameter`), the dispersed phase, hold-up and K·a
/// given or from the droplet swarm of an equipment file (`hydrodynamics:`, e.g.
/// equipment/emulsion-flow-contactor.yaml, with optional `sauter_diameter` and
/// `equilibrium_slope`), axial dispersion and cells. See docs/flowsheet-format.md.
enum EmulsionFlowUnitReader {
    static let keys = ["name", "type", "model", "height", "diameter", "dispersed", "hold_up", "transfer_coefficient",
                       "hydrodynamics", "sauter_diameter", "characteristic_velocity", "equilibrium_slope", "transfer_factor", "axial_dispersion", "cells", "scheme", "entrainment", "description"]

    /// The unit with the model bound to the plant's metals.
    static func read(_ un: ConfigNode, name: String, path: String, library: ModelLibrary, metals: [String]) throws -> EmulsionFlowUnit {
        try un.checkKeys(keys)
        let modelNode = try un.require("model")
        // relative to the case file when it is there, else to Models/ (as cascade model files)
        let bound = try ModelFileLoader.load(try library.existingFile(modelNode, relativeTo: path, kind: "model file"), library: library, metals: metals)
        let height = try un.require("height").positiveQuantity(.length)
        let diameter = try un.require("diameter").positiveQuantity(.length)
        let area = Double.pi * diameter * diameter / 4
        var dispersed = ContactorProblem.DispersedPhase.organic
        if let d = try un.optional("dispersed") {
            guard let v = ContactorProblem.DispersedPhase(rawValue: try d.string()) else { throw d.error("'organic' or 'aqueous'") }
            dispersed = v
        }
        let holdUpNode = try un.optional("hold_up")
        let holdUp = try holdUpNode.map { n -> Double in
            let v = try n.fraction()
            guard v > 0 && v < 1 else { throw n.error("a dispersed-phase hold-up between 0 and 1 (exclusive)") }
            return v
        }
        let ka = try un.optional("transfer_coefficient")?.nonNegativeQuantity(.rate)
        var ea = 0.0, eo = 0.0
        if let ad = try un.optional("axial_dispersion") {
            try ad.checkKeys(["aqueous", "organic"])
            ea = try ad.optional("aqueous")?.nonNegativeQuantity(.diffusivity) ?? 0
            eo = try ad.optional("organic")?.nonNegativeQuantity(.diffusivity) ?? 0
        }
        let cellsNode = try un.optional("cells")
        let cells = try cellsNode?.int() ?? 100
        if cells < 1 || cells > 100_000 { throw cellsNode!.error("a whole number of height cells from 1 to 100000") }
        var scheme = ContactorProblem.ConvectionScheme.upwind
        if let s = try un.optional("scheme") {
            guard let v = ContactorProblem.ConvectionScheme(rawValue: try s.string()) else { throw s.error("'upwind' or 'central'") }
            scheme = v
        }
        var swarm: DropletSwarmSpec?
        var slope = 1.0
        let hydroNode = try un.optional("hydrodynamics")
        if holdUp == nil || ka == nil {
            guard let hydroNode else {
                throw un.error("'hydrodynamics' (an equipment file, e.g. equipment/emulsion-flow-contactor.yaml) when 'hold_up' or 'transfer_coefficient' is not given", value: name)
            }
            let file = try library.existingFile(hydroNode, relativeTo: library.root + "/", kind: "equipment file")
            var d32: Double?
            if let dn = try un.optional("sauter_diameter") {
                let v = try dn.quantity(.length)
                guard v > 0 else { throw dn.error("a positive droplet Sauter diameter d32 (e.g. 50 um)", problem: "a droplet diameter must be positive") }
                d32 = v
            }
            swarm = try EquipmentFileReader.swarm(file, dispersed: dispersed, sauterDiameter: d32, columnDiameter: diameter, at: hydroNode)
            if let uk = try un.optional("characteristic_velocity") {
                // u_K stated at the unit (e.g. fitted to pilot hold-ups), the file's hindrance exponent kept
                let v = try uk.positiveQuantity(.velocity)
                do { swarm!.slip = try SlipLaw(characteristicVelocity: v, exponent: swarm!.slip.exponent) } catch let e as InputError {
                    throw uk.error(e.expected, problem: e.problem)
                }
            }
            if ka == nil {
                let sn = try un.require("equilibrium_slope")
                slope = try sn.double()
                guard slope > 0 && slope.isFinite else { throw sn.error("a positive organic/aqueous equilibrium slope dy*/dx for K·a") }
            }
        }
        var factor = 1.0
        if let f = try un.optional("transfer_factor") {
            factor = try f.double()
            guard factor > 0 && factor.isFinite else { throw f.error("a positive multiplier on K·a (1: as stated or correlated)") }
        }
        if let uk = try un.optional("characteristic_velocity"), swarm == nil {
            throw uk.error("'hydrodynamics' (an equipment file) for the slip law it replaces u_K in, with hold_up or transfer_coefficient not given")
        }
        let n = bound.species.count
        let template = ContactorProblem(species: bound.species, model: bound.model, height: height, crossSection: area,
                                        aqueousVelocity: 1, organicVelocity: 1, dispersed: dispersed, holdUp: [holdUp ?? 0.1],
                                        transferCoefficient: [ka ?? 0], aqueousDispersion: ea, organicDispersion: eo,
                                        aqueousInlet: [Double](repeating: 0, count: n), organicInlet: [Double](repeating: 0, count: n),
                                        cells: cells, scheme: scheme)
        let entrainment = try un.optional("entrainment").map(entrainmentZones)
        return EmulsionFlowUnit(name: name, template: template,
                                transfer: EmulsionFlowTransfer(holdUp: holdUp, transferCoefficient: ka, swarm: swarm, equilibriumSlope: slope,
                                                               transferFactor: factor),
                                entrainment: entrainment)
    }

    /// `entrainment: {aqueous_in_organic: LAW, organic_in_aqueous: LAW}` (a missing one is
    /// 0); LAW is a fraction ("0.5 %") or the power law {coefficient, exponent,
    /// reference_velocity, separation_diameter, maximum} of `EntrainmentLaw`.
    static func entrainmentZones(_ node: ConfigNode) throws -> SeparationZoneEntrainment {
        try node.checkKeys(["aqueous_in_organic", "organic_in_aqueous"])
        func law(_ key: String) throws -> EntrainmentLaw {
            guard let n = try node.optional(key) else { return .fraction(0) }
            if n.scalarText != nil {
                let e = try n.fraction()
                guard e < 1 else { throw n.error("an entrained fraction below 1 (e.g. 0.5 %)") }
                return .fraction(e)
            }
            try n.checkKeys(["coefficient", "exponent", "reference_velocity", "separation_diameter", "maximum"])
            let c = try n.require("coefficient").fraction()
            let ex = try n.require("exponent").double()
            let uref = try n.require("reference_velocity").positiveQuantity(.velocity)
            let d = try n.require("separation_diameter").positiveQuantity(.length)
            let maxNode = try n.optional("maximum")
            let emax = try maxNode?.fraction() ?? 0.5
            guard emax < 1 else { throw maxNode!.error("a largest entrained fraction below 1") }
            return .powerLaw(coefficient: c, exponent: ex, referenceVelocity: uref, separationArea: Double.pi * d * d / 4, maximum: emax)
        }
        return SeparationZoneEntrainment(aqueousInOrganic: try law("aqueous_in_organic"), organicInAqueous: try law("organic_in_aqueous"))
    }
}

/// Reads the droplet-swarm part of an equipment file (Models/equipment/, SI values under
/// `parameters:`) into a `DropletSwarmSpec`; errors point at the file's keys.
enum EquipmentFileReader {
    static func swarm(_ file: String, dispersed: ContactorProblem.DispersedPhase, sauterDiameter: Double?,
                      columnDiameter: Double, at reference: ConfigNode) throws -> DropletSwarmSpec {
        let p = try YAMLDocument.load(path: file).require("parameters")
        func num(_ path: [String]) throws -> Double {
            var n = p
            for k in path { n = try n.require(k) }
            return try n.double()
        }
        func node(_ path: [String]) throws -> ConfigNode {
            var n = p
            for k in path { n = try n.require(k) }
            return n
        }
        func relocate<T>(_ path: [String], _ f: () throws -> T) throws -> T {
            do { return try f() } catch let e as InputError where e.location == contactorFunctionLocation {
                throw e.relocated(to: try node(path).location, keyPrefix: path.dropLast().map { $0 + "." }.joined())
            }
        }
        let aq = PhaseProperties(density: try num(["aqueous", "density"]), viscosity: try num(["aqueous", "viscosity"]))
        let org = PhaseProperties(density: try num(["organic", "density"]), viscosity: try num(["organic", "viscosity"]))
        let organicDispersed = dispersed == .organic
        let pair = try relocate(["interfacial_tension"]) {
            try LiquidPair(dispersed: organicDispersed ? org : aq, continuous: organicDispersed ? aq : org,
                           interfacialTension: try num(["interfacial_tension"]))
        }
        let d32 = try sauterDiameter ?? num(["droplets", "sauter_diameter"])
        if !(d32 > 0) {
            throw try node(["droplets", "sauter_diameter"]).error("a positive droplet Sauter diameter d32, m", value: "\(d32)", problem: "a droplet diameter must be positive")
        }
        let slipNode = try node(["slip"])
        let law: SlipLaw = try relocate(["slip", "characteristic_velocity"]) {
            let uk = try slipNode.require("characteristic_velocity")
            let ex = try slipNode.require("exponent")
            if uk.scalarText == "terminal" {
                let dragNode = try slipNode.require("drag")
                guard let drag = DropletDrag(rawValue: try dragNode.string()) else {
                    throw dragNode.error("a drag law: \(DropletDrag.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let rz = try SlipLaw.richardsonZaki(diameter: d32, pair: pair, drag: drag, columnDiameter: columnDiameter)
                if ex.scalarText == "richardson-zaki" { return rz }
                return try SlipLaw(characteristicVelocity: rz.characteristicVelocity, exponent: try ex.double())
            }
            guard ex.scalarText != "richardson-zaki" else {
                throw ex.error("a number (the hindrance exponent m) when characteristic_velocity is a number")
            }
            return try SlipLaw(characteristicVelocity: try uk.double(), exponent: try ex.double())
        }
        let dNode = try node(["mass_transfer", "dispersed_side"]), cNode = try node(["mass_transfer", "continuous_side"])
        let dside: DispersedSideModel
        switch dNode.scalarText {
        case "rigid-asymptotic": dside = .rigidAsymptotic
        case "kronig-brink": dside = .kronigBrink
        case "handlos-baron": dside = .handlosBaron
        case "newman-rigid": dside = .newmanRigid(contactTime: 0)
        default:
            guard let v = Double(dNode.scalarText ?? ""), v > 0 else {
                throw dNode.error("rigid-asymptotic, kronig-brink, handlos-baron, newman-rigid or a coefficient in m/s")
            }
            dside = .given(v)
        }
        let cside: ContinuousSideModel
        switch cNode.scalarText {
        case "ranz-marshall": cside = .ranzMarshall
        case "calderbank-moo-young": cside = .calderbankMooYoung
        default:
            guard let v = Double(cNode.scalarText ?? ""), v > 0 else {
                throw cNode.error("ranz-marshall, calderbank-moo-young or a coefficient in m/s")
            }
            cside = .given(v)
        }
        let dd = try num([organicDispersed ? "organic" : "aqueous", "diffusivity"])
        let dc = try num([organicDispersed ? "aqueous" : "organic", "diffusivity"])
        return DropletSwarmSpec(pair: pair, dispersedPhase: organicDispersed ? .organic : .aqueous, sauterDiameter: d32, slip: law,
                                dispersedDiffusivity: dd, continuousDiffusivity: dc, dispersedSide: dside, continuousSide: cside)
    }
}
