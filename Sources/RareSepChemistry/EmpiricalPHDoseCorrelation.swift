import Foundation
import RareSepCore

/// Empirical distribution ratios log-linear in pH with an extractant-dose term
/// (physics.md §1.3; the University of Kentucky D2EHPA+TBP form as coded in PrOMMiS):
///
///     log10 D_i = (m0_i + m1_i·dose)·pH + B0_i + B1_i·log10(dose),
///     dose = 100·c_free·M_ext/ρ_ext  (volume percent of free extractant; c_free in mol/L,
///                                   M_ext in g/mol, ρ_ext in g/L),
///
/// where c_free = y_ext − Σ s_i·y_i is the free extractant in the stage (monomer units,
/// mol/m³ in the state, taken in mol/L above; s_i = extractant units taken per metal, default its charge, so 3 per
/// trivalent metal), M_ext its molar mass and ρ_ext its density, and pH = −log10[H⁺]
/// from the aqueous speciation. Metals without a correlation carry a constant D
/// (impurities such as Sc, Al, Ca, Fe). Species roles and the proton site balance are
/// those of `AcidicExtractantLayout`; an optional `saponification_exchange` block makes the
/// saponification cation partition by mass action on the free extractant (dimer = c_free/2).
public struct EmpiricalPHDoseCorrelation: EquilibriumModel {
    public let id = "empirical-ph-dose"
    /// Species bookkeeping (indices, ν_i, s_i, aqueous constants).
    public let layout: AcidicExtractantLayout
    /// Correlation coefficients per metal (m0, m1, B0, B1), or nil for a constant-D metal.
    public let coefficients: [(m0: Double, m1: Double, b0: Double, b1: Double)?]
    /// Constant distribution ratio per metal (used where `coefficients` is nil), dimensionless.
    public let constantD: [Double]
    /// Dose per unit free extractant, 100·1e-3·M_ext/ρ_ext (M in g/mol, ρ in g/L), vol % per (mol/m³).
    public let dosePerConcentration: Double
    public var speciesCount: Int { layout.speciesCount }

    /// `molarMass` M_ext in g/mol, `density` ρ_ext in g/L.
    public init(layout: AcidicExtractantLayout, coefficients: [(m0: Double, m1: Double, b0: Double, b1: Double)?],
                constantD: [Double], molarMass: Double, density: Double) {
        self.layout = layout
        self.coefficients = coefficients
        self.constantD = constantD
        // molar mass in g/mol, density in g/L (= kg/m³): c·M/ρ with c in mol/m³ is 1e-3·volume fraction
        self.dosePerConcentration = 100 * 1e-3 * molarMass / density
    }

    public func role(_ j: Int) -> SpeciesRole { layout.role(j) }

    /// Extractant dose (vol %) of free extractant at organic state y, with the floor.
    public func dose(y: UnsafePointer<Double>) -> Double {
        dosePerConcentration * smoothPositiveFloor(layout.rawFreeExtractant(y)).value
    }

