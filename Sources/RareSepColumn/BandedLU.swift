/// A square banded matrix with lower bandwidth ml and upper bandwidth mu, with
/// room for the fill-in of LU with partial pivoting (upper bandwidth ml + mu),
/// and its in-place LU factorisation and solve (LINPACK dgbfa/dgbsl order).
///
/// Storage is row-major by band: entry (i, j) with −ml ≤ j − i ≤ ml + mu sits at
/// `band[i·width + (j − i + ml)]`, width = 2·ml + mu + 1. The state vector of a
/// column is cell-major, so transport couples rows only a few cells apart and
/// ml, mu are a few times the unknowns per cell. All storage is allocated once.
public final class BandedLU {
    /// Order n.
    public let n: Int
    /// Lower bandwidth ml.
    public let ml: Int
    /// Upper bandwidth mu of the matrix before factorisation.
    public let mu: Int
    /// Band row width 2·ml + mu + 1.
    public let width: Int
    /// Band storage (see type doc).
    public var band: [Double]
    /// Pivot rows from `factor()`.
    public var pivot: [Int]

    public init(n: Int, ml: Int, mu: Int) {
        self.n = n
        self.ml = ml
        self.mu = mu
        self.width = 2 * ml + mu + 1
        self.band = [Double](repeating: 0, count: n * (2 * ml + mu + 1))
        self.pivot = [Int](repeating: 0, count: n)
    }

    /// Zero all entries.
    public func zero() {
        band.withUnsafeMutableBufferPointer { b in b.update(repeating: 0) }
    }

    /// Set entry (i, j); requires −ml ≤ j − i ≤ mu.
    @inline(__always)
    public func set(_ i: Int, _ j: Int, _ v: Double) { band[i * width + (j - i + ml)] = v }

    /// Entry (i, j) or 0 outside the band.
    public func get(_ i: Int, _ j: Int) -> Double {
        let d = j - i
        guard d >= -ml && d <= ml + mu else { return 0 }
        return band[i * width + (d + ml)]
    }

    /// LU factorisation with partial pivoting, in place. Returns false when a
    /// pivot is exactly zero (singular matrix).
    public func factor() -> Bool {
        let n = self.n, ml = self.ml, mu = self.mu, w = self.width
        var ok = true
        band.withUnsafeMutableBufferPointer { bp in
            pivot.withUnsafeMutableBufferPointer { pv in
                let a = bp.baseAddress!
                for k in 0..<n {
                    let rowEnd = min(n - 1, k + ml)
                    let colEnd = min(n - 1, k + ml + mu)
                    var p = k
                    var best = abs(a[k * w + ml])
                    if k < rowEnd {
                        for r in (k + 1)...rowEnd {
                            let v = abs(a[r * w + (k - r + ml)])
                            if v > best { best = v; p = r }
                        }
                    }
                    pv[k] = p
                    if best == 0 { ok = false; continue }
                    if p != k {
                        for j in k...colEnd {
                            let ik = k * w + (j - k + ml)
                            let ip = p * w + (j - p + ml)
                            let t = a[ik]; a[ik] = a[ip]; a[ip] = t
                        }
                    }
                    let inv = 1 / a[k * w + ml]
                    if k < rowEnd {
                        for r in (k + 1)...rowEnd {
                            let rk = r * w + (k - r + ml)
                            let l = a[rk] * inv
                            a[rk] = l
                            if l != 0 && k < colEnd {
                                let rowR = a + (r * w - r + ml)
                                let rowK = a + (k * w - k + ml)
                                for j in (k + 1)...colEnd { rowR[j] -= l * rowK[j] }
                            }
                        }
                    }
                }
            }
        }
        return ok
    }

    /// Solve A·x = b in place (b becomes x) after `factor()`.
    public func solve(_ b: UnsafeMutablePointer<Double>) {
        let n = self.n, ml = self.ml, mu = self.mu, w = self.width
        band.withUnsafeBufferPointer { bp in
            pivot.withUnsafeBufferPointer { pv in
                let a = bp.baseAddress!
                for k in 0..<n {
                    let p = pv[k]
                    if p != k { let t = b[k]; b[k] = b[p]; b[p] = t }
                    let bk = b[k]
                    if bk != 0 {
                        let rowEnd = min(n - 1, k + ml)
                        if k < rowEnd {
                            for r in (k + 1)...rowEnd { b[r] -= a[r * w + (k - r + ml)] * bk }
                        }
                    }
                }
                var k = n - 1
                while k >= 0 {
                    let colEnd = min(n - 1, k + ml + mu)
                    var s = b[k]
                    if k < colEnd {
                        let row = a + (k * w - k + ml)
                        for j in (k + 1)...colEnd { s -= row[j] * b[j] }
                    }
                    b[k] = s / a[k * w + ml]
                    k -= 1
                }
            }
        }
    }
}
