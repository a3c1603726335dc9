/// Addressing a value of a document by a dotted key path, for sweeps and designs that
/// vary one key of a case: `sections.scrub.stages`, `streams.feed.flow`,
/// `organic.loop.flow`. A segment names a mapping key; in a list it names the item whose
/// `name` is that segment (or, as digits, the item's 1-based position).
extension ConfigNode {
    /// The segments of a dotted key path ("streams.scrub acid.flow" → 3 segments).
    public static func keyPathSegments(_ keyPath: String) -> [String] {
        keyPath.split(separator: ".", omittingEmptySubsequences: false).map { String($0).trimmingCharactersInSpaces() }
    }

    /// The child named `segment` with its position, or nil and the names offered here.
    func child(_ segment: String) -> (node: ConfigNode?, index: Int?, names: [String]) {
        switch kind {
        case .mapping(let entries):
            if let i = entries.firstIndex(where: { $0.key == segment }) { return (entries[i].node, i, []) }
            return (nil, nil, entries.map(\.key))
        case .sequence(let items):
            let names = items.map { (try? $0.optional("name")?.string()) ?? nil }
            if let i = names.firstIndex(where: { $0 == segment }) { return (items[i], i, []) }
            if let k = Int(segment), k >= 1, k <= items.count { return (items[k - 1], k - 1, []) }
            return (nil, nil, names.compactMap { $0 })
        default:
            return (nil, nil, [])
        }
    }

    /// The node at `keyPath`, or an error (located at `at`, the key of the plan that names
    /// the path) saying which segment does not exist and what exists there instead.
    public func node(atKeyPath keyPath: String, at: ConfigNode) throws -> ConfigNode {
        var node = self
        var walked: [String] = []
        for seg in Self.keyPathSegments(keyPath) {
            let (next, _, names) = node.child(seg)
            guard let next else {
                let where_ = walked.isEmpty ? "the case" : "'\(walked.joined(separator: "."))'"
                let hint = nearestName(to: seg, in: names).map { "; did you mean '\($0)'?" } ?? ""
                let offered = names.isEmpty ? "" : " (there: \(names.prefix(12).joined(separator: ", ")))"
                throw at.error("a key path into the case: \(where_) has no '\(seg)'\(hint)\(offered)", value: keyPath)
            }
            walked.append(seg)
            node = next
        }
        return node
    }

    /// A copy of this document with the value at `keyPath` (which must exist, see
    /// `node(atKeyPath:at:)`) replaced by the scalar `text`, located at `location` (the
    /// plan line that gave the value, so the case reader's errors point there).
    public func replacing(keyPath: String, with text: String, location: SourceLocation) -> ConfigNode {
        replacing(Self.keyPathSegments(keyPath)[...], with: text, location: location)
    }

    private func replacing(_ segments: ArraySlice<String>, with text: String, location newLocation: SourceLocation) -> ConfigNode {
        guard let seg = segments.first else { return ConfigNode(kind: .scalar(text), location: newLocation, path: path) }
        let (child, index, _) = self.child(seg)
        guard let child, let index else { return self }
        let replaced = child.replacing(segments.dropFirst(), with: text, location: newLocation)
        switch kind {
        case .mapping(var entries):
            entries[index].node = replaced
            return ConfigNode(kind: .mapping(entries), location: location, path: path)
        case .sequence(var items):
            items[index] = replaced
            return ConfigNode(kind: .sequence(items), location: location, path: path)
        default:
            return self
        }
    }
}
