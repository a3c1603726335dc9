import Foundation
import RareSepChemistry
import RareSepColumn
import RareSepCore

/// A column case file (`kind: column`) turned into a column problem, numerics,
/// output times and fraction cuts. Every quantity carries a unit. Layout:
///
///     kind: column
///     name: ...
///     components: [Gd, Tb, Dy, HCl]     # any symbols; elements allow mg/L
///     modifier: HCl                     # optional non-binding acid/complexant
///     column: {model: lrm | lrmp | grm, length, bed_porosity, particle_porosity,
///              superficial_velocity | (flow and diameter), axial_dispersion,
///              binding: ldf | kinetic, ldf_rate | desorption_rate,
///              film_transfer (lrmp, grm), particle_radius (lrmp, grm),
///              pore_diffusivity (grm)}
///     isotherm: {id: ..., parameters...} or {file: Models/isotherms/x.yaml}
///     initial: {HCl: 0.1 mol/L}          # column equilibrated with this liquid
///     programme: [{name, duration, inlet: {X: 1 mol/m3, Y: {from: .., to: ..}}}]
///     numerics: {cells, rtol, atol, weno_epsilon, max_step, particle_cells (grm)}
///     output: {count: 1801} | {step: 10 s} | {times: [..]}
///     fractions: [{name, from, to, product}]
public struct ColumnCase {
    public var path: String
    public var name: String
    public var problem: ColumnProblem
    public var numerics: ColumnNumerics
    public var outputTimes: [Double]
    public var fractions: [FractionSpec]
    /// Where the isotherm parameters came from.
    public var isothermSource: String
    /// Purity targets of `cuts: {auto: ...}` and the programme time range to cut in.
    public var cutTargets: [CutTarget] = []
    public var cutRange: ClosedRange<Double>?
    /// The column train of `carousel:` (docs/column-train.md), or nil for one column.
    public var train: ColumnTrainSpec?

    static let topKeys = ["kind", "name", "description", "components", "modifier", "column", "isotherm", "initial",
                          "programme", "numerics", "output", "fractions", "source", "notes", "illustrative", "carousel", "cuts"]

    public static func load(path: String, library: ModelLibrary) throws -> ColumnCase {
        try load(root: YAMLDocument.load(path: path), path: path, library: library)
    }

    public static func load(root: ConfigNode, path: String, library: ModelLibrary) throws -> ColumnCase {
        try root.checkKeys(topKeys)
        let kindNode = try root.require("kind")
        if try kindNode.string() != "column" { throw kindNode.error("'column' for a column case") }
        let name = try root.optional("name")?.string() ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let elements = library.elements

        // components and modifier
        let compNode = try root.require("components")
        var symbols: [String] = []
        for item in try compNode.items() {
            let s = try item.string()
            if symbols.contains(s) { throw item.error("each component listed once") }
            symbols.append(s)
        }
        if symbols.isEmpty { throw compNode.error("at least one component", value: "[]") }
        let components = SpeciesSet(symbols)
        let n = symbols.count
        var modifierIndex: Int?
        if let mNode = try root.optional("modifier") {
            let m = try mNode.string()
            guard let i = components.index(of: m) else {
                throw mNode.error("one of the components (\(symbols.joined(separator: ", "))); list the modifier under components too")
            }
            modifierIndex = i
        }
        func concentration(_ node: ConfigNode, _ j: Int) throws -> Double {
            try ColumnCaseRanges.check(try node.nonNegativeQuantity(.concentration, element: elements[symbols[j]], elements: elements),
                                       ColumnCaseRanges.concentration, what: "concentration", at: node)
        }
        func componentIndex(_ key: String, _ node: ConfigNode) throws -> Int {
            guard let j = components.index(of: key) else {
                let hint = nearestName(to: key, in: symbols).map { "; did you mean '\($0)'?" } ?? ""
                throw node.error("a component of this case (\(symbols.joined(separator: ", ")))\(hint)", value: key)
            }
            return j
        }

        // isotherm: inline {id: ..., parameters} or {file: Models/...} with keys model/parameters/source
        let isoNode = try root.require("isotherm")
        let isoContext = IsothermContext(components: components, modifierIndex: modifierIndex, elements: elements)
        let isotherm: any Isotherm
        var isoSource = "inline in \(path)"
        if let file = try isoNode.optional("file") {
            try isoNode.checkKeys(["file"])
            let resolved = library.resolve(try file.string(), relativeTo: path)
            let isoFile = try ModelFileLoader.readIsotherm(referencedBy: file, in: path, library: library)
            isotherm = try isoFile.registration.make(isoFile.parameters, isoContext)
            isoSource = resolved
        } else {
            isotherm = try IsothermRegistry.make(isoNode, context: isoContext)
        }
        return try finish(root: root, path: path, name: name, components: components, modifierIndex: modifierIndex,
                          isotherm: isotherm, isoSource: isoSource, concentration: concentration, componentIndex: componentIndex, n: n)
    }

