import Foundation
import RareSepCore
import Yams

/// Reads YAML files into `ConfigNode` trees that remember file and line.
public enum YAMLDocument {
    /// Parse a YAML file. Malformed YAML, a missing file or an empty document
    /// becomes an InputError naming the file (and line where YAML gives one).
    public static func load(path: String) throws -> ConfigNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil,
                             expected: "a readable file (it does not exist or cannot be read)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(location: SourceLocation(file: path), key: "(file)", value: nil, expected: "UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parse YAML text; `file` names it in messages.
    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw InputError(location: SourceLocation(file: file, line: yamlErrorLine(e)), key: "(syntax)", value: nil,
                             expected: "well-formed YAML (\(yamlErrorSummary(e)))")
        } catch {
            throw InputError(location: SourceLocation(file: file), key: "(syntax)", value: nil,
                             expected: "well-formed YAML (\(error))")
        }
        guard let node else {
            throw InputError(location: SourceLocation(file: file), key: "(document)", value: nil, expected: "a non-empty YAML document")
        }
        return convert(node, file: file, path: "")
    }

    static func convert(_ node: Node, file: String, path: String) -> ConfigNode {
        let loc = SourceLocation(file: file, line: node.mark.map { $0.line })
        switch node {
        case .scalar(let s):
            if s.string == "~" || (s.string.isEmpty && s.style == .plain) || s.string == "null" {
                return ConfigNode(kind: .null, location: loc, path: path)
            }
            return ConfigNode(kind: .scalar(s.string), location: loc, path: path)
        case .mapping(let m):
            var entries: [(key: String, node: ConfigNode)] = []
            for (k, v) in m {
                let key = k.string ?? "\(k)"
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                entries.append((key, convert(v, file: file, path: childPath)))
            }
            return ConfigNode(kind: .mapping(entries), location: loc, path: path)
        case .sequence(let seq):
            let items = seq.enumerated().map { i, v in convert(v, file: file, path: "\(path)[\(i + 1)]") }
            return ConfigNode(kind: .sequence(items), location: loc, path: path)
        }
    }

    static func yamlErrorLine(_ e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func yamlErrorSummary(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "\(e)".split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}
