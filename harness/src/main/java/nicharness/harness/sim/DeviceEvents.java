package nicharness.harness.sim;

/**
 * What is on its way to the device, each with the time it happens:
 * <ul>
 * <li>{@link #ARRIVAL}: a register write reaching the device, a posted write's latency after the
 *     CPU issued it; there a transmit tail starts its descriptor fetch and a receive tail its own;</li>
 * <li>{@link #RECEIVE_TAIL}: a receive tail taking effect once the device holds the new descriptors;</li>
 * <li>{@link #DATA_READ}: a transmit tail's descriptors fetched, the frames' data read requested;</li>
 * <li>{@link #TRANSMIT}: a port sending the frames whose data it has read, its write-backs
 *     landing then, with the time the frames reached the MAC.</li>
 * </ul>
 * Each kind's times are those of the polls or of the link's transfers in the order they were
 * handled, so each kind is a FIFO in time order; the next event is the earliest of the heads. The
 * data read is an event of its own so that its requests take the link at their own time, in time
 * order with everything else the link carries towards the host.
 *
 * <p>One thread. Allocation-free.
 */
final class DeviceEvents {
    /** Events in flight per kind; a poll writes a few, the longest delay is a few microseconds. */
    static final int CAPACITY = 1 << 14;

    static final int ARRIVAL = 0;
    static final int RECEIVE_TAIL = 1;
    static final int TRANSMIT = 2;
    static final int DATA_READ = 3;

    private final Fifo[] kinds = {new Fifo(), new Fifo(), new Fifo(), new Fifo()};
    /**
     * The next event's kind and time, kept up to date by every add and pop: the simulation asks
     * for them several times per event and per poll. Each kind's times never decrease, so an add
     * moves the next event only when its kind had none in flight; only a pop makes the heads be
     * compared again.
     */
    private int nextKind;
    private long nextTime = Long.MAX_VALUE;
    /** Events in flight, all kinds. */
    private int size;

    /**
     * An event of {@code kind} at {@code time}: a write of {@code value} to {@code offset}, a data
     * read from tail {@code extra} to {@code value}, or a step whose frames reach the MAC at {@code extra}.
     */
    void add(final int kind, final long time, final PostedRegisters registers, final int offset, final int value,
             final long extra) {
        final Fifo fifo = kinds[kind];
        final boolean wasEmpty = fifo.isEmpty();
        fifo.add(time, registers, offset, value, extra);
        size++;
        // Ties go to the lower kind, as a scan of the heads from kind 0 finds them.
        if (wasEmpty && (time < nextTime || time == nextTime && kind < nextKind)) {
            nextKind = kind;
            nextTime = time;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** When the next event happens, or {@link Long#MAX_VALUE} if none is in flight. */
    long nextTime() {
        return nextTime;
    }

    /** The next event's kind (ties: arrivals first, then receive tails, transmissions, data reads). */
    int nextKind() {
        return nextKind;
    }

    private Fifo next() {
        return kinds[nextKind];
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

    /** A transmission's hand-over to the MAC, or a data read's first descriptor. */
    long nextExtra() {
        return next().headHandOver();
    }

    /** Removes the next event. */
    void pop() {
        next().pop();
        size--;
        int best = 0;
        for (int k = 1; k < kinds.length; k++) {
            if (kinds[k].headTime() < kinds[best].headTime()) {
                best = k;
            }
        }
        nextKind = best;
        nextTime = kinds[best].headTime();
    }

    private static final class Fifo {
        private final long[] times = new long[CAPACITY];
        private final PostedRegisters[] registers = new PostedRegisters[CAPACITY];
        private final int[] offsets = new int[CAPACITY];
        private final int[] values = new int[CAPACITY];
        private final long[] handOvers = new long[CAPACITY];
        private int head;
        private int size;

        void add(final long time, final PostedRegisters r, final int offset, final int value, final long handOver) {
            if (size == CAPACITY) {
                throw new IllegalStateException("more than " + CAPACITY + " events of one kind in flight to the device");
            }
            final int slot = (head + size) & (CAPACITY - 1);
            // The link's transfers come out in order; should one not, it waits for the one before.
            times[slot] = size == 0 ? time : Math.max(time, times[(slot - 1) & (CAPACITY - 1)]);
            registers[slot] = r;
            offsets[slot] = offset;
            values[slot] = value;
            handOvers[slot] = handOver;
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

        long headHandOver() {
            return handOvers[head];
        }

        void pop() {
            registers[head] = null;
            head = (head + 1) & (CAPACITY - 1);
            size--;
        }
    }
}
