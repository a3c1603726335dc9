/// Text escaping shared by the SVG plots (Plot/) and the HTML report (Report/).
enum SVG {
    /// Text escaped for SVG content and attributes.
    static func escape(_ t: String) -> String {
        t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
