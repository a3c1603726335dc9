import XCTest
@testable import RareSepChemistry
import RareSepCore
import RareSepIO

/// Small parameter sets, one or more per registered model, for the conformance suite.
/// Numbers are test inputs, not data: they only need to exercise every code path.
enum ChemistryTestSets {
    struct TestSet {
        var name: String
        var yaml: String
        var metals: [String]
        /// Species the case carries beyond the model's required ones (e.g. a spectator).
        var extraSpecies: [String] = []
    }

    static let aqueous = "aqueous: {pKa_bisulfate: 1.99, pKw: 14.0, source: test}"

    static let all: [String: [TestSet]] = [
        "constant-distribution": [TestSet(name: "constant D", yaml: "id: constant-distribution\nD: {Dy: 2.0, Tb: 0.8, Nd: 0.1}",
                                          metals: ["Nd", "Tb", "Dy"])],
        "constant-separation-factors": [TestSet(name: "constant beta",
                                                yaml: "id: constant-separation-factors\nreference_D: 1.5\nseparation_factors: {Dy: 2.5, Tb: 1.0, Nd: 0.05}",
                                                metals: ["Nd", "Tb", "Dy"])],
        "empirical-ph-dose": [TestSet(name: "UKy-like sulfate", yaml: """
            id: empirical-ph-dose
            extractant: HA
            extractant_molar_mass: 322.42
            extractant_density: 975.8
            anions: [SO4]
            correlation:
              Nd: {m0: 0.31183, m1: 0.03763, B0: -1.62372, B1: -0.38096}
              Dy: {m0: 1.70783, m1: 0.06443, B0: -2.42226, B1: -0.02538}
              Y: {m0: 1.63166, m1: 0.15166, B0: -2.12601, B1: 0.26612}
            constant_D: {Al: 0.0531, Sc: 632.4976}
            \(aqueous)
            """, metals: ["Nd", "Dy", "Y", "Al", "Sc"]),
            TestSet(name: "UKy-like sulfate, Na exchange", yaml: """
                id: empirical-ph-dose
                extractant: HA
                extractant_molar_mass: 322.42
                extractant_density: 975.8
                anions: [SO4]
                saponification_cation: Na
                saponification_exchange: {log10_K: -2.3}
                correlation:
                  Nd: {m0: 0.31183, m1: 0.03763, B0: -1.62372, B1: -0.38096}
                  Dy: {m0: 1.70783, m1: 0.06443, B0: -2.42226, B1: -0.02538}
                constant_D: {Al: 0.0531}
                \(aqueous)
                """, metals: ["Nd", "Dy", "Al"])],
        "cation-exchange": [
            TestSet(name: "chloride, saponified", yaml: """
                id: cation-exchange
                extractant: HA
                anions: [Cl]
                saponification_cation: Na
                log10_Kex: {Nd: -0.8, Tb: 1.2, Dy: 1.6, Ho: 2.0}
                protons_released: {Ho: 2.5}
                dimers_bound: {Ho: 2.5}
                \(aqueous)
                """, metals: ["Nd", "Tb", "Dy", "Ho"]),
            TestSet(name: "chloride, Na exchange (finite K_Na)", yaml: """
                id: cation-exchange
                extractant: HA
                anions: [Cl]
                saponification_cation: Na
                saponification_exchange: {log10_K: -2.3, dimers_bound: 1.5}
                log10_Kex: {Nd: -0.8, Tb: 1.2, Dy: 1.6, Ho: 2.0}
                protons_released: {Ho: 2.5}
                dimers_bound: {Ho: 2.5}
                \(aqueous)
                """, metals: ["Nd", "Tb", "Dy", "Ho"], extraSpecies: ["SO4"]),
            TestSet(name: "sulfate", yaml: """
                parameters:
                  extractant: HA
                  anions: [SO4]
                  log10_Kex: {Gd: 0.5, Dy: 1.6, Er: 2.4, Y: 2.2, Pr: -1.2}
                  \(aqueous)
                description: test
                """, metals: ["Pr", "Gd", "Dy", "Er", "Y"]),
        ],
        "solvating": [
            TestSet(name: "nitrate TODGA", yaml: """
                id: solvating
                ligand: L
                anion: NO3
                spectator_ions: [Na]
                log10_K: {Nd: 2.0, Tb: 3.5, Dy: 3.8}
                ligand_number: {Nd: 3, Tb: 3, Dy: 4}
                log10_K_acid: 0.3
                \(aqueous)
                """, metals: ["Nd", "Tb", "Dy"]),
            TestSet(name: "nitrate with sulfate", yaml: """
                id: solvating
                ligand: L
                anion: NO3
                log10_K: {Gd: 2.0, Ho: 3.9}
                ligand_number: {Gd: 3, Ho: 3}
                log10_K_acid: 0.3
                \(aqueous)
                """, metals: ["Gd", "Ho"], extraSpecies: ["SO4"]),
        ],
    ]

