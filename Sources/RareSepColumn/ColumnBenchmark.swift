import Foundation
import RareSepChemistry
import RareSepCore

/// The column benchmark of issue 5 ("column-b1"): three components with
/// competitive Langmuir + LDF in an LRM; L = 0.20 m, ε = 0.37, ε_p = 0.5
/// (ε_t = 0.685), u_s = 0.37 mm/s, D_ax = 2e-7 m²/s, K = 0.25, 0.5, 0.9 m³/mol,
/// q_max = 50 mol/m³ solid, k_LDF = 0.06 1/s; feed 1 mol/m³ of each for 6000 s,
/// then wash to 18 000 s; outlet at 1801 evenly spaced times.
public enum ColumnBenchmark {
    /// The benchmark problem (components A, B, C).
    public static func b1Problem() -> ColumnProblem {
        let col = ColumnParameters(kind: .lrm, length: 0.20, bedPorosity: 0.37, particlePorosity: 0.5,
                                   superficialVelocity: 0.37e-3, axialDispersion: 2e-7, ldfRate: [0.06, 0.06, 0.06])
        let iso = LangmuirIsotherm(affinity: [0.25, 0.5, 0.9], capacity: [50, 50, 50])
        return ColumnProblem(components: SpeciesSet(["A", "B", "C"]), modifierIndex: nil, isotherm: iso, column: col,
                             sections: [OperatingSection(name: "load", start: 0, end: 6000, inletStart: [1, 1, 1]),
                                        OperatingSection(name: "wash", start: 6000, end: 18000, inletStart: [0, 0, 0])])
    }

    /// The b1 problem as a general rate model ("column-grm-b1"): the same column, isotherm
    /// and programme, beads of r_p = 45 µm with film coefficient k_f = 6.9e-6 m/s and pore
    /// diffusivity D_p = 6.07e-11 m²/s for every component, binding rate 0.06 1/s in the pores
    /// (illustrative values of the order of CADET's load–wash–elute example).
    public static func b1GRMProblem() -> ColumnProblem {
        var p = b1Problem()
        p.column.kind = .grm
        p.column.filmTransfer = [6.9e-6, 6.9e-6, 6.9e-6]
        p.column.particleRadius = 4.5e-5
        p.column.poreDiffusivity = [6.07e-11, 6.07e-11, 6.07e-11]
        return p
    }

    /// The 1801 output times 0, 10, …, 18 000 s.
    public static var b1Times: [Double] { (0...1800).map { Double($0) * 10 } }

    /// Numerics of the timed run.
    public static let b1Numerics = ColumnNumerics(cells: 120, rtol: 3e-5, atol: 3e-7)
    /// Numerics of the converged reference (our own code on a fine grid, tight tolerances).
    public static let b1ReferenceNumerics = ColumnNumerics(cells: 1600, rtol: 1e-7, atol: 1e-9)

    /// Run the benchmark `runs` times with `numerics` and return the median wall time
    /// (ms), the cell count and the maximum absolute outlet error (mol/m³) against
    /// a converged fine-grid solution of the same code (computed in this call unless
    /// `reference` is given; it is a convergence reference, not independent evidence).
    public static func b1(runs: Int = 5, numerics: ColumnNumerics = b1Numerics,
                          reference: [[Double]]? = nil) -> (medianMs: Double, runs: Int, cells: Int, maxAbsError: Double) {
        let problem = b1Problem()
        let times = b1Times
        var ms: [Double] = []
        var last: ColumnRun?
        for _ in 0..<max(1, runs) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = ColumnSimulator.run(problem, numerics: numerics, outputTimes: times)
            ms.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            last = r
        }
        ms.sort()
        let ref = reference ?? ColumnSimulator.run(problem, numerics: b1ReferenceNumerics, outputTimes: times).outlet
        var err = 0.0
        if let last, last.report.converged {
            for k in 0..<times.count { for j in 0..<3 { err = max(err, abs(last.outlet[k][j] - ref[k][j])) } }
        } else {
            err = .infinity
        }
        return (ms[ms.count / 2], ms.count, numerics.cells, err)
    }
}
