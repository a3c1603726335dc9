import Foundation

extension DataTable {
    /// Why the file at `path` is not a CSV dataset at all (not UTF-8 text, or its first
    /// line that is not a `#` comment is not a header of `name [unit]` columns), or nil
    /// when it looks like one. Reads at most the first 64 KiB; the reason never quotes
    /// the file.
    public static func notADataset(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "it cannot be opened" }
        defer { try? handle.close() }
        var data = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        // Cut at the last newline so a multi-byte character is not split.
        if data.count == 64 << 10, let nl = data.lastIndex(of: 0x0A) { data = data[..<nl] }
        guard let text = String(data: data, encoding: .utf8) else { return "it is not UTF-8 text" }
        if text.contains("\0") { return "it is binary, not text" }
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard let header = lines.first(where: { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return nil   // empty: the CSV reader says so
        }
        for field in header.split(separator: ",", omittingEmptySubsequences: false) {
            let name = field.split(separator: "[", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if name.count > 64 || name.contains(where: { ":;=\\\"'<>{}|\t".contains($0) }) {
                return "its first line that is not a '#' comment is not a header of 'name [unit]' columns"
            }
        }
        return nil
    }
}
