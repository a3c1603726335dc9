import Foundation
import RareSepChemistry
import RareSepCore
import RareSepCascade

/// One entry of a model file's `valid_range` that a stage's state can be checked
/// against ("pH: about 0.5 to 3", "dose: 2 to 10 vol %", "extractant: 0.1 to 1.5 mol/L",
/// "nitrate: 0.3 to 4 mol/L", "aqueous: ... [H+] 0.01 to 1 mol/L"). Entries the model
/// cannot evaluate per stage (temperature, medium) are not checked. A stage outside
/// the range gives a warning; the run still solves.
public struct StageRangeCheck: Sendable {
    /// The stage quantity an entry constrains.
    public enum Quantity: Sendable {
        /// A named value of the model's `stageDiagnostics` (pH, extractant dose).
        case diagnostic(String)
        /// An aqueous or organic concentration (species index), compared in mol/L.
        case aqueous(Int)
        case organic(Int)
        /// Free proton concentration 10^(−pH), mol/L.
        case freeProton
    }
    /// Index of the model in the problem and its name in the case.
    public var modelIndex: Int
    public var modelName: String
    /// Model file and `valid_range` key the range comes from.
    public var source: String
    public var key: String
    public var quantity: Quantity
    /// Readable name of the quantity and its unit in messages ("pH", "aqueous NO3", "mol/L").
    public var label: String
    public var unit: String
    /// The stated range.
    public var lower: Double
    public var upper: Double

    /// Quantities named by `valid_range` keys other than species symbols.
    static let ionWords = ["nitrate": "NO3", "chloride": "Cl", "sulfate": "SO4", "acid": "H"]

    /// The checkable entries of a `valid_range` mapping for model `model` bound to `species`.
    public static func parse(_ node: ConfigNode, modelIndex: Int, modelName: String, source: String,
                             model: any EquilibriumModel, species: SpeciesSet) throws -> [StageRangeCheck] {
        guard case .mapping = node.kind else { return [] }
        var out: [StageRangeCheck] = []
        let organicOnly = (0..<species.count).first { model.role($0) == .organicOnly }
        for (key, v) in try node.entries() {
            guard let text = v.scalarText else { continue }
            var quantity: Quantity?, label = key, unit = "mol/L", rangeText = Substring(text)
            if let r = text.range(of: "[H+]") {
                quantity = .freeProton; label = "[H+]"; rangeText = text[r.upperBound...]
            } else if key == "pH" {
                quantity = .diagnostic("pH"); label = "pH"; unit = ""
            } else if key == "dose" {
                quantity = .diagnostic("extractant_dose_vol_percent"); label = "extractant dose"; unit = "vol %"
            } else if key == "extractant", let j = organicOnly {
                quantity = .organic(j); label = "organic \(species.symbols[j]) (total)"
            } else if let j = species.index(of: ionWords[key.lowercased()] ?? key) {
                let organic = model.role(j) == .organicOnly
                quantity = organic ? .organic(j) : .aqueous(j)
                label = "\(organic ? "organic" : "aqueous") \(species.symbols[j])"
            }
            guard let quantity, let (lo, hi) = range(in: rangeText), lo <= hi else { continue }
            out.append(StageRangeCheck(modelIndex: modelIndex, modelName: modelName, source: source, key: key,
                                       quantity: quantity, label: label, unit: unit, lower: lo, upper: hi))
        }
        return out
    }

