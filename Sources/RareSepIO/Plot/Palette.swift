/// Colours of plotted series. Elements keep one colour in every plot of a run (and of
/// every run): the colour is looked up by element symbol. Other series (doses, fit
/// groups) take colours in order from `series`.
enum Palette {
    /// Colours by element symbol: the rare earths, then species that often ride along.
    static let elements: [String: String] = [
        "La": "#1f77b4", "Ce": "#ff7f0e", "Pr": "#2ca02c", "Nd": "#d62728", "Pm": "#7f7f7f",
        "Sm": "#9467bd", "Eu": "#8c564b", "Gd": "#e377c2", "Tb": "#17becf", "Dy": "#bcbd22",
        "Ho": "#393b79", "Er": "#ad494a", "Tm": "#637939", "Yb": "#843c39", "Lu": "#7b4173",
        "Y": "#3182bd", "Sc": "#e6550d", "H": "#555555", "Fe": "#8c6d31", "Al": "#6b6ecf",
        "Th": "#636363", "U": "#31a354", "Ca": "#bd9e39", "Na": "#9c9ede", "Cl": "#969696",
    ]

    /// Colours in series order for series that are not elements.
    static let series = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
                         "#bcbd22", "#393b79", "#ad494a", "#637939"]

    /// The colour of element (or species) `symbol`; a species outside the table gets a
    /// stable colour from its name (the same in every plot and run).
    static func color(for symbol: String) -> String {
        if let c = elements[symbol] { return c }
        // Leading element symbol of a species name ("NdCl3", "Dy3+") keeps the element's colour.
        let chars = Array(symbol)
        for len in [2, 1] where chars.count > len {
            // the symbol ends where the next letter is not lowercase ("Nd" in "NdCl3", "H" in "HNO3")
            if chars[len].isLowercase { continue }
            if let c = elements[String(chars[0..<len])] { return c }
        }
        var h: UInt32 = 2166136261
        for b in symbol.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
        return series[Int(h % UInt32(series.count))]
    }

    /// Colours for the species of a case, in its order: elements (and species named
    /// after one) their own colour; the others (components "A", "B", a modifier) the
    /// series colours no element of the list uses, in turn. The same list gives the same
    /// colours in every plot of a run.
    static func colors(for symbols: [String]) -> [String] {
        let own = symbols.map { s -> String? in
            if let c = elements[s] { return c }
            let c = color(for: s)
            return elements.values.contains(c) ? c : nil
        }
        var free = series.filter { c in !own.contains { $0 == c } }
        if free.isEmpty { free = series }
        var k = 0
        return own.map { c in
            if let c { return c }
            defer { k += 1 }
            return free[k % free.count]
        }
    }

    /// The colour of the `index`-th series that is not an element.
    static func color(index: Int) -> String { series[index % series.count] }
}
