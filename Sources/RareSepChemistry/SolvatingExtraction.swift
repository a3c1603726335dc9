import Foundation
import RareSepCore

/// Solvating extraction of neutral metal salts by a neutral ligand L (TODGA-type
/// diglycolamides, TBP) from nitrate or chloride (physics.md §1.5):
///
///     M^z⁺ + z X⁻ + n_i L(org) ⇌ MX_z·L_n(org),   D_i = K_i·[X⁻]^z·[L]_free^n_i,
///     H⁺ + X⁻ + L(org) ⇌ HX·L(org),               [HX·L] = K_H·[H⁺][X⁻][L]_free,
///
/// (mol/L). The ligand balance y_L = [L]_free + Σ n_i·y_i + [HX·L] gives
/// [L]_free = (y_L − Σ n_i·y_i)/(1 + K_H·[H⁺][X⁻]), so acid competes for free ligand and
/// loading lowers D, while D rises with [X⁻] (salting/acid) — the opposite of cation
/// exchange. [H⁺] from the aqueous speciation; [X⁻] is the total aqueous anion.
///
/// Species roles: metals `.partitioning`; "H" `.organicConstraint` with y*_H = [HX·L]
/// (co-extracted acid); the anion X `.organicConstraint` with y*_X = Σ z_i·y_i + [HX·L]
/// (the anion goes with the metal and the acid); the ligand `.organicOnly`; everything
/// else (e.g. Na of a salting-out agent) `.aqueousOnly`.
public struct SolvatingExtraction: EquilibriumModel {
    public let id = "solvating"
    public let speciesCount: Int
    public let metalCount: Int
    /// Index of "H" (total acid).
    public let protonIndex: Int
    /// Index of the anion X (NO3 or Cl).
    public let anionIndex: Int
    /// Index of the ligand L (total in all forms).
    public let ligandIndex: Int
    /// Index of total sulfate, when carried.
    public let sulfateIndex: Int?
    /// ln K_i per metal ((mol/L)^−(z+n)).
    public let lnK: [Double]
    /// Ligands per extracted metal n_i.
    public let ligandNumber: [Double]
    /// Anions per extracted metal (its charge z_i).
    public let anionNumber: [Double]
    /// Acid co-extraction constant K_H, (mol/L)^−2.
    public let acidConstant: Double
    /// Acid–base constants.
    public let aqueous: AqueousConstants

    public init(speciesCount: Int, metalCount: Int, protonIndex: Int, anionIndex: Int, ligandIndex: Int,
                sulfateIndex: Int?, log10K: [Double], ligandNumber: [Double], anionNumber: [Double],
                log10AcidConstant: Double, aqueous: AqueousConstants) {
        self.speciesCount = speciesCount
        self.metalCount = metalCount
        self.protonIndex = protonIndex
        self.anionIndex = anionIndex
        self.ligandIndex = ligandIndex
        self.sulfateIndex = sulfateIndex
        self.lnK = log10K.map { $0 * M_LN10 }
        self.ligandNumber = ligandNumber
        self.anionNumber = anionNumber
        self.acidConstant = pow(10, log10AcidConstant)
        self.aqueous = aqueous
    }

    public func role(_ j: Int) -> SpeciesRole {
        if j < metalCount { return .partitioning }
        if j == protonIndex || j == anionIndex { return .organicConstraint }
        if j == ligandIndex { return .organicOnly }
        return .aqueousOnly
    }

    @inline(__always)
    func protons(_ x: UnsafePointer<Double>) -> ProtonSpeciation {
        AqueousSpeciation.freeProton(totalAcid: 1e-3 * x[protonIndex],
                                     totalSulfate: 1e-3 * (sulfateIndex.map { x[$0] } ?? 0), constants: aqueous)
    }

    @inline(__always)
    func rawUnboundLigand(_ y: UnsafePointer<Double>) -> Double {
        var g = y[ligandIndex]
        for i in 0..<metalCount { g -= ligandNumber[i] * y[i] }
        return g
    }

