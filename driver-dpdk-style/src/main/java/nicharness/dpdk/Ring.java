package nicharness.dpdk;

import nicharness.driver.AllocationStep;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The backing store of a {@link Mempool}: {@code rte_ring} in its default multi-producer,
 * multi-consumer form (the {@code ring_mp_mc} mempool ops every baseline used), holding free mbuf
 * ids in FIFO order, with all-or-nothing bulk operations ({@code RTE_RING_QUEUE_FIXED}).
 *
 * <p>Protocol, for each side: reserve a range by moving the side's <em>head</em> with a
 * compare-and-set, copy the ids, wait until earlier reservations of the same side have finished
 * (its <em>tail</em> reaches our old head), then publish by storing the tail with release. The
 * other side reads this tail with acquire before touching the slots. Indices run freely and are
 * masked on use; their differences stay correct across int overflow.
 *
 * <p>The size is the next power of two above the pool size and the capacity one less, as
 * {@code rte_ring_create(rte_align32pow2(n + 1))} gives. Every experiment drives a ring from one
 * core, so the compare-and-set never fails; it stays because its cost (a locked instruction per
 * bulk operation) is part of what a DPDK pool operation costs. The four indices are not padded
 * apart, for the same reason: with one core there is no false sharing to avoid.
 */
@AllocationStep
public final class Ring {
    private static final VarHandle PROD_HEAD;
    private static final VarHandle PROD_TAIL;
    private static final VarHandle CONS_HEAD;
    private static final VarHandle CONS_TAIL;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PROD_HEAD = lookup.findVarHandle(Ring.class, "prodHead", int.class);
            PROD_TAIL = lookup.findVarHandle(Ring.class, "prodTail", int.class);
            CONS_HEAD = lookup.findVarHandle(Ring.class, "consHead", int.class);
            CONS_TAIL = lookup.findVarHandle(Ring.class, "consTail", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Pauses before a waiting thread yields its core. Not a DPDK 20.02 value: see
     * {@link #awaitTail}. (DPDK up to 17.02 had a build option of this shape,
     * {@code RTE_RING_PAUSE_REP_COUNT}, removed in 17.05.)
     */
    private static final int PAUSES_BEFORE_YIELD = 64;

    private final int[] slots;
    private final int mask;
    private final int capacity;
    @SuppressWarnings("unused") // accessed through PROD_HEAD
    private int prodHead;
    @SuppressWarnings("unused") // accessed through PROD_TAIL
    private int prodTail;
    @SuppressWarnings("unused") // accessed through CONS_HEAD
    private int consHead;
    @SuppressWarnings("unused") // accessed through CONS_TAIL
    private int consTail;

    /**
     * An empty ring that can hold at least {@code count} ids.
     *
     * @throws IllegalArgumentException if {@code count} is not in [1, 2^30)
     */
    public Ring(final int count) {
        if (count < 1 || count >= 1 << 30) {
            throw new IllegalArgumentException("ring count must be in [1, 2^30): count=" + count);
        }
        final int size = Integer.highestOneBit(count) << 1; // rte_align32pow2(count + 1)
        this.slots = new int[size];
        this.mask = size - 1;
        this.capacity = size - 1;
    }

    /** How many ids the ring can hold. */
    public int capacity() {
        return capacity;
    }

    /** {@code rte_ring_count}: the ids in the ring (exact when no operation is in progress). */
    public int count() {
        return (int) PROD_TAIL.getAcquire(this) - (int) CONS_TAIL.getAcquire(this);
    }

    /**
     * {@code rte_ring_mp_enqueue_bulk}: appends {@code ids[offset .. offset + n)}, or nothing if
     * fewer than {@code n} slots are free.
     *
     * @return whether the ids were enqueued
     */
    public boolean enqueueBulk(final int[] ids, final int offset, final int n) {
        int oldHead;
        int newHead;
        do {
            oldHead = (int) PROD_HEAD.getVolatile(this);
            final int free = capacity + (int) CONS_TAIL.getAcquire(this) - oldHead;
            if (n > free) {
                return false;
            }
            newHead = oldHead + n;
        } while (!PROD_HEAD.compareAndSet(this, oldHead, newHead));
        final int[] slots = this.slots;
        for (int i = 0; i < n; i++) {
            slots[(oldHead + i) & mask] = ids[offset + i];
        }
        awaitTail(PROD_TAIL, oldHead); // an earlier producer is still copying
        PROD_TAIL.setRelease(this, newHead); // publishes the slots to consumers
        return true;
    }

    /**
     * {@code rte_ring_mc_dequeue_bulk}: removes the {@code n} oldest ids into
     * {@code ids[offset .. offset + n)}, or nothing if fewer than {@code n} are in the ring.
     *
     * @return whether the ids were dequeued
     */
    public boolean dequeueBulk(final int[] ids, final int offset, final int n) {
        int oldHead;
        int newHead;
        do {
            oldHead = (int) CONS_HEAD.getVolatile(this);
            final int entries = (int) PROD_TAIL.getAcquire(this) - oldHead;
            if (n > entries) {
                return false;
            }
            newHead = oldHead + n;
        } while (!CONS_HEAD.compareAndSet(this, oldHead, newHead));
        final int[] slots = this.slots;
        for (int i = 0; i < n; i++) {
            ids[offset + i] = slots[(oldHead + i) & mask];
        }
        awaitTail(CONS_TAIL, oldHead); // an earlier consumer is still copying
        CONS_TAIL.setRelease(this, newHead); // frees the slots for producers
        return true;
    }

    /**
     * Waits until the earlier reservations of one side have been published.
     *
     * <p><b>Departs from DPDK 20.02.</b> Its {@code update_tail} ({@code lib/librte_ring/rte_ring_generic.h}
     * and {@code rte_ring_c11_mem.h}) only spins with {@code rte_pause()} until the tail reaches the
     * old head; the option to yield after a number of pauses ({@code RTE_RING_PAUSE_REP_COUNT}) was
     * removed in DPDK 17.05. Here, after {@link #PAUSES_BEFORE_YIELD} pauses the waiting thread
     * yields its core. Why: a thread that reserved a range and was then preempted cannot publish
     * until it runs again; with more ring users than cores (four on one core in
     * {@code RingTest.twoProducersAndTwoConsumersSharingOneCoreFinishPromptly}), pure spinning burns
     * whole time slices and stalled that test for minutes. DPDK never meets this case because each
     * lcore is a dedicated core. It changes no measurement: every experiment drives a ring from one
     * thread, which never enters this loop.
     */
    private void awaitTail(final VarHandle tail, final int expected) {
        int pauses = 0;
        while ((int) tail.getAcquire(this) != expected) {
            if (++pauses <= PAUSES_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                pauses = 0;
                Thread.yield();
            }
        }
    }

    @Override
    public String toString() {
        return "Ring[capacity=" + capacity + ", count=" + count() + "]";
    }
}