    static func finish(root: ConfigNode, path: String, name: String, components: SpeciesSet, modifierIndex: Int?,
                       isotherm: any Isotherm, isoSource: String,
                       concentration: (ConfigNode, Int) throws -> Double,
                       componentIndex: (String, ConfigNode) throws -> Int, n: Int) throws -> ColumnCase {
        let symbols = components.symbols
        // column
        let c = try root.require("column")
        try c.checkKeys(["model", "length", "bed_porosity", "particle_porosity", "superficial_velocity", "flow", "diameter",
                         "axial_dispersion", "binding", "ldf_rate", "desorption_rate", "film_transfer", "particle_radius",
                         "pore_diffusivity", "notes", "source"])
        let modelNode = try c.require("model")
        guard let kind = ColumnModelKind(rawValue: try modelNode.string()) else {
            throw modelNode.error("a column model: lrm (lumped rate, LDF), lrmp (lumped rate with pores) or grm (general rate: film, radial pore diffusion in spherical beads)")
        }
        let lengthNode = try c.require("length")
        let length = try ColumnCaseRanges.check(try lengthNode.positiveQuantity(.length), ColumnCaseRanges.length,
                                                what: "column length", at: lengthNode)
        func porosity(_ key: String, allowZero: Bool) throws -> Double {
            let node = try c.require(key)
            let v = try node.quantity(.dimensionless)
            if !(v < 1 && (allowZero ? v >= 0 : v > 0)) { throw node.error(allowZero ? "a porosity in [0, 1)" : "a porosity in (0, 1)") }
            return v
        }
        let eps = try porosity("bed_porosity", allowZero: false)
        let epsP = try porosity("particle_porosity", allowZero: kind == .lrm)   // lrmp, grm: pores hold liquid
        var crossSection: Double?
        let us: Double
        if let v = try c.optional("superficial_velocity") {
            if try c.optional("flow") != nil { throw v.error("either superficial_velocity or flow with diameter, not both") }
            us = try ColumnCaseRanges.check(try v.positiveQuantity(.velocity), ColumnCaseRanges.velocity,
                                            what: "superficial velocity", at: v)
            if let d = try c.optional("diameter") { let dd = try d.positiveQuantity(.length); crossSection = Double.pi * dd * dd / 4 }
        } else {
            let flowNode = try c.optional("flow")
            let dNode = try c.optional("diameter")
            guard let flowNode, let dNode else {
                throw InputError(location: c.location, key: c.path, value: nil,
                                 expected: "missing required key 'superficial_velocity' (u_s = Q/A, empty-column basis) or both 'flow' and 'diameter'")
            }
            let q = try flowNode.positiveQuantity(.flow)
            let d = try dNode.positiveQuantity(.length)
            crossSection = Double.pi * d * d / 4
            us = try ColumnCaseRanges.check(q / crossSection!, ColumnCaseRanges.velocity,
                                            what: "flow per cross-section (superficial velocity)", at: flowNode)
        }
        let daxNode = try c.require("axial_dispersion")
        let dax = try ColumnCaseRanges.check(try daxNode.nonNegativeQuantity(.diffusivity), ColumnCaseRanges.axialDispersion,
                                             what: "axial dispersion coefficient", at: daxNode)
        func perComponent(_ node: ConfigNode, _ dim: RareSepCore.Dimension, positive: Bool,
                          range: (ColumnCaseRanges.Range, String), needed: (Int) -> Bool = isotherm.isBinding) throws -> [Double] {
            func value(_ node: ConfigNode) throws -> Double {
                let v = positive ? try node.positiveQuantity(dim) : try node.nonNegativeQuantity(dim)
                return try ColumnCaseRanges.check(v, range.0, what: range.1, at: node)
            }
            var out = [Double](repeating: 0, count: n)
            if node.scalarText != nil {
                let v = try value(node)
                for j in 0..<n { out[j] = v }
                return out
            }
            var seen = [Bool](repeating: false, count: n)
            for (k, child) in try node.entries() {
                let j = try componentIndex(k, child)
                out[j] = try value(child)
                seen[j] = true
            }
            for j in 0..<n where !seen[j] && needed(j) {
                throw InputError(location: node.location, key: node.path, value: nil,
                                 expected: "a value for \(isotherm.isBinding(j) ? "binding component" : "component with a bound amount") '\(symbols[j])'")
            }
            return out
        }
        var binding = BindingKinetics.ldf
        if let b = try c.optional("binding") {
            let text = try b.string()
            guard let v = BindingKinetics(rawValue: text == "langmuir-kinetic" ? "kinetic" : text) else {
                throw b.error("ldf (linear driving force to q*) or kinetic (the isotherm's kinetic form: kinetic Langmuir, MPM, SMA; also 'langmuir-kinetic')")
            }
            binding = v
        }
        let rateKey = binding == .ldf ? "ldf_rate" : "desorption_rate"
        let otherKey = binding == .ldf ? "desorption_rate" : "ldf_rate"
        if let other = try c.optional(otherKey) {
            throw other.error("'\(rateKey)' for binding \(binding.rawValue) ('\(otherKey)' belongs to the other binding form)")
        }
        if binding == .kinetic && !(isotherm is any KineticBinding) {
            throw try c.require("binding").error("an isotherm with a kinetic form (langmuir, langmuir-acid-power, langmuir-mpm, langmuir-dga-rising, steric-mass-action) for kinetic binding; '\(isotherm.id)' takes binding: ldf")
        }
        // LDF relaxes every bound amount (an SMA counter-ion's too) at its own rate
        let ldf = try perComponent(try c.require(rateKey), .rate, positive: true, range: (ColumnCaseRanges.rate, "rate constant"),
                                   needed: { isotherm.isBinding($0) || (binding == .ldf && isotherm.hasSolidState($0)) })
        var film: [Double] = []
        var radius = 0.0
        var poreDiffusivity: [Double] = []
        // a per-component quantity that every component needs (the modifier is transported through the bead too).
        func everyComponent(_ key: String, _ dim: RareSepCore.Dimension, _ what: String,
                            _ range: ColumnCaseRanges.Range) throws -> [Double] {
            let node = try c.require(key)
            let v = try perComponent(node, dim, positive: true, range: (range, what))
            for j in 0..<n where v[j] <= 0 {
                throw node.error("a positive \(what) for every component (the modifier too: '\(symbols[j])')")
            }
            return v
        }
        if kind != .lrm {
            film = try everyComponent("film_transfer", .velocity, "film coefficient k_f", ColumnCaseRanges.filmTransfer)
            let radiusNode = try c.require("particle_radius")
            radius = try ColumnCaseRanges.check(try radiusNode.positiveQuantity(.length), ColumnCaseRanges.particleRadius,
                                                what: "particle radius", at: radiusNode)
        } else {
            for key in ["film_transfer", "particle_radius"] where try c.optional(key) != nil {
                throw try c.require(key).error("no '\(key)' for model lrm (it is an LRMP/GRM parameter)")
            }
        }
        if kind == .grm {
            poreDiffusivity = try everyComponent("pore_diffusivity", .diffusivity, "pore diffusivity D_p", ColumnCaseRanges.poreDiffusivity)
        } else if let node = try c.optional("pore_diffusivity") {
            throw node.error("no 'pore_diffusivity' for model \(kind.rawValue) (radial pore diffusion is the GRM: model: grm)")
        }
        var col = ColumnParameters(kind: kind, length: length, bedPorosity: eps, particlePorosity: epsP,
                                   superficialVelocity: us, axialDispersion: dax, ldfRate: ldf, filmTransfer: film,
                                   particleRadius: radius, poreDiffusivity: poreDiffusivity, crossSection: crossSection)
        col.binding = binding

        // initial state
        var initial = [Double](repeating: 0, count: n)
        if let iNode = try root.optional("initial") {
            for (k, child) in try iNode.entries() { initial[try componentIndex(k, child)] = try concentration(child, try componentIndex(k, child)) }
        }

        // programme
        var sections: [OperatingSection] = []
        var t = 0.0
        let prog = try root.require("programme")
        var sectionNames = CascadeCaseChecks.UniqueNames("programme section")
        for item in try prog.items() {
            try item.checkKeys(["name", "duration", "inlet", "notes"])
            let sname = try item.require("name").string()
            try sectionNames.add(sname, at: try item.require("name"))
            let dur = try item.require("duration").positiveQuantity(.time)
            var a = [Double](repeating: 0, count: n), b = a
            if let inlet = try item.optional("inlet") {
                for (k, child) in try inlet.entries() {
                    let j = try componentIndex(k, child)
                    if child.scalarText != nil {
                        a[j] = try concentration(child, j); b[j] = a[j]
                    } else {
                        try child.checkKeys(["from", "to"])
                        a[j] = try concentration(try child.require("from"), j)
                        b[j] = try concentration(try child.require("to"), j)
                    }
                }
            }
            if !(t + dur).isFinite || t + dur > 1e12 {
                throw try item.require("duration").error("a duration keeping the whole programme within 1e12 s (about 30 000 years)")
            }
            sections.append(OperatingSection(name: sname, start: t, end: t + dur, inletStart: a, inletEnd: b))
            t += dur
        }
        if sections.isEmpty { throw prog.error("at least one section (load, wash, elute, ...)", value: "[]") }
        let problem = ColumnProblem(components: components, modifierIndex: modifierIndex, isotherm: isotherm, column: col,
                                    sections: sections, initialConcentration: initial)

        // numerics
        var numerics = ColumnNumerics(cells: 120, rtol: 3e-5, atol: 3e-7)
        if let nn = try root.optional("numerics") {
            try nn.checkKeys(["cells", "rtol", "atol", "weno_epsilon", "max_step", "particle_cells"])
            if let v = try nn.optional("cells") {
                numerics.cells = try v.int()
                if numerics.cells < 2 || numerics.cells > 100_000 { throw v.error("a number of cells between 2 and 100000") }
            }
            if let v = try nn.optional("rtol") {
                numerics.rtol = try v.double()
                if !(numerics.rtol > 1e-12 && numerics.rtol < 0.1) { throw v.error("a relative tolerance in (1e-12, 0.1)") }
            }
            if let v = try nn.optional("atol") { numerics.atol = try v.positiveQuantity(.concentration) }
            if let v = try nn.optional("weno_epsilon") {
                numerics.wenoRelativeEpsilon = try v.double()
                if !(numerics.wenoRelativeEpsilon > 0) { throw v.error("a positive relative WENO epsilon (e.g. 1e-2)") }
            }
            if let v = try nn.optional("max_step") { numerics.maxStep = try v.positiveQuantity(.time) }
            if let v = try nn.optional("particle_cells") {
                if kind != .grm { throw v.error("no 'particle_cells' for model \(kind.rawValue) (radial shells are a GRM setting)") }
                numerics.particleCells = try v.int()
                if numerics.particleCells < 1 || numerics.particleCells > 1000 { throw v.error("a number of radial shells between 1 and 1000") }
            }
        }

        try checkColumnMemory(root: root, kind: kind, components: n, numerics: numerics)

        // output times
        let total = t
        var times: [Double] = []
        if let o = try root.optional("output") {
            try o.checkKeys(["count", "step", "times"])
            if let v = try o.optional("count") {
                let k = try v.int()
                if k < 2 || k > 1_000_000 { throw v.error("an output count between 2 and 1000000") }
                times = (0..<k).map { total * Double($0) / Double(k - 1) }
                times[k - 1] = total
            } else if let v = try o.optional("step") {
                let s = try v.positiveQuantity(.time)
                let k = Int((total / s).rounded(.down))
                if k > 1_000_000 { throw v.error("a step giving at most 1000000 output times") }
                times = (0...k).map { Double($0) * s }
                if times.last! < total - 1e-9 * total { times.append(total) }
            } else if let v = try o.optional("times") {
                var last = -1.0
                for item in try v.items() {
                    let tt = try item.nonNegativeQuantity(.time)
                    if tt <= last || tt > total { throw item.error("increasing times within the programme (0 to \(total) s)") }
                    times.append(tt); last = tt
                }
            }
        }
        if times.isEmpty { times = (0...1000).map { total * Double($0) / 1000 } }
        // The run keeps the outlet and the cumulative outflow per output time and component.
        let outputBytes = Double(times.count) * (2 * 8 * Double(n) + 64)
        try ResourceLimits.checkWorkspace(bytes: outputBytes, what: "outlet record (\(times.count) output times × \(n) components)",
                                          node: try root.optional("output") ?? root)

        // fractions
        var fractions: [FractionSpec] = []
        if let fNode = try root.optional("fractions") {
            var fractionNames = CascadeCaseChecks.UniqueNames("fraction")
            for item in try fNode.items() {
                try item.checkKeys(["name", "from", "to", "product"])
                let fname = try item.require("name").string()
                try fractionNames.add(fname, at: try item.require("name"))
                let fromNode = try item.require("from"), toNode = try item.require("to")
                let a = try fromNode.nonNegativeQuantity(.time), b = try toNode.nonNegativeQuantity(.time)
                if !(b > a) || b > total * (1 + 1e-12) { throw toNode.error("a cut time after 'from' and within the programme (\(total) s)") }
                var product: Int?
                if let p = try item.optional("product") {
                    let j = try componentIndex(try p.string(), p)
                    if !isotherm.isBinding(j) { throw p.error("a binding component as product") }
                    product = j
                }
                fractions.append(FractionSpec(name: fname, from: a, to: b, product: product))
            }
        }
        var cc = ColumnCase(path: path, name: name, problem: problem, numerics: numerics, outputTimes: times,
                            fractions: fractions, isothermSource: isoSource)
        (cc.cutTargets, cc.cutRange) = try readCuts(root, problem: problem, componentIndex: componentIndex)
        cc.train = try readCarousel(root, problem: problem, fractions: fractions, cuts: cc.cutTargets, componentIndex: componentIndex)
        cc.train?.cutRange = cc.cutRange
        return cc
    }
}

extension ColumnCase {
    /// Refuse a grid whose solver workspace (axial cells × values per cell, banded
    /// Jacobian, its LU and the BDF history) would exceed the memory limit, before
    /// anything is allocated; the error names the cell setting and the memory it needs.
    static func checkColumnMemory(root: ConfigNode, kind: ColumnModelKind, components n: Int, numerics: ColumnNumerics) throws {
        let bytes = ColumnDiscretization.workspaceBytes(kind: kind, components: n, cells: numerics.cells,
                                                        particleCells: numerics.particleCells)
        let m = ColumnDiscretization.valuesPerCell(kind: kind, components: n, particleCells: numerics.particleCells)
        let shells = kind == .grm ? " × \(numerics.particleCells) particle shells" : ""
        let numericsNode = try root.optional("numerics")
        let node = try numericsNode?.optional("cells") ?? numericsNode?.optional("particle_cells") ?? numericsNode ?? root.require("components")
        try ResourceLimits.checkWorkspace(
            bytes: bytes, what: "column solver workspace (\(numerics.cells) cells\(shells), \(n) components, \(m) values per cell)",
            node: node)
    }
}
