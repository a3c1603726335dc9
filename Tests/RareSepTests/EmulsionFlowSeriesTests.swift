import Foundation
import XCTest
import RareSepChemistry
@testable import RareSepContactor
@testable import RareSepCore
@testable import RareSepFlowsheet

/// Emulsion-flow units in counter-current series in a flowsheet: the organic of unit i+1
/// feeds unit i (a recycle the flowsheet tears), the aqueous passes 1 → N. With linear
/// equilibrium, plug flow and the upwind grid, N units of C cells are one contactor of
/// N·C cells (the inlet face carries exactly the upwind flux of the neighbour's end
/// cell), and the differential contactor's closed form
/// f = (E − 1)/(E·e^{(E−1)·NTU} − 1), E = m·U_o/U_a, NTU = K·a·H/U_o (the unextracted
/// fraction, derived in docs/emulsion-flow-contactor.md) checks the Richardson-extrapolated outlet.
final class EmulsionFlowSeriesTests: XCTestCase {
    static let species = SpeciesSet(["A", "B"])
    static let ratio = [2.0, 0.5]
    /// K·a, 1/s: NTU = 2 over the train.
    static let ka = 0.003

    static func template(cells: Int) -> ContactorProblem {
        ContactorProblem(species: species, model: ConstantDistribution(distributionRatio: ratio), height: 0.5,
                         crossSection: 0.01, aqueousVelocity: 0.004, organicVelocity: 0.003, holdUp: [0.2],
                         transferCoefficient: [Self.ka], aqueousInlet: [1, 1], organicInlet: [0, 0], cells: cells)
    }

    /// Feed (aqueous 1 mol/m³ of A and B) → ef1 → … → efN; fresh solvent → efN → … → ef1.
    static func train(units: Int, cells: Int) throws -> Flowsheet {
        let t = template(cells: cells)
        let feed = FeedUnit(name: "feed", stream: ProcessStream(phase: .aqueous, flow: t.aqueousFlow, concentrations: [1, 1]))
        let solvent = FeedUnit(name: "solvent", stream: ProcessStream(phase: .organic, flow: t.organicFlow, concentrations: [0, 0]))
        let transfer = EmulsionFlowTransfer(holdUp: 0.2, transferCoefficient: Self.ka, swarm: nil, equilibriumSlope: 1)
        let efs = (1...units).map { EmulsionFlowUnit(name: "ef\($0)", template: t, transfer: transfer) }
        var streams = [FlowsheetStream(name: "feed", from: PortReference(unit: 0, port: 0), to: PortReference(unit: 2, port: 0)),
                       FlowsheetStream(name: "solvent", from: PortReference(unit: 1, port: 0), to: PortReference(unit: 1 + units, port: 1))]
        for i in 1..<units {
            let u = 1 + i   // ef_i
            streams.append(FlowsheetStream(name: "aqueous \(i)", from: PortReference(unit: u, port: 0), to: PortReference(unit: u + 1, port: 0)))
            streams.append(FlowsheetStream(name: "organic \(i + 1)", from: PortReference(unit: u + 1, port: 1), to: PortReference(unit: u, port: 1)))
        }
        streams.append(FlowsheetStream(name: "raffinate", from: PortReference(unit: 1 + units, port: 0), to: nil))
        streams.append(FlowsheetStream(name: "loaded", from: PortReference(unit: 2, port: 1), to: nil))
        return try Flowsheet(species: species, metalCount: 2, units: [feed, solvent] + efs, streams: streams)
    }

    func testTrainEqualsOneTallContactorAndTheClosedForm() throws {
        let units = 4, cells = 50
        let fs = try Self.train(units: units, cells: cells)
        let sol = try FlowsheetSolver.solve(fs)
        XCTAssertNil(sol.failure, sol.failure?.message ?? "")
        for b in sol.balance { XCTAssertLessThan(abs(b.closure), 1e-10, b.species) }
        let raff = sol.products.first { $0.name == "raffinate" }!.stream
        // one contactor of N·C cells and N times the height
        var tall = Self.template(cells: units * cells)
        tall.height *= Double(units)
        let one = try ContactorSolver.solve(tall)
        XCTAssertTrue(one.report.converged)
        for j in 0..<2 { XCTAssertEqual(raff.concentrations[j] / one.aqueousOutlet[j], 1, accuracy: 1e-9) }
        // closed form of the differential contactor: the upwind grid is first order, so
        // compare the Richardson extrapolation of the trains of 4×25 and 4×50 cells
        let coarse = try FlowsheetSolver.solve(try Self.train(units: units, cells: cells / 2))
        XCTAssertNil(coarse.failure, coarse.failure?.message ?? "")
        let raffCoarse = coarse.products.first { $0.name == "raffinate" }!.stream
        for j in 0..<2 {
            let e = Self.ratio[j] * tall.organicVelocity / tall.aqueousVelocity
            let ntu = Self.ka * tall.height / tall.organicVelocity
            let f = (e - 1) / (e * exp((e - 1) * ntu) - 1)
            let fine = raff.concentrations[j]
            XCTAssertEqual(fine, f, accuracy: 0.03 * f, "species \(j), 200 cells")
            XCTAssertEqual(2 * fine - raffCoarse.concentrations[j], f, accuracy: 2e-3 * f, "species \(j), Richardson")
        }
    }
}
