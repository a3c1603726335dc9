import XCTest
@testable import RareSepChemistry
import RareSepCore
import RareSepIO

/// Saponification cation with a finite exchange constant (Na⁺ + (HA)₂ ⇌ NaA·HA + H⁺ by
/// mass action): roles, the analytical limits K_Na → 0 (full displacement) and K_Na → ∞
/// (Na never leaves the organic), monotonic dependence on K_Na, and the saponification of
/// an organic stream to a stated degree with its capacity limits.
final class SaponificationTests: XCTestCase {
    let volume = 1e-3
    /// A feed whose acid plus the protons its metals release (50 + 3·80) exceed the base
    /// the organic brings (150), so every limit stays acidic.
    let aqueous: [String: Double] = ["Nd": 60, "Dy": 20, "H": 50, "Cl": 290]
    let saponified: [String: Double] = ["HA": 1000, "Na": 150, "H": 850]

    /// A D2EHPA-like model over Nd, Dy with the constants of the Models/ file; with
    /// `log10KNa` the Na⁺ exchange block, without it full displacement.
    func model(log10KNa: Double?) throws -> (model: any EquilibriumModel, species: SpeciesSet) {
        let exchange = log10KNa.map { "saponification_exchange: {log10_K: \($0)}\n" } ?? ""
        let yaml = """
            id: cation-exchange
            extractant: HA
            anions: [Cl]
            saponification_cation: Na
            \(exchange)log10_Kex: {Nd: 0.1078, Dy: 2.4940}
            \(ChemistryTestSets.aqueous)
            """
        return try ChemistryTestSets.build("cation-exchange", .init(name: "sap", yaml: yaml, metals: ["Nd", "Dy"]))
    }

    func vector(_ species: SpeciesSet, _ values: [String: Double]) -> [Double] {
        var v = [Double](repeating: 0, count: species.count)
        for (k, c) in values { v[species.index(of: k)!] = c }
        return v
    }

    func solve(_ m: (model: any EquilibriumModel, species: SpeciesSet), aqueous: [String: Double],
               organic: [String: Double]) -> BatchEquilibriumSolution {
        let sol = BatchEquilibrium.solve(model: m.model, problem: BatchEquilibriumProblem(
            aqueousVolume: volume, organicVolume: volume, aqueousInitial: vector(m.species, aqueous),
            organicInitial: vector(m.species, organic)))
        XCTAssertTrue(sol.report.converged, "\(sol.report)")
        XCTAssertLessThan(sol.massBalanceError, 1e-12)
        return sol
    }

    func assertSameMetals(_ a: BatchEquilibriumSolution, _ b: BatchEquilibriumSolution, _ species: SpeciesSet,
                          rel: Double, _ what: String) {
        for s in ["Nd", "Dy"] {
            let j = species.index(of: s)!
            XCTAssertEqual(a.aqueous[j], b.aqueous[j], accuracy: rel * b.aqueous[j], "\(what): aqueous \(s)")
            XCTAssertEqual(a.organic[j], b.organic[j], accuracy: rel * b.organic[j], "\(what): organic \(s)")
        }
        XCTAssertEqual(a.pH!, b.pH!, accuracy: rel * 10, "\(what): pH")
    }

    /// Without the block the cation stays aqueousOnly (today's full displacement); with it
    /// the cation partitions but is not a metal (outside the metal prefix that purity and
    /// recovery figures use).
    func testRolesAndTheCationIsNotAMetal() throws {
        let full = try model(log10KNa: nil), finite = try model(log10KNa: -2.27)
        let na = finite.species.index(of: "Na")!
        XCTAssertGreaterThanOrEqual(na, 2)
        XCTAssertEqual(full.model.role(full.species.index(of: "Na")!), .aqueousOnly)
        XCTAssertEqual(finite.model.role(na), .partitioning)
        let library = ChemistryTestSets.library
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action-na.yaml", library: library, metals: ["Nd", "Dy"])
        XCTAssertEqual(bound.model.role(bound.species.index(of: "Na")!), .partitioning)
        XCTAssertEqual(bound.metalCount, 2)
        let plain = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action.yaml", library: library, metals: ["Nd", "Dy"])
        XCTAssertEqual(plain.model.role(plain.species.index(of: "Na")!), .aqueousOnly)
    }

