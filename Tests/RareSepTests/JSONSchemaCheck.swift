import Foundation
import XCTest

/// A small JSON Schema (draft 2020-12) checker for the keywords RareSep's schemas use:
/// `type` (one or a list), `properties`, `required`, `additionalProperties` (false or a
/// schema), `items`, `enum`, `const`. Returns one line per violation with its JSON path.
enum JSONSchemaCheck {
    static func violations(of value: Any, against schema: [String: Any], path: String = "$") -> [String] {
        var out: [String] = []
        if let t = schema["type"] {
            let allowed = (t as? [String]) ?? [t as! String]
            if !allowed.contains(where: { matches(value, type: $0) }) {
                return ["\(path): \(typeName(value)) where \(allowed.joined(separator: " or ")) is expected"]
            }
        }
        if let c = schema["const"], !equal(c, value) { out.append("\(path): \(value) is not the constant \(c)") }
        if let e = schema["enum"] as? [Any], !e.contains(where: { equal($0, value) }) {
            out.append("\(path): \(value) is not one of \(e)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                out.append("\(path): required key \(key) missing")
            }
            for (key, v) in object.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[key] as? [String: Any] {
                    out += violations(of: v, against: sub, path: path + "." + key)
                } else if let extra = schema["additionalProperties"] {
                    if let sub = extra as? [String: Any] {
                        out += violations(of: v, against: sub, path: path + "." + key)
                    } else if (extra as? Bool) == false {
                        out.append("\(path): key \(key) is not in the schema")
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { out += violations(of: v, against: items, path: "\(path)[\(i)]") }
        }
        return out
    }

    /// JSON true/false (Foundation on Linux gives a Swift Bool; on Darwin a CFBoolean NSNumber).
    static func isBool(_ v: Any) -> Bool {
        if type(of: v) == Bool.self { return true }
        let name = String(describing: type(of: v))
        return name.contains("Boolean")
    }

    static func matches(_ v: Any, type: String) -> Bool {
        switch type {
        case "null": return v is NSNull
        case "boolean": return isBool(v)
        case "number": return v is NSNumber && !isBool(v)
        case "integer":
            guard let n = v as? NSNumber, !isBool(n) else { return false }
            return n.doubleValue.rounded() == n.doubleValue
        case "string": return v is String
        case "array": return v is [Any]
        case "object": return v is [String: Any]
        default: return false
        }
    }

    static func typeName(_ v: Any) -> String {
        for t in ["null", "boolean", "integer", "number", "string", "array", "object"] where matches(v, type: t) { return t }
        return "\(Swift.type(of: v))"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }

    /// Check every JSON file of an output set that names a schema (`"schema": id`) against
    /// the file in docs/schemas/ whose `$id` is that id; every such file must have one.
    /// Returns the number of files checked.
    @discardableResult
    static func checkOutputSet(_ dir: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let schemaDir = TestPaths.root + "/docs/schemas"
        var byID: [String: [String: Any]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: schemaDir) where name.hasSuffix(".schema.json") {
            let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: schemaDir + "/" + name))) as! [String: Any]
            byID[s["$id"] as! String] = s
        }
        var checked = 0
        for case let name as String in FileManager.default.enumerator(atPath: dir)! where name.hasSuffix(".json") {
            let value = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            guard let id = (value as? [String: Any])?["schema"] as? String else { continue }
            guard let schema = byID[id] else {
                XCTFail("\(name) names schema \(id), which has no file in docs/schemas", file: file, line: line); continue
            }
            XCTAssertEqual(violations(of: value, against: schema), [], "\(name) against \(id)", file: file, line: line)
            checked += 1
        }
        return checked
    }
}
