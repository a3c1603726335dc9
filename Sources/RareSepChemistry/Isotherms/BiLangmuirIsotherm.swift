import RareSepCore

/// Competitive bi-Langmuir isotherm: two independent kinds of site, each a
/// competitive Langmuir, q*_i = Σ_{k=1,2} q_max,i,k·K_i,k·c_i/(1 + Σ_j K_j,k·c_j)
/// (Guiochon et al., Fundamentals of Preparative and Nonlinear Chromatography,
/// 2006, ch. 3; CADET's "Multi Component Bi-Langmuir" equilibrium). No modifier
/// dependence. Keys: `K_1`, `q_max_1`, `K_2`, `q_max_2` (m³/mol and mol/m³ solid,
/// per component or one value); a component with both K = 0 does not bind.
/// Column binding is LDF towards q* (one solid state per component).
public struct BiLangmuirIsotherm: Isotherm {
    public let id = "bi-langmuir"
    /// Site 1 and site 2 as competitive Langmuir isotherms.
    public let site1: LangmuirIsotherm, site2: LangmuirIsotherm
    public var componentCount: Int { site1.componentCount }

    public init(site1: LangmuirIsotherm, site2: LangmuirIsotherm) {
        self.site1 = site1
        self.site2 = site2
    }

    public func isBinding(_ i: Int) -> Bool { site1.isBinding(i) || site2.isBinding(i) }

    public func equilibrium(c: UnsafePointer<Double>, modifier s: Double,
                            qStar: UnsafeMutablePointer<Double>,
                            dQdC: UnsafeMutablePointer<Double>?, dQdS: UnsafeMutablePointer<Double>?) {
        let n = componentCount
        site1.equilibrium(c: c, modifier: s, qStar: qStar, dQdC: dQdC, dQdS: nil)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n + (dQdC == nil ? 0 : n * n)) { buf in
            let q2 = buf.baseAddress!
            let d2: UnsafeMutablePointer<Double>? = dQdC == nil ? nil : q2 + n
            d2?.update(repeating: 0, count: n * n)
            site2.equilibrium(c: c, modifier: s, qStar: q2, dQdC: d2, dQdS: nil)
            for i in 0..<n { qStar[i] += q2[i] }
            if let dQdC, let d2 { for e in 0..<(n * n) { dQdC[e] += d2[e] } }
        }
    }

    public static let registration = IsothermRegistration(
        id: "bi-langmuir",
        summary: "competitive bi-Langmuir, two site kinds: q*_i = sum_k q_max,i,k K_i,k c_i/(1 + sum_j K_j,k c_j) (keys: K_1, q_max_1, K_2, q_max_2)",
        make: { node, context in
            try node.checkKeys(["id", "K_1", "q_max_1", "K_2", "q_max_2", "source", "description", "file"])
            func site(_ s: String) throws -> LangmuirIsotherm {
                let k = try perComponentQuantities(try node.require("K_\(s)"), context: context, dimension: .inverseConcentration, defaultValue: nil)
                let qm = try perComponentQuantities(try node.require("q_max_\(s)"), context: context, dimension: .concentration, defaultValue: nil,
                                                    validate: { $0 > 0 }, expected: capacityRange)
                return LangmuirIsotherm(affinity: k, capacity: qm)
            }
            return BiLangmuirIsotherm(site1: try site("1"), site2: try site("2"))
        })
}