    public func equilibriumOrganic(x: UnsafePointer<Double>, y: UnsafePointer<Double>,
                                   yStar: UnsafeMutablePointer<Double>,
                                   dYdX: UnsafeMutablePointer<Double>?, dYdY: UnsafeMutablePointer<Double>?) {
        let n = speciesCount
        let m = metalCount
        for j in m..<n { yStar[j] = 0 }
        let proton = protons(x)
        let h = proton.freeProton
        let anion = max(1e-3 * x[anionIndex], 0)          // [X⁻], mol/L
        let q = acidConstant * h * anion                   // K_H [H⁺][X⁻]
        let dqdxH = acidConstant * anion * 1e-3 * proton.dFreeProtonDTotalAcid
        let dqdxS = acidConstant * anion * 1e-3 * proton.dFreeProtonDTotalSulfate
        let dqdxX = x[anionIndex] > 0 ? acidConstant * h * 1e-3 : 0
        let g = smoothPositiveFloor(rawUnboundLigand(y)) // ligand not bound to metal, mol/m³
        let free = g.value / (1 + q)                       // [L]_free, mol/m³
        let lnFreeL = log(1e-3 * free)
        // ∂ln[L]free/∂q and ∂ln[L]free/∂(raw unbound ligand)
        let dLnFreeDq = -1 / (1 + q)
        let dLnFreeDRaw = g.derivative / g.value
        // co-extracted acid HX·L (mol/m³)
        let hx = free * q
        let dHxDq = g.value / ((1 + q) * (1 + q))
        let dHxDRaw = g.derivative * q / (1 + q)
        yStar[protonIndex] = hx
        var anionOrganic = hx
        for i in 0..<m { anionOrganic += anionNumber[i] * y[i] }
        yStar[anionIndex] = anionOrganic
        if let dYdX {
            for t in 0..<2 {
                let r = t == 0 ? protonIndex : anionIndex
                dYdX[r * n + protonIndex] = dHxDq * dqdxH
                dYdX[r * n + anionIndex] = dHxDq * dqdxX
                if let s = sulfateIndex { dYdX[r * n + s] = dHxDq * dqdxS }
            }
        }
        if let dYdY {
            for t in 0..<2 {
                let r = t == 0 ? protonIndex : anionIndex
                dYdY[r * n + ligandIndex] = dHxDRaw
                for k in 0..<m { dYdY[r * n + k] = -dHxDRaw * ligandNumber[k] }
            }
            for k in 0..<m { dYdY[anionIndex * n + k] += anionNumber[k] }
        }
        for i in 0..<m {
            let z = anionNumber[i]
            let nl = ligandNumber[i]
            // A_i = K_i·[L]free^n; D_i = A_i·[X⁻]^z
            let a = exp(lnK[i] + nl * lnFreeL)
            let xz = pow(anion, z)
            let d = a * xz
            let ys = d * x[i]
            yStar[i] = ys
            if let dYdX {
                let row = i * n
                dYdX[row + i] = d
                let dDdq = d * nl * dLnFreeDq
                let dxzdX = x[anionIndex] > 0 ? z * pow(anion, z - 1) * 1e-3 : 0
                dYdX[row + anionIndex] = x[i] * (a * dxzdX + dDdq * dqdxX)
                dYdX[row + protonIndex] = x[i] * dDdq * dqdxH
                if let s = sulfateIndex { dYdX[row + s] = x[i] * dDdq * dqdxS }
            }
            if let dYdY {
                let row = i * n
                let gi = ys * nl * dLnFreeDRaw
                dYdY[row + ligandIndex] = gi
                for k in 0..<m { dYdY[row + k] = -gi * ligandNumber[k] }
            }
        }
    }

    /// pH, free ligand (mol/m³) and co-extracted acid (mol/m³).
    public func stageDiagnostics(x: [Double], y: [Double]) -> [(name: String, value: Double)] {
        let (pH, free, hx): (Double, Double, Double) = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                let p = protons(xp.baseAddress!)
                let q = acidConstant * p.freeProton * max(1e-3 * xp[anionIndex], 0)
                let f = smoothPositiveFloor(rawUnboundLigand(yp.baseAddress!)).value / (1 + q)
                return (p.pH, f, f * q)
            }
        }
        return [("pH", pH), ("free_ligand_mol_per_m3", free), ("coextracted_acid_mol_per_m3", hx)]
    }

    /// Parameter keys of this model.
    public static let parameterKeys = ["ligand", "ligand_name", "anion", "spectator_ions", "log10_K",
                                       "ligand_number", "log10_K_acid", "aqueous"]

    public static let registration = ModelRegistration(
        id: "solvating",
        summary: "solvating extraction D = K·[X-]^z·[L]free^n with acid co-extraction H+ + X- + L = HX·L competing for free ligand (keys: ligand, anion, spectator_ions, log10_K, ligand_number, log10_K_acid, aqueous)",
        requiredSpecies: { node in
            let p = try node.optional("parameters") ?? node
            var out = ["H", try speciesSymbol(try p.require("anion")), try speciesSymbol(try p.require("ligand"))]
            for s in try speciesSymbols(try p.optional("spectator_ions")) where !out.contains(s) { out.append(s) }
            return out
        },
        make: { node, context in
            let p = try modelParameterNode(node, allowed: parameterKeys)
            let anionNode = try p.require("anion")
            let anion = try speciesSymbol(anionNode)
            if anion == "SO4" { throw anionNode.error("a monovalent anion (NO3 or Cl) for solvating extraction") }
            let ligandNode = try p.require("ligand")
            let x = try requiredIndex(anion, in: context, at: anionNode)
            let l = try requiredIndex(try speciesSymbol(ligandNode), in: context, at: ligandNode)
            let h = try requiredIndex("H", in: context, at: p)
            for s in try p.optional("spectator_ions")?.items() ?? [] { _ = try requiredIndex(try speciesSymbol(s), in: context, at: s) }
            let logK = try requiredPerMetal(try p.require("log10_K"), context: context,
                                            validate: { $0 > -40 && $0 < 40 }, expected: "log10 K between -40 and 40")
            let nl = try requiredPerMetal(try p.require("ligand_number"), context: context, validate: { $0 >= 0 && $0 <= 8 },
                                          expected: "a ligand number between 0 and 8")
            let charge = (0..<context.metalCount).map { Double(context.elements[context.species.symbols[$0]]?.charge ?? 3) }
            let kaNode = try p.require("log10_K_acid")
            let logKH = try kaNode.double()
            if !(logKH > -20 && logKH < 20) { throw kaNode.error("log10 K_acid between -20 and 20") }
            return SolvatingExtraction(speciesCount: context.species.count, metalCount: context.metalCount, protonIndex: h,
                                       anionIndex: x, ligandIndex: l, sulfateIndex: context.species.index(of: "SO4"),
                                       log10K: logK, ligandNumber: nl, anionNumber: charge, log10AcidConstant: logKH,
                                       aqueous: try readAqueous(p))
        })
}
