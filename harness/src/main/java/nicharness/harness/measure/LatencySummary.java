package nicharness.harness.measure;

/**
 * A latency distribution in the paper's terms, in nanoseconds (see {@link LatencyStatistics} for
 * the percentile rule).
 *
 * @param samples the number of samples
 * @param minNs   the smallest
 * @param p50Ns   the median
 * @param p99Ns   the 99th percentile
 * @param p999Ns  the 99.9th percentile
 * @param p9999Ns the 99.99th percentile
 * @param maxNs   the largest
 * @param meanNs  the mean
 */
public record LatencySummary(long samples, long minNs, long p50Ns, long p99Ns, long p999Ns, long p9999Ns,
                             long maxNs, double meanNs) {
}
