/// Banded ∂f/∂y of an ODE y' = f(t, y) (lower bandwidth ml, upper mu) and the LU of its
/// Newton matrix I − c·J: the storage a `BandedODESystem` owns. Entry (i, j) of J sits at
/// `values[i·(ml+mu+1) + (j − i + ml)]`. Allocated once; nothing here allocates after init.
public final class BandedJacobian {
    /// Order n.
    public let n: Int
    /// Lower bandwidth ml.
    public let ml: Int
    /// Upper bandwidth mu.
    public let mu: Int
    /// Row width of `values`: ml + mu + 1.
    public let width: Int
    /// J, n·width entries (see type doc).
    public let values: UnsafeMutablePointer<Double>
    /// The Newton matrix and its factorisation.
    public let lu: BandedLU
    /// Finite differences: the increment of y_j is 1e-7·max(|y_j|, floor_j) (units of y_j).
    public let perturbationFloor: UnsafeMutablePointer<Double>
    /// Number of f evaluations made by finite differences so far.
    public private(set) var rhsEvaluations = 0
    let yWork: UnsafeMutablePointer<Double>
    let saved: UnsafeMutablePointer<Double>
    let f0: UnsafeMutablePointer<Double>
    let f1: UnsafeMutablePointer<Double>

    /// Storage for n unknowns with bandwidths ml, mu; `perturbationFloor` (units of y,
    /// per component or one value for all) bounds the finite-difference increment from below.
    public init(n: Int, ml: Int, mu: Int, perturbationFloor: [Double]) {
        precondition(perturbationFloor.count == n || perturbationFloor.count == 1)
        self.n = n
        self.ml = ml
        self.mu = mu
        width = ml + mu + 1
        func make(_ c: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, c))
            p.initialize(repeating: 0, count: max(1, c))
            return p
        }
        values = make(n * width)
        lu = BandedLU(n: n, ml: ml, mu: mu)
        self.perturbationFloor = make(n)
        for i in 0..<n { self.perturbationFloor[i] = perturbationFloor.count == 1 ? perturbationFloor[0] : perturbationFloor[i] }
        yWork = make(n); saved = make(n); f0 = make(n); f1 = make(n)
    }

    deinit {
        values.deallocate(); perturbationFloor.deallocate()
        yWork.deallocate(); saved.deallocate(); f0.deallocate(); f1.deallocate()
    }

    /// The floor 1e-2·atol/rtol (at least 1e-10) used by RareSep's ODE callers: increments
    /// stay well above round-off of states near the absolute tolerance.
    public static func perturbationFloor(rtol: Double, atol: [Double]) -> [Double] {
        atol.map { max($0 / max(rtol, 1e-12) * 1e-2, 1e-10) }
    }

    /// J at (t, y): `analytic` fills the zeroed band and returns true, or returns false to
    /// have it computed by forward differences with column grouping (ml + mu + 1
    /// evaluations of f plus one at y). Returns false when f cannot be evaluated.
    public func evaluate(t: Double, y: UnsafePointer<Double>,
                         analytic: (UnsafeMutablePointer<Double>) -> Bool,
                         rhs: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Bool) -> Bool {
        let n = self.n, ml = self.ml, mu = self.mu, jw = self.width
        values.update(repeating: 0, count: n * jw)
        if analytic(values) { return true }
        yWork.update(from: y, count: n)
        rhsEvaluations += 1
        guard rhs(yWork, f0) else { return false }
        let groups = min(n, ml + mu + 1)
        for g in 0..<groups {
            var j = g
            while j < n {
                let dj = 1e-7 * max(abs(yWork[j]), perturbationFloor[j])
                saved[j] = yWork[j]
                yWork[j] += dj
                j += groups
            }
            rhsEvaluations += 1
            let ok = rhs(yWork, f1)
            j = g
            while j < n {
                let inv = 1 / (yWork[j] - saved[j])
                yWork[j] = saved[j]
                let r0 = max(0, j - mu), r1 = min(n - 1, j + ml)
                for r in r0...r1 { values[r * jw + (j - r + ml)] = (f1[r] - f0[r]) * inv }
                j += groups
            }
            if !ok { return false }
        }
        return true
    }

    /// Write I − c·J into `lu`'s band storage.
    public func assembleIdentityMinus(c: Double) {
        let n = self.n, ml = self.ml, mu = self.mu, jw = self.width, w = lu.width
        let B = lu.band
        lu.zero()
        for i in 0..<n {
            let j0 = max(0, i - ml), j1 = min(n - 1, i + mu)
            let src = values + (i * jw - i + ml)
            let dst = B + (i * w - i + ml)
            for j in j0...j1 { dst[j] = -c * src[j] }
            dst[i] += 1
        }
    }
}

/// A stiff ODE y' = f(t, y) (M = I, every component differential) whose Jacobian is
/// banded, as a method-of-lines discretisation stored cell by cell is. Conformers keep a
/// `BandedJacobian` and get the `DAESystem` members from this protocol's extension.
public protocol BandedODESystem: DAESystem where Solver == BandedLU {
    /// Jacobian storage and Newton-matrix LU.
    var bandedJacobian: BandedJacobian { get }
    /// Write ∂f/∂y at (t, y) into the zeroed band `jac` (layout of `BandedJacobian.values`)
    /// and return true, or return false to have finite differences used. Default false.
    func jacobian(t: Double, y: UnsafePointer<Double>, jac: UnsafeMutablePointer<Double>) -> Bool
}

extension BandedODESystem {
    /// No analytic Jacobian: finite differences.
    public func jacobian(t: Double, y: UnsafePointer<Double>, jac: UnsafeMutablePointer<Double>) -> Bool { false }
    /// The banded LU of I − c·J.
    public var linearSolver: BandedLU { bandedJacobian.lu }
    /// M = I.
    public var massIsIdentity: Bool { true }
    /// Every component is differential.
    public func isDifferential(_ i: Int) -> Bool { true }
    /// out = v (M = I).
    public func applyMass(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        out.update(from: v, count: dimension)
    }
    /// Analytic Jacobian when `jacobian(t:y:jac:)` provides it, else banded finite differences.
    public func updateJacobian(t: Double, y: UnsafePointer<Double>) -> Bool {
        bandedJacobian.evaluate(t: t, y: y, analytic: { jacobian(t: t, y: y, jac: $0) },
                                rhs: { rhs(t: t, y: $0, f: $1) })
    }
    /// I − c·J into the LU storage.
    public func assembleNewtonMatrix(c: Double) { bandedJacobian.assembleIdentityMinus(c: c) }
}
