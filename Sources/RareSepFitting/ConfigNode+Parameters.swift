import RareSepCore

extension ConfigNode {
    /// Split a parameter name "K_ex.Dy" or "separation_factors.Tb" into mapping keys.
    static func parameterPath(_ name: String) -> [String] {
        name.split(separator: ".").map(String.init)
    }

    /// The scalar at a dotted parameter name, or nil when there is none.
    public func scalar(atParameter name: String) -> ConfigNode? {
        var node: ConfigNode = self
        for key in Self.parameterPath(name) {
            guard case .mapping(let entries) = node.kind, let next = entries.first(where: { $0.key == key })?.node else {
                return nil
            }
            node = next
        }
        return node.scalarText == nil ? nil : node
    }

    /// A copy of this tree with the scalar at a dotted parameter name replaced by
    /// `value` (formatted with full precision); nil when the path does not lead to a
    /// scalar. Untouched subtrees are shared, so a rebuild per fit evaluation is cheap.
    public func replacingParameter(_ name: String, with value: Double) -> ConfigNode? {
        replacing(path: Self.parameterPath(name)[...], text: "\(value)")
    }

    private func replacing(path: ArraySlice<String>, text: String) -> ConfigNode? {
        guard let key = path.first else {
            guard scalarText != nil else { return nil }
            return ConfigNode(kind: .scalar(text), location: location, path: self.path)
        }
        guard case .mapping(let entries) = kind, let i = entries.firstIndex(where: { $0.key == key }),
              let child = entries[i].node.replacing(path: path.dropFirst(), text: text) else { return nil }
        var copy = entries
        copy[i] = (key, child)
        return ConfigNode(kind: .mapping(copy), location: location, path: self.path)
    }
}
