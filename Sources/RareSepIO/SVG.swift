/// Small helpers shared by the SVG plots RareSep writes (column outlets, fits,
/// cascade profiles). Dependency-free.
enum SVG {
    /// Line colours, in series order.
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    /// Text escaped for SVG content and attributes.
    static func escape(_ t: String) -> String {
        t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
