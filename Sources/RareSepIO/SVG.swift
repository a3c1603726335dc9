/// Text escaping and number printing shared by the SVG plots (Plot/) and the HTML report (Report/).
enum SVG {
    /// Text escaped for SVG/HTML content and attributes (& < > "). One pass; the text
    /// itself when nothing needs escaping.
    static func escape(_ t: String) -> String {
        var needs = false
        for b in t.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 { needs = true; break }
        guard needs else { return t }
        var out = ""
        out.reserveCapacity(t.utf8.count + 16)
        for ch in t.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A coordinate with one decimal ("12.3", "-0.5"), without Foundation's formatter.
    static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int((v * 10).rounded())
        let whole = abs(tenths) / 10, frac = abs(tenths) % 10
        return (tenths < 0 ? "-" : "") + String(whole) + "." + String(frac)
    }

    /// The document `svg` without its xmlns attribute, for inlining into HTML.
    static func inline(_ svg: String) -> String {
        let attr = " xmlns=\"http://www.w3.org/2000/svg\""
        guard let end = svg.firstIndex(of: ">"), let r = svg[..<end].range(of: attr) else { return svg }
        var s = svg
        s.removeSubrange(r)
        return s
    }
}
