package nicharness.testbed;

import nicharness.env.RegisterSpace;

/**
 * Register writes posted, as PCIe posts them, for the ports of a deferred {@link DriverRig}: while
 * posting, a driver's register write is one entry in a log, and the writes reach the software 82599
 * in the order they were issued when {@link #deliver()} runs, before the engines do.
 *
 * <p>Why: on a card a doorbell is one store instruction, and the write travels to the card while
 * the driver goes on. The software 82599 handles a register write in Java on the thread that
 * writes it (decoding the offset, the tail checks, the descriptor fetch a doorbell triggers), so
 * without posting a measured round would count that model code as the driver's: about 70 of
 * TinyNF's instructions per packet, and more for the variants that ring more doorbells. In a
 * deferred rig the engines run only between rounds, so delivering the writes at the start of
 * {@link DriverRig#refill()} changes nothing the card does: every write arrives, in order, before
 * the engine that would act on it runs, and the descriptors it hands over are read then, as the
 * driver left them (a driver that changes a descriptor it has handed over is the bug strict mode
 * catches, and strict rigs do not post). A read is not posted: it delivers every earlier write
 * first, so the driver reads what a card would answer.
 *
 * <p>The log is fixed at construction; a round that writes more delivers early, so nothing is
 * allocated. Not thread-safe: the driver's thread writes, and delivers at reads; the rig's thread
 * delivers between rounds, when the driver does not run.
 */
final class PostedWrites {
    /** Writes held before an early delivery: more than any variant writes in a round of 128 packets. */
    static final int CAPACITY = 4096;

    /** Bits of an entry's upper half that hold the register offset: BAR0 is 128 KiB. */
    private static final int OFFSET_BITS = 20;

    private final RegisterSpace[] targets;
    /**
     * The held writes, one entry each: port and offset in the upper half, the value in the lower;
     * one array, so a write costs the driver's thread one bounds check and one store, not three.
     */
    private final long[] entries = new long[CAPACITY];
    private int count;
    private boolean posting;

    /** Writes to {@code targets[i]} through {@link #view(int) view(i)}. */
    PostedWrites(final RegisterSpace[] targets) {
        this.targets = targets.clone();
        for (final RegisterSpace target : targets) {
            if (target.size() > 1L << OFFSET_BITS) {
                throw new IllegalArgumentException("a posted write holds a register offset in " + OFFSET_BITS
                        + " bits; this register space has " + target.size() + " bytes");
            }
        }
    }

    /** Port {@code port}'s registers as the driver sees them: posted while {@link #post(boolean) posting}. */
    RegisterSpace view(final int port) {
        final RegisterSpace target = targets[port];
        return new RegisterSpace() {
            @Override
            public int read(final int offset) {
                deliver();
                return target.read(offset);
            }

            @Override
            public void write(final int offset, final int value) {
                if (posting) {
                    append(port, offset, value);
                } else {
                    target.write(offset, value);
                }
            }

            @Override
            public long size() {
                return target.size();
            }

            @Override
            public String toString() {
                return "posted " + target;
            }
        };
    }

    private void append(final int port, final int offset, final int value) {
        if (count == CAPACITY) {
            deliver();
        }
        entries[count++] = (long) (port << OFFSET_BITS | offset) << 32 | (value & 0xFFFF_FFFFL);
    }

    /** Starts or stops posting; stopping delivers what is held. */
    void post(final boolean on) {
        if (!on) {
            deliver();
        }
        posting = on;
    }

    /** Hands every held write to its port's registers, in the order the driver issued them. */
    void deliver() {
        for (int i = 0; i < count; i++) {
            final long entry = entries[i];
            final int portAndOffset = (int) (entry >>> 32);
            targets[portAndOffset >>> OFFSET_BITS].write(portAndOffset & ((1 << OFFSET_BITS) - 1), (int) entry);
        }
        count = 0;
    }

    /** Writes held now, for tests. */
    int held() {
        return count;
    }
}
