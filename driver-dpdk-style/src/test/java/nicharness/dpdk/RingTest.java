package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import nicharness.env.linux.ThreadAffinity;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RingTest {

    @Test
    void sizeIsTheNextPowerOfTwoAboveTheCountAndCapacityOneLess() {
        assertEquals(1, new Ring(1).capacity());
        assertEquals(7, new Ring(4).capacity());
        assertEquals(7, new Ring(7).capacity());
        assertEquals(15, new Ring(8).capacity());
        assertEquals(16383, new Ring(9716).capacity());
        assertThrows(IllegalArgumentException.class, () -> new Ring(0));
    }

    @Test
    void bulkOperationsAreFifoAndAllOrNothing() {
        final Ring ring = new Ring(8); // capacity 15
        final int[] ids = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        assertTrue(ring.enqueueBulk(ids, 0, 10));
        assertFalse(ring.enqueueBulk(ids, 10, 6), "6 more than the 5 free slots");
        assertEquals(10, ring.count());
        assertTrue(ring.enqueueBulk(ids, 10, 5));
        assertEquals(15, ring.count());

        final int[] out = new int[16];
        assertFalse(ring.dequeueBulk(out, 0, 16), "more than the ring holds");
        assertEquals(15, ring.count());
        assertTrue(ring.dequeueBulk(out, 3, 4));
        assertArrayEquals(new int[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(out, 3, 7));
        assertEquals(11, ring.count());
    }

    @Test
    void indicesWrapAroundTheSlotsManyTimes() {
        final Ring ring = new Ring(4); // 8 slots
        final int[] in = new int[3];
        final int[] out = new int[3];
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < 3; i++) {
                in[i] = next++;
            }
            assertTrue(ring.enqueueBulk(in, 0, 3));
            assertTrue(ring.dequeueBulk(out, 0, 3));
            for (int i = 0; i < 3; i++) {
                assertEquals(expected++, out[i]);
            }
        }
        assertEquals(0, ring.count());
    }

    @Test
    @Timeout(20)
    void twoProducersAndTwoConsumersMoveEveryIdExactlyOnce() throws InterruptedException {
        moveEveryIdExactlyOnce(-1);
    }

    /**
     * Four ring users on one core: a user preempted between its reservation and its publication
     * holds up the others of its side until it runs again, so a waiter must give its core away.
     * With waiters that only spin, one round of this test took over a minute.
     */
    @Test
    @Timeout(20)
    void twoProducersAndTwoConsumersSharingOneCoreFinishPromptly() throws InterruptedException {
        moveEveryIdExactlyOnce(ThreadAffinity.allowedCpus()[0]);
    }

    /** Two producers and two consumers; every thread is pinned to {@code cpu} unless it is -1. */
    private static void moveEveryIdExactlyOnce(final int cpu) throws InterruptedException {
        final int perProducer = 20_000;
        final Ring ring = new Ring(64);
        final AtomicIntegerArray seen = new AtomicIntegerArray(2 * perProducer);
        final Thread[] threads = new Thread[4];
        for (int p = 0; p < 2; p++) {
            final int base = p * perProducer;
            threads[p] = new Thread(() -> {
                pinTo(cpu);
                final int[] batch = new int[4];
                for (int i = 0; i < perProducer; i += 4) {
                    for (int k = 0; k < 4; k++) {
                        batch[k] = base + i + k;
                    }
                    Wait.until("room in the ring for ids " + batch[0] + " to " + batch[3], Wait.DEFAULT,
                            () -> ring.enqueueBulk(batch, 0, 4), () -> "the ring holds " + ring.count());
                }
            });
        }
        final int perConsumer = perProducer;
        for (int c = 0; c < 2; c++) {
            threads[2 + c] = new Thread(() -> {
                pinTo(cpu);
                final int[] batch = new int[2];
                for (int taken = 0; taken < perConsumer; taken += 2) {
                    Wait.until("two ids to dequeue (" + taken + " taken)", Wait.DEFAULT,
                            () -> ring.dequeueBulk(batch, 0, 2), () -> "the ring holds " + ring.count());
                    seen.incrementAndGet(batch[0]);
                    seen.incrementAndGet(batch[1]);
                }
            });
        }
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        for (final Thread thread : threads) {
            thread.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
            thread.start();
        }
        for (final Thread thread : threads) {
            Wait.join(thread, "moving ids through the ring", Wait.DEFAULT);
        }
        if (failure.get() != null) {
            throw new AssertionError("a producer or consumer failed", failure.get());
        }
        for (int id = 0; id < seen.length(); id++) {
            assertEquals(1, seen.get(id), "id " + id);
        }
        assertEquals(0, ring.count());
    }

    private static void pinTo(final int cpu) {
        if (cpu >= 0) {
            ThreadAffinity.pin(cpu);
        }
    }
}
