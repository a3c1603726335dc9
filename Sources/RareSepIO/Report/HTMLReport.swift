import Foundation

/// A self-contained HTML page (`report.html` of a run): styles inline, plots inline as
/// SVG, no script, no external resource of any kind. Built section by section.
struct HTMLReport {
    /// Largest input file shown in full; longer files are cut with a note.
    static let maxShownBytes = 200_000

    private var title: String
    private var sections: [(id: String, title: String)] = []
    private var body = ""

    init(title: String, kind: String, status: String, ok: Bool) {
        self.title = title
        let stamp = Self.utcStamp()
        body += "<header><h1>\(Self.e(title))</h1><p class=\"meta\">\(Self.e(kind)) run · <span class=\"status \(ok ? "ok" : "bad")\">\(Self.e(status))</span> · written \(stamp) by RareSep</p></header>\n"
    }

    /// The current time as "2026-12-06 00:51 UTC" (without a date formatter: cheap).
    static func utcStamp() -> String {
        var t = time(nil), tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday)) \(two(tm.tm_hour)):\(two(tm.tm_min)) UTC"
    }

    /// HTML-escaped text.
    static func e(_ t: String) -> String { SVG.escape(t) }

    /// A number for a table cell: 4 significant digits, "—" when not finite or nil.
    static func num(_ v: Double?, _ format: String = "%.4g") -> String {
        guard let v, v.isFinite else { return "—" }
        return String(format: format, abs(v) < 1e-300 ? 0 : v)
    }

    /// Start a section with a heading (listed in the contents).
    mutating func section(_ title: String) {
        let id = "s\(sections.count + 1)"
        sections.append((id, title))
        body += "<h2 id=\"\(id)\">\(Self.e(title))</h2>\n"
    }

    /// A smaller heading inside a section.
    mutating func subheading(_ text: String) { body += "<h3>\(Self.e(text))</h3>\n" }

    mutating func paragraph(_ text: String) { body += "<p>\(Self.e(text))</p>\n" }

    /// A table; headers carry their units, cells are text.
    mutating func table(_ headers: [String], _ rows: [[String]], caption: String? = nil) {
        // numbers right-aligned, text left-aligned; a wide table scrolls inside its box
        body += "<div class=\"wide\"><table>" + (caption.map { "<caption>\(Self.e($0))</caption>" } ?? "") + "<thead><tr>"
        body += headers.map { "<th>\(Self.e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for r in rows {
            body += "<tr>" + r.map { Double($0) != nil || $0 == "—" ? "<td class=\"n\">\(Self.e($0))</td>" : "<td>\(Self.e($0))</td>" }.joined() + "</tr>\n"
        }
        body += "</tbody></table></div>\n"
    }

    /// A two-column table of names and values.
    mutating func facts(_ rows: [(String, String)]) {
        body += "<table class=\"facts\"><tbody>\n"
        for (k, v) in rows { body += "<tr><th>\(Self.e(k))</th><td>\(Self.e(v))</td></tr>\n" }
        body += "</tbody></table>\n"
    }

    /// A plot inline (its SVG as written to the plot file) with a caption naming the file.
    mutating func plot(_ svg: String, file: String, caption: String) {
        let inline = SVG.inline(svg)
        body += "<figure>\(inline)<figcaption>\(Self.e(caption)) — also written as <a href=\"\(Self.e(file))\">\(Self.e(file))</a></figcaption></figure>\n"
    }

    /// Preformatted text (the console report, a file).
    mutating func pre(_ text: String) { body += "<pre>\(Self.e(text))</pre>\n" }

    /// The warnings of a run, or a line saying there were none.
    mutating func warnings(_ list: [String]) {
        section("Warnings")
        if list.isEmpty { body += "<p class=\"none\">No warnings.</p>\n"; return }
        body += "<ul class=\"warnings\">" + list.map { "<li>\(Self.e($0))</li>" }.joined() + "</ul>\n"
    }

    /// The run's input files: the case file first, then the model and data files it
    /// read, each in full (up to `maxShownBytes`) with the source lines it states.
    mutating func inputs(casePath: String, others: [String]) {
        section("Inputs")
        let caseReal = InputFileCheck.realPath(casePath)
        var seen: Set<String> = [caseReal]
        var files = [casePath]
        for f in others where seen.insert(InputFileCheck.realPath(f)).inserted { files.append(f) }
        for (k, f) in files.enumerated() {
            let text = Self.read(f)
            let sources = Self.sourceLines(text)
            body += "<details\(k == 0 ? " open" : "")><summary>\(k == 0 ? "case file" : "file read"): <code>\(Self.e(f))</code>"
            if !sources.isEmpty { body += " — " + Self.e(sources.joined(separator: "; ")) }
            body += "</summary><pre>\(Self.e(text))</pre></details>\n"
        }
    }

    /// The text of `path`, cut at `maxShownBytes`; a note when it cannot be read.
    static func read(_ path: String) -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { return "(cannot be read now)" }
        defer { try? h.close() }
        let data = h.readData(ofLength: maxShownBytes + 1)
        var text = String(decoding: data.prefix(maxShownBytes), as: UTF8.self)
        if data.count > maxShownBytes { text += "\n… (cut at \(maxShownBytes) bytes; the whole file is \(path))" }
        return text
    }

    /// Lines of a model or data file that state where it comes from (`source:`,
    /// `reference:`, `citation:`, `doi:` keys or a leading comment of a CSV).
    static func sourceLines(_ text: String) -> [String] {
        // A YAML model file: its parsed `source` (folded scalars read whole, not as ">-").
        if let doc = try? YAMLDocument.parse(text, file: "(report)"), case .mapping = doc.kind,
           let source = try? doc.optional("source")?.string() {
            return ["source: " + String(source.prefix(600))]
        }
        var out: [String] = []
        let keys = ["source:", "reference:", "citation:", "doi:", "Source:", "Reference:", "Citation:", "DOI:"]
        var n = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            n += 1
            if n > 400 || out.count >= 4 { break }
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first, "srcdSRCD".contains(first) else { continue }
            if keys.contains(where: { line.hasPrefix($0) }) { out.append(String(line.prefix(300))) }
        }
        return out
    }

    /// The whole page.
    func html() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<title>\(Self.e(title)) — RareSep report</title>\n<style>\n\(Self.css)</style></head><body>\n"
        s += "<nav>" + sections.map { "<a href=\"#\($0.id)\">\(Self.e($0.title))</a>" }.joined(separator: " · ") + "</nav>\n"
        return s + body + "</body></html>\n"
    }

    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1000px;padding:0 1em;color:#222;line-height:1.4}
    h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em}
    .meta{color:#666;margin-top:0}.status.ok{color:#1a7f37;font-weight:bold}.status.bad{color:#b42318;font-weight:bold}
    nav{position:sticky;top:0;background:#fafafa;border:1px solid #e4e4e4;padding:.4em .6em;font-size:.9em;z-index:1}
    nav a{color:#1f4e79;text-decoration:none}
    div.wide{overflow-x:auto}table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left}
    th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}table.facts th{font-weight:normal;color:#444}
    table.facts td{text-align:left}caption{text-align:left;font-weight:bold;padding:.2em 0}
    figure{margin:1em 0;overflow-x:auto}figure svg{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#555;font-size:.9em}
    pre{background:#f7f7f7;border:1px solid #e4e4e4;padding:.6em;overflow-x:auto;font-size:.82em}
    details{margin:.4em 0}summary{cursor:pointer}ul.warnings li{color:#8a4b00}.none{color:#666}
    """
}
