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
    /// What is wrong with the value, when that is not plain from `expected`
    /// ("'mol/L' is a concentration unit"); printed after the value.
    public var problem: String?

    public init(location: SourceLocation, key: String, value: String?, expected: String, problem: String? = nil) {
        self.location = location
        self.key = key
        self.value = value
        self.expected = expected
        self.problem = problem
    }

    public var description: String {
        if let value {
            let why = problem.map { ": \($0)" } ?? ""
            return "\(location): \(key): invalid value '\(value)'\(why); expected \(expected)"
        }
        return "\(location): \(key): \(expected)"
    }
}

/// Nearest candidate by edit distance ignoring case, for "did you mean" hints. Among
/// equally near candidates the one nearest with case wins (`Tbb` → `Tb`, not `TBP`),
/// then one of the word's length (`Hx` → `Ho`, not `H`), then the one listed first,
/// so callers list the likelier names first.
public func nearestName(to word: String, in candidates: [String]) -> String? {
    var best: (name: String, rank: (Int, Int, Int))?
    let w = Array(word.lowercased()), exact = Array(word)
    for c in candidates {
        let rank = (editDistance(w, Array(c.lowercased())), editDistance(exact, Array(c)), c.count == w.count ? 0 : 1)
        if best == nil || rank < best!.rank { best = (c, rank) }
    }
    guard let best, best.rank.0 <= max(2, w.count / 2) else { return nil }
    return best.name
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
