package nicharness.harness.sim;

import java.util.Objects;
import nicharness.env.RegisterSpace;

/**
 * A port's BAR0 as a driver sees it in simulated time: register writes made during a poll are
 * posted, held here and handed to the device after the poll with the time the CPU issued them; a
 * read goes through at once and stalls the CPU for a read's round trip. Outside polls (the
 * driver's initialisation) every access goes straight through, uncharged, as the bring-up is not
 * what is measured.
 *
 * <p>Holding writes back keeps the model's register code off the timed poll (on a card, a
 * register write is a store; here it would be a call into the model's register file and its
 * doorbell logic), and lets a doorbell reach the device when the posted write would.
 *
 * <p>One thread (the simulation's). Allocation-free after construction.
 */
final class PostedRegisters implements RegisterSpace {
    /** More writes than this in one poll are a driver that writes a register per packet and then some. */
    static final int MAX_WRITES_PER_POLL = 4096;

    private final RegisterSpace device;
    private final int port;
    private final int[] offsets = new int[MAX_WRITES_PER_POLL];
    private final int[] values = new int[MAX_WRITES_PER_POLL];
    private int writes;
    private int reads;
    private boolean polling;

    PostedRegisters(final RegisterSpace device, final int port) {
        this.device = Objects.requireNonNull(device, "device");
        this.port = port;
    }

    /** A poll begins: writes are held from now on, and accesses counted. */
    void beginPoll() {
        polling = true;
        writes = 0;
        reads = 0;
    }

    /** The poll has ended: accesses go straight through again until the next {@link #beginPoll}. */
    void endPoll() {
        polling = false;
    }

    @Override
    public int read(final int offset) {
        if (polling) {
            reads++;
        }
        return device.read(offset);
    }

    @Override
    public void write(final int offset, final int value) {
        if (!polling) {
            device.write(offset, value);
            return;
        }
        if (writes == MAX_WRITES_PER_POLL) {
            throw new IllegalStateException("port " + port + ": more than " + MAX_WRITES_PER_POLL
                    + " register writes in one poll; a driver's poll writes a few tails");
        }
        offsets[writes] = offset;
        values[writes] = value;
        writes++;
    }

    /** Register writes held during the last poll. */
    int writes() {
        return writes;
    }

    /** Register reads during the last poll. */
    int reads() {
        return reads;
    }

    /** The offset of held write {@code i}. */
    int offset(final int i) {
        return offsets[i];
    }

    /** The value of held write {@code i}. */
    int value(final int i) {
        return values[i];
    }

    /** Hands a held write to the device. */
    void apply(final int offset, final int value) {
        device.write(offset, value);
    }

    /** The port these registers belong to. */
    int port() {
        return port;
    }

    @Override
    public long size() {
        return device.size();
    }

    /**
     * Whether {@code offset} is a transmit descriptor tail (TDT, datasheet 8.2.3.9.9: 0x06018 +
     * 0x40 n for queues 0 to 127), whose write sends frames, rather than any other register.
     */
    static boolean isTransmitTail(final int offset) {
        return offset >= 0x06000 && offset < 0x08000 && (offset & 0x3F) == 0x18;
    }

    /**
     * Whether {@code offset} is a receive descriptor tail (RDT, datasheet 8.2.3.8.6: 0x01018 +
     * 0x40 n for queues 0 to 63, 0x0D018 + 0x40 (n - 64) for 64 to 127).
     */
    static boolean isReceiveTail(final int offset) {
        return (offset >= 0x01000 && offset < 0x02000 || offset >= 0x0D000 && offset < 0x0E000) && (offset & 0x3F) == 0x18;
    }

    /** TDT of queue 0, and the distance between two queues' registers. */
    static final int FIRST_TRANSMIT_TAIL = 0x06018;
    static final int QUEUE_STRIDE = 0x40;

    /** A tail register's offset less its ring's length register's (RDLEN, TDLEN: 8 before the head, 0x10 before the tail). */
    static final int TAIL_AFTER_LENGTH = 0x10;
    /** A tail register's offset less its ring's base address's low word (RDBAL, TDBAL). */
    static final int TAIL_AFTER_BASE_LOW = 0x18;
    /** A tail register's offset less its ring's base address's high word (RDBAH, TDBAH). */
    static final int TAIL_AFTER_BASE_HIGH = 0x14;

    @Override
    public String toString() {
        return "PostedRegisters[port " + port + ", " + writes + " writes held]";
    }
}