    public func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>,
                                   yStar: UnsafeMutablePointer<Double>,
                                   dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        let n = layout.speciesCount
        let m = layout.metalCount
        for j in m..<n { yStar[j] = 0 }
        let proton = layout.protons(x)
        let h = proton.freeProton
        let pH = -log10(h)
        // ∂pH/∂x_H and ∂pH/∂x_SO4 (x in mol/m³, h in mol/L)
        let dPHdH = -1e-3 * proton.dFreeProtonDTotalAcid / (h * M_LN10)
        let dPHdS = -1e-3 * proton.dFreeProtonDTotalSulfate / (h * M_LN10)
        let floor = smoothPositiveFloor(layout.rawFreeExtractant(y))
        let dose = dosePerConcentration * floor.value
        let dDoseDRaw = dosePerConcentration * floor.derivative
        let log10Dose = log10(dose)
        for i in 0..<m {
            guard let c = coefficients[i] else {
                yStar[i] = constantD[i] * x[i]
                dYdX?[i * n + i] = constantD[i]
                continue
            }
            let slope = c.m0 + c.m1 * dose
            let d = pow(10, slope * pH + c.b0 + c.b1 * log10Dose)
            let ys = d * x[i]
            yStar[i] = ys
            if let dYdX {
                let row = i * n
                dYdX[row + i] = d
                dYdX[row + layout.protonIndex] = M_LN10 * ys * slope * dPHdH
                if let s = layout.sulfateIndex { dYdX[row + s] = M_LN10 * ys * slope * dPHdS }
            }
            if let dYdY {
                // ∂log10 D/∂dose = m1·pH + B1/(dose·ln 10)
                let g = M_LN10 * ys * (c.m1 * pH + c.b1 / (dose * M_LN10)) * dDoseDRaw
                layout.writeFreeExtractantGradient(row: i * n, g: g, dYdY: dYdY)
            }
        }
        layout.writeSaponificationCation(x: x, proton: proton, floor: floor, yStar: yStar, dYdX: dYdX, dYdY: dYdY)
        layout.writeProtonSiteBalance(y: y, yStar: yStar, dYdY: dYdY)
    }

    /// pH and the free-extractant dose (vol %) of a stage.
    public func stageDiagnostics(x: [Double], y: [Double]) -> [(name: String, value: Double)] {
        let pH = x.withUnsafeBufferPointer { layout.protons($0.baseAddress!).pH }
        let d = y.withUnsafeBufferPointer { dose(y: $0.baseAddress!) }
        return [("pH", pH), ("extractant_dose_vol_percent", d)]
    }

    /// Parameter keys of this model.
    public static let parameterKeys = ["extractant", "extractant_name", "extractant_molar_mass", "extractant_density",
                                       "anions", "saponification_cation", "saponification_exchange", "correlation", "constant_D",
                                       "protons_released", "extractant_bound", "aqueous"]

    public static let registration = ModelRegistration(
        id: "empirical-ph-dose",
        summary: "log10 D = (m0 + m1*dose)*pH + B0 + B1*log10(dose), dose = vol % of free extractant per stage; constant D for impurities (keys: extractant, extractant_molar_mass, extractant_density, anions, saponification_cation, saponification_exchange, correlation, constant_D, aqueous)",
        requiredSpecies: { node in try AcidicExtractantLayout.requiredSpecies(node) },
        make: { node, context in
            let p = try modelParameterNode(node, allowed: parameterKeys)
            let layout = try AcidicExtractantLayout.bind(p, context: context, boundKey: "extractant_bound", unitsPerBound: 1)
            let massNode = try p.require("extractant_molar_mass")
            let molarMass = try massNode.double()
            if !(molarMass > 0) { throw massNode.error("a positive molar mass in g/mol") }
            let densityNode = try p.require("extractant_density")
            let density = try densityNode.double()
            if !(density > 0) { throw densityNode.error("a positive density in g/L") }
            var coefficients = [(m0: Double, m1: Double, b0: Double, b1: Double)?](repeating: nil, count: context.metalCount)
            for (key, child) in try p.optional("correlation")?.entries() ?? [] {
                try child.checkKeys(["m0", "m1", "B0", "B1"])
                let c = (m0: try child.require("m0").double(), m1: try child.require("m1").double(),
                         b0: try child.require("B0").double(), b1: try child.require("B1").double())
                guard let j = context.species.index(of: key), j < context.metalCount else {
                    if context.elements[key] != nil { continue }
                    throw InputError(location: child.location, key: child.path, value: key, expected: "an element symbol")
                }
                coefficients[j] = c
            }
            let correlated = Set((0..<context.metalCount).filter { coefficients[$0] != nil })
            var constantD = [Double](repeating: 0, count: context.metalCount)
            if let cd = try p.optional("constant_D") {
                constantD = try requiredPerMetal(cd, context: context, validate: isDistributionRatio,
                                                 expected: distributionRatioExpected, alternatives: correlated)
                    .map { $0.isNaN ? 0 : $0 }
            } else if correlated.count < context.metalCount {
                let missing = (0..<context.metalCount).filter { !correlated.contains($0) }.map { context.species.symbols[$0] }
                throw InputError(location: p.location, key: p.path.isEmpty ? "correlation" : "\(p.path).correlation", value: nil,
                                 expected: "a correlation or a constant_D entry for \(missing.joined(separator: ", "))")
            }
            return EmpiricalPHDoseCorrelation(layout: layout, coefficients: coefficients, constantD: constantD,
                                              molarMass: molarMass, density: density)
        })
}
