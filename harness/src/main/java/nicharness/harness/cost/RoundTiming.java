package nicharness.harness.cost;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nicharness.testbed.DriverRig;
import nicharness.harness.trial.JitQuiet;
import nicharness.env.CoreCanary;

/**
 * Time per packet from timing each unit of work, as the paper did with PAPI around each receive,
 * process and transmit (TinyNF osdi20 {@code code/util/perf.h}, used at
 * {@code code/tinynf.c:89-109}): here a unit is one deferred
 * {@link DriverRig#round()} (every circulating frame received, processed and queued once; the
 * model's work runs between rounds, untimed), timed with {@link System#nanoTime()}.
 *
 * <p>As in the paper, the cost of an empty measurement (two timer reads) is measured the same way
 * and subtracted, and the median and 99th percentile are reported, not the mean: on a shared
 * machine a round that was preempted is an outlier the median ignores. This is the quick time
 * figure of the default run; {@link CostBenchmarks} gives JMH's, with error bars.
 *
 * <p>A {@link CoreCanary} runs after every round. Only a round with a free canary on both sides
 * ({@link CoreCanary#free()}) is kept: any other ran, at least in part, while another tenant
 * shared the physical core, which slows a driver's round 1.6 to 1.9 times for milliseconds to
 * seconds at a stretch. Rounds left out are replaced by more, up to {@link #MAX_ATTEMPTS_FACTOR}
 * times the rounds asked for, and the share left out is reported. Keeping the rounds of every
 * canary short of {@link CoreCanary#CONTENDED_RATIO}, as this class first did, let a mixture of
 * free and shared rounds through: TinyNF's no-op measured 17 ns per packet in most JVMs and 23 to
 * 36 in others; with free canaries only, 17.0 to 17.6 in five JVMs of six while the core was shared
 * for 70 to 90 % of the rounds ({@code docs/measurement-noise.md}).
 */
public final class RoundTiming {
    /** Rounds before timing: about 300,000 packets, enough for C2 to compile the loop. */
    public static final int WARM_UP_ROUNDS = 2500;
    /** Rounds timed. */
    public static final int ROUNDS = 2000;
    /** The most rounds timed, as a multiple of those asked for, while waiting for clean ones. */
    public static final int MAX_ATTEMPTS_FACTOR = 20;
    /**
     * How long to go on timing past {@link #MAX_ATTEMPTS_FACTOR} while fewer than a tenth of the
     * rounds asked for were clean: the 40,000 attempts take a fraction of a second, and a shared
     * core lasts seconds at a stretch (a reference run's Table 4 step failed on one trial of
     * twenty-five, every attempt shared, the canary at 386 ns against its 218).
     */
    public static final long WAIT_FOR_A_FREE_CORE_NANOS = 60_000_000_000L;

    /**
     * Per-packet times.
     *
     * @param medianNanos    median time per packet
     * @param p99Nanos       99th-percentile time per packet
     * @param overheadNanos  median cost of an empty timing, per round, already subtracted
     * @param roundPackets   packets per round
     * @param rounds         rounds kept (timed on an uncontended core)
     * @param contended      rounds timed and left out because the core was shared (see {@link CoreCanary})
     * @param canaryNanos    the canary's time on a free core (its baseline), in ns (compare between JVMs: a JVM contended from start to end shows here)
     */
    public record Result(double medianNanos, double p99Nanos, long overheadNanos, int roundPackets, int rounds,
                         int contended, long canaryNanos) {

        /** The share of timed rounds left out because the core was shared. */
        public double contendedShare() {
            return (double) contended / (rounds + contended);
        }
    }

    private RoundTiming() {
    }

    /** Times {@code rounds} rounds of {@code config}'s rig after {@code warmUpRounds}. */
    public static Result measure(final DriverRig.Config config, final int warmUpRounds, final int rounds) {
        try (DriverRig rig = DriverRig.open(config)) {
            return measure(rig, warmUpRounds, rounds);
        }
    }

    /** A warm-up chunk: rounds for {@link JitQuiet#CHUNK_SECONDS}, as a trial's warm-up chunk in real time. */
    static final long CHUNK_NANOS = Math.round(JitQuiet.CHUNK_SECONDS * 1e9);
    /** The longest wait for a quiet JIT, after which timing starts anyway. */
    static final long MAX_QUIET_WAIT_NANOS = 20_000_000_000L;

