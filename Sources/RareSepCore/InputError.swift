/// Where a value came from in an input file: file path and 1-based line.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// File path as the user gave it.
    public var file: String
    /// 1-based line number, or nil when unknown.
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// Bad input a user can act on: names the file and line, the key, the value
/// and what was expected. The CLI prints `description` on one line and exits 1.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var location: SourceLocation
    /// Dotted key path, e.g. `streams[2].flow`.
    public var key: String
    /// The offending value as written, or nil when the key is missing.
    public var value: String?
    /// What would have been accepted.
    public var expected: String

    public init(location: SourceLocation, key: String, value: String?, expected: String) {
        self.location = location
        self.key = key
        self.value = value
        self.expected = expected
    }

    public var description: String {
        if let value {
            return "\(location): \(key): invalid value '\(value)'; expected \(expected)"
        }
        return "\(location): \(key): \(expected)"
    }
}

/// Nearest candidate by edit distance, for "did you mean" hints.
public func nearestName(to word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    let w = Array(word.lowercased())
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased()))
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let best, best.1 <= max(2, w.count / 2) else { return nil }
    return best.0
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
