#ifndef RARESEP_CGSL_SHIM_H
#define RARESEP_CGSL_SHIM_H
// GSL headers used by RareSep. GSL exposes algorithm types (ODE steppers, root
// solvers, trust-region methods) as global `const T *` variables, which Swift 6
// rejects as shared mutable state; the static inline accessors below return them.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_version.h>

static inline const gsl_multiroot_fsolver_type *raresep_multiroot_hybrids(void) { return gsl_multiroot_fsolver_hybrids; }
static inline const gsl_multiroot_fdfsolver_type *raresep_multiroot_hybridsj(void) { return gsl_multiroot_fdfsolver_hybridsj; }
static inline const gsl_multiroot_fdfsolver_type *raresep_multiroot_newton(void) { return gsl_multiroot_fdfsolver_newton; }
static inline const gsl_multifit_nlinear_type *raresep_multifit_trust(void) { return gsl_multifit_nlinear_trust; }
static inline const gsl_multifit_nlinear_trs *raresep_trs_lm(void) { return gsl_multifit_nlinear_trs_lm; }
static inline const gsl_multifit_nlinear_trs *raresep_trs_lmaccel(void) { return gsl_multifit_nlinear_trs_lmaccel; }
static inline const gsl_multifit_nlinear_trs *raresep_trs_dogleg(void) { return gsl_multifit_nlinear_trs_dogleg; }
static inline const gsl_multifit_nlinear_scale *raresep_scale_more(void) { return gsl_multifit_nlinear_scale_more; }
static inline const gsl_multifit_nlinear_solver *raresep_solver_qr(void) { return gsl_multifit_nlinear_solver_qr; }
static inline const gsl_multifit_nlinear_trs *raresep_trs_ddogleg(void) { return gsl_multifit_nlinear_trs_ddogleg; }
static inline const gsl_multifit_nlinear_trs *raresep_trs_subspace2d(void) { return gsl_multifit_nlinear_trs_subspace2D; }
static inline const gsl_multifit_nlinear_scale *raresep_scale_levenberg(void) { return gsl_multifit_nlinear_scale_levenberg; }
static inline const gsl_multifit_nlinear_scale *raresep_scale_marquardt(void) { return gsl_multifit_nlinear_scale_marquardt; }
static inline const gsl_multifit_nlinear_solver *raresep_solver_cholesky(void) { return gsl_multifit_nlinear_solver_cholesky; }
static inline const gsl_multifit_nlinear_solver *raresep_solver_svd(void) { return gsl_multifit_nlinear_solver_svd; }
static inline const gsl_odeiv2_step_type *raresep_odeiv2_msbdf(void) { return gsl_odeiv2_step_msbdf; }
static inline const gsl_odeiv2_step_type *raresep_odeiv2_bsimp(void) { return gsl_odeiv2_step_bsimp; }
static inline const gsl_odeiv2_step_type *raresep_odeiv2_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *raresep_odeiv2_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_rng_type *raresep_rng_mt19937(void) { return gsl_rng_mt19937; }
/// The version string of the GSL library linked at run time (gsl_version).
static inline const char *raresep_gsl_runtime_version(void) { return gsl_version; }


// Floating-point control of the calling thread: flush subnormal doubles (below
// 2.2e-308) to zero in results (FTZ) and read subnormal inputs as zero (DAZ), and
// restore the saved control word. Returns the control word before the change.
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
static inline unsigned long raresep_fp_flush_subnormals(void) {
    unsigned int c = _mm_getcsr();
    _mm_setcsr(c | 0x8040u);   /* FTZ (bit 15) | DAZ (bit 6) */
    return c;
}
static inline void raresep_fp_restore(unsigned long c) { _mm_setcsr((unsigned int)c); }
#elif defined(__aarch64__)
static inline unsigned long raresep_fp_flush_subnormals(void) {
    unsigned long c;
    __asm__ volatile("mrs %0, fpcr" : "=r"(c));
    __asm__ volatile("msr fpcr, %0" : : "r"(c | (1ul << 24)));   /* FZ */
    return c;
}
static inline void raresep_fp_restore(unsigned long c) { __asm__ volatile("msr fpcr, %0" : : "r"(c)); }
#else
static inline unsigned long raresep_fp_flush_subnormals(void) { return 0; }
static inline void raresep_fp_restore(unsigned long c) { (void)c; }
#endif

#endif
