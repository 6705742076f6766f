package nicharness.harness.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slow no-op's work per packet: the run's measurement of a step, passed down, decides it. */
class SlowNopTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(SlowNop.NANOS_PER_STEP_PROPERTY);
    }

    @Test
    void theRunsMeasurementDecidesTheCountInEveryTrialJvm() {
        System.setProperty(SlowNop.NANOS_PER_STEP_PROPERTY, "1.5");
        assertEquals(40, SlowNop.calibrate(60), "60 ns of 1.5 ns steps, not this JVM's own measurement");
        assertEquals(1, SlowNop.calibrate(0.1), "at least one");
        assertEquals(0, SlowNop.calibrate(0), "no extra work, none");
    }

    /** A clock on which each timed chunk of a million steps takes {@code perStep(chunk)} ns a step. */
    private static java.util.function.LongSupplier chunksTaking(final java.util.function.IntToDoubleFunction perStep) {
        return new java.util.function.LongSupplier() {
            private long now;
            private int reads;

            @Override
            public long getAsLong() {
                if (reads % 2 == 1) {
                    now += Math.round(perStep.applyAsDouble(reads / 2) * 1_000_000);
                }
                reads++;
                return now;
            }
        };
    }

    @Test
    void aStepsTimeIsTheCompiledCodesNotTheFirstRoundsThatAgree() {
        // Ten rounds of five chunks at C1's 2.4 ns a step, agreeing to the digit, then C2's 1.6.
        assertEquals(1.6, SlowNop.nanosPerStep(chunksTaking(chunk -> chunk < 50 ? 2.4 : 1.6)), 1e-9);
        // A chunk a neighbour slowed does not count: the fastest does.
        assertEquals(1.6, SlowNop.nanosPerStep(chunksTaking(chunk -> chunk % 7 == 3 ? 3.1 : 1.6)), 1e-9);
    }

    @Test
    void aPropertyThatIsNoTimeIsRefusedByName() {
        System.setProperty(SlowNop.NANOS_PER_STEP_PROPERTY, "fast");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlowNop.calibrate(60));
        assertTrue(e.getMessage().contains(SlowNop.NANOS_PER_STEP_PROPERTY) && e.getMessage().contains("fast"),
                e.getMessage());
        System.setProperty(SlowNop.NANOS_PER_STEP_PROPERTY, "-1");
        assertThrows(IllegalArgumentException.class, () -> SlowNop.calibrate(60));
    }

    @Test
    void withoutThePropertyTheJvmMeasuresAPositiveTime() {
        final double nanos = SlowNop.nanosPerStep();
        assertTrue(nanos > 0 && nanos < 1_000, "one step: " + nanos + " ns");
        assertTrue(SlowNop.calibrate(60) >= 1);
    }

    @Test
    void theWorkIsAChainOfMixingSteps() {
        assertEquals((5L ^ (5L >>> 31)) * 0x9E3779B97F4A7C15L, SlowNop.burn(5, 1));
        assertEquals(SlowNop.burn(SlowNop.burn(7, 3), 2), SlowNop.burn(7, 5));
    }
}
