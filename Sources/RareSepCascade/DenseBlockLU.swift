/// In-place LU with partial pivoting of a small dense m×m block (row-major, rows
/// `stride` values apart: m for a whole block, larger for a sub-block), and solves with it. The block kernels of the stage-structured solver; they
/// allocate nothing. Index arithmetic is wrapping (&+, &*): every index is below
/// m² of an allocated block, so it cannot overflow, and the loops carry no traps.
enum DenseBlockLU {
    /// Factor `a` in place; `pivots` receives the row swaps. Returns false when a
    /// pivot is exactly zero or not finite (singular block).
    @inline(__always)
    static func factor(_ a: UnsafeMutablePointer<Double>, _ m: Int, _ pivots: UnsafeMutablePointer<Int>,
                       stride ld: Int? = nil) -> Bool {
        let ld = ld ?? m
        var k = 0
        while k < m {
            let rk = a + k &* ld
            var p = k
            var best = abs(rk[k])
            var i = k &+ 1
            while i < m {
                let v = abs(a[i &* ld &+ k])
                if v > best { best = v; p = i }
                i = i &+ 1
            }
            pivots[k] = p
            if !(best > 0) || !best.isFinite { return false }
            if p != k {
                let rp = a + p &* ld
                var c = 0
                while c < m { let t = rk[c]; rk[c] = rp[c]; rp[c] = t; c = c &+ 1 }
            }
            let inv = 1.0 / rk[k]
            i = k &+ 1
            while i < m {
                let ri = a + i &* ld
                let f = ri[k] * inv
                if f != 0 {
                    ri[k] = f
                    var c = k &+ 1
                    while c < m { ri[c] -= f * rk[c]; c = c &+ 1 }
                }
                i = i &+ 1
            }
            k = k &+ 1
        }
        return true
    }

    /// The row interchanges of an LU's partial pivoting applied to `b` (m values), in order.
    @inline(__always)
    static func applyPivots(_ pivots: UnsafePointer<Int>, _ m: Int, _ b: UnsafeMutablePointer<Double>) {
        var k = 0
        while k < m {
            let p = pivots[k]
            if p != k { let t = b[k]; b[k] = b[p]; b[p] = t }
            k = k &+ 1
        }
    }

    /// Solve A·x = b in place for one vector `b` (length m) given the factors.
    @inline(__always)
    static func solve(_ lu: UnsafePointer<Double>, _ m: Int, _ pivots: UnsafePointer<Int>, _ b: UnsafeMutablePointer<Double>,
                      stride ld: Int? = nil) {
        let ld = ld ?? m
        applyPivots(pivots, m, b)
        var i = 0
        while i < m {
            var s = b[i]
            let row = lu + i &* ld
            var c = 0
            while c < i { s -= row[c] * b[c]; c = c &+ 1 }
            b[i] = s
            i = i &+ 1
        }
        i = m &- 1
        while i >= 0 {
            var s = b[i]
            let row = lu + i &* ld
            var c = i &+ 1
            while c < m { s -= row[c] * b[c]; c = c &+ 1 }
            b[i] = s / row[i]
            i = i &- 1
        }
    }

    /// Solve A·X = B in place for B with `k` columns (row-major m×k).
    @inline(__always)
    static func solveMatrix(_ lu: UnsafePointer<Double>, _ m: Int, _ pivots: UnsafePointer<Int>,
                            _ b: UnsafeMutablePointer<Double>, columns k: Int, stride ld: Int? = nil) {
        let ld = ld ?? m
        var r = 0
        while r < m {
            let p = pivots[r]
            if p != r {
                let br = b + r &* k, bp = b + p &* k
                var c = 0
                while c < k { let t = br[c]; br[c] = bp[c]; bp[c] = t; c = c &+ 1 }
            }
            r = r &+ 1
        }
        var i = 0
        while i < m {
            let row = lu + i &* ld
            let bi = b + i &* k
            r = 0
            while r < i {
                let f = row[r]
                if f != 0 {
                    let br = b + r &* k
                    var c = 0
                    while c < k { bi[c] -= f * br[c]; c = c &+ 1 }
                }
                r = r &+ 1
            }
            i = i &+ 1
        }
        i = m &- 1
        while i >= 0 {
            let row = lu + i &* ld
            let bi = b + i &* k
            r = i &+ 1
            while r < m {
                let f = row[r]
                if f != 0 {
                    let br = b + r &* k
                    var c = 0
                    while c < k { bi[c] -= f * br[c]; c = c &+ 1 }
                }
                r = r &+ 1
            }
            let inv = 1.0 / row[i]
            var c = 0
            while c < k { bi[c] *= inv; c = c &+ 1 }
            i = i &- 1
        }
    }
}
