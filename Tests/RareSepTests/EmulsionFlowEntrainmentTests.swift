import Foundation
import XCTest
import RareSepChemistry
@testable import RareSepContactor
@testable import RareSepCore
@testable import RareSepFlowsheet

/// Separation-zone entrainment of the emulsion-flow unit: a fraction e_a of the aqueous
/// inlet leaves with the organic overflow and e_o of the organic inlet with the aqueous
/// underflow, bypassing the mixing zone (`SeparationZoneEntrainment`).
final class EmulsionFlowEntrainmentTests: XCTestCase {
    static let species = SpeciesSet(["A", "B"])
    static let ratio = [2.0, 0.5]

    static func template(cells: Int, ka: Double = 0.003) -> ContactorProblem {
        ContactorProblem(species: species, model: ConstantDistribution(distributionRatio: ratio), height: 0.5,
                         crossSection: 0.01, aqueousVelocity: 0.004, organicVelocity: 0.003, holdUp: [0.2],
                         transferCoefficient: [ka], aqueousInlet: [1, 1], organicInlet: [0, 0], cells: cells)
    }

    static let aqueousIn = ProcessStream(phase: .aqueous, flow: 4e-5, concentrations: [1, 1])
    static let organicIn = ProcessStream(phase: .organic, flow: 3e-5, concentrations: [0.2, 0])

    static func unit(cells: Int, ka: Double = 0.003, entrainment: SeparationZoneEntrainment?) -> EmulsionFlowUnit {
        EmulsionFlowUnit(name: "ef", template: template(cells: cells, ka: ka),
                         transfer: EmulsionFlowTransfer(holdUp: 0.2, transferCoefficient: ka, swarm: nil, equilibriumSlope: 1),
                         entrainment: entrainment)
    }

    func testZeroEntrainmentReproducesTheUnitExactly() throws {
        let plain = try Self.unit(cells: 60, entrainment: nil).solve(inlets: [Self.aqueousIn, Self.organicIn], species: Self.species)
        let zero = SeparationZoneEntrainment(aqueousInOrganic: .fraction(0), organicInAqueous: .fraction(0))
        let u = Self.unit(cells: 60, entrainment: zero)
        XCTAssertEqual(u.outlets.map(\.name), ["aqueous_out", "organic_out", "entrained_aqueous", "entrained_organic"])
        let r = try u.solve(inlets: [Self.aqueousIn, Self.organicIn], species: Self.species)
        XCTAssertEqual(r.outlets[0], plain.outlets[0])   // bitwise
        XCTAssertEqual(r.outlets[1], plain.outlets[1])
        XCTAssertEqual(r.outlets[2].flow, 0)
        XCTAssertEqual(r.outlets[3].flow, 0)
    }

    func testBalanceClosesPerSpecies() throws {
        let laws: [SeparationZoneEntrainment] = [
            .init(aqueousInOrganic: .fraction(0.02), organicInAqueous: .fraction(0.05)),
            .init(aqueousInOrganic: .powerLaw(coefficient: 0.01, exponent: 1.5, referenceVelocity: 1e-3, separationArea: 0.04, maximum: 0.5),
                  organicInAqueous: .powerLaw(coefficient: 0.02, exponent: 1, referenceVelocity: 1e-3, separationArea: 0.02, maximum: 0.5)),
        ]
        for law in laws {
            let u = Self.unit(cells: 80, entrainment: law)
            let r = try u.solve(inlets: [Self.aqueousIn, Self.organicIn], species: Self.species)
            XCTAssertGreaterThan(u.lastEntrainment.aqueous, 0)
            XCTAssertGreaterThan(u.lastEntrainment.organic, 0)
            let flowIn = Self.aqueousIn.flow + Self.organicIn.flow
            let flowOut = r.outlets.reduce(0) { $0 + $1.flow }
            XCTAssertEqual(flowOut, flowIn, accuracy: 1e-15 * flowIn)
            XCTAssertEqual(r.outlets[0].flow + r.outlets[2].flow, Self.aqueousIn.flow, accuracy: 1e-18)
            for j in 0..<2 {
                let a = Self.aqueousIn.amounts[j] + Self.organicIn.amounts[j]
                let b = r.outlets.reduce(0) { $0 + $1.amounts[j] }
                XCTAssertEqual(b / a, 1, accuracy: 1e-10, "species \(j)")
            }
        }
        // power law: e = c·(U_sep/u_ref)^n at the carrier leaving the mixing zone (solved together)
        let law = laws[1]
        let u = Self.unit(cells: 20, entrainment: law)
        _ = try u.solve(inlets: [Self.aqueousIn, Self.organicIn], species: Self.species)
        let (ea, eo) = u.lastEntrainment
        XCTAssertEqual(ea, 0.01 * pow((1 - eo) * 3e-5 / 0.04 / 1e-3, 1.5), accuracy: 1e-14)
        XCTAssertEqual(eo, 0.02 * ((1 - ea) * 4e-5 / 0.02 / 1e-3), accuracy: 1e-14)
    }

