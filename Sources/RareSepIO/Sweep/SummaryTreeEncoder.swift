import Foundation

/// An `Encoder` that builds the JSON tree of a summary in memory, as `OutputDirectory.json`
/// would write it (same key conversion, non-finite numbers as "inf", "-inf", "nan",
/// numbers as Doubles), without writing and re-parsing JSON text: the sweep's and the
/// design's per-point evaluation use it (the text round trip was about a third of a
/// sweep point's CPU time).
final class SummaryTreeEncoder: Encoder {
    /// A node of the tree under construction (reference, so that containers can fill it).
    final class Node {
        enum Content { case unset, value(CaseEvaluation.JSONValue), object([String: Node]), array([Node]) }
        var content: Content = .unset

        var value: CaseEvaluation.JSONValue {
            switch content {
            case .unset: return .object([:])   // an empty container
            case .value(let v): return v
            case .object(let d): return .object(d.mapValues(\.value))
            case .array(let a): return .array(a.map(\.value))
            }
        }
    }

    let node: Node
    let snakeCaseKeys: Bool
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node = Node(), snakeCaseKeys: Bool, codingPath: [CodingKey] = []) {
        self.node = node
        self.snakeCaseKeys = snakeCaseKeys
        self.codingPath = codingPath
    }

    /// The tree of `value`.
    static func tree<T: Encodable>(_ value: T, snakeCaseKeys: Bool) throws -> CaseEvaluation.JSONValue {
        let e = SummaryTreeEncoder(snakeCaseKeys: snakeCaseKeys)
        try e.encodeValue(value, into: e.node)
        return e.node.value
    }

    /// Encode one value into `node`: plain values directly, others through their `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T, into node: Node) throws {
        switch value {
        case let d as Double: node.content = .value(Self.number(d))
        case let f as Float: node.content = .value(Self.number(Double(f)))
        case let s as String: node.content = .value(.string(s))
        case let b as Bool: node.content = .value(.bool(b))
        case let i as any BinaryInteger: node.content = .value(.number(Double(i)))
        case let d as any StringKeyedEncodable: try d.encodeEntries(into: node, encoder: self)
        default:
            try value.encode(to: SummaryTreeEncoder(node: node, snakeCaseKeys: snakeCaseKeys, codingPath: codingPath))
        }
    }

    /// A Double as the JSON writer gives it: non-finite values as the strings summaries use.
    static func number(_ x: Double) -> CaseEvaluation.JSONValue {
        if x.isNaN { return .string("nan") }
        if x.isInfinite { return .string(x > 0 ? "inf" : "-inf") }
        return .number(x)
    }

    func key(_ k: CodingKey) -> String { snakeCaseKeys ? Self.snakeCase(k.stringValue) : k.stringValue }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(Keyed<Key>(encoder: self, node: node))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return Unkeyed(encoder: self, node: node)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(encoder: self, node: node) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: SummaryTreeEncoder
        let node: Node
        var codingPath: [CodingKey] { encoder.codingPath }

        func child(_ key: Key) -> Node {
            let n = Node()
            if case .object(var d) = node.content {
                d[encoder.key(key)] = n
                node.content = .object(d)
            }
            return n
        }
        func sub(_ key: Key) -> SummaryTreeEncoder {
            SummaryTreeEncoder(node: child(key), snakeCaseKeys: encoder.snakeCaseKeys, codingPath: codingPath + [key])
        }

        mutating func encodeNil(forKey key: Key) throws { child(key).content = .value(.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let e = sub(key)
            try e.encodeValue(value, into: e.node)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            sub(key).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { sub(key).unkeyedContainer() }
        mutating func superEncoder() -> Encoder {
            SummaryTreeEncoder(node: child(Key(stringValue: "super")!), snakeCaseKeys: encoder.snakeCaseKeys, codingPath: codingPath)
        }
        mutating func superEncoder(forKey key: Key) -> Encoder { sub(key) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: SummaryTreeEncoder
        let node: Node
        var codingPath: [CodingKey] { encoder.codingPath }
        var count: Int { if case .array(let a) = node.content { return a.count }; return 0 }

        func append() -> SummaryTreeEncoder {
            let n = Node()
            if case .array(var a) = node.content {
                a.append(n)
                node.content = .array(a)
            }
            return SummaryTreeEncoder(node: n, snakeCaseKeys: encoder.snakeCaseKeys, codingPath: codingPath)
        }

        mutating func encodeNil() throws { append().node.content = .value(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let e = append()
            try e.encodeValue(value, into: e.node)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            append().container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { append().unkeyedContainer() }
        mutating func superEncoder() -> Encoder { append() }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: SummaryTreeEncoder
        let node: Node
        var codingPath: [CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { node.content = .value(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value, into: node) }
    }

    /// Foundation's `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`, word for word:
    /// `myURLKey` → `my_url_key`; keys already in snake case are unchanged.
    static func snakeCase(_ stringKey: String) -> String {
        guard !stringKey.isEmpty else { return stringKey }
        var words: [Range<String.Index>] = []
        var wordStart = stringKey.startIndex
        var searchRange = stringKey.index(after: wordStart)..<stringKey.endIndex
        while let upperCaseRange = stringKey.rangeOfCharacter(from: .uppercaseLetters, options: [], range: searchRange) {
            words.append(wordStart..<upperCaseRange.lowerBound)
            searchRange = upperCaseRange.lowerBound..<searchRange.upperBound
            guard let lowerCaseRange = stringKey.rangeOfCharacter(from: .lowercaseLetters, options: [], range: searchRange) else {
                wordStart = searchRange.lowerBound
                break
            }
            let nextCharacterAfterCapital = stringKey.index(after: upperCaseRange.lowerBound)
            if lowerCaseRange.lowerBound == nextCharacterAfterCapital {
                wordStart = upperCaseRange.lowerBound
            } else {
                let beforeLowerIndex = stringKey.index(before: lowerCaseRange.lowerBound)
                words.append(upperCaseRange.lowerBound..<beforeLowerIndex)
                wordStart = beforeLowerIndex
            }
            searchRange = lowerCaseRange.upperBound..<searchRange.upperBound
        }
        words.append(wordStart..<searchRange.upperBound)
        return words.map { stringKey[$0].lowercased() }.joined(separator: "_")
    }
}

/// A dictionary with String keys: JSONEncoder writes its keys as they are (no snake-case
/// conversion, unlike the keys of a type's properties), and so does the tree.
protocol StringKeyedEncodable {
    func encodeEntries(into node: SummaryTreeEncoder.Node, encoder: SummaryTreeEncoder) throws
}

extension Dictionary: StringKeyedEncodable where Key == String, Value: Encodable {
    func encodeEntries(into node: SummaryTreeEncoder.Node, encoder: SummaryTreeEncoder) throws {
        var entries: [String: SummaryTreeEncoder.Node] = [:]
        for (k, v) in self {
            let n = SummaryTreeEncoder.Node()
            try encoder.encodeValue(v, into: n)
            entries[k] = n
        }
        node.content = .object(entries)
    }
}
