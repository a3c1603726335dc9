import CGSL

/// Quantiles and distribution functions from GSL's `gsl_cdf`, for confidence
/// intervals and coverage checks.
public enum StatisticalDistributions {
    /// Student-t quantile t_P,ν: the value with P(T ≤ t) = `probability` for ν
    /// degrees of freedom (`gsl_cdf_tdist_Pinv`); e.g. (0.975, ν) for a 95 % interval.
    public static func studentTQuantile(probability: Double, degreesOfFreedom: Double) -> Double {
        GSL.configure()
        return gsl_cdf_tdist_Pinv(probability, degreesOfFreedom)
    }

    /// Standard normal quantile z_P (`gsl_cdf_ugaussian_Pinv`).
    public static func normalQuantile(probability: Double) -> Double {
        GSL.configure()
        return gsl_cdf_ugaussian_Pinv(probability)
    }

    /// Binomial cumulative probability P(K ≤ k) for n trials of success probability p
    /// (`gsl_cdf_binomial_P`).
    public static func binomialCDF(_ k: Int, probability p: Double, trials n: Int) -> Double {
        GSL.configure()
        return gsl_cdf_binomial_P(UInt32(max(0, k)), p, UInt32(n))
    }

    /// Smallest and largest success counts k_lo, k_hi with P(K < k_lo) ≤ α/2 and
    /// P(K > k_hi) ≤ α/2: the central binomial acceptance band at level 1 − α.
    public static func binomialBand(probability p: Double, trials n: Int, alpha: Double) -> ClosedRange<Int> {
        var lo = 0
        while lo < n && binomialCDF(lo, probability: p, trials: n) <= alpha / 2 { lo += 1 }
        var hi = n
        while hi > 0 && 1 - binomialCDF(hi - 1, probability: p, trials: n) <= alpha / 2 { hi -= 1 }
        return lo...hi
    }
}

/// Statistics of a sample (`gsl_statistics`).
public enum SampleStatistics {
    /// The `probability` quantile of `sorted` (ascending, not empty) by linear
    /// interpolation between order statistics at (n − 1)·P
    /// (`gsl_stats_quantile_from_sorted_data`; numpy's default, Hyndman–Fan type 7).
    public static func quantile(sorted: [Double], probability: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        return sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress!, 1, $0.count, probability) }
    }
}

/// A seeded Mersenne-Twister generator (`gsl_rng_mt19937`) for reproducible
/// synthetic data: the same seed gives the same numbers on every platform.
public final class SeededRandom {
    private let rng: UnsafeMutablePointer<gsl_rng>

    /// Generator seeded with `seed` (`gsl_rng_set`).
    public init(seed: UInt) {
        GSL.configure()
        rng = gsl_rng_alloc(raresep_rng_mt19937())!
        gsl_rng_set(rng, seed)
    }

    deinit { gsl_rng_free(rng) }

    /// A normal deviate with mean 0 and standard deviation σ (`gsl_ran_gaussian`).
    public func gaussian(standardDeviation sigma: Double) -> Double { gsl_ran_gaussian(rng, sigma) }

    /// A uniform deviate in [0, 1) (`gsl_rng_uniform`).
    public func uniform() -> Double { gsl_rng_uniform(rng) }
}
