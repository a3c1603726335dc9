import CGSL

/// Subnormal doubles (below 2.2e-308) flushed to zero while a solver runs.
///
/// Traces in a long contactor or cascade fall hundreds of decades; their products in the
/// chemistry's derivatives, the block eliminations and the residuals then land among the
/// subnormal numbers, which x86 cores handle by microcode assists of the order of a hundred
/// cycles each: on this project's x86 machine the 200-cell contactor's block solve took
/// twice as long and its factorisation a third longer at a converged state with 44
/// subnormal unknowns (docs/emulsion-flow-contactor.md, session 7).
/// The solvers resolve nothing there — a residual row is scaled no finer than
/// `StageClosure.scaleFloor` (1e-200 mol/s or mol/m³), 108 decades above the subnormal
/// range — so reading and writing those values as zero changes no result the solvers
/// report, and the unknowns stay nonnegative.
public enum SubnormalFlush {
    /// Run `body` on this thread with subnormal results flushed to zero and subnormal
    /// operands read as zero (x86 MXCSR FTZ and DAZ, ARM FPCR FZ), then restore the
    /// thread's previous mode (also when `body` throws). Nests.
    public static func run<T>(_ body: () throws -> T) rethrows -> T {
        let saved = raresep_fp_flush_subnormals()
        defer { raresep_fp_restore(saved) }
        return try body()
    }

    /// True when this thread flushes subnormals to zero now.
    public static var isActive: Bool {
        let tiny = Double.leastNormalMagnitude
        // a subnormal result of a run-time product is 0 only under FTZ
        return opaque(tiny) * opaque(0.5) == 0
    }

    @inline(never) static func opaque(_ x: Double) -> Double { x }
}