    /**
     * Keeps the rig's rounds running until the JIT is quiet ({@link JitQuiet}'s rule, the trials'),
     * so that timing starts on the code that will run from then on: a round count that warms up one
     * variant (thousands of polls per thousand rounds with burst 1) leaves another (two polls per
     * round with burst 32) half compiled when the compiler threads get little CPU.
     *
     * @return whether the JIT went quiet (false: 20 s passed, or the JVM does not report compilation time)
     */
    static boolean awaitQuietJit(final DriverRig rig) {
        final JitQuiet jit = JitQuiet.ofThisJvm();
        if (jit == null) {
            return false;
        }
        final long deadline = System.nanoTime() + MAX_QUIET_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            final long chunkEnd = System.nanoTime() + CHUNK_NANOS;
            while (System.nanoTime() < chunkEnd) {
                rig.round();
                rig.refill();
            }
            if (jit.chunkEnded()) {
                return true;
            }
        }
        return false;
    }

    /** Times rounds on an open deferred rig (which it leaves open). */
    public static Result measure(final DriverRig rig, final int warmUpRounds, final int rounds) {
        final CoreCanary canary = new CoreCanary();
        for (int i = 0; i < warmUpRounds; i++) {
            rig.round();
            rig.refill();
            canary.measure();
        }
        awaitQuietJit(rig);
        canary.learn(rounds);
        final long[] work = new long[rounds];
        final long[] empty = new long[rounds];
        int kept = 0;
        int contended = 0;
        boolean cleanBefore = canary.free();
        final long start = System.nanoTime();
        for (int attempt = 0; keepTiming(attempt, kept, rounds, System.nanoTime() - start); attempt++) {
            final long e0 = System.nanoTime();
            final long e1 = System.nanoTime();
            final long t0 = System.nanoTime();
            rig.round();
            final long t1 = System.nanoTime();
            rig.refill();
            canary.measure();
            final boolean cleanAfter = canary.free();
            if (cleanBefore && cleanAfter) {
                empty[kept] = e1 - e0;
                work[kept] = t1 - t0;
                kept++;
            } else {
                contended++;
            }
            cleanBefore = cleanAfter;
        }
        if (kept == 0) {
            throw new IllegalStateException("every one of " + contended + " rounds, over "
                    + WAIT_FOR_A_FREE_CORE_NANOS / 1_000_000_000L + " s, ran on a shared core (canary " + canary
                    + "): no driver-only time can be measured on this machine now; run again when it is quieter");
        }
        Arrays.sort(work, 0, kept);
        Arrays.sort(empty, 0, kept);
        final long overhead = empty[kept / 2];
        final int packets = rig.roundPackets();
        return new Result((double) (work[kept / 2] - overhead) / packets,
                (double) (work[(int) Math.min(kept - 1, Math.ceil(kept * 0.99) - 1)] - overhead) / packets,
                overhead, packets, kept, contended, canary.baselineNanos());
    }

    /**
     * Whether to time another round: until {@code rounds} are clean; past
     * {@link #MAX_ATTEMPTS_FACTOR} times that many attempts, only while fewer than a tenth are
     * clean and for at most {@link #WAIT_FOR_A_FREE_CORE_NANOS}.
     */
    static boolean keepTiming(final int attempt, final int kept, final int rounds, final long elapsedNanos) {
        if (kept >= rounds) {
            return false;
        }
        return attempt < MAX_ATTEMPTS_FACTOR * rounds || kept < rounds / 10 && elapsedNanos < WAIT_FOR_A_FREE_CORE_NANOS;
    }

    /** Times {@code driver} with {@code nf} with the standard settings. */
    public static Result measure(final String driver, final String nf) {
        return measure(DriverRig.Config.deferred(driver, nf), WARM_UP_ROUNDS, ROUNDS);
    }

    /** The rows of one result. */
    public static List<CostRow> rows(final String driver, final String nf, final Result r) {
        final String method = String.format(Locale.ROOT, "System.nanoTime around each deferred round of %d packets "
                        + "(the model's work between rounds, untimed), %d rounds after %d of warm-up, empty timing (%d ns"
                        + " per round) subtracted; %d rounds left out because a core canary (baseline %d ns) ran slow beside"
                        + " them (the core was shared)", r.roundPackets(), r.rounds(), WARM_UP_ROUNDS, r.overheadNanos(),
                r.contended(), r.canaryNanos());
        return List.of(CostRow.of(driver, nf, "time_per_packet_median", r.medianNanos(), "ns", method),
                CostRow.of(driver, nf, "time_per_packet_p99", r.p99Nanos(), "ns", method),
                CostRow.of(driver, nf, "rounds_contended_share", r.contendedShare(), "fraction", method),
                CostRow.of(driver, nf, "core_canary_baseline", r.canaryNanos(), "ns", method));
    }
}