    /// One upwind cell without dispersion is one well-mixed volume V = A·H with linear
    /// transfer N = K·a·(m·x − y): Q_a'(x_in − x) = K·a·V·(m·x − y) = Q_o'(y − y_in),
    /// Q' = (1 − e)·Q, so x = (Q_a'·x_in·(1 + k/Q_o') + k·y_in)/(Q_a'·(1 + k/Q_o') + k·m),
    /// k = K·a·V; the outlets are the cell and the bypassed inlets.
    func testHandComputedOutletsForGivenFractions() throws {
        let ea = 0.1, eo = 0.05, ka = 0.003
        let u = Self.unit(cells: 1, ka: ka, entrainment: .init(aqueousInOrganic: .fraction(ea), organicInAqueous: .fraction(eo)))
        let r = try u.solve(inlets: [Self.aqueousIn, Self.organicIn], species: Self.species)
        let qa = (1 - ea) * Self.aqueousIn.flow, qo = (1 - eo) * Self.organicIn.flow
        let k = ka * 0.01 * 0.5
        for j in 0..<2 {
            let m = Self.ratio[j], xin = Self.aqueousIn.concentrations[j], yin = Self.organicIn.concentrations[j]
            let x = (qa * xin * (1 + k / qo) + k * yin) / (qa * (1 + k / qo) + k * m)
            let y = yin + qa * (xin - x) / qo
            XCTAssertEqual(r.outlets[0].concentrations[j], x, accuracy: 1e-12 * xin, "aqueous_out \(j)")
            XCTAssertEqual(r.outlets[1].concentrations[j], y, accuracy: 1e-12 * xin, "organic_out \(j)")
            XCTAssertEqual(r.outlets[2].concentrations[j], xin)
            XCTAssertEqual(r.outlets[3].concentrations[j], yin)
        }
        XCTAssertEqual(r.outlets[0].flow, qa)
        XCTAssertEqual(r.outlets[1].flow, qo)
        XCTAssertEqual(r.outlets[2].flow, ea * Self.aqueousIn.flow)
        XCTAssertEqual(r.outlets[3].flow, eo * Self.organicIn.flow)
    }

    func testFractionReachingOneIsAnError() {
        let law = SeparationZoneEntrainment(aqueousInOrganic: .powerLaw(coefficient: 1, exponent: 2, referenceVelocity: 1e-6, separationArea: 0.01, maximum: 1),
                                            organicInAqueous: .fraction(0))
        XCTAssertThrowsError(try Self.unit(cells: 10, entrainment: law).solve(inlets: [Self.aqueousIn, Self.organicIn], species: Self.species)) { e in
            XCTAssertTrue("\(e)".contains("entrainment.aqueous_in_organic"), "\(e)")
        }
    }
}
