package nicharness.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
    private static final long PRODUCER_INDEX = 0;
    private static final long PRODUCER_CACHE = 8;
    private static final long CONSUMER_INDEX = 128;
    private static final long CONSUMER_CACHE = 136;
    private static final long SLOTS = 256;
    /** Bytes of slot header before the frame. */
    static final int HEADER = 16;

    /** Held so that the automatic memory stays reachable while the ring is; accessed by address. */
    private final MemorySegment ring;
    /**
     * The address of the ring's first byte: every access is by address ({@link RawMemory}), with
     * offsets below the ring's size by construction, because through the segment in a field each
     * access cost C2 some twenty instructions of checks (an offer and its drain about 500 per frame,
     * {@code callgrind-cost --model}).
     */
    private final long base;
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
        this.base = RawMemory.base(ring, ring.byteSize());
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
     * @throws IndexOutOfBoundsException if the frame's bytes are not all in {@code frame}
     */
    boolean offer(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        if (length < 0 || length > slotSize - HEADER) {
            return false;
        }
        final long source = RawMemory.frameAddress(frame, offset, length);
        final long producer = RawMemory.qword(base + PRODUCER_INDEX);
        if (producer - RawMemory.qword(base + PRODUCER_CACHE) >= capacity) {
            final long consumer = RawMemory.qwordAcquire(base + CONSUMER_INDEX);
            RawMemory.setQword(base + PRODUCER_CACHE, consumer);
            if (producer - consumer >= capacity) {
                return false;
            }
        }
        final long slot = base + SLOTS + (long) slotSize * (producer & mask);
        RawMemory.setDword(slot, length);
        RawMemory.setQword(slot + 8, arrivalNanos);
        if (source >= 0) {
            RawMemory.copy(source, slot + HEADER, length);
        } else { // a heap segment (tests build frames in arrays)
            MemorySegment.copy(frame, offset, RawMemory.EVERYWHERE, slot + HEADER, length);
        }
        RawMemory.setQwordRelease(base + PRODUCER_INDEX, producer + 1);
        return true;
    }

    /**
     * Consumer: the address of the oldest frame's slot, or -1 if the ring is empty. The slot stays
     * valid until {@link #release()}.
     */
    long peek() {
        final long consumer = RawMemory.qword(base + CONSUMER_INDEX);
        if (consumer >= RawMemory.qword(base + CONSUMER_CACHE)) {
            final long producer = RawMemory.qwordAcquire(base + PRODUCER_INDEX);
            RawMemory.setQword(base + CONSUMER_CACHE, producer);
            if (consumer >= producer) {
                return -1;
            }
        }
        return base + SLOTS + (long) slotSize * (consumer & mask);
    }

    /** Consumer: frees the slot {@link #peek()} returned. */
    void release() {
        RawMemory.setQwordRelease(base + CONSUMER_INDEX, RawMemory.qword(base + CONSUMER_INDEX) + 1);
    }

    /** The length of the frame in the slot at address {@code slot}. */
    static int lengthAt(final long slot) {
        return RawMemory.dword(slot);
    }

    /** The arrival time the producer gave the frame in the slot at address {@code slot}. */
    static long arrivalAt(final long slot) {
        return RawMemory.qword(slot + 8);
    }

    /** The address of the frame in the slot at address {@code slot}. */
    static long frameAt(final long slot) {
        return slot + HEADER;
    }

    /** Frames waiting (approximate when called concurrently). */
    int size() {
        return (int) (RawMemory.qwordAcquire(base + PRODUCER_INDEX) - RawMemory.qwordAcquire(base + CONSUMER_INDEX));
    }

    /** Consumer: drops every waiting frame (a device reset empties the packet buffer). */
    void discardAll() {
        while (peek() >= 0) {
            release();
        }
    }
}
