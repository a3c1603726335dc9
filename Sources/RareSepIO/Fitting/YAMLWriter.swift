import RareSepCore

/// Minimal YAML emitter for ConfigNode trees (block mappings, flow lists of scalars).
enum YAMLWriter {
    static func emit(_ node: ConfigNode, indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        switch node.kind {
        case .mapping(let entries):
            var s = ""
            for (k, v) in entries {
                switch v.kind {
                case .mapping(let sub) where !sub.isEmpty && sub.allSatisfy({ $0.node.scalarText != nil }):
                    s += "\(pad)\(k): {\(sub.map { "\($0.key): \(scalar($0.node.scalarText!))" }.joined(separator: ", "))}\n"
                case .mapping: s += "\(pad)\(k):\n" + emit(v, indent: indent + 2)
                case .sequence(let items) where items.allSatisfy({ $0.scalarText != nil }):
                    s += "\(pad)\(k): [\(items.map { scalar($0.scalarText!) }.joined(separator: ", "))]\n"
                case .sequence(let items):
                    s += "\(pad)\(k):\n"
                    for item in items { s += "\(pad)  -\n" + emit(item, indent: indent + 4) }
                case .scalar(let text): s += "\(pad)\(k): \(scalar(text))\n"
                case .null: s += "\(pad)\(k): ~\n"
                }
            }
            return s
        case .scalar(let text): return "\(pad)\(scalar(text))\n"
        case .sequence(let items): return items.map { "\(pad)- " + emit($0).trimmingCharacters(in: .whitespaces) }.joined()
        case .null: return "\(pad)~\n"
        }
    }

    /// Plain for numbers and simple words, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        if Double(text) != nil { return text }
        let simple = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == "/" }
        return simple && !text.isEmpty ? text : quote(text)
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
