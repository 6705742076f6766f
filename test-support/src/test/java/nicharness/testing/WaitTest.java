package nicharness.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {

    @Test
    void returnsOnceTheConditionHoldsRunningThePassInBetween() {
        final AtomicInteger passes = new AtomicInteger();
        Wait.until("three passes", Duration.ofSeconds(5), () -> passes.get() == 3, passes::get, passes::incrementAndGet);
        assertEquals(3, passes.get());
    }

    @Test
    void aConditionThatNeverHoldsFailsAtTheDeadlineNamingWhatItWaitedForAndWhatItSaw() {
        final long start = System.nanoTime();
        final AssertionError e = assertThrows(AssertionError.class, () -> Wait.until(
                "frame 6000 on port 1", Duration.ofMillis(200), () -> false, () -> "count=5999"));
        final long waited = System.nanoTime() - start;
        assertTrue(waited >= 200_000_000L && waited < 10_000_000_000L, "waited " + waited + " ns");
        assertTrue(e.getMessage().startsWith("gave up waiting for frame 6000 on port 1 after 0."), e.getMessage());
        assertTrue(e.getMessage().endsWith("last observed: count=5999"), e.getMessage());
    }

    @Test
    void aThreadThatDoesNotEndFailsTheJoinWithItsStack() throws InterruptedException {
        final Thread sleeper = Thread.ofPlatform().name("sleeper").daemon().start(() -> {
            try {
                Thread.sleep(60_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        final AssertionError e = assertThrows(AssertionError.class,
                () -> Wait.join(sleeper, "sleeping", Duration.ofMillis(100)));
        assertTrue(e.getMessage().startsWith("thread sleeper (sleeping) still running after 0 s; its stack:"), e.getMessage());
        assertTrue(e.getMessage().contains("Thread.sleep"), e.getMessage());
        sleeper.interrupt();
        Wait.join(sleeper, "sleeping", Duration.ofSeconds(10));
    }
}
