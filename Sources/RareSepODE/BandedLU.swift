/// A square banded matrix with lower bandwidth ml and upper bandwidth mu, with
/// room for the fill-in of LU with partial pivoting (upper bandwidth ml + mu),
/// and its in-place LU factorisation and solve (LINPACK dgbfa/dgbsl order).
///
/// Storage is row-major by band: entry (i, j) with −ml ≤ j − i ≤ ml + mu sits at
/// `band[i·width + (j − i + ml)]`, width = 2·ml + mu + 1. The state vector of a
/// column is cell-major, so transport couples rows only a few cells apart and
/// ml, mu are a few times the unknowns per cell. Storage is allocated once (raw
/// buffers, so the hot loops carry no bounds or exclusivity checks).
///
/// The factorisation records, per column, the last row with a non-zero multiplier
/// and, per row of U, the last non-zero column; the updates and the solve stop
/// there. A band that is sparse inside (the general rate model: the bead shells of
/// a cell couple only to their neighbours and to the cell's liquid) then costs
/// in proportion to its non-zeros, and the results are bitwise those of the full
/// band loops (only exact zeros are skipped).
public final class BandedLU: NewtonLinearSolver {
    /// Order n.
    public let n: Int
    /// Lower bandwidth ml.
    public let ml: Int
    /// Upper bandwidth mu of the matrix before factorisation.
    public let mu: Int
    /// Band row width 2·ml + mu + 1.
    public let width: Int
    /// Band storage (see type doc), n·width entries.
    public let band: UnsafeMutablePointer<Double>
    /// Pivot rows from `factor()`.
    public let pivot: UnsafeMutablePointer<Int>
    /// Per column k: last row with a non-zero multiplier in L (k if none).
    let lastRowL: UnsafeMutablePointer<Int>
    /// Per row k: last column with a non-zero entry in U.
    let lastColU: UnsafeMutablePointer<Int>

    public init(n: Int, ml: Int, mu: Int) {
        self.n = n
        self.ml = ml
        self.mu = mu
        self.width = 2 * ml + mu + 1
        band = .allocate(capacity: max(1, n * width))
        band.initialize(repeating: 0, count: max(1, n * width))
        pivot = .allocate(capacity: max(1, n))
        pivot.initialize(repeating: 0, count: max(1, n))
        lastRowL = .allocate(capacity: max(1, n))
        lastRowL.initialize(repeating: 0, count: max(1, n))
        lastColU = .allocate(capacity: max(1, n))
        lastColU.initialize(repeating: 0, count: max(1, n))
    }

    deinit {
        band.deallocate()
        pivot.deallocate()
        lastRowL.deallocate()
        lastColU.deallocate()
    }

    /// Zero all entries.
    public func zero() { band.update(repeating: 0, count: n * width) }

    /// Set entry (i, j); requires −ml ≤ j − i ≤ ml + mu.
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
        let a = band, pv = pivot, lastL = lastRowL, lastU = lastColU
        var ok = true
        for k in 0..<n {
            let rowEnd = min(n - 1, k + ml)
            let colEnd = min(n - 1, k + ml + mu)
            var p = k
            var best = abs(a[k * w + ml])
            var r = k + 1
            while r <= rowEnd {
                let v = abs(a[r * w + (k - r + ml)])
                if v > best { best = v; p = r }
                r += 1
            }
            pv[k] = p
            lastL[k] = k
            lastU[k] = k
            if best == 0 { ok = false; continue }
            if p != k {
                for j in k...colEnd {
                    let ik = k * w + (j - k + ml)
                    let ip = p * w + (j - p + ml)
                    let t = a[ik]; a[ik] = a[ip]; a[ip] = t
                }
            }
            let rowK = a + (k * w - k + ml)
            var uEnd = colEnd
            while uEnd > k && rowK[uEnd] == 0 { uEnd -= 1 }
            lastU[k] = uEnd
            let inv = 1 / rowK[k]
            r = k + 1
            while r <= rowEnd {
                let rowR = a + (r * w - r + ml)
                let l = rowR[k] * inv
                rowR[k] = l
                if l != 0 {
                    lastL[k] = r
                    var j = k + 1
                    while j <= uEnd { rowR[j] -= l * rowK[j]; j += 1 }
                }
                r += 1
            }
        }
        return ok
    }

    /// Solve A·x = b in place (b becomes x) after `factor()`.
    public func solve(_ b: UnsafeMutablePointer<Double>) {
        let n = self.n, ml = self.ml, w = self.width
        let a = band, pv = pivot, lastL = lastRowL, lastU = lastColU
        for k in 0..<n {
            let p = pv[k]
            if p != k { let t = b[k]; b[k] = b[p]; b[p] = t }
            let bk = b[k]
            if bk != 0 {
                let rowEnd = lastL[k]
                var r = k + 1
                while r <= rowEnd { b[r] -= a[r * w + (k - r + ml)] * bk; r += 1 }
            }
        }
        var k = n - 1
        while k >= 0 {
            let colEnd = lastU[k]
            let row = a + (k * w - k + ml)
            var s = b[k]
            var j = k + 1
            while j <= colEnd { s -= row[j] * b[j]; j += 1 }
            b[k] = s / row[k]
            k -= 1
        }
    }
}
