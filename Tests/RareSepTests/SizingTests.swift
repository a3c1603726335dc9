import Foundation
import XCTest
@testable import RareSepIO
import RareSepContactor
import RareSepCore
import RareSepSizing

/// Sizing arithmetic against hand calculations from the stated inputs, scaling limits, the
/// emulsion-flow diameter checked with the contactor's flooding function, and bad data.
final class SizingTests: XCTestCase {
    /// Stated inputs for the hand calculations (not the bundled data).
    static let ms = MixerSettlerData(mixerResidenceTime: 180, settlerSpecificFlow: 3.0 / 3600, settlerDepth: 0.6, settlerOrganicFraction: 0.4,
                                     mixerDepth: 0.6, layoutFactor: 2, standardSettlerAreas: [])
    static let duty = SectionDuty(name: "extraction", stages: 10, aqueousFlow: 2.0 / 3600, organicFlow: 4.0 / 3600)

    func testMixerSettlerAgainstHandCalculation() {
        let s = MixerSettlerSizing.size(Self.duty, data: Self.ms)
        // Q = 6 m³/h: V_mix = 3 min × 6 m³/h = 0.3 m³; A = 6/3 = 2 m²; V_set = 2 × 0.6 = 1.2 m³
        XCTAssertEqual(s.mixer_volume_m3, 0.3, accuracy: 1e-12)
        XCTAssertEqual(s.settler_area_m2, 2, accuracy: 1e-12)
        XCTAssertEqual(s.settler_volume_m3, 1.2, accuracy: 1e-12)
        // solvent per stage 0.3 × 4/6 + 1.2 × 0.4 = 0.68 m³, ten stages
        XCTAssertEqual(s.solvent_m3, 6.8, accuracy: 1e-12)
        // footprint 2 × 10 × (2 + 0.3/0.6) = 50 m²
        XCTAssertEqual(s.footprint_m2, 50, accuracy: 1e-12)
    }

    func testDoublingFlowDoublesMixerAndSettler() {
        var d2 = Self.duty
        d2.aqueousFlow *= 2
        d2.organicFlow *= 2
        let a = MixerSettlerSizing.size(Self.duty, data: Self.ms), b = MixerSettlerSizing.size(d2, data: Self.ms)
        XCTAssertEqual(b.mixer_volume_m3, 2 * a.mixer_volume_m3, accuracy: 1e-12)
        XCTAssertEqual(b.settler_area_m2, 2 * a.settler_area_m2, accuracy: 1e-12)
        XCTAssertEqual(b.solvent_m3, 2 * a.solvent_m3, accuracy: 1e-12)
    }

    func testStandardUnitSizes() {
        var data = Self.ms
        data.standardSettlerAreas = [1, 4]
        var s = MixerSettlerSizing.size(Self.duty, data: data)   // 2 m² needed → the 4 m² unit
        XCTAssertEqual(s.standard_settler_area_m2, 4)
        XCTAssertEqual(s.parallel_units_per_stage, 1)
        XCTAssertEqual(s.installed_mixer_volume_m3, 0.6, accuracy: 1e-12)   // same V_mix/A_set
        data.standardSettlerAreas = [0.5, 1]
        s = MixerSettlerSizing.size(Self.duty, data: data)       // two of the largest
        XCTAssertEqual(s.parallel_units_per_stage, 2)
        XCTAssertEqual(s.installed_settler_area_m2, 2, accuracy: 1e-12)
    }

    static func equipment() throws -> EquipmentData {
        let lib = TestPaths.library
        var d = try SizingDataReader.load(library: lib, sizing: nil, casePath: lib.root + "/", elements: lib.elements)
        d.mixerSettler = ms
        d.tanks = TankData(organicHoldUpTime: 1800, aqueousHoldUpTime: 3600, liquidHeight: 2, layoutFactor: 1.5)
        d.reagents = ReagentData(stripAcidPerMetal: 3, stripAcidExcess: 1.5, basePerMetalExtracted: 3, baseExcess: 1,
                                 oxalicAcidPerMetal: 2.5, acidMolarMass: 0.036461, baseMolarMass: 0.039997, oxalicAcidMolarMass: 0.126065)
        return d
    }

