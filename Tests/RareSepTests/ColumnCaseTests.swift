import XCTest
import Foundation
import RareSepCore
import RareSepColumn
@testable import RareSepIO

/// Column case files: units, errors with file/line/key, and the runner's outputs.
final class ColumnCaseTests: XCTestCase {
    func library() throws -> ModelLibrary { try ModelLibrary.locate() }

    func write(_ text: String) throws -> String {
        let dir = NSTemporaryDirectory() + "raresep-column-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/case.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let base = """
        kind: column
        components: [Dy, Tb]
        column:
          model: lrm
          length: 20 cm
          bed_porosity: 0.37
          particle_porosity: 0.5
          flow: 2 mL/min
          diameter: 1 cm
          axial_dispersion: 2e-7 m2/s
          ldf_rate: 0.06 1/s
        isotherm: {id: langmuir, K: {Dy: 0.9 m3/mol, Tb: 0.5 m3/mol}, q_max: 50 mol/m3}
        programme:
          - {name: load, duration: 10 min, inlet: {Dy: 162.5 mg/L, Tb: 1 mmol/L}}
          - {name: wash, duration: 20 min}
        numerics: {cells: 20, rtol: 1e-4, atol: 1e-7 mol/m3}
        output: {step: 1 min}
        fractions:
          - {name: Tb, from: 5 min, to: 15 min, product: Tb}
        """

    func testLoadsUnitsAndRunsWithOutputs() throws {
        let path = try write(Self.base)
        let cc = try ColumnCase.load(path: path, library: library())
        let area = Double.pi * 0.01 * 0.01 / 4
        XCTAssertEqual(cc.problem.column.superficialVelocity, 2e-6 / 60 / area, accuracy: 1e-15)
        XCTAssertEqual(cc.problem.column.length, 0.2)
        XCTAssertEqual(cc.problem.sections[0].inletStart[0], 162.5 / 162.5, accuracy: 1e-3)  // Dy 162.5 g/mol
        XCTAssertEqual(cc.outputTimes.count, 31)
        let dir = (path as NSString).deletingLastPathComponent + "/out"
        let text = try ColumnCaseRunner.run(casePath: path, library: library(), outputDirectory: dir)
        XCTAssertTrue(text.contains("mass balance"), text)
        let csv = try String(contentsOfFile: dir + "/outlet.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("time_s,bed_volumes,Dy_mol_per_m3,Tb_mol_per_m3\n"))
        XCTAssertEqual(csv.split(separator: "\n").count, 32)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as? [String: Any]
        XCTAssertNotNil(json?["results"])
    }

    func testBadInputNamesFileLineAndKey() throws {
        let cases: [(String, String, String)] = [
            ("length: 20 cm", "length: 20 parsecs", "column.length"),
            ("bed_porosity: 0.37", "bed_porosity: 1.2", "column.bed_porosity"),
            ("model: lrm", "model: grm2", "column.model"),
            // general rate model: its keys are required, positive, and only for grm
            ("model: lrm", "model: grm\n  film_transfer: 1e-5 m/s\n  particle_radius: 50 um", "column.pore_diffusivity"),
            ("model: lrm", "model: grm\n  pore_diffusivity: 1e-11 m2/s\n  particle_radius: 50 um", "column.film_transfer"),
            ("model: lrm", "model: grm\n  pore_diffusivity: 1e-11 m2/s\n  film_transfer: 1e-5 m/s", "column.particle_radius"),
            ("model: lrm", "model: grm\n  pore_diffusivity: -1e-11 m2/s\n  film_transfer: 1e-5 m/s\n  particle_radius: 50 um",
             "column.pore_diffusivity"),
            ("model: lrm", "model: grm\n  pore_diffusivity: 1e-11 m/s\n  film_transfer: 1e-5 m/s\n  particle_radius: 50 um",
             "column.pore_diffusivity"),
            ("model: lrm", "model: grm\n  pore_diffusivity: {Dy: 1e-11 m2/s}\n  film_transfer: 1e-5 m/s\n  particle_radius: 50 um",
             "column.pore_diffusivity"),
            ("model: lrm", "model: lrm\n  pore_diffusivity: 1e-11 m2/s", "column.pore_diffusivity"),
            ("cells: 20,", "cells: 20, particle_cells: 4,", "numerics.particle_cells"),
            ("model: lrm", "model: grm\n  pore_diffusivity: 1e-11 m2/s\n  film_transfer: 1e-5 m/s\n  particle_radius: 50 um", ""),
            ("product: Tb}", "product: Tbb}", "fractions[1].product"),
            ("kind: column", "kind: cascade-ish", "kind"),
            ("  ldf_rate: 0.06 1/s", "  binding: langmuir-kinetic\n  ldf_rate: 0.06 1/s", "column.ldf_rate"),
            ("  ldf_rate: 0.06 1/s", "  binding: kinetik\n  ldf_rate: 0.06 1/s", "column.binding"),
            ("  ldf_rate: 0.06 1/s", "  binding: kinetic\n  ldf_rate: 0.06 1/s", "column.ldf_rate"),
        ]
        for (from, to, key) in cases {
            let path = try write(Self.base.replacingOccurrences(of: from, with: to))
            if key.isEmpty {   // the complete GRM column loads, and particle_cells is then accepted and checked
                XCTAssertNoThrow(try ColumnCase.load(path: path, library: library()))
                for (cells, bad) in [("particle_cells: 4", false), ("particle_cells: 0", true)] {
                    let p2 = try write(Self.base.replacingOccurrences(of: from, with: to)
                        .replacingOccurrences(of: "cells: 20,", with: "cells: 20, \(cells),"))
                    if bad {
                        XCTAssertThrowsError(try ColumnCase.load(path: p2, library: library())) { e in
                            XCTAssertEqual((e as? InputError)?.key, "numerics.particle_cells", "\(e)")
                        }
                    } else {
                        XCTAssertEqual(try ColumnCase.load(path: p2, library: library()).numerics.particleCells, 4)
                    }
                }
                continue
            }
            XCTAssertThrowsError(try ColumnCase.load(path: path, library: library()), key) { e in
                guard let ie = e as? InputError else { return XCTFail("\(e)") }
                XCTAssertEqual(ie.key, key, "\(ie)")
                XCTAssertNotNil(ie.location.line, "\(ie)")
                XCTAssertEqual(ie.location.file, path)
            }
        }
        let noVelocity = try write(Self.base.replacingOccurrences(of: "  flow: 2 mL/min\n", with: ""))
        XCTAssertThrowsError(try ColumnCase.load(path: noVelocity, library: library())) { e in
            XCTAssertTrue("\(e)".contains("superficial_velocity"), "\(e)")
        }
    }
}

extension ColumnCaseTests {
    /// The bundled b1 case file states exactly the benchmark problem of `ColumnBenchmark`.
    func testBundledB1CaseMatchesBenchmarkDefinition() throws {
        let lib = try library()
        let root = (lib.root as NSString).deletingLastPathComponent
        let cc = try ColumnCase.load(path: root + "/cases/column-b1.yaml", library: lib)
        let b = ColumnBenchmark.b1Problem()
        let p = cc.problem
        XCTAssertEqual(p.components.symbols, b.components.symbols)
        XCTAssertEqual(p.column.length, b.column.length)
        XCTAssertEqual(p.column.bedPorosity, b.column.bedPorosity)
        XCTAssertEqual(p.column.particlePorosity, b.column.particlePorosity)
        XCTAssertEqual(p.column.superficialVelocity, b.column.superficialVelocity, accuracy: 1e-18)
        XCTAssertEqual(p.column.axialDispersion, b.column.axialDispersion)
        XCTAssertEqual(p.column.ldfRate, b.column.ldfRate)
        XCTAssertEqual(p.sections.map(\.end), b.sections.map(\.end))
        XCTAssertEqual(p.sections.map(\.inletStart), b.sections.map(\.inletStart))
        XCTAssertEqual(p.isotherm.loading(c: [0.3, 0.2, 0.1]), b.isotherm.loading(c: [0.3, 0.2, 0.1]))
        XCTAssertEqual(cc.outputTimes, ColumnBenchmark.b1Times)
        XCTAssertEqual(cc.numerics.cells, ColumnBenchmark.b1Numerics.cells)
    }
}

extension ColumnCaseTests {
    /// Every bundled column case (cases/column-*.yaml) loads, and its isotherm file cites a source.
    func testBundledColumnCasesLoad() throws {
        let lib = try library()
        let dir = (lib.root as NSString).deletingLastPathComponent + "/cases"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("column-") && $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(files.count, 3)
        for f in files {
            let cc = try ColumnCase.load(path: dir + "/" + f, library: lib)
            XCTAssertFalse(cc.problem.sections.isEmpty, f)
            XCTAssertGreaterThan(cc.outputTimes.count, 100, f)
        }
    }
}
