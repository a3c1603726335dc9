import Foundation
import RareSepCascade
import RareSepChemistry

/// Performance figures of a solved contactor for one (key) species: transfer units,
/// equivalent ideal stages and the Murphree-equivalent stage efficiency.
public struct ContactorPerformance: Sendable {
    /// Overall organic-phase transfer units NTU_oy = ∫K·a dz / U_o (from the given K·a).
    public var transferUnits: Double
    /// Overall organic-phase height of a transfer unit HTU_oy = H/NTU_oy, m.
    public var transferUnitHeight: Double
    /// Distribution ratio used for the stage figures: geometric mean of D at the bottom
    /// and top cells (exact for constant D).
    public var distributionRatio: Double
    /// Extraction factor ε = D·U_o/U_a.
    public var extractionFactor: Double
    /// Equivalent number of ideal counter-current stages: the Kremser N giving the
    /// same unextracted fraction (x_out − y_in/D)/(x_in − y_in/D) at ε.
    public var equivalentStages: Double
    /// Height equivalent to a theoretical stage H/N_eq, m.
    public var stageHeight: Double
    /// Murphree-equivalent efficiency (organic basis): the E_M of one mixer-settler
    /// stage, y_out = y_in + E_M·(y*(x_out, y_out) − y_in), that gives the contactor's
    /// outlets (above 1 when the counter-current column beats one ideal stage).
    public var murphreeEfficiency: Double
    /// The change of the species' organic concentration one ideal stage would make at the
    /// contactor's outlets, y*(x_out, y_out) − y_in, mol/m³ (the denominator of E_M).
    public var idealStageChange: Double
    /// The driving force between the inlets on the organic basis, |D·x_in − y_in|, mol/m³
    /// (D as in `distributionRatio`): the scale `idealStageChange` is judged against.
    public var inletDrivingForce: Double

    /// Smallest |idealStageChange|/inletDrivingForce at which the Murphree-equivalent
    /// efficiency is reported (1 %): below it the species barely transfers or is pinched
    /// and E_M is a ratio of two vanishing differences (e.g. −2799 for Dy in ext-1 of
    /// cases/emulsion-flow-tbdy.yaml), not an efficiency.
    public static let murphreeConditionThreshold = 1e-2

    /// Why E_M is not reported, or nil when it is well-conditioned (finite, with an ideal-stage
    /// change of at least `murphreeConditionThreshold` of the inlet driving force).
    public var murphreeUndefinedReason: String? {
        guard inletDrivingForce > 0, inletDrivingForce.isFinite else {
            return "no driving force between the inlets (D·x_in = y_in): the species does not transfer"
        }
        let ratio = abs(idealStageChange) / inletDrivingForce
        if !(ratio >= Self.murphreeConditionThreshold) || !murphreeEfficiency.isFinite {
            return String(format: "ill-conditioned: one ideal stage would change the organic by %.2g of the inlet driving force (below %g); the species barely transfers here or is pinched", ratio, Self.murphreeConditionThreshold)
        }
        return nil
    }

    /// E_M when it is well-conditioned (`murphreeUndefinedReason` is nil), else nil.
    public var reportedMurphreeEfficiency: Double? { murphreeUndefinedReason == nil ? murphreeEfficiency : nil }

    /// The figures of species `j` in `solution`.
    public init(_ solution: ContactorSolution, species j: Int) {
        let p = solution.problem, n = p.species.count, N = solution.aqueous.count
        let h = p.height / Double(N)
        let ka = p.transferCoefficient.count == 1 ? Array(repeating: p.transferCoefficient[0], count: N) : p.transferCoefficient
        transferUnits = ka.reduce(0) { $0 + $1 * h } / p.organicVelocity
        transferUnitHeight = p.height / transferUnits
        let model = p.model
        let dBottom = model.distributionRatios(x: solution.aqueous[0], y: solution.organic[0])[j]
        let dTop = model.distributionRatios(x: solution.aqueous[N - 1], y: solution.organic[N - 1])[j]
        let d = (dBottom * dTop).squareRoot()
        distributionRatio = d
        let eps = d * p.organicVelocity / p.aqueousVelocity
        extractionFactor = eps
        let xin = p.aqueousInlet[j], yin = p.organicInlet[j]
        let f = (solution.aqueousOutlet[j] - yin / d) / (xin - yin / d)
        equivalentStages = Kremser.stages(extractionFactor: eps, unextractedFraction: f)
        stageHeight = p.height / equivalentStages
        var ys = [Double](repeating: 0, count: n)
        solution.aqueousOutlet.withUnsafeBufferPointer { xp in solution.organicOutlet.withUnsafeBufferPointer { yp in
            ys.withUnsafeMutableBufferPointer { sp in
                model.equilibriumOrganic(x: xp.baseAddress!, y: yp.baseAddress!, yStar: sp.baseAddress!, dYdX: nil, dYdY: nil)
            } } }
        idealStageChange = ys[j] - yin
        inletDrivingForce = abs(d * xin - yin)
        murphreeEfficiency = (solution.organicOutlet[j] - yin) / idealStageChange
    }
}
