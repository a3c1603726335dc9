import RareSepCore

/// The components a column carries, in solver order, and which one (if any) is the
/// modifier (acid or complexant) whose liquid concentration s sets the affinities.
/// The modifier is itself a transported, non-binding component.
public struct IsothermContext: Sendable {
    /// Component symbols in solver order (metals and the modifier).
    public var components: SpeciesSet
    /// Index of the modifier component in `components`, or nil when there is none.
    public var modifierIndex: Int?
    /// Element data, to read mass concentrations (mg/L) when a symbol is an element.
    public var elements: ElementTable?

    public init(components: SpeciesSet, modifierIndex: Int?, elements: ElementTable? = nil) {
        self.components = components
        self.modifierIndex = modifierIndex
        self.elements = elements
    }
}

/// A sorption isotherm: the solid-phase loading in equilibrium with the liquid,
/// q*_i(c, s) in mol per m³ of solid skeleton, for liquid concentrations c (mol/m³,
/// one per component in `IsothermContext` order) and modifier concentration s
/// (mol/m³; the column passes the liquid concentration of the modifier component,
/// or 0 when there is none).
///
/// Evaluations allocate nothing and hold no state: the caller passes pointers to
/// preallocated buffers. Non-binding components (the modifier, inert tracers) have
/// q*_i ≡ 0 and `isBinding(i) == false`; the exception is an ion-exchange counter-ion
/// (steric mass action), not binding in that sense but with a bound amount
/// q*_0 = Λ − Σ ν_j q*_j (`hasSolidState`).
public protocol Isotherm: Sendable {
    /// Registry id, e.g. "langmuir".
    var id: String { get }
    /// Number of components n the isotherm was bound to.
    var componentCount: Int { get }
    /// Whether component i adsorbs (false for the modifier and inert species).
    func isBinding(_ i: Int) -> Bool
    /// Evaluate q*(c, s). `dQdC`, when non-nil, is n×n row-major (row i = ∂q*_i/∂c_j,
    /// in (mol/m³ solid)/(mol/m³ liquid)); `dQdS`, when non-nil, has n entries
    /// ∂q*_i/∂s. The caller zeroes both; the isotherm writes its nonzeros.
    /// The dependence on s is reported only through `dQdS` (not through the
    /// modifier's column of `dQdC`); a column model adds it where s is a component.
    func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                     qStar: UnsafeMutablePointer<Double>,
                     dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?)
    /// Whether component i has a bound amount the column carries as a state: the
    /// binding components, and for ion exchange also the counter-ion (its bound
    /// amount is the ionic capacity not taken by the others). Default `isBinding(i)`.
    func hasSolidState(_ i: Int) -> Bool
}

extension Isotherm {
    public func hasSolidState(_ i: Int) -> Bool { isBinding(i) }

    /// q*(c, s) as an array, for reports and tests (allocates; not for hot loops).
    public func loading(c: [Double], modifier s: Double = 0) -> [Double] {
        var q = [Double](repeating: 0, count: componentCount)
        c.withUnsafeBufferPointer { cp in
            q.withUnsafeMutableBufferPointer { qp in
                equilibrium(c: cp.baseAddress!, modifier: s, qStar: qp.baseAddress!, dQdC: nil, dQdS: nil)
            }
        }
        return q
    }
}

/// One registry entry for an isotherm: id, summary and the factory that binds
/// parameters (a mapping node) to a column's components.
public struct IsothermRegistration: Sendable {
    public var id: String
    public var summary: String
    public var make: @Sendable (ConfigNode, IsothermContext) throws -> any Isotherm

    public init(id: String, summary: String, make: @escaping @Sendable (ConfigNode, IsothermContext) throws -> any Isotherm) {
        self.id = id
        self.summary = summary
        self.make = make
    }
}

