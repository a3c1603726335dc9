import Foundation
import RareSepColumn
import RareSepCore

/// The `carousel:` block (a column train, docs/column-train.md) and the `cuts:` block
/// (fraction cuts chosen for purity targets) of a column case.
///
///     carousel:
///       columns: 3                    # identical columns in all
///       in_series: 2                  # loading in series (default columns − 1); the rest run the off-line programme
///       switch: {every: 10 min}       # or {breakthrough: {component: X, fraction: 0.1}, horizon: 24 h}
///       css_tolerance: 1e-4           # cyclic steady state: state and pool change between cycles below this
///       max_cycles: 60
///       record_step: 5 s              # interstage record and switch-time resolution
///     cuts:
///       auto: {Tb: 99 %, Dy: 0.95}    # purity targets; cut times chosen to maximise recovery
///       within: [elute]               # optional: sections to cut in (default the whole run, or the off-line programme)
extension ColumnCase {
    static let carouselKeys = ["columns", "in_series", "switch", "css_tolerance", "max_cycles", "record_step", "notes"]

    /// Purity targets and the time range of `cuts:`, checked against the programme.
    static func readCuts(_ root: ConfigNode, problem: ColumnProblem,
                         componentIndex: (String, ConfigNode) throws -> Int) throws -> (targets: [CutTarget], range: ClosedRange<Double>?) {
        guard let node = try root.optional("cuts") else { return ([], nil) }
        try node.checkKeys(["auto", "within", "notes"])
        var targets: [CutTarget] = []
        let autoNode = try node.require("auto")
        for (k, child) in try autoNode.entries() {
            let j = try componentIndex(k, child)
            if !problem.isotherm.isBinding(j) { throw child.error("a purity target for a binding component ('\(k)' does not bind)") }
            let v = try child.quantity(.dimensionless)
            if !(v > 0 && v <= 1) { throw child.error("a purity in (0, 1] (e.g. 0.99 or 99 %)") }
            targets.append(CutTarget(product: j, purity: v))
        }
        if targets.isEmpty { throw autoNode.error("at least one product with its purity target, e.g. {Tb: 99 %}", value: "{}") }
        var range: ClosedRange<Double>?
        if let w = try node.optional("within") {
            let names = w.scalarText != nil ? [w] : try w.items()
            var lo = Double.infinity, hi = -Double.infinity
            for item in names {
                let s = try item.string()
                guard let sec = problem.sections.first(where: { $0.name == s }) else {
                    throw item.error("a programme section (\(problem.sections.map(\.name).joined(separator: ", ")))", value: s)
                }
                lo = min(lo, sec.start); hi = max(hi, sec.end)
            }
            range = lo...hi
        }
        return (targets, range)
    }

    /// The train of `carousel:`, or nil without the block.
    static func readCarousel(_ root: ConfigNode, problem: ColumnProblem, fractions: [FractionSpec], cuts: [CutTarget],
                             componentIndex: (String, ConfigNode) throws -> Int) throws -> ColumnTrainSpec? {
        guard let node = try root.optional("carousel") else { return nil }
        try node.checkKeys(carouselKeys)
        let prog = try root.require("programme")
        let load = problem.sections[0]
        if problem.sections.count < 2 {
            throw prog.error("a load section followed by the off-line programme (wash, elute, ...) for a carousel", value: "\(problem.sections.count) section")
        }
        if load.inletStart != load.inletEnd {
            throw try prog.items()[0].error("a constant feed in the first (load) section of a carousel: its inlet is the train feed")
        }
        let colNode = try node.require("columns")
        let columns = try colNode.int()
        if columns < 2 || columns > 50 { throw colNode.error("2 to 50 columns") }
        var inSeries = columns - 1
        if let v = try node.optional("in_series") {
            inSeries = try v.int()
            if inSeries < 1 || inSeries >= columns { throw v.error("1 to \(columns - 1) columns in series (at least one column is off-line)") }
        }
        let sw = try node.require("switch")
        try sw.checkKeys(["every", "breakthrough", "horizon"])
        let switching: TrainSwitching
        var scale: Double
        if let every = try sw.optional("every") {
            if try sw.optional("breakthrough") != nil { throw every.error("either 'every' or 'breakthrough', not both") }
            let T = try every.positiveQuantity(.time)
            switching = .interval(T)
            scale = T
        } else {
            let b = try sw.require("breakthrough")
            try b.checkKeys(["component", "fraction"])
            let cNode = try b.require("component")
            let j = try componentIndex(try cNode.string(), cNode)
            if !(load.inletStart[j] > 0) { throw cNode.error("a component in the feed (the load section's inlet)") }
            let fNode = try b.require("fraction")
            let f = try fNode.quantity(.dimensionless)
            if !(f > 0 && f < 1) { throw fNode.error("a fraction of the feed concentration in (0, 1), e.g. 0.1 or 10 %") }
            let hNode = try sw.require("horizon")
            let h = try hNode.positiveQuantity(.time)
            switching = .breakthrough(component: j, fraction: f, horizon: h)
            scale = h
        }
        var spec = ColumnTrainSpec(columns: columns, inSeries: inSeries, switching: switching,
                                   recordStep: min(problem.column.bedVolumeTime / 10, scale / 200))
        if let v = try node.optional("css_tolerance") {
            spec.cssTolerance = try v.double()
            if !(spec.cssTolerance > 0 && spec.cssTolerance < 1) { throw v.error("a tolerance in (0, 1), e.g. 1e-4") }
            if let nn = try root.optional("numerics"), let rt = try nn.optional("rtol"), spec.cssTolerance < (try rt.double()) {
                throw v.error("a tolerance not below numerics.rtol (\(try rt.double())): the change between cycles cannot fall below the integration error (10 × rtol is a safe choice)")
            }
        }
        if let v = try node.optional("max_cycles") {
            spec.maxCycles = try v.int()
            if spec.maxCycles < 1 || spec.maxCycles > 10_000 { throw v.error("1 to 10000 cycles") }
        }
        if let v = try node.optional("record_step") {
            spec.recordStep = try v.positiveQuantity(.time)
        }
        if scale / spec.recordStep > 1_000_000 {
            throw (try node.optional("record_step") ?? sw).error("a record step giving at most 1e6 samples per interval (interval or horizon \(scale) s, step \(spec.recordStep) s)")
        }
        for f in fractions where f.from < load.end - 1e-9 * load.end {
            throw try root.require("fractions").error("pool windows within the off-line programme (after the load section, \(load.end) s) for a carousel: '\(f.name)' starts at \(f.from) s")
        }
        spec.pools = fractions
        spec.cutTargets = cuts
        return spec
    }
}