    /// The first "A to B" (also "A – B" or "A..B") in a text, as numbers. A small
    /// scanner, not a regular expression: Foundation's regular expressions load ICU,
    /// which costs a whole run's worth of start-up time.
    static func range(in text: Substring) -> (Double, Double)? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        /// A number starting at k: [+-]digits[.digits][e[+-]digits]; its end index.
        func number(at start: Int) -> (Double, Int)? {
            var k = start
            if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
            let digitsStart = k
            while k < chars.count, ("0"..."9").contains(chars[k]) { k += 1 }
            if k < chars.count, chars[k] == ".", k + 1 < chars.count, ("0"..."9").contains(chars[k + 1]) {
                k += 1
                while k < chars.count, ("0"..."9").contains(chars[k]) { k += 1 }
            }
            guard k > digitsStart, !(k == digitsStart + 1 && chars[digitsStart] == ".") else { return nil }
            if k < chars.count, chars[k] == "e" || chars[k] == "E" {
                var e = k + 1
                if e < chars.count, chars[e] == "+" || chars[e] == "-" { e += 1 }
                let expStart = e
                while e < chars.count, ("0"..."9").contains(chars[e]) { e += 1 }
                if e > expStart { k = e }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: chars[start..<k])
            return Double(text).map { ($0, k) }
        }
        func skipSpaces(_ k: inout Int) { while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 } }
        while i < chars.count {
            let isStart = ("0"..."9").contains(chars[i]) || ((chars[i] == "+" || chars[i] == "-" || chars[i] == ".") && i + 1 < chars.count)
            if isStart, let (a, end) = number(at: i) {
                var k = end
                skipSpaces(&k)
                var joined = false
                if k + 1 < chars.count, chars[k] == "t", chars[k + 1] == "o" { k += 2; joined = true }
                else if k < chars.count, chars[k] == "–" { k += 1; joined = true }
                else if k + 1 < chars.count, chars[k] == ".", chars[k + 1] == "." { k += 2; joined = true }
                if joined {
                    skipSpaces(&k)
                    if let (b, _) = number(at: k) { return (a, b) }
                }
                i = max(end, i + 1)
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The quantity at a stage state (x, y in mol/m³), or nil when the model does not report it.
    func value(x: [Double], y: [Double], diagnostics: [(name: String, value: Double)]) -> Double? {
        switch quantity {
        case .diagnostic(let name): return diagnostics.first { $0.name == name }?.value
        case .aqueous(let j): return x[j] / 1000
        case .organic(let j): return y[j] / 1000
        case .freeProton: return diagnostics.first { $0.name == "pH" }.map { pow(10, -$0.value) }
        }
    }

    /// Warnings for every stage outside its model's stated ranges: one per range and
    /// section, naming the stages, the quantity, its extreme values and the range.
    public static func warnings(_ checks: [StageRangeCheck], solution sol: CascadeSolution) -> [InputWarning] {
        guard !checks.isEmpty else { return [] }
        let p = sol.problem
        let n = p.species.count
        var out: [InputWarning] = []
        for sec in p.sections {
            let mine = checks.filter { $0.modelIndex == sec.modelIndex }
            if mine.isEmpty { continue }
            let model = p.models[sec.modelIndex]
            var outside = [[(stage: Int, value: Double)]](repeating: [], count: mine.count)
            for s in sec.stages {
                let x = Array(sol.aqueous[(s * n)..<((s + 1) * n)]), y = Array(sol.organic[(s * n)..<((s + 1) * n)])
                let diag = model.stageDiagnostics(x: x, y: y)
                for (k, c) in mine.enumerated() {
                    guard let v = c.value(x: x, y: y, diagnostics: diag), v.isFinite else { continue }
                    let slack = 1e-9 * max(abs(c.lower), abs(c.upper))
                    if v < c.lower - slack || v > c.upper + slack { outside[k].append((s, v)) }
                }
            }
            for (k, c) in mine.enumerated() where !outside[k].isEmpty {
                let o = outside[k]
                let stages = o.count == 1 ? "stage \(o[0].stage + 1)" : "stages \(o.first!.stage + 1)–\(o.last!.stage + 1) (\(o.count) of them)"
                let lo = o.map(\.value).min()!, hi = o.map(\.value).max()!
                let u = c.unit.isEmpty ? "" : " \(c.unit)"
                let values = o.count == 1 ? String(format: "%.4g", lo) : String(format: "%.4g to %.4g", lo, hi)
                out.append(InputWarning(
                    location: "\(stages) of section \(sec.name)",
                    message: "\(c.label) \(values)\(u) is outside the valid range \(String(format: "%g", c.lower)) to \(String(format: "%g", c.upper))\(u) stated by model '\(c.modelName)' (\(c.source), valid_range.\(c.key)); the result extrapolates the model"))
            }
        }
        return out
    }
}