    /// K_Na → 0: no Na stays in the organic, and the shake-out is the full-displacement one,
    /// which is itself the unsaponified organic against an aqueous phase given the Na as
    /// NaOH (its acid lowered by y_Na·V_org/V_aq).
    func testVanishingKIsFullDisplacement() throws {
        let tiny = try model(log10KNa: -14), full = try model(log10KNa: nil)
        let a = solve(tiny, aqueous: aqueous, organic: saponified)
        let b = solve(full, aqueous: aqueous, organic: saponified)
        XCTAssertLessThan(a.organic[tiny.species.index(of: "Na")!], 1e-9 * 150)
        assertSameMetals(a, b, tiny.species, rel: 1e-9, "log10 K_Na = -14 vs full displacement")
        var withBase = aqueous
        withBase["H"] = 50 - 150
        withBase["Na"] = 150
        let c = solve(full, aqueous: withBase, organic: ["HA": 1000, "H": 1000])
        assertSameMetals(b, c, full.species, rel: 1e-10, "full displacement vs NaOH in the aqueous")
    }

    /// K_Na → ∞: all Na stays in the organic as NaA·HA, holding one dimer and one site per
    /// ion; the metals then see an unsaponified organic whose extractant is 2·y_Na lower
    /// (no base released, less free extractant), so less metal is extracted than by the
    /// unsaponified organic of full strength, and far less than with full displacement.
    func testHugeKLocksTheCationInTheOrganic() throws {
        let huge = try model(log10KNa: 12), full = try model(log10KNa: nil)
        let a = solve(huge, aqueous: aqueous, organic: saponified)
        XCTAssertEqual(a.organic[huge.species.index(of: "Na")!], 150, accuracy: 1e-8 * 150)
        var noNa = aqueous
        noNa["Na"] = 0
        let reduced = solve(full, aqueous: noNa, organic: ["HA": 1000 - 2 * 150, "H": 700])
        assertSameMetals(a, reduced, huge.species, rel: 1e-7, "log10 K_Na = 12 vs extractant less 2 y_Na")
        let unsaponified = solve(full, aqueous: aqueous, organic: ["HA": 1000, "H": 1000])
        let displaced = solve(full, aqueous: aqueous, organic: saponified)
        let nd = huge.species.index(of: "Nd")!
        XCTAssertLessThan(a.organic[nd], unsaponified.organic[nd])
        XCTAssertLessThan(unsaponified.organic[nd], displaced.organic[nd])
    }

    /// Between the limits: raising K_Na keeps more Na in the organic and extracts less of
    /// each metal, monotonically; at the Models/ value the saponified organic extracts more
    /// than the unsaponified one and releases less acid per metal, while keeping some Na.
    func testExtractionFallsMonotonicallyWithK() throws {
        var lastNa = -1.0, lastNd = Double.infinity, lastDy = Double.infinity
        for logK in [-10.0, -6, -4, -3, -2.27, -1.5, -1, 0, 2, 6, 10] {
            let m = try model(log10KNa: logK)
            let s = solve(m, aqueous: aqueous, organic: saponified)
            let na = s.organic[m.species.index(of: "Na")!]
            let nd = s.organic[m.species.index(of: "Nd")!], dy = s.organic[m.species.index(of: "Dy")!]
            XCTAssertGreaterThan(na, lastNa, "organic Na at log10 K_Na = \(logK)")
            XCTAssertLessThanOrEqual(nd, lastNd * (1 + 1e-12), "organic Nd at log10 K_Na = \(logK)")
            XCTAssertLessThanOrEqual(dy, lastDy * (1 + 1e-12), "organic Dy at log10 K_Na = \(logK)")
            (lastNa, lastNd, lastDy) = (na, nd, dy)
        }
        let library = ChemistryTestSets.library
        let bound = try ModelFileLoader.load("extraction/d2ehpa-chloride-mass-action-na.yaml", library: library, metals: ["Nd", "Dy"])
        func run(_ org: [String: Double]) throws -> BatchEquilibriumSolution {
            BatchEquilibrium.solve(model: bound.model, problem: BatchEquilibriumProblem(
                aqueousVolume: volume, organicVolume: volume, aqueousInitial: try bound.vector(aqueous),
                organicInitial: try bound.vector(org)))
        }
        let sap = try run(["D2EHPA": 1000, "Na": 150, "H": 850]), plain = try run(["D2EHPA": 1000, "H": 1000])
        let nd = bound.species.index(of: "Nd")!, dy = bound.species.index(of: "Dy")!, h = bound.species.index(of: "H")!
        XCTAssertGreaterThan(sap.organic[nd], plain.organic[nd] + 5)
        XCTAssertGreaterThan(sap.organic[dy], plain.organic[dy])
        let naKept = sap.organic[bound.species.index(of: "Na")!]
        XCTAssertGreaterThan(naKept, 1)   // Na competes: some stays in the organic
        XCTAssertLessThan(naKept, 150)
        // Acid released per equivalent of metal extracted: 1 unsaponified; below 1 saponified,
        // by the Na that left the organic (150 − kept) taking up protons.
        func released(_ s: BatchEquilibriumSolution) -> Double { (s.aqueous[h] - 50) / (3 * (s.organic[nd] + s.organic[dy])) }
        XCTAssertEqual(released(plain), 1, accuracy: 1e-10)
        XCTAssertEqual(released(sap), 1 - (150 - naKept) / (3 * (sap.organic[nd] + sap.organic[dy])), accuracy: 1e-10)
        XCTAssertLessThan(released(sap), 0.5)
    }

