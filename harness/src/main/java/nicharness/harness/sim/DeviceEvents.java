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
 * <p>One thread. Allocation-free once each kind's ring has grown to the most events it has had in flight.
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

    /**
     * One kind's events in time order: a ring that starts small and doubles when full, up to
     * {@link #CAPACITY}. A few events are in flight at a time; a ring of the full capacity from the
     * start walked its head through 1.8 MB of arrays, every event's fields on cache lines last
     * touched thousands of events before, and adding and reading them were cache misses.
     */
    private static final class Fifo {
        /** Slots at first. */
        static final int INITIAL = 16;

        private long[] times = new long[INITIAL];
        private PostedRegisters[] registers = new PostedRegisters[INITIAL];
        private int[] offsets = new int[INITIAL];
        private int[] values = new int[INITIAL];
        private long[] handOvers = new long[INITIAL];
        private int head;
        private int size;

        void add(final long time, final PostedRegisters r, final int offset, final int value, final long handOver) {
            if (size == times.length) {
                if (size == CAPACITY) {
                    throw new IllegalStateException("more than " + CAPACITY + " events of one kind in flight to the device");
                }
                grow();
            }
            final int mask = times.length - 1;
            final int slot = (head + size) & mask;
            // The link's transfers come out in order; should one not, it waits for the one before.
            times[slot] = size == 0 ? time : Math.max(time, times[(slot - 1) & mask]);
            registers[slot] = r;
            offsets[slot] = offset;
            values[slot] = value;
            handOvers[slot] = handOver;
            size++;
        }

        /** Twice the slots, the events in order from slot 0. */
        private void grow() {
            final int length = times.length * 2;
            times = unwrap(times, new long[length]);
            handOvers = unwrap(handOvers, new long[length]);
            offsets = unwrap(offsets, new int[length]);
            values = unwrap(values, new int[length]);
            registers = unwrap(registers, new PostedRegisters[length]);
            head = 0;
        }

        /** {@code from}'s events, head first, at the start of {@code to}. */
        private <A> A unwrap(final A from, final A to) {
            final int first = java.lang.reflect.Array.getLength(from) - head;
            System.arraycopy(from, head, to, 0, first);
            System.arraycopy(from, 0, to, first, head);
            return to;
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
            head = (head + 1) & (times.length - 1);
            size--;
        }
    }
}
