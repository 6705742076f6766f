package nicharness.env.linux;

import static nicharness.env.linux.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pinning a thread of our own (never the test runner's) and reading back where it runs. */
class ThreadAffinityTest {

    /** Runs {@code body} on a fresh platform thread, so the pinning dies with it. */
    private static void onOwnThread(final Runnable body) throws InterruptedException {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = Thread.ofPlatform().name("pinned").start(() -> {
            try {
                body.run();
            } catch (final Throwable e) {
                failure.set(e);
            }
        });
        Wait.join(thread, "the test body on its own thread", Wait.DEFAULT);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pinnedToTheLastCpuRunsThere() throws InterruptedException {
        final int[] available = ThreadAffinity.availableCpus();
        assertTrue(available.length >= 1);
        final int cpu = available[available.length - 1]; // CPU 1 on a two-CPU machine
        onOwnThread(() -> {
            ThreadAffinity.pin(cpu);
            assertArrayEquals(new int[] {cpu}, ThreadAffinity.allowedCpus());
            for (int i = 0; i < 100; i++) {
                assertEquals(cpu, ThreadAffinity.currentCpu());
                Thread.yield(); // even after being descheduled
            }
        });
        assertArrayEquals(available, ThreadAffinity.availableCpus(), "other threads are not affected");
    }

    @Test
    void availableCpusMatchWhatTheJvmSees() {
        assertEquals(Runtime.getRuntime().availableProcessors(), ThreadAffinity.availableCpus().length);
        final int current = ThreadAffinity.currentCpu();
        assertTrue(current >= 0 && current < ThreadAffinity.MAX_CPUS);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aCpuThatDoesNotExistIsAClearError() throws InterruptedException {
        final int[] available = ThreadAffinity.availableCpus();
        final int missing = available[available.length - 1] + 1;
        onOwnThread(() -> {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThreadAffinity.pin(missing));
            assertContains(e.getMessage(), "CPU " + missing, "no such CPU", "available CPUs are [");
            assertThrows(IllegalArgumentException.class, () -> ThreadAffinity.pin(-1));
            assertThrows(IllegalArgumentException.class, () -> ThreadAffinity.pin(ThreadAffinity.MAX_CPUS));
        });
    }
}