/// Every isotherm RareSep knows: adding one is one file plus one line here.
public enum IsothermRegistry {
    public static let all: [IsothermRegistration] = [
        LinearIsotherm.registration,
        LangmuirIsotherm.registration,
        AcidPowerLangmuirIsotherm.registration,
        AcidPowerLangmuirIsotherm.modulatorRegistration,
        RisingModifierLangmuirIsotherm.registration,
        BiLangmuirIsotherm.registration,
        FreundlichIsotherm.registration,
        StericMassActionIsotherm.registration,
    ]

    /// Registration by id; throws an InputError at `node` suggesting the nearest id.
    public static func registration(_ id: String, at node: ConfigNode) throws -> IsothermRegistration {
        if let r = all.first(where: { $0.id == id }) { return r }
        let ids = all.map(\.id)
        let hint = nearestName(to: id, in: ids).map { "; did you mean '\($0)'?" } ?? ""
        throw node.error("a registered isotherm id, one of \(ids.joined(separator: ", "))\(hint)", value: id)
    }

    /// Build the isotherm a mapping node describes (key `id` selects the registration).
    public static func make(_ node: ConfigNode, context: IsothermContext) throws -> any Isotherm {
        let idNode = try node.require("id")
        return try registration(try idNode.string(), at: idNode).make(node, context)
    }
}

/// Read a per-component table of quantities `{Dy: 0.5 m3/mol, Tb: ...}` (or one
/// quantity for all components) in component order; components not listed take
/// `defaultValue` (the modifier always gets `defaultValue`, normally 0). `alsoSkip`
/// is one more component treated like the modifier (an ion-exchange counter-ion).
func perComponentQuantities(_ node: ConfigNode, context: IsothermContext, dimension: Dimension,
                            defaultValue: Double?, skipModifier: Bool = true, alsoSkip: Int? = nil,
                            validate: (Double) -> Bool = { $0 >= 0 }, expected: String = "a non-negative value (allowed range ≥ 0)") throws -> [Double] {
    let n = context.components.count
    func skipped(_ i: Int) -> Bool { (skipModifier && i == context.modifierIndex) || i == alsoSkip }
    var values = [Double?](repeating: nil, count: n)
    if node.scalarText != nil {
        let v = try node.quantity(dimension)
        if !validate(v) { throw node.error(expected) }
        for i in 0..<n where !skipped(i) { values[i] = v }
    } else {
        for (key, child) in try node.entries() {
            guard let i = context.components.index(of: key) else {
                let hint = nearestName(to: key, in: context.components.symbols).map { "; did you mean '\($0)'?" } ?? ""
                throw InputError(location: child.location, key: child.path, value: key,
                                 expected: "a component of this column (\(context.components.symbols.joined(separator: ", ")))\(hint)")
            }
            if skipped(i) {
                throw child.error(i == alsoSkip ? "no value for the counter-ion '\(key)' (its bound amount follows from the others)"
                                                : "no value for the modifier component '\(key)' (it does not bind)")
            }
            let v = try child.quantity(dimension, element: context.elements?[key], elements: context.elements)
            if !validate(v) { throw child.error(expected) }
            values[i] = v
        }
    }
    var out = [Double](repeating: 0, count: n)
    for i in 0..<n {
        if let v = values[i] { out[i] = v; continue }
        if skipped(i) { continue }
        guard let d = defaultValue else {
            throw InputError(location: node.location, key: node.path, value: nil,
                             expected: "a value for component '\(context.components.symbols[i])' (every binding component needs one)")
        }
        out[i] = d
    }
    return out
}

/// What a Langmuir capacity must be: a binding site density, so strictly positive
/// (a component that does not bind gets K = 0, not q_max = 0).
let capacityRange = "a positive capacity q_max (mol per m3 of solid, allowed range > 0, e.g. 50 mol/m3); a component that does not bind takes K = 0"

/// What an affinity exponent β must be: it enters as a power of the modifier
/// concentration ratio, so beyond ±20 it overflows for ordinary acid ranges.
let exponentRange = "an exponent beta in the allowed range 0 to 20 (about 3 for a trivalent ion)"
