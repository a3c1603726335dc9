import RareSepCascade

extension DynamicCascade {
    /// Concentration scale of each species, mol/m³: the largest concentration of the
    /// species in the chain state `u` (mixers and settler cells, both phases) or in any
    /// inlet of `problems` (feeds, the loop's make-up), floored at `floorFraction` × the
    /// plant-wide scale C = the largest of these over all species (1 mol/m³ when every
    /// concentration is zero). The absolute tolerances and the consistent start's
    /// convergence test are relative to it, so a species absent from every feed and from
    /// the initial state still gets a scale well above the round-off of the plant's
    /// concentrations (docs/dynamics.md, "Tolerances").
    public func concentrationScales(_ u: [Double], inlets problems: [CascadeProblem], floorFraction: Double) -> [Double] {
        let n = speciesCount, m = 2 * n
        var c = [Double](repeating: 0, count: n)
        for i in 0..<min(chainSize, u.count) { c[i % m % n] = max(c[i % m % n], abs(u[i])) }
        for p in problems {
            for f in p.feeds { for j in 0..<n { c[j] = max(c[j], f.concentrations[j]) } }
            if let l = p.loop { for j in 0..<n { c[j] = max(c[j], l.makeupConcentrations[j]) } }
        }
        let plant = c.max() ?? 0
        let floor = plant > 0 ? max(floorFraction, 0) * plant : 1
        return c.map { max($0, floor) }
    }
}

extension DynamicCascade {
    /// Absolute tolerances of the BDF per state: concentrations (mol/m³)
    /// `relativeAbsoluteTolerance` × `concentrationScales` (floored at rtol × the plant-wide
    /// scale), ledger states (mol) that × the largest total stage flow (m³/s) × 1 s.
    public func absoluteTolerances(_ u: [Double], inlets problems: [CascadeProblem], options: DynamicRunOptions) -> [Double] {
        let n = speciesCount
        let typical = concentrationScales(u, inlets: problems, floorFraction: options.rtol)
        let totalFlow = flows.aqueous.max()! + flows.organic.max()!
        var atol = [Double](repeating: 0, count: dimension)
        for i in 0..<dimension {
            let j = i < chainSize ? i % (2 * n) % n : (i - chainSize) % n
            let base = typical[j] * options.relativeAbsoluteTolerance
            atol[i] = i < chainSize ? base : base * totalFlow
        }
        return atol
    }
}
