import RareSepCore
// libyaml as vendored by Yams: its event parser is iterative, so reading events
// (instead of Yams.compose, which recurses once per nesting level and shares
// aliased subtrees) lets RareSep bound depth and alias expansion while parsing.
import CYaml

/// Builds a `ConfigNode` tree from libyaml events without recursion, enforcing
/// `YAMLLimits` as it goes and rejecting duplicate mapping keys. Every node is
/// located at the line of its key (mapping values) or its own first line.
struct YAMLComposer {
    let file: String
    let limits: YAMLLimits

    /// An open mapping or sequence.
    private final class Frame {
        let isMapping: Bool
        let line: Int
        let path: String
        let anchor: String?
        var entries: [(key: String, node: ConfigNode)] = []
        var items: [ConfigNode] = []
        /// Line of each key seen so far, for duplicate-key messages.
        var keyLines: [String: (line: Int, column: Int)] = [:]
        /// The key whose value comes next (mappings only).
        var pendingKey: (key: String, line: Int)?
        /// Nodes in this subtree with aliases expanded, this one included.
        var count = 1

        init(isMapping: Bool, line: Int, path: String, anchor: String?) {
            self.isMapping = isMapping
            self.line = line
            self.path = path
            self.anchor = anchor
        }
    }

    private var stack: [Frame] = []
    private var anchors: [String: (node: ConfigNode, count: Int)] = [:]
    private var root: ConfigNode?
    private var nodeCount = 0
    private var aliasNodeCount = 0
    private var documents = 0

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    /// Parse UTF-8 bytes into the single document's root, or nil for an empty stream.
    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ConfigNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw InputError(location: SourceLocation(file: file), key: "(document)", value: nil,
                             expected: "a YAML document small enough to parse (the parser could not allocate memory)")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw InputError(location: SourceLocation(file: file, line: line), key: "(document)", value: nil,
                                     expected: "a single YAML document (another one starts here)")
                }
            case YAML_SCALAR_EVENT:
                let text = Self.string(event.data.scalar.value, length: event.data.scalar.length)
                if let top = stack.last, top.isMapping, top.pendingKey == nil {
                    try takeKey(text, line: line, column: column, in: top)
                    if let a = Self.cString(event.data.scalar.anchor) {
                        anchors[a] = (ConfigNode(kind: .scalar(text), location: location(line), path: ""), 1)
                    }
                    continue
                }
                let isNull = text == "~" || text == "null" || (text.isEmpty && event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                let (path, nodeLine) = childPlace(line)
                try countNodes(1, line: line)
                let node = ConfigNode(kind: isNull ? .null : .scalar(text), location: location(nodeLine), path: path)
                if let a = Self.cString(event.data.scalar.anchor) { anchors[a] = (node, 1) }
                attach(node, count: 1)
            case YAML_ALIAS_EVENT:
                let name = Self.cString(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    throw InputError(location: location(line), key: "(document)", value: "*\(name)",
                                     expected: "an alias to an anchor defined earlier ('&\(name)')")
                }
                if let top = stack.last, top.isMapping, top.pendingKey == nil {
                    guard let text = target.node.scalarText else { throw complexKey(line) }
                    try takeKey(text, line: line, column: column, in: top)
                    continue
                }
                aliasNodeCount += target.count
                if aliasNodeCount > limits.maxAliasNodes {
                    throw InputError(location: location(line), key: "(document)", value: nil,
                                     expected: "aliases expanding to more than \(limits.maxAliasNodes) nodes in all (the total passes that at '*\(name)'; an alias bomb?); RareSep expands at most \(limits.maxAliasNodes)")
                }
                try countNodes(target.count, line: line)
                let (path, nodeLine) = childPlace(line)
                attach(Self.copy(target.node, path: path, location: location(nodeLine)), count: target.count)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                if let top = stack.last, top.isMapping, top.pendingKey == nil { throw complexKey(line) }
                if stack.count >= limits.maxDepth {
                    throw InputError(location: location(line), key: "(document)", value: nil,
                                     expected: "lists and mappings nested more than \(limits.maxDepth) levels deep; RareSep reads at most \(limits.maxDepth) levels")
                }
                let anchor = Self.cString(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                let (path, nodeLine) = childPlace(line)
                try countNodes(1, line: line)
                stack.append(Frame(isMapping: isMapping, line: nodeLine, path: path, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let node = ConfigNode(kind: frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items),
                                      location: location(frame.line), path: frame.path)
                if let a = frame.anchor { anchors[a] = (node, frame.count) }
                attach(node, count: frame.count)
            default:
                continue  // stream start, document end
            }
        }
    }

    private func location(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    /// Path and line of the node about to start under the innermost open collection.
    private func childPlace(_ line: Int) -> (path: String, line: Int) {
        guard let top = stack.last else { return ("", line) }
        if top.isMapping, let key = top.pendingKey {
            return (top.path.isEmpty ? key.key : "\(top.path).\(key.key)", key.line)
        }
        return ("\(top.path)[\(top.items.count + 1)]", line)
    }

    private mutating func attach(_ node: ConfigNode, count: Int) {
        guard let top = stack.last else { root = node; return }
        top.count += count
        if top.isMapping, let key = top.pendingKey {
            top.entries.append((key.key, node))
            top.pendingKey = nil
        } else {
            top.items.append(node)
        }
    }

    private func takeKey(_ key: String, line: Int, column: Int, in frame: Frame) throws {
        if let first = frame.keyLines[key] {
            let path = frame.path.isEmpty ? key : "\(frame.path).\(key)"
            let at = first.line == line ? "line \(first.line), column \(first.column)" : "line \(first.line)"
            throw InputError(location: location(line), key: path, value: nil,
                             expected: "duplicate key '\(key)' (first at \(at))")
        }
        frame.keyLines[key] = (line, column)
        frame.pendingKey = (key, line)
    }

    private mutating func countNodes(_ n: Int, line: Int) throws {
        nodeCount += n
        if nodeCount > limits.maxNodes {
            throw InputError(location: location(line), key: "(document)", value: nil,
                             expected: "more than \(limits.maxNodes) values, lists and mappings in one document (aliases expanded); RareSep reads at most \(limits.maxNodes)")
        }
    }

    private func complexKey(_ line: Int) -> InputError {
        let path = stack.last.map(\.path) ?? ""
        return InputError(location: location(line), key: path.isEmpty ? "(document)" : path, value: nil,
                          expected: "text keys (a list or mapping used as a key is not supported)")
    }

    private func syntaxError(_ parser: yaml_parser_t) -> InputError {
        let problem = Self.cString(parser.problem) ?? "syntax error"
        let context = Self.cString(parser.context).map { " \($0)" } ?? ""
        let mark = parser.problem_mark
        let line = Int(mark.line) + 1
        return InputError(location: location(line), key: "(syntax)", value: nil,
                          expected: "well-formed YAML (\(problem)\(context) at line \(line), column \(Int(mark.column) + 1))")
    }

    /// A copy of an anchored subtree for an alias, with paths under `path`
    /// (depth is bounded by `maxDepth`, size by `maxAliasNodes`).
    static func copy(_ node: ConfigNode, path: String, location: SourceLocation) -> ConfigNode {
        switch node.kind {
        case .scalar, .null:
            return ConfigNode(kind: node.kind, location: location, path: path)
        case .mapping(let entries):
            let e = entries.map { k, v in (key: k, node: copy(v, path: path.isEmpty ? k : "\(path).\(k)", location: v.location)) }
            return ConfigNode(kind: .mapping(e), location: location, path: path)
        case .sequence(let items):
            let s = items.enumerated().map { i, v in copy(v, path: "\(path)[\(i + 1)]", location: v.location) }
            return ConfigNode(kind: .sequence(s), location: location, path: path)
        }
    }

    static func string(_ p: UnsafeMutablePointer<UInt8>?, length: Int) -> String {
        guard let p else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
    }

    static func cString(_ p: UnsafePointer<UInt8>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    static func cString(_ p: UnsafeMutablePointer<UInt8>?) -> String? {
        cString(p.map { UnsafePointer($0) })
    }

    static func cString(_ p: UnsafePointer<CChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}