    /// Saponifying fresh extractant: the cation rises to δ·y_ext, the exchangeable protons
    /// fall by as much, one reagent and (for NaOH) one water per cation.
    func testSaponifyFreshExtractant() throws {
        let m = try model(log10KNa: -2.27)
        let layout = try XCTUnwrap(Saponification.layout(of: m.model))
        let fresh = vector(m.species, ["HA": 500, "H": 500])
        let r = try Saponification.saponify(organic: fresh, degree: 0.3, layout: layout, reagent: .sodiumHydroxide)
        XCTAssertEqual(r.organic[m.species.index(of: "Na")!], 150, accuracy: 1e-12)
        XCTAssertEqual(r.organic[m.species.index(of: "H")!], 350, accuracy: 1e-12)
        XCTAssertEqual(r.reagentConsumed, 150, accuracy: 1e-12)
        XCTAssertEqual(r.protonsNeutralised, 150, accuracy: 1e-12)
        XCTAssertEqual(r.waterFormed, 150, accuracy: 1e-12)
        XCTAssertEqual(r.degree, 0.3, accuracy: 1e-15)
        XCTAssertEqual(Saponification.degree(of: r.organic, layout: layout), 0.3, accuracy: 1e-15)
        let ammonia = try Saponification.saponify(organic: fresh, degree: 0.3, layout: layout, reagent: .ammonia)
        XCTAssertEqual(ammonia.waterFormed, 0)
        XCTAssertEqual(ammonia.organic, r.organic)
        // already at the degree: nothing more is taken
        let again = try Saponification.saponify(organic: r.organic, degree: 0.3, layout: layout, reagent: .sodiumHydroxide)
        XCTAssertEqual(again.reagentConsumed, 0)
        // topping up from 0.3 to 0.4 takes 50 mol/m³
        let more = try Saponification.saponify(organic: r.organic, degree: 0.4, layout: layout, reagent: .sodiumHydroxide)
        XCTAssertEqual(more.reagentConsumed, 50, accuracy: 1e-12)
        // sites are conserved: y_Na + y_H unchanged
        XCTAssertEqual(more.organic[m.species.index(of: "Na")!] + more.organic[m.species.index(of: "H")!], 500, accuracy: 1e-12)
    }

