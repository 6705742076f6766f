package nicharness.harness.cost;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nicharness.bench.driver.DriverRig;

/**
 * Time per packet from timing each unit of work, as the paper did with PAPI around each receive,
 * process and transmit ({@code paper.md} section 3.5): here a unit is one deferred
 * {@link DriverRig#round()} (every circulating frame received, processed and queued once; the
 * model's work runs between rounds, untimed), timed with {@link System#nanoTime()}.
 *
 * <p>As in the paper, the cost of an empty measurement (two timer reads) is measured the same way
 * and subtracted, and the median and 99th percentile are reported, not the mean: on a shared
 * machine a round that was preempted is an outlier the median ignores. This is the quick time
 * figure of the default run; {@link CostBenchmarks} gives JMH's, with error bars.
 */
public final class RoundTiming {
    /** Rounds before timing: about 300,000 packets, enough for C2 to compile the loop. */
    public static final int WARM_UP_ROUNDS = 2500;
    /** Rounds timed. */
    public static final int ROUNDS = 2000;

    /**
     * Per-packet times.
     *
     * @param medianNanos    median time per packet
     * @param p99Nanos       99th-percentile time per packet
     * @param overheadNanos  median cost of an empty timing, per round, already subtracted
     * @param roundPackets   packets per round
     * @param rounds         rounds timed
     */
    public record Result(double medianNanos, double p99Nanos, long overheadNanos, int roundPackets, int rounds) {
    }

    private RoundTiming() {
    }

    /** Times {@code rounds} rounds of {@code config}'s rig after {@code warmUpRounds}. */
    public static Result measure(final DriverRig.Config config, final int warmUpRounds, final int rounds) {
        try (DriverRig rig = DriverRig.open(config)) {
            return measure(rig, warmUpRounds, rounds);
        }
    }

    /** Times rounds on an open deferred rig (which it leaves open). */
    public static Result measure(final DriverRig rig, final int warmUpRounds, final int rounds) {
        for (int i = 0; i < warmUpRounds; i++) {
            rig.round();
            rig.refill();
        }
        JitQuiescence.await(rig);
        final long[] work = new long[rounds];
        final long[] empty = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            final long e0 = System.nanoTime();
            final long e1 = System.nanoTime();
            empty[i] = e1 - e0;
            final long t0 = System.nanoTime();
            rig.round();
            final long t1 = System.nanoTime();
            work[i] = t1 - t0;
            rig.refill();
        }
        Arrays.sort(work);
        Arrays.sort(empty);
        final long overhead = empty[rounds / 2];
        final int packets = rig.roundPackets();
        return new Result((double) (work[rounds / 2] - overhead) / packets,
                (double) (work[(int) Math.min(rounds - 1, Math.ceil(rounds * 0.99) - 1)] - overhead) / packets,
                overhead, packets, rounds);
    }

    /** Times {@code driver} with {@code nf} with the standard settings. */
    public static Result measure(final String driver, final String nf) {
        return measure(DriverRig.Config.deferred(driver, nf), WARM_UP_ROUNDS, ROUNDS);
    }

    /** The rows of one result. */
    public static List<CostRow> rows(final String driver, final String nf, final Result r) {
        final String method = String.format(Locale.ROOT, "System.nanoTime around each deferred round of %d packets "
                        + "(the model's work between rounds, untimed), %d rounds after %d of warm-up, empty timing (%d ns"
                        + " per round) subtracted", r.roundPackets(), r.rounds(), WARM_UP_ROUNDS, r.overheadNanos());
        return List.of(CostRow.of(driver, nf, "time_per_packet_median", r.medianNanos(), "ns", method),
                CostRow.of(driver, nf, "time_per_packet_p99", r.p99Nanos(), "ns", method));
    }
}
