import CGSL

/// Dense LU solve through GSL (`gsl_linalg_LU_decomp`/`_solve`), for small
/// systems and for reference computations. `matrix` is row-major n×n.
public func gslSolveDense(matrix: [Double], rhs: [Double]) throws -> [Double] {
    GSL.configure()
    let n = rhs.count
    precondition(matrix.count == n * n, "matrix must be n×n")
    var a = matrix
    var b = rhs
    var x = [Double](repeating: 0, count: n)
    let perm = gsl_permutation_alloc(n)!
    defer { gsl_permutation_free(perm) }
    var signum: Int32 = 0
    try a.withUnsafeMutableBufferPointer { ap in
        try b.withUnsafeMutableBufferPointer { bp in
            try x.withUnsafeMutableBufferPointer { xp in
                var mv = gsl_matrix_view_array(ap.baseAddress, n, n)
                var bv = gsl_vector_view_array(bp.baseAddress, n)
                var xv = gsl_vector_view_array(xp.baseAddress, n)
                try GSLError.check(gsl_linalg_LU_decomp(&mv.matrix, perm, &signum), "dense LU decomposition")
                try GSLError.check(gsl_linalg_LU_solve(&mv.matrix, perm, &bv.vector, &xv.vector), "dense LU solve")
            }
        }
    }
    return x
}
