import Foundation
import RareSepCore

/// The parameter files under Models/ with their model id and source, for `raresep models`.
public enum ModelFiles {
    public struct Entry {
        public var path: String
        public var model: String
        public var source: String
    }

    public static func list(library: ModelLibrary) -> [Entry] {
        guard let e = FileManager.default.enumerator(atPath: library.root) else { return [] }
        var out: [Entry] = []
        while let p = e.nextObject() as? String {
            guard p.hasSuffix(".yaml") || p.hasSuffix(".yml") else { continue }
            let full = (library.root as NSString).appendingPathComponent(p)
            guard let doc = try? YAMLDocument.load(path: full) else { continue }
            let model = (try? doc.optional("model")?.string()) ?? nil
            let source = (try? doc.optional("source")?.string()) ?? nil
            out.append(Entry(path: "Models/" + p, model: model ?? "data", source: String((source ?? "MISSING").prefix(90))))
        }
        return out.sorted { $0.path < $1.path }
    }
}