    func testInventoryTanksReagentsAgainstHandCalculation() throws {
        let data = try Self.equipment()
        // 1 mol/h of Ln extracted and precipitated; 0.5 mol/h would make 0.5 × M(Dy2O3) per mol ... stated: 0.1 kg/h oxide
        let duty = PlantDuty(mixerSettlers: [Self.duty], organicCirculation: 4.0 / 3600, aqueousThroughput: 2.0 / 3600,
                             oxideMassFlow: 0.1 / 3600, metalExtracted: 1.0 / 3600)
        let r = try PlantSizing.size(duty, data: data)
        // tanks: organic 0.5 h × 4 m³/h = 2 m³; aqueous 1 h × 2 m³/h = 2 m³; floor 1.5 × 4/2 = 3 m²
        XCTAssertEqual(r.tanks.organic_m3, 2, accuracy: 1e-12)
        XCTAssertEqual(r.tanks.aqueous_m3, 2, accuracy: 1e-12)
        XCTAssertEqual(r.tanks.footprint_m2, 3, accuracy: 1e-12)
        // inventory = units (6.8) + tanks (2)
        XCTAssertEqual(r.solvent_inventory.total_m3, 8.8, accuracy: 1e-12)
        XCTAssertEqual(r.footprint.total_m2, 53, accuracy: 1e-12)
        // acid 3 × 1.5 mol/h × 36.461 g/mol = 164.07 g/h over 0.1 kg/h oxide
        let acid = r.reagents.first { $0.reagent == ReagentKind.acid.rawValue }!
        XCTAssertEqual(acid.kg_per_h, 4.5 * 0.036461, accuracy: 1e-12)
        XCTAssertEqual(acid.kg_per_kg_oxide!, 4.5 * 0.036461 / 0.1, accuracy: 1e-9)
        let ox = r.reagents.first { $0.reagent == ReagentKind.oxalicAcid.rawValue }!
        XCTAssertEqual(ox.mol_per_h, 2.5, accuracy: 1e-12)
        // a model reagent replaces the stoichiometric row of its kind in the cost
        var d2 = duty
        d2.modelReagents = [ModelReagent(kind: .base, molarFlow: 2.0 / 3600, source: "unit sap")]
        let rows = PlantSizing.reagentUse(d2, data: data.reagents).filter { $0.reagent == ReagentKind.base.rawValue }
        XCTAssertEqual(rows.filter(\.costed).count, 1)
        XCTAssertEqual(rows.first(where: \.costed)!.mol_per_h, 2, accuracy: 1e-12)
    }

    func testTransferUnitsOfStages() {
        XCTAssertEqual(ContactorDuty.transferUnits(stages: 10, extractionFactor: 2), 10 * log(2.0), accuracy: 1e-12)
        XCTAssertEqual(ContactorDuty.transferUnits(stages: 7, extractionFactor: 1), 7, accuracy: 1e-12)
    }

    func testEmulsionFlowDiameterIsBelowFloodingByTheMargin() throws {
        let data = try Self.equipment().emulsionFlow
        let spec = try XCTUnwrap(data.swarm)
        let duty = ContactorDuty(name: "ef", aqueousFlow: 1e-6, organicFlow: 2e-6, transferUnits: 3, equilibriumSlope: 2)
        let s = try EmulsionFlowSizing.size(duty, data: data)
        XCTAssertEqual(s.diameter_set_by, "flooding")
        // at the returned diameter, the contactor's own flooding function gives 1 − margin
        let area = Double.pi * s.diameter_m * s.diameter_m / 4
        let h = try Hydrodynamics.holdUp(law: spec.slip, dispersedVelocity: duty.organicFlow / area, continuousVelocity: duty.aqueousFlow / area)
        XCTAssertEqual(h.approachToFlooding, 1 - data.floodingMargin, accuracy: 1e-9)
        XCTAssertEqual(h.marginToFlooding, data.floodingMargin, accuracy: 1e-9)
        // H = NTU × HTU, units of at most the maximum height
        XCTAssertEqual(s.mixing_height_m, 3 * s.transfer_unit_height_m, accuracy: 1e-12 * s.mixing_height_m)
        XCTAssertEqual(s.units, Int((s.mixing_height_m / data.maximumMixingHeight).rounded(.up)))
        XCTAssertLessThanOrEqual(s.mixing_height_per_unit_m, data.maximumMixingHeight * (1 + 1e-12))
    }