    /// The degree is limited by the free sites (protons not already exchanged for metal or
    /// cation) and, when the cation partitions as NaA·HA (two units per ion), by the free
    /// extractant; beyond either the function throws, naming the limit.
    func testSaponifyLimits() throws {
        let finite = try model(log10KNa: -2.27), full = try model(log10KNa: nil)
        let fl = try XCTUnwrap(Saponification.layout(of: full.model))
        let xl = try XCTUnwrap(Saponification.layout(of: finite.model))
        // Full displacement: fresh extractant can go to 100 %, a Dy-loaded one to its free sites.
        let fresh = vector(full.species, ["HA": 500, "H": 500])
        XCTAssertNoThrow(try Saponification.saponify(organic: fresh, degree: 1, layout: fl, reagent: .sodiumHydroxide))
        let loaded = vector(full.species, ["HA": 500, "Dy": 100, "H": 200])
        XCTAssertEqual(Saponification.maximumDegree(of: loaded, layout: fl)!.degree, 0.4, accuracy: 1e-15)
        let atSites = try Saponification.saponify(organic: loaded, degree: 0.4, layout: fl, reagent: .sodiumHydroxide)
        XCTAssertEqual(atSites.organic[full.species.index(of: "H")!], 0, accuracy: 1e-12)
        XCTAssertThrowsError(try Saponification.saponify(organic: loaded, degree: 0.41, layout: fl, reagent: .sodiumHydroxide)) {
            guard case SaponificationError.exceedsCapacity(_, let maximum, let limit) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(maximum, 0.4, accuracy: 1e-15)
            XCTAssertTrue(limit.contains("free sites"), limit)
        }
        // Finite K_Na (NaA·HA): at most half the extractant, strictly, and less when loaded.
        let freshX = vector(finite.species, ["HA": 500, "H": 500])
        XCTAssertNoThrow(try Saponification.saponify(organic: freshX, degree: 0.49, layout: xl, reagent: .sodiumHydroxide))
        XCTAssertThrowsError(try Saponification.saponify(organic: freshX, degree: 0.5, layout: xl, reagent: .sodiumHydroxide)) {
            XCTAssertTrue("\($0)".contains("free extractant"), "\($0)")
        }
        let loadedX = vector(finite.species, ["HA": 500, "Dy": 50, "H": 350])
        XCTAssertEqual(Saponification.maximumDegree(of: loadedX, layout: xl)!.degree, 0.2, accuracy: 1e-15)
        XCTAssertThrowsError(try Saponification.saponify(organic: loadedX, degree: 0.25, layout: xl, reagent: .sodiumHydroxide))
        // Already above the target, a bad degree, no extractant, no cation.
        let r = try Saponification.saponify(organic: freshX, degree: 0.3, layout: xl, reagent: .sodiumHydroxide)
        XCTAssertThrowsError(try Saponification.saponify(organic: r.organic, degree: 0.2, layout: xl, reagent: .sodiumHydroxide)) {
            XCTAssertEqual($0 as? SaponificationError, .alreadyAbove(requested: 0.2, current: 0.3))
        }
        for bad in [-0.1, 1.5, Double.nan] {
            XCTAssertThrowsError(try Saponification.saponify(organic: freshX, degree: bad, layout: xl, reagent: .ammonia))
        }
        XCTAssertThrowsError(try Saponification.saponify(organic: vector(finite.species, [:]), degree: 0.1, layout: xl,
                                                        reagent: .ammonia)) { XCTAssertEqual($0 as? SaponificationError, .noExtractant) }
        let noCation = try ChemistryTestSets.build("cation-exchange", ChemistryTestSets.all["cation-exchange"]!.last!)
        let nl = try XCTUnwrap(Saponification.layout(of: noCation.model))
        XCTAssertThrowsError(try Saponification.saponify(organic: vector(noCation.species, ["HA": 500, "H": 500]), degree: 0.1,
                                                        layout: nl, reagent: .sodiumHydroxide)) {
            XCTAssertEqual($0 as? SaponificationError, .noSaponificationCation)
        }
    }

    /// Bad `saponification_exchange` blocks are located input errors.
    func testBadExchangeBlocks() throws {
        func build(_ body: String) throws {
            let yaml = "id: cation-exchange\nextractant: HA\nanions: [Cl]\n\(body)\nlog10_Kex: {Nd: 0.1}\n\(ChemistryTestSets.aqueous)"
            _ = try ChemistryTestSets.build("cation-exchange", .init(name: "bad", yaml: yaml, metals: ["Nd"]))
        }
        XCTAssertNoThrow(try build("saponification_cation: Na\nsaponification_exchange: {log10_K: -2}"))
        for (body, needle) in [("saponification_exchange: {log10_K: -2}", "saponification_cation"),
                               ("saponification_cation: Na\nsaponification_exchange: {log_K: -2}", "log_K"),
                               ("saponification_cation: Na\nsaponification_exchange: {dimers_bound: 1}", "log10_K"),
                               ("saponification_cation: Na\nsaponification_exchange: {log10_K: -2, dimers_bound: 0}", "dimers_bound"),
                               ("saponification_cation: Na\nsaponification_exchange: {log10_K: 99}", "log10_K")] {
            XCTAssertThrowsError(try build(body), body) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("test-cation-exchange.yaml:"), text)
                XCTAssertTrue(text.contains(needle), "\(body): \(text)")
            }
        }
    }

    /// A cascade with the finite-K_Na model converges, closes every balance, keeps some Na
    /// in the organic (reported as saponified_fraction) and never lists Na among the
    /// purity/recovery figures, which are per metal.
    func testCascadeWithFiniteKNa() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try String(contentsOfFile: TestPaths.validation + "/chemistry/saponified-extraction-cascade/case.yaml", encoding: .utf8)
        let text = source.replacingOccurrences(of: "extraction/d2ehpa-chloride-mass-action.yaml",
                                               with: "extraction/d2ehpa-chloride-mass-action-na.yaml")
        XCTAssertNotEqual(text, source)
        try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["run", "case.yaml", "--output", "out"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Solver: success"), r.stdout)
        XCTAssertFalse(r.stdout.contains("Na "), r.stdout)
        let diagnostics = try String(contentsOfFile: dir + "/out/stage_diagnostics.csv", encoding: .utf8)
        let kept = diagnostics.split(separator: "\n").filter { $0.contains("saponified_fraction") }
            .compactMap { Double($0.split(separator: ",").last!) }
        XCTAssertEqual(kept.count, 6)
        XCTAssertTrue(kept.allSatisfy { $0 > 0 && $0 < 140.0 / 300 }, "\(kept)")
    }
}
