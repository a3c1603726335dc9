import Foundation
import RareSepCore
import RareSepFitting

/// Runs a fit spec (the case file) as `raresep fit` does and compares each
/// parameter's estimate and standard error with a reference CSV
/// (parameter, estimate and optionally standard_error) from an independent method.
enum FitSpecReferenceCheck {
    static let check = ValidationCheck(id: "fit-spec-reference") { ctx in
        let spec = try FitSpec.load(path: ctx.path(try ctx.spec.require("case").string()), library: ctx.library)
        let report = try FitRunner.runReport(spec)
        guard report.converged else {
            throw InputError(location: SourceLocation(file: spec.path), key: "(fit)", value: report.status,
                             expected: "a converged fit")
        }
        let reference = try DataTable.load(path: ctx.path(try ctx.spec.require("reference").string()))
        let names = try reference.require("parameter", purpose: "parameter name").cells
        let estimates = try reference.numbers(try reference.require("estimate", purpose: "reference estimate"))
        let errors = try reference.column("standard_error").map { try reference.numbers($0) }
        var out: [Comparison] = []
        for (i, name) in names.enumerated() {
            guard let e = report.parameters.first(where: { $0.name == name }) else {
                throw InputError(location: SourceLocation(file: reference.file, line: reference.rowLines[i]), key: "parameter",
                                 value: name, expected: "a parameter fitted by the spec")
            }
            out.append(Comparison("estimate[\(name)]", value: e.estimate, reference: estimates[i]))
            if let errors { out.append(Comparison("standard_error[\(name)]", value: e.standardError, reference: errors[i])) }
        }
        return out
    }
}