    func testEmulsionFlowWithGivenTransferAgainstHandCalculation() throws {
        let data = EmulsionFlowSizingData(swarm: nil, floodingMargin: 0.3, maximumSpecificThroughput: 30.0 / 3600, maximumMixingHeight: 4,
                                          separationDiameterRatio: 3, separationHeightRatio: 8, separationOrganicFraction: 0.5, layoutFactor: 4)
        let duty = ContactorDuty(name: "ef", aqueousFlow: 1.0 / 3600, organicFlow: 1.0 / 3600, transferUnits: 12, transferCoefficient: 0.01, holdUp: 0.1)
        let s = try EmulsionFlowSizing.size(duty, data: data)
        // A = 2 m³/h / 30 m/h = 1/15 m²; U_o = (1/3600)/(1/15) m/s; HTU = U_o/0.01 = 0.41667 m; H = 5 m → 2 units of 2.5 m
        XCTAssertEqual(s.cross_section_m2, 1.0 / 15, accuracy: 1e-12)
        XCTAssertEqual(s.transfer_unit_height_m, 15.0 / 3600 / 0.01, accuracy: 1e-12)
        XCTAssertEqual(s.mixing_height_m, 5, accuracy: 1e-9)
        XCTAssertEqual(s.units, 2)
        XCTAssertEqual(s.mixing_height_per_unit_m, 2.5, accuracy: 1e-9)
        // solvent: 2 × (A·2.5·0.1 + π/4·(3D)²·8D·0.5) with D = √(4A/π)
        let d = (4.0 / 15 / Double.pi).squareRoot()
        let sep = Double.pi / 4 * 9 * d * d * 8 * d
        XCTAssertEqual(s.solvent_m3, 2 * (2.5 / 15 * 0.1 + sep * 0.5), accuracy: 1e-12)
        XCTAssertNil(s.approach_to_flooding)
        XCTAssertThrowsError(try EmulsionFlowSizing.size(ContactorDuty(name: "x", aqueousFlow: 1, organicFlow: 1, transferUnits: 1), data: data))
    }

    func testColumnAgainstHandCalculation() throws {
        let data = AdsorptionColumnData(dynamicBindingCapacity: 50, capacityUtilisation: 0.5, cycleTime: 8 * 3600, loadFraction: 0.5,
                                        bedAspectRatio: 5, maximumSuperficialVelocity: 1, footprintPerColumn: 4, layoutFactor: 1.5)
        let s = try ColumnSizing.size(ColumnDuty(name: "c", feedFlow: 1e-5, metalLoad: 1e-3), data: data)
        // t_load = 4 h: 14.4 mol per column and cycle over 25 mol/m³ = 0.576 m³; 2 columns
        XCTAssertEqual(s.load_per_cycle_mol, 14.4, accuracy: 1e-9)
        XCTAssertEqual(s.bed_volume_per_column_m3, 0.576, accuracy: 1e-12)
        XCTAssertEqual(s.columns, 2)
        XCTAssertEqual(s.bed_diameter_m, pow(4 * 0.576 / (5 * Double.pi), 1.0 / 3), accuracy: 1e-12)
        XCTAssertEqual(s.bed_height_m / s.bed_diameter_m, 5, accuracy: 1e-9)
        XCTAssertEqual(s.footprint_m2, 12, accuracy: 1e-12)
        // a velocity limit widens the bed: A = Q/u_max
        var slow = data
        slow.maximumSuperficialVelocity = 1e-5 / 1.0
        let w = try ColumnSizing.size(ColumnDuty(name: "c", feedFlow: 1e-5, metalLoad: 1e-3), data: slow)
        XCTAssertEqual(w.diameter_set_by, "velocity limit")
        XCTAssertEqual(w.superficial_velocity_m_per_h, 3600 * 1e-5, accuracy: 1e-9)
    }

    func testComparisonSizesAllThreeTechnologies() throws {
        let data = try Self.equipment()
        let duty = ComparisonDuty(sections: [SectionDuty(name: "extraction", stages: 10, aqueousFlow: 1e-6, organicFlow: 2e-6, extractionFactor: 1.5)],
                                  feedFlow: 1e-6, metalInFeed: 1e-5, organicCirculation: 2e-6, aqueousThroughput: 1e-6,
                                  oxideMassFlow: 1e-6, metalExtracted: 5e-6, purity: 0.995, recovery: 0.95)
        let c = TechnologyComparison.compare(duty, data: data)
        XCTAssertEqual(c.rows.map(\.technology), ["mixer-settler", "emulsion-flow", "adsorption-column"])
        XCTAssertTrue(c.rows.allSatisfy { $0.not_sized == nil })
        XCTAssertEqual(c.rows[0].stages_or_units, 10)
        XCTAssertEqual(c.reports[1].contactors[0].transfer_units, 10 * log(1.5) / 0.5, accuracy: 1e-12)
        XCTAssertEqual(c.rows[2].solvent_inventory_m3, 0)
        XCTAssertNil(c.rows[2].reagents_kg_per_kg_oxide[ReagentKind.base.rawValue])
        XCTAssertNoThrow(try JSONEncoder().encode(c))
    }

    // MARK: data files and overrides

