package nicharness.harness.trial;

import java.util.function.LongSupplier;
import nicharness.harness.plan.Profile;

/**
 * The warm-up before a trial's heat-up: traffic until the JIT has stopped compiling, so that every
 * measurement runs on the code that will run from then on.
 *
 * <p>A fixed warm-up is not enough here. The driver's and the tester's threads each busy-poll a CPU,
 * so on a 2-CPU machine the compiler threads share those CPUs with them, and a C2 compilation that
 * would take 50 ms on an idle CPU can take several hundred. With the quick profile's 0.5 s a trial
 * used to start its search while C1 and C2 were still compiling the data path: the driver ran part
 * of each 0.1 s step in slower code, and lost the preempted milliseconds as card drops.
 *
 * <p>The warm-up alternates between the profile's warm-up rate with latency probes (the paths of the
 * heat-up and the latency levels) and line rate (the overload paths of the first search steps: full
 * rings, card drops), in chunks of {@value #CHUNK_SECONDS} s. It ends once it has lasted the
 * profile's minimum and the JIT is quiet by {@link JitQuiet}'s rule (with two chunks, one of each
 * kind); or at the profile's maximum, when the trial goes on and its result says the JIT was not
 * quiet.
 */
public final class JitWarmUp {
    /** The length of one chunk of warm-up traffic. */
    static final double CHUNK_SECONDS = JitQuiet.CHUNK_SECONDS;
    /** Consecutive quiet chunks that end the warm-up ({@link JitQuiet}'s rule). */
    static final int QUIET_CHUNKS = JitQuiet.QUIET_CHUNKS;
    /** The most compilation a chunk may see and still count as quiet ({@link JitQuiet}'s rule). */
    static final long QUIET_COMPILATION_MILLIS = JitQuiet.QUIET_COMPILATION_MILLIS;

    private JitWarmUp() {
    }

    /**
     * What a warm-up did.
     *
     * @param seconds           how long it lasted
     * @param chunks            how many chunks of traffic it offered
     * @param compilationMillis the JIT's total compilation time when it ended
     * @param quiet             whether the JIT was quiet when it ended (false: it reached the maximum)
     */
    public record Outcome(double seconds, int chunks, long compilationMillis, boolean quiet) {
    }

    /** Warms {@code testbed} up as {@code profile} says, watching this JVM's compiler. */
    public static Outcome run(final Testbed testbed, final Profile profile) {
        if (JitQuiet.compiledMillisOfThisJvm() < 0) {
            // No way to tell: the longest warm-up, reported as not known to be quiet.
            return run(testbed, profile, () -> System.nanoTime() / 1_000_000, System::nanoTime);
        }
        return run(testbed, profile, JitQuiet::compiledMillisOfThisJvm, System::nanoTime);
    }

    /**
     * The same traffic as {@link #run}, a fixed number of chunks ({@value #QUIET_CHUNKS}, one of each
     * kind) whatever the JIT does: for a driver of fixed cost ({@code --cpu-cost fixed:...}), whose
     * results do not depend on compiled code, so that every run of a trial reaches its heat-up in the
     * same state and its rows are the same to the digit.
     */
    public static Outcome fixed(final Testbed testbed, final Profile profile) {
        final long start = System.nanoTime();
        final double chunk = Math.min(CHUNK_SECONDS, 1.5 * profile.searchStepSeconds());
        testbed.warmUp(new Load(profile.warmupGbps(), chunk, profile.probesPerSecond(), 0, 1));
        testbed.warmUp(Load.throughput(Profile.LINE_RATE_GBPS, chunk));
        return new Outcome((System.nanoTime() - start) / 1e9, QUIET_CHUNKS, JitQuiet.compiledMillisOfThisJvm(), false);
    }

    /**
     * Warms {@code testbed} up with the given clocks.
     *
     * @param compilationMillis the JIT's total compilation time so far, in ms
     * @param nanoTime          the wall clock
     */
    static Outcome run(final Testbed testbed, final Profile profile, final LongSupplier compilationMillis,
                       final LongSupplier nanoTime) {
        final long start = nanoTime.getAsLong();
        final long minimum = Math.round(profile.warmupSeconds() * 1e9);
        final long maximum = Math.max(minimum, Math.round(profile.warmupMaxSeconds() * 1e9));
        // A chunk lasts at most one and a half search steps: in simulated time, where steps are short,
        // a chunk takes real time in proportion, and the warm-up's end is judged in real time.
        final double chunk = Math.min(CHUNK_SECONDS, 1.5 * profile.searchStepSeconds());
        final Load probed = new Load(profile.warmupGbps(), chunk, profile.probesPerSecond(), 0, 1);
        final Load overload = Load.throughput(Profile.LINE_RATE_GBPS, chunk);
        final JitQuiet jit = new JitQuiet(compilationMillis);
        int chunks = 0;
        long elapsed = 0;
        while (elapsed < maximum) {
            testbed.warmUp(chunks % 2 == 0 ? probed : overload);
            chunks++;
            final boolean quiet = jit.chunkEnded();
            elapsed = nanoTime.getAsLong() - start;
            if (elapsed >= minimum && quiet) {
                return new Outcome(elapsed / 1e9, chunks, jit.compiledMillis(), true);
            }
        }
        return new Outcome(elapsed / 1e9, chunks, jit.compiledMillis(), false);
    }
}
