import RareSepCore

/// The units RareSep writes into CSV files. Every CSV header names its unit as a suffix
/// (`_mol_per_m3`, `_m3_per_s`, `_mol_per_s`, `time_s`, ...), in SI by default;
/// `--units engineering` rewrites the columns of every CSV of the run into the units a
/// plant engineer reads: g/L, L/h, kg/h, min (t/yr and bed volumes are written as they are).
public enum CSVUnitSystem: String, Sendable, CaseIterable {
    /// mol/m³, m³/s, mol/s, s (as the solvers compute them).
    case si
    /// g/L (mol/L for species without a molar mass, e.g. extractants), L/h, kg/h (mol/h
    /// for species without a molar mass), min.
    case engineering
}

/// Rewrites an SI CSV text into engineering units, column by column, from the unit
/// suffix of each header. The species of a column is its header's prefix (`Dy_mol_per_L`)
/// or, in a long table, the row's `species` field; its molar mass comes from the element
/// table (Models/elements.yaml). A long-table column of concentrations or molar flows,
/// whose rows mix species with and without molar mass, becomes two columns: one in
/// mol/L (mol/h) for every row and one in g/L (kg/h), empty where the species has no
/// molar mass; a header never stands for two units.
public struct CSVUnitConverter: Sendable {
    /// Molar masses (kg/mol) by species symbol.
    let molarMass: [String: Double]

    /// A converter with the molar masses of `elements` (elements and ions).
    public init(elements: ElementTable) {
        var m: [String: Double] = [:]
        for (symbol, e) in elements.bySymbol where e.molarMass > 0 { m[symbol] = e.molarMass }
        molarMass = m
    }

    /// One output column: its header and how to compute its field from the input row.
    struct Column {
        var header: String
        /// Index of the source field in the SI row.
        var source: Int
        /// Multiplier of the SI value (times the species' molar mass in kg/mol when
        /// `timesMolarMass`; the field is left empty for a species without one).
        var factor: Double
        var timesMolarMass: Bool
        var speciesField: Int? = nil
        var fixedSpecies: String? = nil
    }

    /// Unit rules: SI suffix → (engineering suffix without molar mass, factor; with molar mass suffix, factor per kg/mol).
    static let rules: [(si: String, plain: (String, Double)?, mass: (String, Double)?)] = [
        ("_m3_per_s", ("_L_per_h", 3.6e6), nil),
        ("_mol_per_m3", ("_mol_per_L", 1e-3), ("_g_per_L", 1)),          // mol/m³ · kg/mol = kg/m³ = g/L
        ("_mol_per_L", nil, ("_g_per_L", 1000)),                         // mol/L · kg/mol · 1000 g/kg = g/L
        ("_mol_per_s", ("_mol_per_h", 3600), ("_kg_per_h", 3600)),       // mol/s · kg/mol · 3600 s/h = kg/h
        ("_mol_per_h", nil, ("_kg_per_h", 1)),
    ]

    /// Split one CSV record into fields (RFC 4180 quotes).
    public static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], cur = "", quoted = false, i = line.startIndex
        while i < line.endIndex {
            let ch = line[i]
            if quoted {
                if ch == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex && line[next] == "\"" { cur.append("\""); i = next } else { quoted = false }
                } else { cur.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," { out.append(cur); cur = "" }
            else { cur.append(ch) }
            i = line.index(after: i)
        }
        out.append(cur)
        return out
    }

    /// The output columns for an SI header.
    func plan(_ header: [String]) -> [Column] {
        let speciesField = header.firstIndex(of: "species")
        var cols: [Column] = []
        for (k, h) in header.enumerated() {
            if h == "time_s" || h.hasSuffix("_time_s") {
                cols.append(Column(header: String(h.dropLast(2)) + "_min", source: k, factor: 1.0 / 60, timesMolarMass: false))
                continue
            }
            guard let rule = Self.rules.first(where: { h.hasSuffix($0.si) }) else {
                cols.append(Column(header: h, source: k, factor: 1, timesMolarMass: false)); continue
            }
            let stem = String(h.dropLast(rule.si.count))
            if molarMass[stem] != nil, let m = rule.mass {
                // a column of one species with a molar mass (its symbol is the stem)
                cols.append(Column(header: stem + m.0, source: k, factor: m.1, timesMolarMass: true, fixedSpecies: stem))
            } else if molarMass[stem] == nil, let sf = speciesField, let m = rule.mass {
                // a long table (species per row): one unit per header, so mol and mass columns side by side
                if let p = rule.plain { cols.append(Column(header: stem + p.0, source: k, factor: p.1, timesMolarMass: false)) }
                else { cols.append(Column(header: h, source: k, factor: 1, timesMolarMass: false)) }
                let massStem = stem.replacingOccurrences(of: "molar_flow", with: "mass_flow")
                cols.append(Column(header: massStem + m.0, source: k, factor: m.1, timesMolarMass: true, speciesField: sf))
            } else if let p = rule.plain {
                cols.append(Column(header: stem + p.0, source: k, factor: p.1, timesMolarMass: false))
            } else {
                cols.append(Column(header: h, source: k, factor: 1, timesMolarMass: false))
            }
        }
        return cols
    }

    func value(_ field: String, _ c: Column, _ row: [String]) -> String {
        if c.factor == 1 && !c.timesMolarMass { return CSVTable.quoted(field) }
        guard let v = Double(field) else { return CSVTable.quoted(field) }   // empty or text stays as it is
        var f = c.factor
        if c.timesMolarMass {
            let species = c.fixedSpecies ?? c.speciesField.flatMap { $0 < row.count ? row[$0] : nil }
            guard let s = species, let m = molarMass[s] else { return "" }
            f *= m
        }
        return "\(v * f)"
    }

    /// The CSV `text` (SI, header first) in engineering units.
    public func convert(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, !first.isEmpty else { return text }
        let cols = plan(Self.fields(first))
        var out = cols.map { CSVTable.quoted($0.header) }.joined(separator: ",") + "\n"
        if lines.last == "" { lines.removeLast() }
        for line in lines.dropFirst() {
            let row = Self.fields(line)
            out += cols.map { $0.source < row.count ? value(row[$0.source], $0, row) : "" }.joined(separator: ",") + "\n"
        }
        return out
    }
}
