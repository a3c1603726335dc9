import Foundation
import RareSepChemistry
import RareSepCore
import RareSepFitting

/// Dataset conditions checked against a model file's stated `valid_range`: a fit to
/// data outside it extrapolates the model, so each such condition column gives a
/// warning (quantity, the values outside, the range); the fit still runs.
///
/// Keys understood (as in the cascade's stage check): `pH` (columns pH, pH0), `dose`
/// (column dose, vol %), `extractant` (y0_ columns of the model's added organic species,
/// mol/L), a species symbol or nitrate/chloride/sulfate/acid (its c0_ column, mol/L), and
/// any entry whose text holds "[H+] a to b" (10^−pH of the pH columns, mol/L). Entries
/// without a numeric "a to b" range (medium, temperature) are not checked.
enum FitRangeCheck {
    static let ionWords = ["nitrate": "NO3", "chloride": "Cl", "sulfate": "SO4", "acid": "H"]

    /// Warnings for `table` against `validRange` of the model file at `source`; `metals`
    /// is the number of leading metal species in `species`.
    static func warnings(validRange: ConfigNode?, source: String, table: DataTable, species: SpeciesSet,
                         metals: Int, elements: ElementTable) throws -> [InputWarning] {
        guard let validRange, case .mapping = validRange.kind else { return [] }
        var out: [InputWarning] = []
        for (key, node) in try validRange.entries() {
            guard let text = node.scalarText else { continue }
            // (column, values in the range's unit, label, unit)
            var candidates: [(DataColumn, [Double], String, String)] = []
            var rangeText = Substring(text)
            if let r = text.range(of: "[H+]") {
                rangeText = text[r.upperBound...]
                for name in ["pH", "pH0"] {
                    if let c = table.column(name) { candidates.append((c, try table.numbers(c).map { pow(10, -$0) }, "[H+] from \(name)", "mol/L")) }
                }
            } else if key == "pH" {
                for name in ["pH", "pH0"] {
                    if let c = table.column(name) { candidates.append((c, try table.numbers(c), name, "")) }
                }
            } else if key == "dose" {
                if let c = table.column("dose") { candidates.append((c, try table.numbers(c), "extractant dose", "vol %")) }
            } else {
                var columns: [(String, String)] = []
                if key == "extractant" {
                    columns = species.symbols.dropFirst(metals).map { ("y0_\($0)", "organic \($0)") }
                } else if let j = species.index(of: ionWords[key.lowercased()] ?? key) {
                    columns = [("c0_\(species.symbols[j])", "aqueous \(species.symbols[j])")]
                }
                for (name, label) in columns {
                    guard let c = table.column(name) else { continue }
                    let symbol = String(name.dropFirst(3))
                    let v = try table.quantities(c, dimension: .concentration, element: elements[symbol], elements: elements)
                    candidates.append((c, v.map { $0 / 1000 }, label, "mol/L"))
                }
            }
            guard !candidates.isEmpty, let (lo, hi) = bounds(in: rangeText), lo <= hi else { continue }
            for (column, values, label, unit) in candidates {
                let slack = 1e-9 * max(abs(lo), abs(hi))
                let outside = values.indices.filter { values[$0] < lo - slack || values[$0] > hi + slack }
                guard let first = outside.first else { continue }
                let vmin = outside.map { values[$0] }.min()!, vmax = outside.map { values[$0] }.max()!
                let u = unit.isEmpty ? "" : " \(unit)"
                let shown = vmin == vmax ? String(format: "%.4g", vmin) : String(format: "%.4g to %.4g", vmin, vmax)
                out.append(InputWarning(
                    location: "\(table.file):\(table.rowLines[first]) (column \(column.name), \(outside.count) of \(values.count) rows)",
                    message: "\(label) \(shown)\(u) is outside the valid range \(String(format: "%g", lo)) to \(String(format: "%g", hi))\(u) stated by \(source) (valid_range.\(key)); the fit extrapolates the model there"))
            }
        }
        return out
    }

    /// The first "a to b" (or "a – b", "a .. b") in a range text, as numbers.
    /// The "A to B" bounds of a valid_range entry (the one parser, `StageRangeCheck.range`).
    static func bounds(in text: Substring) -> (Double, Double)? { StageRangeCheck.range(in: text) }
}
