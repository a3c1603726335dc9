/// In-place LU with partial pivoting of a small dense m×m block (row-major), and
/// solves with it. The block kernels of the stage-structured solver; they
/// allocate nothing.
enum DenseBlockLU {
    /// Factor `a` in place; `pivots` receives the row swaps. Returns false when a
    /// pivot is exactly zero or not finite (singular block).
    @inline(__always)
    static func factor(_ a: UnsafeMutablePointer<Double>, _ m: Int, _ pivots: UnsafeMutablePointer<Int>) -> Bool {
        for k in 0..<m {
            var p = k
            var best = abs(a[k * m + k])
            for i in (k + 1)..<max(k + 1, m) where abs(a[i * m + k]) > best {
                best = abs(a[i * m + k])
                p = i
            }
            pivots[k] = p
            if !(best > 0) || !best.isFinite { return false }
            if p != k {
                for c in 0..<m { let t = a[k * m + c]; a[k * m + c] = a[p * m + c]; a[p * m + c] = t }
            }
            let inv = 1.0 / a[k * m + k]
            for i in (k + 1)..<max(k + 1, m) {
                let f = a[i * m + k] * inv
                if f == 0 { continue }
                a[i * m + k] = f
                let ri = a + i * m
                let rk = a + k * m
                for c in (k + 1)..<m { ri[c] -= f * rk[c] }
            }
        }
        return true
    }

    /// Solve A·x = b in place for one vector `b` (length m) given the factors.
    @inline(__always)
    static func solve(_ lu: UnsafePointer<Double>, _ m: Int, _ pivots: UnsafePointer<Int>, _ b: UnsafeMutablePointer<Double>) {
        for k in 0..<m {
            let p = pivots[k]
            if p != k { let t = b[k]; b[k] = b[p]; b[p] = t }
        }
        for i in 0..<m {
            var s = b[i]
            let row = lu + i * m
            for c in 0..<i { s -= row[c] * b[c] }
            b[i] = s
        }
        var i = m - 1
        while i >= 0 {
            var s = b[i]
            let row = lu + i * m
            for c in (i + 1)..<max(i + 1, m) { s -= row[c] * b[c] }
            b[i] = s / row[i]
            i -= 1
        }
    }

    /// Solve A·X = B in place for B with `k` columns (row-major m×k).
    @inline(__always)
    static func solveMatrix(_ lu: UnsafePointer<Double>, _ m: Int, _ pivots: UnsafePointer<Int>,
                            _ b: UnsafeMutablePointer<Double>, columns k: Int) {
        for r in 0..<m {
            let p = pivots[r]
            if p != r {
                for c in 0..<k { let t = b[r * k + c]; b[r * k + c] = b[p * k + c]; b[p * k + c] = t }
            }
        }
        for i in 0..<m {
            let row = lu + i * m
            let bi = b + i * k
            for r in 0..<i {
                let f = row[r]
                if f == 0 { continue }
                let br = b + r * k
                for c in 0..<k { bi[c] -= f * br[c] }
            }
        }
        var i = m - 1
        while i >= 0 {
            let row = lu + i * m
            let bi = b + i * k
            for r in (i + 1)..<max(i + 1, m) {
                let f = row[r]
                if f == 0 { continue }
                let br = b + r * k
                for c in 0..<k { bi[c] -= f * br[c] }
            }
            let inv = 1.0 / row[i]
            for c in 0..<k { bi[c] *= inv }
            i -= 1
        }
    }
}