    func testBadValuesAreLocatedErrors() throws {
        let lib = TestPaths.library
        let dir = TestPaths.temporaryDirectory()
        let casePath = dir + "/case.yaml"
        func load(_ yaml: String) throws -> EquipmentData {
            try SizingDataReader.load(library: lib, sizing: try YAMLDocument.parse(yaml, file: casePath).require("sizing"),
                                      casePath: casePath, elements: lib.elements)
        }
        XCTAssertThrowsError(try load("sizing:\n  mixer_settler: {settler_specific_flow: -3 m/h}\n")) { e in
            let e = e as! InputError
            XCTAssertEqual(e.location.line, 2)
            XCTAssertEqual(e.key, "sizing.mixer_settler.settler_specific_flow")
        }
        XCTAssertThrowsError(try load("sizing:\n  emulsion_flow: {flooding_margin: 1.5}\n")) { e in
            XCTAssertEqual((e as! InputError).key, "sizing.emulsion_flow.flooding_margin")
        }
        XCTAssertThrowsError(try load("sizing:\n  tanks: {organic_hold_up_time: 2 m}\n")) { e in
            XCTAssertTrue("\(e)".contains("organic_hold_up_time"), "\(e)")
        }
        XCTAssertThrowsError(try load("sizing:\n  costs: {colum_per_bed_volume: 1}\n")) { e in
            XCTAssertTrue("\(e)".contains("column_per_bed_volume"), "\(e)")   // did you mean
        }
        // a bad value in an equipment file named by the case: located in that file
        var text = try String(contentsOfFile: TestPaths.models + "/equipment/mixer-settler.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "settler_depth: 0.6 m", with: "settler_depth: 0 m")
        try text.write(toFile: dir + "/ms.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try load("sizing:\n  files: {mixer_settler: ms.yaml}\n")) { e in
            let e = e as! InputError
            XCTAssertEqual(e.location.file, dir + "/ms.yaml")
            XCTAssertEqual(e.key, "parameters.settler_depth")
        }
        // a file of the wrong kind
        XCTAssertThrowsError(try load("sizing:\n  files: {tanks: equipment/mixer-settler.yaml}\n")) { e in
            XCTAssertTrue("\(e)".contains("tank-sizing"), "\(e)")
        }
        // an override replaces the file's value
        let d = try load("sizing:\n  mixer_settler: {mixer_residence_time: 2 min}\n")
        XCTAssertEqual(d.mixerSettler.mixerResidenceTime, 120, accuracy: 1e-12)
    }

    func testBundledDataLoads() throws {
        let d = try Self.equipment()
        XCTAssertEqual(d.reagents.oxalicAcidPerMetal, 2.5)   // from precipitation/oxalate-ree.yaml
        XCTAssertEqual(d.emulsionFlow.separationDiameterRatio, 3, accuracy: 1e-12)
        XCTAssertEqual(d.adsorptionColumn.dynamicBindingCapacity, 49, accuracy: 1e-12)
        XCTAssertTrue(d.costs.illustrative)
        XCTAssertEqual(d.sources.count, 6)
    }

    // MARK: from a run

    func testCascadeRunWritesSizing() throws {
        let dir = TestPaths.temporaryDirectory()
        var text = try String(contentsOfFile: TestPaths.root + "/cases/default.yaml", encoding: .utf8)
        text += "sizing:\n  mixer_settler: {standard_settler_areas: []}\n"
        let path = dir + "/default-sized.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try CaseKinds.run(path: path, output: dir + "/out")
        XCTAssertEqual(outcome.status, .success)
        XCTAssertTrue(outcome.text.contains("Sizing (plant)"), outcome.text)
        let r = try JSONDecoder().decode(SizingReport.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/out/sizing.json")))
        XCTAssertEqual(r.stages_or_units, 51)
        // the scrub section carries feed + scrub + organic: 5 + 15 + 20 L/h = 40 L/h at most
        let scrub = try XCTUnwrap(r.mixer_settlers.first { $0.name == "scrub" })
        let tau = 180.0, q = scrub.total_flow_m3_per_h / 3600
        XCTAssertEqual(scrub.mixer_volume_m3, tau * q, accuracy: 1e-12)
        XCTAssertEqual(r.tanks.organic_m3, 1800 * 20e-3 / 3600, accuracy: 1e-12)   // 30 min of the 20 L/h loop
        XCTAssertEqual(r.solvent_inventory.total_m3, r.solvent_inventory.units_m3 + r.solvent_inventory.tanks_m3, accuracy: 1e-15)
        XCTAssertGreaterThan(r.basis.oxide_kg_per_h, 0)
    }
}
