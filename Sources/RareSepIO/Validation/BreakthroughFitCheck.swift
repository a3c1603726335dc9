import Foundation
import RareSepColumn
import RareSepCore
import RareSepFitting

/// Fits column parameters to measured breakthrough curves (one fit spec per curve,
/// `parameters.fits`) and compares the fitted model's bed volumes at 10 % and 50 %
/// breakthrough with those of the data (first crossing, linear interpolation between
/// the measured points), plus the RMS of the C/C0 residuals against `parameters.rms_max`.
enum BreakthroughFitCheck {
    static let check = ValidationCheck(id: "breakthrough-fit") { ctx in
        let params = try ctx.spec.require("parameters")
        let rmsMax = try params.require("rms_max").double()
        var out: [Comparison] = []
        for item in try params.require("fits").items() {
            let name = try item.string()
            let spec = try FitSpec.load(path: name.hasPrefix("/") ? name : ctx.path(name), library: ctx.library)
            let report = try FitRunner.runReport(spec)
            guard report.converged else {
                throw item.error("a fit that converges (\(report.status))")
            }
            let tag = spec.table.column("element")?.cells.first ?? spec.title
            // Data crossings (the fit's target is C/C0 against bv).
            let bv = try spec.table.numbers(try spec.table.require("bv", purpose: "bed volumes"))
            let c = try spec.table.numbers(try spec.table.require("c_over_c0", purpose: "C/C0"))
            // Model curve on a fine grid, from the fitted case.
            guard let fitted = try FitSpec.fittedColumnCase(spec, estimates: report.parameters.map(\.estimate)) else {
                throw item.error("a column fit spec (model: {column: ...})")
            }
            let grid = stride(from: 0.0, through: bv.max()!, by: 0.25).map { $0 }
            let rows = grid.map { ColumnBreakthroughFit.Row(component: fitted.component, time: $0) }
            let feed = ColumnBreakthroughFit.feed(fitted.columnCase.problem, fitted.component)
            let curve = ColumnBreakthroughFit.simulate(fitted.columnCase, rows: rows, inBedVolumes: true).map { $0 / feed }
            for level in [0.1, 0.5] {
                guard let data = crossing(bv, c, level), let model = crossing(grid, curve, level) else {
                    throw item.error("curves that reach C/C0 = \(level)")
                }
                out.append(Comparison("bv\(Int(level * 100))[\(tag)]", value: model, reference: data))
            }
            out.append(Comparison("rms[\(tag)]", value: report.rmse, reference: rmsMax, kind: .atMost))
        }
        return out
    }

    /// First x where y reaches `level`, interpolating linearly between points.
    static func crossing(_ x: [Double], _ y: [Double], _ level: Double) -> Double? {
        for i in 1..<x.count where y[i - 1] < level && y[i] >= level {
            return x[i - 1] + (level - y[i - 1]) / (y[i] - y[i - 1]) * (x[i] - x[i - 1])
        }
        return nil
    }
}
