import Foundation
import RareSepCore
import RareSepFitting

/// Writes a fitted model back as a Models/-style YAML file whose `source:`
/// names the dataset file and the dataset's own citation; the estimates with
/// their uncertainty go into the description and into comments, so that the
/// file loads with the same model factory as any other.
enum FittedModelWriter {
    /// A Models/ file (description, source, model, units, parameters, valid_range, notes)
    /// with the fitted values substituted; units and valid_range are kept from the
    /// original model file when there was one.
    static func registered(id: String, parameters: ConfigNode, file: ConfigNode?, estimates: [ParameterEstimate],
                           title: String, provenance: String) -> String {
        var node = parameters
        for e in estimates {
            if let next = node.replacingParameter(e.name, with: e.estimate) { node = next }
        }
        let summary = estimates.map { "\($0.name) = \(fmt($0.estimate)) ± \(fmt($0.standardError))" }.joined(separator: ", ")
        var text = comments(estimates)
        text += "description: \(YAMLWriter.quote("\(title) (fitted)"))\n"
        var source = "\(estimates.map(\.name).joined(separator: ", ")): \(provenance)."
        if let original = try? file?.optional("source")?.string() {
            source += " All other values unchanged from the original model file, whose source reads: \(original)"
        } else {
            source += " All other values as given inline in the fit spec."
        }
        text += "source: \(YAMLWriter.quote(source))\n"
        text += "model: \(id)\n"
        for key in ["units", "valid_range"] {
            if let v = try? file?.optional(key) {
                text += YAMLWriter.emit(ConfigNode(kind: .mapping([(key, v)]), location: v.location, path: ""))
            }
        }
        text += YAMLWriter.emit(ConfigNode(kind: .mapping([("parameters", node)]), location: node.location, path: ""))
        text += "notes: \(YAMLWriter.quote("Estimate ± standard error: \(summary)."))\n"
        return text
    }

    /// The cascade case with the fitted values substituted, its provenance in a comment
    /// (a case file has no `source` key for fitted values).
    static func cascadeCase(root: ConfigNode, estimates: [ParameterEstimate], provenance: String) -> String {
        var node = root
        for e in estimates {
            if let next = node.replacingParameter(e.name, with: e.estimate) { node = next }
        }
        var text = comments(estimates)
        text += "# \(estimates.map(\.name).joined(separator: ", ")): \(provenance)\n"
        text += YAMLWriter.emit(node)
        return text
    }

    static func function(model: FunctionModel, estimates: [ParameterEstimate], fixed: [String: Double], title: String,
                         provenance: String) -> String {
        var text = comments(estimates)
        text += "description: \(YAMLWriter.quote("\(title): \(model.summary)"))\n"
        text += "source: \(YAMLWriter.quote(provenance))\n"
        text += "function: \(model.id)\n"
        text += "parameters:\n"
        for name in model.parameters {
            if let e = estimates.first(where: { $0.name == name }) {
                text += "  \(name): \(e.estimate)\n"
            } else if let v = fixed[name] {
                text += "  \(name): \(v)   # fixed, not fitted\n"
            }
        }
        text += "standard_errors:\n"
        for e in estimates { text += "  \(e.name): \(e.standardError)\n" }
        text += "confidence_intervals:\n"
        for e in estimates { text += "  \(e.name): [\(e.lower), \(e.upper)]\n" }
        return text
    }

    static func comments(_ estimates: [ParameterEstimate]) -> String {
        var text = "# Written by raresep fit. Estimates, standard errors and confidence intervals:\n"
        for e in estimates {
            text += "#   \(e.name) = \(fmt(e.estimate)) (SE \(fmt(e.standardError)), interval [\(fmt(e.lower)), \(fmt(e.upper))], transform \(e.transform))\n"
        }
        return text
    }

    static func fmt(_ v: Double) -> String { String(format: "%.6g", v) }
}
