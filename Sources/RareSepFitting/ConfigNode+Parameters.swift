import RareSepCore

extension ConfigNode {
    /// One step of a parameter name: a mapping key, optionally followed by a
    /// 1-based list index, e.g. "K_ex", "sections[2]".
    struct ParameterStep {
        var key: String
        var index: Int?
    }

    /// Split a parameter name "K_ex.Dy", "separation_factors.Tb" or "sections[1].murphree".
    static func parameterPath(_ name: String) -> [ParameterStep]? {
        var steps: [ParameterStep] = []
        for part in name.split(separator: ".", omittingEmptySubsequences: false) {
            if let open = part.firstIndex(of: "[") {
                guard part.hasSuffix("]"), let i = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]),
                      i >= 1 else { return nil }
                steps.append(ParameterStep(key: String(part[..<open]), index: i))
            } else {
                guard !part.isEmpty else { return nil }
                steps.append(ParameterStep(key: String(part), index: nil))
            }
        }
        return steps
    }

    private func child(_ step: ParameterStep) -> ConfigNode? {
        guard case .mapping(let entries) = kind, let node = entries.first(where: { $0.key == step.key })?.node else { return nil }
        guard let i = step.index else { return node }
        guard case .sequence(let items) = node.kind, i <= items.count else { return nil }
        return items[i - 1]
    }

    /// The scalar at a dotted parameter name, or nil when there is none.
    public func scalar(atParameter name: String) -> ConfigNode? {
        guard let steps = Self.parameterPath(name) else { return nil }
        var node: ConfigNode = self
        for step in steps {
            guard let next = node.child(step) else { return nil }
            node = next
        }
        return node.scalarText == nil ? nil : node
    }

    /// A copy of this tree with the scalar at a dotted parameter name replaced by
    /// `value` (full precision); nil when the path does not lead to a scalar.
    /// Untouched subtrees are shared, so a rebuild per fit evaluation is cheap.
    public func replacingParameter(_ name: String, with value: Double) -> ConfigNode? {
        guard let steps = Self.parameterPath(name) else { return nil }
        return replacing(steps[...], text: "\(value)")
    }

    private func replacing(_ steps: ArraySlice<ParameterStep>, text: String) -> ConfigNode? {
        guard let step = steps.first else {
            guard scalarText != nil else { return nil }
            return ConfigNode(kind: .scalar(text), location: location, path: path)
        }
        guard case .mapping(let entries) = kind, let k = entries.firstIndex(where: { $0.key == step.key }) else { return nil }
        let node = entries[k].node
        let replaced: ConfigNode
        if let i = step.index {
            guard case .sequence(let items) = node.kind, i <= items.count,
                  let item = items[i - 1].replacing(steps.dropFirst(), text: text) else { return nil }
            var copy = items
            copy[i - 1] = item
            replaced = ConfigNode(kind: .sequence(copy), location: node.location, path: node.path)
        } else {
            guard let r = node.replacing(steps.dropFirst(), text: text) else { return nil }
            replaced = r
        }
        var copy = entries
        copy[k] = (step.key, replaced)
        return ConfigNode(kind: .mapping(copy), location: location, path: path)
    }
}
