import Foundation
import XCTest
import RareSepCore
import RareSepContactor
@testable import RareSepIO

/// Droplet-swarm hydrodynamics and mass transfer of the emulsion-flow contactor (issue 13).
final class ContactorHydrodynamicsTests: XCTestCase {
    /// Organic drops in an aqueous continuous phase (the defaults' liquids).
    static func pair(dispersedViscosity: Double = 1.5e-3) throws -> LiquidPair {
        try LiquidPair(dispersed: PhaseProperties(density: 830, viscosity: dispersedViscosity),
                       continuous: PhaseProperties(density: 1000, viscosity: 0.89e-3), interfacialTension: 0.01)
    }

    static let law = try! SlipLaw(characteristicVelocity: 0.02, exponent: 2)

    // MARK: hold-up

    func testSmallDispersedFlowGivesLinearHoldUp() throws {
        let uk = Self.law.characteristicVelocity
        for ud in [1e-9, 1e-7] {
            let h = try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: ud, continuousVelocity: 0)
            XCTAssertEqual(h.holdUp / (ud / uk), 1, accuracy: 10 * ud / uk + 1e-12)      // φ ≈ U_d/u_K
            // With counter-current flow the drops rise at u_K − U_c: φ ≈ U_d/(u_K − U_c).
            let uc = 0.25 * uk
            let h2 = try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: ud, continuousVelocity: uc)
            XCTAssertEqual(h2.holdUp / (ud / (uk - uc)), 1, accuracy: 10 * ud / uk + 1e-12)
        }
    }

    func testSlipRelationHoldsAtReturnedHoldUp() throws {
        for m in [0.05, 1.0, 1.39, 3.65] {
            let law = try SlipLaw(characteristicVelocity: 0.02, exponent: m)
            for r in [0.0, 0.3, 1.0, 4.0] {
                let f = try law.flooding(flowRatio: r)
                for frac in [1e-4, 0.1, 0.5, 0.9, 0.999] {
                    let ud = frac * f.dispersedVelocity
                    let h = try Hydrodynamics.holdUp(law: law, dispersedVelocity: ud, continuousVelocity: r * ud)
                    let res = law.residual(dispersedVelocity: ud, continuousVelocity: r * ud, holdUp: h.holdUp)
                    XCTAssertLessThanOrEqual(abs(res), 1e-12 * law.characteristicVelocity, "m=\(m) r=\(r) frac=\(frac)")
                    XCTAssertLessThanOrEqual(h.holdUp, f.holdUp, "lower branch")
                    XCTAssertEqual(h.approachToFlooding, frac, accuracy: 1e-12)
                }
            }
        }
    }

    func testFloodingIsWhereDispersedVelocityPeaks() throws {
        for m in [0.05, 1.0, 3.65] {
            let law = try SlipLaw(characteristicVelocity: 0.01, exponent: m)
            for r in [0.0, 0.5, 1.0, 3.0] {
                let f = try law.flooding(flowRatio: r)
                let e = 1e-6
                let up = law.dispersedVelocity(holdUp: f.holdUp + e, flowRatio: r)
                let down = law.dispersedVelocity(holdUp: f.holdUp - e, flowRatio: r)
                XCTAssertEqual((up - down) / (2 * e) / law.characteristicVelocity, 0, accuracy: 1e-8, "dU_d/dφ = 0")
                XCTAssertLessThan(up, f.dispersedVelocity)
                XCTAssertLessThan(down, f.dispersedVelocity)
                XCTAssertEqual(f.dispersedVelocity, law.dispersedVelocity(holdUp: f.holdUp, flowRatio: r), accuracy: 1e-18)
            }
        }
    }

    func testThorntonFloodingHoldUp() throws {
        // Thornton (1956), m = 1: φ_f = (√(L² + 8L) − 3L)/(4(1 − L)), L = U_d/U_c.
        let law = try SlipLaw(characteristicVelocity: 0.01, exponent: 1)
        for l in [0.25, 0.5, 2.0, 4.0] {
            let thornton = ((l * l + 8 * l).squareRoot() - 3 * l) / (4 * (1 - l))
            XCTAssertEqual(try law.flooding(flowRatio: 1 / l).holdUp, thornton, accuracy: 1e-14)
        }
        XCTAssertEqual(try law.flooding(flowRatio: 1).holdUp, 1.0 / 3, accuracy: 1e-15)   // limit L → 1
        XCTAssertEqual(try law.flooding(flowRatio: 0).holdUp, 0.5, accuracy: 1e-15)       // no continuous flow: 1/(m+1)
    }

    func testHoldUpRisesWithDispersedFlowBelowFlooding() throws {
        let uc = 2e-3
        var last = 0.0
        for i in 1...40 {
            let ud = Double(i) * 1e-4
            guard let h = try? Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: ud, continuousVelocity: uc) else { break }
            XCTAssertGreaterThan(h.holdUp, last)
            last = h.holdUp
        }
        XCTAssertGreaterThan(last, 0.05)
    }

    func testBeyondFloodingReportsThroughputAndMargin() throws {
        let f = try Self.law.flooding(flowRatio: 1)
        XCTAssertThrowsError(try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: 1.2 * f.dispersedVelocity,
                                                      continuousVelocity: 1.2 * f.dispersedVelocity)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("flooding throughput \(String(format: "%.4g", f.totalThroughput)) m/s"), text)
            XCTAssertTrue(text.contains("margin to flooding -20 %"), text)
            XCTAssertFalse(text.contains("\n"))
        }
        // Exactly at flooding is accepted and sits at the flooding hold-up.
        let at = try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: f.dispersedVelocity, continuousVelocity: f.continuousVelocity)
        XCTAssertEqual(at.holdUp, f.holdUp, accuracy: 1e-6)
    }

    func testBadHydrodynamicInputIsRefused() throws {
        func refused(_ body: () throws -> Any, _ fragments: [String], line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) { e in
                guard let ie = e as? InputError else { return XCTFail("not an InputError: \(e)", line: line) }
                for f in fragments { XCTAssertTrue(ie.description.contains(f), "\(ie) lacks \(f)", line: line) }
            }
        }
        refused({ try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: 0, continuousVelocity: 1e-3) },
                ["dispersed_velocity", "no flow"])
        refused({ try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: -1e-3, continuousVelocity: 1e-3) }, ["dispersed_velocity"])
        refused({ try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: 1e-3, continuousVelocity: -1e-3) }, ["continuous_velocity", "negative"])
        refused({ try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: .nan, continuousVelocity: 1e-3) }, ["dispersed_velocity"])
        refused({ try SlipLaw(characteristicVelocity: 0, exponent: 1) }, ["characteristic_velocity"])
        refused({ try SlipLaw(characteristicVelocity: 0.01, exponent: -1) }, ["slip_exponent"])
        let pair = try Self.pair()
        for d in [0.0, -5e-5] {
            refused({ try DropletVelocity.terminal(diameter: d, pair: pair, drag: .stokes) }, ["droplet_diameter", "must be positive"])
            refused({ try DropletSize.interfacialArea(holdUp: 0.1, sauterDiameter: d) }, ["sauter_diameter", "must be positive"])
        }
        refused({ try DropletVelocity.terminal(diameter: 3e-3, pair: pair, drag: .stokes) }, ["Re ≤ 1", "schiller-naumann"])
        refused({ try LiquidPair(dispersed: PhaseProperties(density: 1000, viscosity: 1e-3),
                                 continuous: PhaseProperties(density: 1000, viscosity: 1e-3), interfacialTension: 0.01) }, ["no buoyancy"])
        refused({ try LiquidPair(dispersed: PhaseProperties(density: 0.83, viscosity: 1e-3),
                                 continuous: PhaseProperties(density: 1000, viscosity: 1e-3), interfacialTension: 0.01) }, ["dispersed.density", "kg/m³"])
        refused({ try DropletMassTransfer.overall(dispersedCoefficient: 1e-5, continuousCoefficient: 1e-5, slope: 0) }, ["distribution_slope"])
        // Relocated to a file position by a case reader.
        do { _ = try Hydrodynamics.holdUp(law: Self.law, dispersedVelocity: 0, continuousVelocity: 0) } catch let e as InputError {
            let r = e.relocated(to: SourceLocation(file: "case.yaml", line: 7), keyPrefix: "contactors[0].")
            XCTAssertTrue(r.description.hasPrefix("case.yaml:7: contactors[0].dispersed_velocity"), r.description)
        }
    }

    // MARK: droplet velocity and size

    func testTerminalVelocityLaws() throws {
        let pair = try Self.pair()
        let d = 50e-6
        let stokes = 170 * LiquidPair.standardGravity * d * d / (18 * 0.89e-3)            // hand formula
        XCTAssertEqual(try DropletVelocity.terminal(diameter: d, pair: pair, drag: .stokes), stokes, accuracy: 1e-15)
        // Hadamard–Rybczynski: κ = 1.5/0.89; factor 3(1+κ)/(2+3κ) between 1 and 1.5.
        let k = 1.5 / 0.89
        XCTAssertEqual(try DropletVelocity.terminal(diameter: d, pair: pair, drag: .hadamardRybczynski), stokes * 3 * (1 + k) / (2 + 3 * k), accuracy: 1e-15)
        // Schiller–Naumann tends to Stokes at small Re and satisfies C_D Re² = 4Ar/3 at larger Re.
        XCTAssertEqual(try DropletVelocity.terminal(diameter: d, pair: pair, drag: .schillerNaumann) / stokes, 1, accuracy: 0.01)
        let big = 1e-3
        let u = try DropletVelocity.terminal(diameter: big, pair: pair, drag: .schillerNaumann)
        let re = pair.reynolds(velocity: u, diameter: big)
        let cd = 24 / re * (1 + 0.15 * pow(re, 0.687))
        XCTAssertEqual(cd * re * re / (4.0 / 3 * pair.archimedes(diameter: big)), 1, accuracy: 1e-12)
    }

    func testRichardsonZakiExponentAndSwarmLaw() throws {
        XCTAssertEqual(try DropletVelocity.richardsonZakiExponent(reynolds: 0.01), 4.65)
        XCTAssertEqual(try DropletVelocity.richardsonZakiExponent(reynolds: 100), 4.45 * pow(100, -0.1), accuracy: 1e-14)
        XCTAssertEqual(try DropletVelocity.richardsonZakiExponent(reynolds: 1000), 2.39)
        let law = try SlipLaw.richardsonZaki(diameter: 50e-6, pair: try Self.pair(), drag: .stokes)
        XCTAssertEqual(law.exponent, 3.65, accuracy: 1e-14)
    }

    func testNozzleCorrelations() throws {
        let pair = try Self.pair()
        // Rayleigh: d = 1.891 d_n (26.4 µm holes → 50 µm drops).
        XCTAssertEqual(try DropletSize.sauterDiameter(holeDiameter: 26.44e-6, regime: .jetting, pair: pair), 50e-6, accuracy: 0.01e-6)
        // Tate: (π/6) d³ Δρ g = π d_n σ.
        let d = try DropletSize.sauterDiameter(holeDiameter: 2e-4, regime: .dripping, pair: pair)
        XCTAssertEqual(Double.pi / 6 * d * d * d * 170 * LiquidPair.standardGravity / (Double.pi * 2e-4 * 0.01), 1, accuracy: 1e-12)
        XCTAssertEqual(try DropletSize.interfacialArea(holdUp: 0.1, sauterDiameter: 50e-6), 12_000, accuracy: 1e-9)
        let u = try DropletSize.holeVelocity(dispersedFlow: 1e-6, holes: 10, holeDiameter: 1e-4)
        XCTAssertEqual(u, 1e-7 / (Double.pi / 4 * 1e-8), accuracy: 1e-12)
    }

    // MARK: mass transfer

    func testFilmCoefficientsAgainstHandValues() throws {
        let pair = try Self.pair()
        let d = 1e-3, dd = 1e-9, dc = 0.89e-9      // Sc = 0.89e-3/(1000 × 0.89e-9) = 1000
        // Ranz–Marshall at Re = 100, Sc = 1000: Sh = 2 + 0.6 × 10 × 10 = 62.
        let us = 100 * 0.89e-3 / (1000 * d)
        XCTAssertEqual(try DropletMassTransfer.continuousCoefficient(.ranzMarshall, diameter: d, diffusivity: dc, slipVelocity: us, pair: pair) * d / dc, 62, accuracy: 1e-10)
        // Calderbank–Moo-Young: 0.31 × 1000^(-2/3) × (170 × 0.89e-3 × g / 1e6)^(1/3).
        let cmy = 0.31 / 100 * cbrt(170 * 0.89e-3 * LiquidPair.standardGravity / 1e6)
        XCTAssertEqual(try DropletMassTransfer.continuousCoefficient(.calderbankMooYoung, diameter: d, diffusivity: dc, slipVelocity: us, pair: pair), cmy, accuracy: 1e-15)
        XCTAssertEqual(try DropletMassTransfer.dispersedCoefficient(.rigidAsymptotic, diameter: d, diffusivity: dd, slipVelocity: us, pair: pair) * d / dd, 6.5797, accuracy: 1e-4)
        XCTAssertEqual(try DropletMassTransfer.dispersedCoefficient(.kronigBrink, diameter: d, diffusivity: dd, slipVelocity: us, pair: pair) * d / dd, 17.9)
        // Handlos–Baron: 0.00375 u/(1 + μd/μc).
        XCTAssertEqual(try DropletMassTransfer.dispersedCoefficient(.handlosBaron, diameter: d, diffusivity: dd, slipVelocity: 0.05, pair: pair),
                       0.00375 * 0.05 / (1 + 1.5 / 0.89), accuracy: 1e-15)
    }

    func testNewmanLimits() throws {
        let pair = try Self.pair()
        let d = 1e-4, dd = 1e-9, r2 = 0.25 * d * d
        func kd(_ t: Double) throws -> Double {
            try DropletMassTransfer.dispersedCoefficient(.newmanRigid(contactTime: t), diameter: d, diffusivity: dd, slipVelocity: 0, pair: pair)
        }
        // Long times: Sh → 2π²/3 (with the −ln(6/π²) offset decaying as 1/t).
        let tLong = 10 * r2 / dd
        XCTAssertEqual(try kd(tLong) * d / dd, (2 * Double.pi * Double.pi / 3) * (1 - log(6 / (Double.pi * Double.pi)) / (Double.pi * Double.pi * 10)), accuracy: 1e-10)
        // Short times: penetration theory k → 2√(D/(πt)).
        let tShort = 1e-6 * r2 / dd
        XCTAssertEqual(try kd(tShort) / (2 * (dd / (Double.pi * tShort)).squareRoot()), 1, accuracy: 2e-3)
        // Series and short-time form agree where they meet (Fo = 0.01).
        let a = DropletMassTransfer.newmanLogUnextracted(fourier: 0.01 * (1 - 1e-12))
        let b = DropletMassTransfer.newmanLogUnextracted(fourier: 0.01)
        XCTAssertEqual(a, b, accuracy: 1e-12)
        // ln(1 − E) falls as contact time grows.
        XCTAssertLessThan(DropletMassTransfer.newmanLogUnextracted(fourier: 0.5), DropletMassTransfer.newmanLogUnextracted(fourier: 0.1))
    }

    func testTwoResistanceLimits() throws {
        // Continuous side very fast: K_od → k_d; dispersed side very fast: K_od → k_c/m_dc.
        let fastC = try DropletMassTransfer.overall(dispersedCoefficient: 1e-5, continuousCoefficient: 1e-1, slope: 2)
        XCTAssertEqual(fastC.dispersedBasis / 1e-5, 1, accuracy: 1e-3)
        XCTAssertGreaterThan(fastC.dispersedResistanceFraction, 0.999)
        let fastD = try DropletMassTransfer.overall(dispersedCoefficient: 1e-1, continuousCoefficient: 1e-5, slope: 2)
        XCTAssertEqual(fastD.dispersedBasis / (1e-5 / 2), 1, accuracy: 1e-3)
        XCTAssertEqual(fastD.continuousBasis / 1e-5, 1, accuracy: 1e-3)
        // Bases agree: K_oc = m_dc K_od, and 1/K_oc = 1/k_c + 1/(m_dc k_d).
        let k = try DropletMassTransfer.overall(dispersedCoefficient: 3e-5, continuousCoefficient: 5e-5, slope: 4)
        XCTAssertEqual(1 / k.continuousBasis, 1 / 5e-5 + 1 / (4 * 3e-5), accuracy: 1e-9)
        // Aqueous droplets: m_dc = 1/m, so 1/K_od = 1/k_d + 1/(m k_c).
        let mdc = try DropletMassTransfer.dispersedOverContinuousSlope(organicOverAqueous: 4, dispersed: .aqueous)
        let ka = try DropletMassTransfer.overall(dispersedCoefficient: 3e-5, continuousCoefficient: 5e-5, slope: mdc)
        XCTAssertEqual(1 / ka.dispersedBasis, 1 / 3e-5 + 1 / (4 * 5e-5), accuracy: 1e-9)
    }

    // MARK: the data file and the whole swarm

    func testDefaultsFileBuildsASwarmBelowFlooding() throws {
        let node = try YAMLDocument.load(path: TestPaths.models + "/equipment/emulsion-flow-contactor.yaml")
        let p = try node.require("parameters")
        func num(_ path: [String]) throws -> Double {
            var n = p
            for k in path { n = try n.require(k) }
            return try n.double()
        }
        let pair = try LiquidPair(dispersed: PhaseProperties(density: num(["organic", "density"]), viscosity: num(["organic", "viscosity"])),
                                  continuous: PhaseProperties(density: num(["aqueous", "density"]), viscosity: num(["aqueous", "viscosity"])),
                                  interfacialTension: num(["interfacial_tension"]))
        let d32 = try num(["droplets", "sauter_diameter"])
        XCTAssertEqual(try DropletSize.sauterDiameter(holeDiameter: num(["nozzle", "hole_diameter"]), regime: .jetting, pair: pair) / d32, 1, accuracy: 0.02)
        let law = try SlipLaw.richardsonZaki(diameter: d32, pair: pair, drag: .stokes, columnDiameter: num(["geometry", "column_diameter"]))
        let flood = try law.flooding(flowRatio: 1)
        // The file's note: ~0.1 m³/(m² h) total at flooding for a free 50 µm swarm.
        XCTAssertEqual(flood.totalThroughput * 3600, 0.13, accuracy: 0.03)
        let spec = DropletSwarmSpec(pair: pair, dispersedPhase: .organic, sauterDiameter: d32, slip: law,
                                    dispersedDiffusivity: try num(["organic", "diffusivity"]), continuousDiffusivity: try num(["aqueous", "diffusivity"]),
                                    dispersedSide: .rigidAsymptotic, continuousSide: .ranzMarshall)
        let ud = 0.5 * flood.dispersedVelocity
        let swarm = try DropletSwarm(spec: spec, dispersedVelocity: ud, continuousVelocity: ud, mixingHeight: try num(["geometry", "mixing_zone_height"]))
        XCTAssertEqual(swarm.hydrodynamics.marginToFlooding, 0.5, accuracy: 1e-12)
        XCTAssertEqual(swarm.interfacialArea, 6 * swarm.hydrodynamics.holdUp / d32, accuracy: 1e-9)
        let ka = try swarm.volumetricCoefficients(organicOverAqueousSlope: 10)
        XCTAssertEqual(ka.continuousBasis, 10 * ka.dispersedBasis, accuracy: 1e-12 * ka.continuousBasis)
        XCTAssertGreaterThan(ka.dispersedBasis, 0)
    }
}
