/// The warm start of a unit on a recycle (a cascade, an emulsion-flow contactor): its
/// last profiles, each species scaled by how much more (or less) of it now enters the
/// unit — exact for a linear unit whose flows did not change, and close where the
/// chemistry is nearly linear.
enum WarmStartScaling {
    /// Factor per species: inflow now over inflow at the last solution (mol/s each);
    /// 1 where either is not positive.
    static func factors(before: [Double], now: [Double]) -> [Double] {
        zip(before, now).map { b, a in b > 0 && a > 0 ? a / b : 1 }
    }
}
