package nicharness.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The wire's input to a port when the engines run apart from the injecting thread (deferred and
 * threaded modes): a lock-free single-producer, single-consumer ring of frame slots, which the
 * receive engine drains. The producer is the tester (one thread per port); the consumer is the
 * engine.
 *
 * <pre>
 *  0        8        128      136      256                 256 + slot * k
 * +--------+--------+--------+--------+-------------------+-------------------+--
 * | prod   | prod's | cons   | cons's |  slot 0           |  slot 1           |
 * | index  | cache  | index  | cache  |  header + frame   |                   |
 * +--------+--------+--------+--------+-------------------+-------------------+--
 *  producer-owned line     consumer-owned line
 *
 * slot: 0 length (int) | 4 reserved | 8 arrival time, ns (long) | 16 frame bytes ...
 * </pre>
 *
 * <p>Publication follows Agrona's pairing: the producer writes the slot with plain stores, then
 * the producer index with a release store; the consumer reads the index with an acquire load,
 * then the slot with plain loads, and frees it with a release store of the consumer index. Each
 * side caches the other's index and re-reads it only when the cache says full or empty, as
 * JCTools' SpscArrayQueue does.
 */
final class FrameRing {
    private static final VarHandle INDEX = ValueLayout.JAVA_LONG.varHandle();
    private static final long PRODUCER_INDEX = 0;
    private static final long PRODUCER_CACHE = 8;
    private static final long CONSUMER_INDEX = 128;
    private static final long CONSUMER_CACHE = 136;
    private static final long SLOTS = 256;
    /** Bytes of slot header before the frame. */
    static final int HEADER = 16;

    private final MemorySegment ring;
    private final int capacity;
    private final int mask;
    private final int slotSize;

    /**
     * @param capacity frames the ring holds; a power of two
     * @param maxFrame the largest frame accepted, in bytes
     */
    FrameRing(final int capacity, final int maxFrame) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("injection ring capacity must be a power of two >= 2: capacity=" + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slotSize = (HEADER + maxFrame + 63) & ~63;
        this.ring = Arena.ofAuto().allocate(SLOTS + (long) slotSize * capacity, 128);
    }

    /** Frames the ring holds. */
    int capacity() {
        return capacity;
    }

    /** The largest frame a slot holds. */
    int maxFrame() {
        return slotSize - HEADER;
    }

    /**
     * Producer: copies a frame into the next slot.
     *
     * @return false if the ring is full or the frame too long (the frame is not taken)
     */
    boolean offer(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        if (length < 0 || length > slotSize - HEADER) {
            return false;
        }
        final long producer = (long) INDEX.get(ring, PRODUCER_INDEX);
        if (producer - (long) INDEX.get(ring, PRODUCER_CACHE) >= capacity) {
            final long consumer = (long) INDEX.getAcquire(ring, CONSUMER_INDEX);
            INDEX.set(ring, PRODUCER_CACHE, consumer);
            if (producer - consumer >= capacity) {
                return false;
            }
        }
        final long slot = SLOTS + (long) slotSize * (producer & mask);
        ring.set(ValueLayout.JAVA_INT, slot, length);
        ring.set(ValueLayout.JAVA_LONG, slot + 8, arrivalNanos);
        MemorySegment.copy(frame, offset, ring, slot + HEADER, length);
        INDEX.setRelease(ring, PRODUCER_INDEX, producer + 1);
        return true;
    }

    /**
     * Consumer: the slot offset of the oldest frame, or -1 if the ring is empty. The slot stays
     * valid until {@link #release()}.
     */
    long peek() {
        final long consumer = (long) INDEX.get(ring, CONSUMER_INDEX);
        if (consumer >= (long) INDEX.get(ring, CONSUMER_CACHE)) {
            final long producer = (long) INDEX.getAcquire(ring, PRODUCER_INDEX);
            INDEX.set(ring, CONSUMER_CACHE, producer);
            if (consumer >= producer) {
                return -1;
            }
        }
        return SLOTS + (long) slotSize * (consumer & mask);
    }

    /** Consumer: frees the slot {@link #peek()} returned. */
    void release() {
        INDEX.setRelease(ring, CONSUMER_INDEX, (long) INDEX.get(ring, CONSUMER_INDEX) + 1);
    }

    /** The bytes of the ring, for reading a slot: frame at slot + {@link #HEADER}. */
    MemorySegment segment() {
        return ring;
    }

    /** The length of the frame in {@code slot}. */
    int lengthAt(final long slot) {
        return ring.get(ValueLayout.JAVA_INT, slot);
    }

    /** The arrival time the producer gave the frame in {@code slot}. */
    long arrivalAt(final long slot) {
        return ring.get(ValueLayout.JAVA_LONG, slot + 8);
    }

    static long frameOffset(final long slot) {
        return slot + HEADER;
    }

    /** Frames waiting (approximate when called concurrently). */
    int size() {
        return (int) ((long) INDEX.getAcquire(ring, PRODUCER_INDEX) - (long) INDEX.getAcquire(ring, CONSUMER_INDEX));
    }

    /** Consumer: drops every waiting frame (a device reset empties the packet buffer). */
    void discardAll() {
        while (peek() >= 0) {
            release();
        }
    }
}
