package nicharness.harness.sim;

/**
 * The register writes on their way to the device, each with the time it takes effect: transmit
 * tails when their frames have been fetched and the write-back is visible, every other register
 * (receive tails) when the device owns the new descriptors. Each kind keeps the order of the
 * polls that wrote it, and its delay is the same for every write, so each is a FIFO in time order;
 * the next event is the earlier of the two heads.
 *
 * <p>One thread. Allocation-free.
 */
final class DeviceEvents {
    /** Writes in flight per kind; a poll writes a few, the longest delay is a few microseconds. */
    static final int CAPACITY = 1 << 14;

    private final Fifo transmit = new Fifo();
    private final Fifo other = new Fifo();

    /** A transmit tail write taking effect at {@code time}. */
    void transmitTail(final long time, final PostedRegisters registers, final int offset, final int value) {
        transmit.add(time, registers, offset, value);
    }

    /** Any other register write taking effect at {@code time}. */
    void otherWrite(final long time, final PostedRegisters registers, final int offset, final int value) {
        other.add(time, registers, offset, value);
    }

    boolean isEmpty() {
        return transmit.isEmpty() && other.isEmpty();
    }

    /** When the next write takes effect, or {@link Long#MAX_VALUE} if none is in flight. */
    long nextTime() {
        return Math.min(transmit.headTime(), other.headTime());
    }

    private Fifo next() {
        return transmit.headTime() <= other.headTime() ? transmit : other;
    }

    /** Whether the next write is a transmit tail. */
    boolean nextIsTransmit() {
        return next() == transmit && !transmit.isEmpty();
    }

    PostedRegisters nextRegisters() {
        return next().headRegisters();
    }

    int nextOffset() {
        return next().headOffset();
    }

    int nextValue() {
        return next().headValue();
    }

    /** Removes the next write. */
    void pop() {
        next().pop();
    }

    private static final class Fifo {
        private final long[] times = new long[CAPACITY];
        private final PostedRegisters[] registers = new PostedRegisters[CAPACITY];
        private final int[] offsets = new int[CAPACITY];
        private final int[] values = new int[CAPACITY];
        private int head;
        private int size;

        void add(final long time, final PostedRegisters r, final int offset, final int value) {
            if (size == CAPACITY) {
                throw new IllegalStateException("more than " + CAPACITY + " register writes in flight to the device");
            }
            final int slot = (head + size) & (CAPACITY - 1);
            times[slot] = time;
            registers[slot] = r;
            offsets[slot] = offset;
            values[slot] = value;
            size++;
        }

        boolean isEmpty() {
            return size == 0;
        }

        long headTime() {
            return size == 0 ? Long.MAX_VALUE : times[head];
        }

        PostedRegisters headRegisters() {
            return registers[head];
        }

        int headOffset() {
            return offsets[head];
        }

        int headValue() {
            return values[head];
        }

        void pop() {
            registers[head] = null;
            head = (head + 1) & (CAPACITY - 1);
            size--;
        }
    }
}
