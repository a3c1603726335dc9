import RareSepCore

/// Parameters chosen by name inside a parameter tree — a model's `parameters:`
/// mapping, a Models/ file, a whole case document: each name is the dotted path of
/// a number (`log10_Kex.Dy`, `correlation.Dy.m0`, `sections[1].murphree`). For every
/// trial θ the map returns a copy of the tree with those numbers replaced, which the
/// caller hands to the same factory that reads the file (a model registration, the
/// case loader, an isotherm registration). That is how any registered model becomes
/// fittable without code of its own.
public struct NodeParameterMap {
    /// The tree as read.
    public let base: ConfigNode
    /// Dotted names, in parameter order.
    public let names: [String]

    /// Check that every parameter names a number in `base`.
    public init(base: ConfigNode, parameters: [FitParameter]) throws {
        for p in parameters where base.scalar(atParameter: p.name) == nil {
            throw FitSetupError.unknownParameter(name: p.name, known: Self.numericParameterNames(base))
        }
        self.base = base
        self.names = parameters.map(\.name)
    }

    /// The tree with θ_k written at `names[k]`.
    public func node(_ theta: [Double]) throws -> ConfigNode {
        var node = base
        for (k, name) in names.enumerated() {
            guard let next = node.replacingParameter(name, with: theta[k]) else {
                throw FitSetupError.unknownParameter(name: name, known: Self.numericParameterNames(base))
            }
            node = next
        }
        return node
    }

    /// Dotted names of every numeric scalar in a tree, for messages.
    public static func numericParameterNames(_ node: ConfigNode, prefix: String = "") -> [String] {
        switch node.kind {
        case .mapping(let entries):
            var names: [String] = []
            for (k, child) in entries {
                let name = prefix.isEmpty ? k : "\(prefix).\(k)"
                if let s = child.scalarText, Double(s) != nil { names.append(name) }
                if case .sequence(let items) = child.kind {
                    for (i, item) in items.enumerated() {
                        let itemName = "\(name)[\(i + 1)]"
                        if let s = item.scalarText, Double(s) != nil { names.append(itemName) }
                        names += numericParameterNames(item, prefix: itemName)
                    }
                } else {
                    names += numericParameterNames(child, prefix: name)
                }
            }
            return names
        default:
            return []
        }
    }
}
