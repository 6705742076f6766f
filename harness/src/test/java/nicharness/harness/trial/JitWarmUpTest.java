package nicharness.harness.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import nicharness.harness.plan.Profile;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

    /** A testbed whose every warm-up chunk advances a fake clock by the chunk's length. */
    private static final class ClockedTestbed implements Testbed {
        long nanos;
        final List<Load> loads = new ArrayList<>();

        @Override
        public void warmUp(final Load load) {
            loads.add(load);
            nanos += Math.round(load.seconds() * 1e9);
        }

        @Override
        public Measurement heatUp(final double seconds, final double gbpsPerDirection) {
            throw new UnsupportedOperationException("a warm-up measures nothing");
        }

        @Override
        public Measurement offer(final Load load) {
            throw new UnsupportedOperationException("a warm-up measures nothing");
        }

        @Override
        public void close() {
        }
    }

    /** The JIT's compilation time, moving at each of the listed chunks (counted from 1). */
    private static LongSupplier compilingAt(final ClockedTestbed testbed, final int... chunks) {
        return () -> {
            long millis = 0;
            for (final int chunk : chunks) {
                if (testbed.loads.size() >= chunk) {
                    millis += 50;
                }
            }
            return millis;
        };
    }

    /** The chunks it takes to last {@code seconds}. */
    private static int chunksIn(final double seconds) {
        return (int) Math.ceil(seconds / JitWarmUp.CHUNK_SECONDS - 1e-9);
    }

    @Test
    void aQuietJitEndsTheWarmUpAtTheProfilesMinimum() {
        final ClockedTestbed testbed = new ClockedTestbed();
        final JitWarmUp.Outcome outcome = JitWarmUp.run(testbed, Profile.QUICK, compilingAt(testbed), () -> testbed.nanos);
        assertTrue(outcome.quiet());
        assertEquals(chunksIn(Profile.QUICK.warmupSeconds()), outcome.chunks());
        assertEquals(outcome.chunks() * JitWarmUp.CHUNK_SECONDS, outcome.seconds(), 1e-9);
    }

    @Test
    void theWarmUpGoesOnUntilTwoChunksPassWithoutCompilation() {
        final ClockedTestbed testbed = new ClockedTestbed();
        final JitWarmUp.Outcome outcome = JitWarmUp.run(testbed, Profile.QUICK, compilingAt(testbed, 1, 2, 5, 7, 9, 11, 13, 15, 17, 19, 20, 22),
                () -> testbed.nanos);
        assertTrue(outcome.quiet());
        assertTrue(chunksIn(Profile.QUICK.warmupSeconds()) < 20, "the compilations go on past the minimum");
        assertEquals(24, outcome.chunks(), "compilation in chunk 22, then chunks 23 and 24 quiet");
        assertEquals(600, outcome.compilationMillis());
    }

    @Test
    void aTrickleOfSmallCompilationsCountsAsQuiet() {
        final ClockedTestbed testbed = new ClockedTestbed();
        final long[] millis = {0};
        final JitWarmUp.Outcome outcome = JitWarmUp.run(testbed, Profile.QUICK,
                () -> millis[0] += JitWarmUp.QUIET_COMPILATION_MILLIS, () -> testbed.nanos);
        assertTrue(outcome.quiet());
        assertEquals(chunksIn(Profile.QUICK.warmupSeconds()), outcome.chunks());
    }

    @Test
    void chunksAlternateBetweenProbedTrafficAtTheWarmUpRateAndLineRate() {
        final ClockedTestbed testbed = new ClockedTestbed();
        JitWarmUp.run(testbed, Profile.QUICK, compilingAt(testbed, 1, 2, 3), () -> testbed.nanos);
        for (int i = 0; i < testbed.loads.size(); i++) {
            final Load load = testbed.loads.get(i);
            if (i % 2 == 0) {
                assertEquals(Profile.QUICK.warmupGbps(), load.gbpsPerDirection());
                assertEquals(Profile.QUICK.probesPerSecond(), load.probesPerSecond());
            } else {
                assertEquals(Profile.LINE_RATE_GBPS, load.gbpsPerDirection());
                assertEquals(0, load.probesPerSecond());
            }
        }
    }

    @Test
    void aJitThatNeverGoesQuietStopsAtTheMaximumAndSaysSo() {
        final ClockedTestbed testbed = new ClockedTestbed();
        final long[] millis = {0};
        final JitWarmUp.Outcome outcome = JitWarmUp.run(testbed, Profile.QUICK, () -> millis[0] += 50, () -> testbed.nanos);
        assertFalse(outcome.quiet());
        assertEquals(chunksIn(Profile.QUICK.warmupMaxSeconds()), outcome.chunks());
        assertTrue(outcome.seconds() >= Profile.QUICK.warmupMaxSeconds());
    }
}