    static let library: ModelLibrary = { try! ModelLibrary.locate() }()

    /// Build a model from a test set, with metals and extra species in the given orders.
    static func build(_ id: String, _ set: TestSet, metalOrder: [String]? = nil, extraOrder: (([String]) -> [String])? = nil)
        throws -> (model: any EquilibriumModel, species: SpeciesSet) {
        let node = try YAMLDocument.parse(set.yaml, file: "test-\(id).yaml")
        let registration = try ModelRegistry.registration(id, at: node)
        let metals = metalOrder ?? set.metals
        var extras = try registration.requiredSpecies(node)
        for s in set.extraSpecies where !extras.contains(s) { extras.append(s) }
        if let extraOrder { extras = extraOrder(extras) }
        let species = SpeciesSet(metals + extras)
        let context = ModelContext(species: species, elements: library.elements, metalCount: metals.count)
        return (try registration.make(node, context), species)
    }

    /// A physically feasible random state (extractant not overloaded) in species order.
    static func randomState(model: any EquilibriumModel, species: SpeciesSet, metalCount: Int,
                            rng: inout SplitMix) -> (x: [Double], y: [Double]) {
        let n = species.count
        var x = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let sym = species.symbols[j]
            if j < metalCount {
                x[j] = rng.logUniform(1e-3, 50)
                y[j] = rng.logUniform(1e-3, 10)
            } else if sym == "H" {
                x[j] = rng.logUniform(1, 2000)
                y[j] = rng.uniform(0, 200)
            } else if sym == "HA" {
                x[j] = 0
                y[j] = rng.uniform(400, 800)
            } else if sym == "L" {
                y[j] = rng.uniform(150, 300)
            } else {
                x[j] = rng.logUniform(10, 3000)
                y[j] = rng.uniform(0, 50)
            }
        }
        return (x, y)
    }

    /// Evaluate y* and (optionally) the Jacobians.
    static func evaluate(_ model: any EquilibriumModel, x: [Double], y: [Double], jacobian: Bool = false)
        -> (yStar: [Double], dYdX: [Double], dYdY: [Double]) {
        let n = model.speciesCount
        var ys = [Double](repeating: 0, count: n)
        var ax = [Double](repeating: 0, count: n * n), ay = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                ys.withUnsafeMutableBufferPointer { sp in
                    ax.withUnsafeMutableBufferPointer { axp in
                        ay.withUnsafeMutableBufferPointer { ayp in
                            model.equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!,
                                                     dYdX: jacobian ? axp.baseAddress! : nil, dYdY: jacobian ? ayp.baseAddress! : nil)
                        }
                    }
                }
            }
        }
        return (ys, ax, ay)
    }
}

/// Deterministic pseudo-random numbers for tests (SplitMix64).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) / Double(1 << 53) }
    mutating func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
}
