package nicharness.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import nicharness.ixgbe.Regs;

/**
 * The statistics registers of one port (datasheet 8.2.3.23; {@code nic-model/README.md},
 * "Statistics and link"), all clear-on-read.
 *
 * <p>Clear-on-read without a lock: the engines only ever add to running totals (one writer per
 * counter, plain stores of whole 64-bit values, read with opaque loads: {@link #add}); a read returns the
 * growth since the previous read and remembers the total it saw (the baseline). Reset moves every
 * baseline to the current total. 64-bit counters are an L/H pair: reading L latches the value and
 * returns bits 31:0, reading H returns bits 63:32 of the latched value and clears the counter
 * (drivers read L, then H) [MODEL].
 *
 * <p>Thread contract: the receive engine's and the transmit engine's counters each have a single
 * writer; statistics registers are read by one driver thread.
 */
final class Statistics {
    private static final VarHandle TOTAL = MethodHandles.arrayElementVarHandle(long[].class);

    /** 32-bit counters. */
    static final int[] OFFSETS_32;
    /** Low halves of 64-bit counters; the high half is at +4. */
    static final int[] OFFSETS_64_LOW;

    private static final int[] ID_BY_WORD = new int[RegisterMap.WORDS];
    /** Number of counters. */
    static final int COUNT;

    static {
        final int[] simple = {Regs.CRCERRS, Regs.ILLERRC, Regs.ERRBC, Regs.MSPDC, Regs.MLFC, Regs.MRFC, Regs.RLEC,
                Regs.PRC64, Regs.PRC127, Regs.PRC255, Regs.PRC511, Regs.PRC1023, Regs.PRC1522,
                Regs.GPRC, Regs.BPRC, Regs.MPRC, Regs.GPTC, Regs.RUC, Regs.RFC, Regs.ROC, Regs.RJC, Regs.TPR, Regs.TPT,
                Regs.PTC64, Regs.PTC127, Regs.PTC255, Regs.PTC511, Regs.PTC1023, Regs.PTC1522, Regs.MPTC, Regs.BPTC,
                Regs.RXDGPC, Regs.RXDDGPC, Regs.RXNFGPC};
        final int[] all32 = Arrays.copyOf(simple, simple.length + 2 * 8 + 3 * 16);
        int n = simple.length;
        for (int i = 0; i < 8; i++) {
            all32[n++] = Regs.MPC(i);
            all32[n++] = Regs.RNBC(i);
        }
        for (int i = 0; i < 16; i++) {
            all32[n++] = Regs.QPRC(i);
            all32[n++] = Regs.QPRDC(i);
            all32[n++] = Regs.QPTC(i);
        }
        OFFSETS_32 = all32;
        final int[] all64 = new int[3 + 2 * 16];
        all64[0] = Regs.GORCL;
        all64[1] = Regs.GOTCL;
        all64[2] = Regs.TORL;
        for (int i = 0; i < 16; i++) {
            all64[3 + 2 * i] = Regs.QBRC_L(i);
            all64[4 + 2 * i] = Regs.QBTC_L(i);
        }
        OFFSETS_64_LOW = all64;
        Arrays.fill(ID_BY_WORD, -1);
        int id = 0;
        for (final int offset : OFFSETS_32) {
            ID_BY_WORD[offset >>> 2] = id++;
        }
        for (final int offset : OFFSETS_64_LOW) {
            ID_BY_WORD[offset >>> 2] = id;
            ID_BY_WORD[(offset + 4) >>> 2] = id++;
        }
        COUNT = id;
    }

    /** The counter behind the statistics register at {@code offset} (either half of a 64-bit pair). */
    static int id(final int offset) {
        final int id = ID_BY_WORD[offset >>> 2];
        if (id < 0) {
            throw new IllegalArgumentException(String.format(
                    "0x%05x is not a statistics register (datasheet 8.2.3.23); see Regs for the offsets", offset));
        }
        return id;
    }

    // The counters the engines update, by name.
    static final int TPR = id(Regs.TPR);
    static final int TOR = id(Regs.TORL);
    static final int RUC = id(Regs.RUC);
    static final int ROC = id(Regs.ROC);
    static final int GPRC = id(Regs.GPRC);
    static final int BPRC = id(Regs.BPRC);
    static final int MPRC = id(Regs.MPRC);
    static final int GORC = id(Regs.GORCL);
    static final int RXDGPC = id(Regs.RXDGPC);
    static final int GPTC = id(Regs.GPTC);
    static final int TPT = id(Regs.TPT);
    static final int BPTC = id(Regs.BPTC);
    static final int MPTC = id(Regs.MPTC);
    static final int GOTC = id(Regs.GOTCL);
    static final int MPC0 = id(Regs.MPC(0));
    static final int RNBC0 = id(Regs.RNBC(0));
    static final int PRC64 = id(Regs.PRC64);
    static final int PTC64 = id(Regs.PTC64);

    /** QPRC(slot): the counters of the 16 slots are not contiguous, so they are looked up. */
    private static final int[] QPRC = slots(0);
    private static final int[] QPRDC = slots(1);
    private static final int[] QPTC = slots(2);
    private static final int[] QBRC = bytesSlots(true);
    private static final int[] QBTC = bytesSlots(false);

    private static int[] slots(final int which) {
        final int[] ids = new int[16];
        for (int i = 0; i < 16; i++) {
            ids[i] = id(which == 0 ? Regs.QPRC(i) : which == 1 ? Regs.QPRDC(i) : Regs.QPTC(i));
        }
        return ids;
    }

    private static int[] bytesSlots(final boolean receive) {
        final int[] ids = new int[16];
        for (int i = 0; i < 16; i++) {
            ids[i] = id(receive ? Regs.QBRC_L(i) : Regs.QBTC_L(i));
        }
        return ids;
    }

    static int qprc(final int slot) {
        return QPRC[slot];
    }

    static int qprdc(final int slot) {
        return QPRDC[slot];
    }

    static int qptc(final int slot) {
        return QPTC[slot];
    }

    static int qbrc(final int slot) {
        return QBRC[slot];
    }

    static int qbtc(final int slot) {
        return QBTC[slot];
    }

    /**
     * The PRCxx / PTCxx histogram bucket for a frame of {@code wireLength} bytes (FCS included):
     * 64, 65-127, 128-255, 256-511, 512-1023, 1024-1522; counters are consecutive.
     */
    static int sizeBucket(final int wireLength) {
        return wireLength <= 64 ? 0 : wireLength <= 127 ? 1 : wireLength <= 255 ? 2
                : wireLength <= 511 ? 3 : wireLength <= 1023 ? 4 : 5;
    }

    private final long[] totals = new long[COUNT];
    private final long[] baselines = new long[COUNT];
    private final long[] latched = new long[COUNT];
    private final boolean[] latchValid = new boolean[COUNT];

    /** Adds {@code delta} to counter {@code id}; only the counter's single writer may call this. */
    void add(final int id, final long delta) {
        // A plain add, not an opaque one: the engines make about fifteen per forwarded frame, and
        // each opaque access kept C2 from holding the engine's fields in registers across it (the
        // model forwarded 8 % more at minimum size without them, ForwardingBenchmark). A reader
        // still sees whole values: HotSpot on a 64-bit platform never splits an aligned long store
        // (JLS 17.7 allows it only where the VM must), and the readers use opaque loads; a count
        // may reach them a little later, as the card's counters do.
        totals[id] += delta;
    }

    /** The running total of counter {@code id}, never cleared (for tests and the harness). */
    long total(final int id) {
        return (long) TOTAL.getOpaque(totals, id);
    }

    /**
     * A read of the statistics register at {@code offset} with its side effect: clear-on-read
     * (datasheet 8.2.3.23).
     */
    int readRegister(final int offset, final RegisterKind kind) {
        final int id = ID_BY_WORD[offset >>> 2];
        final long total = (long) TOTAL.getOpaque(totals, id);
        switch (kind) {
            case STATISTIC_LOW -> {
                latched[id] = total;
                latchValid[id] = true;
                return (int) (total - baselines[id]);
            }
            case STATISTIC_HIGH -> {
                final long snapshot = latchValid[id] ? latched[id] : total;
                latchValid[id] = false;
                final long value = snapshot - baselines[id];
                baselines[id] = snapshot;
                return (int) (value >>> 32);
            }
            default -> {
                final long value = total - baselines[id];
                baselines[id] = total;
                return (int) value;
            }
        }
    }

    /** The whole value of the counter at {@code offset} since its last clear, clearing it. */
    long readAndClear(final int offset) {
        final int id = id(offset);
        final long total = (long) TOTAL.getOpaque(totals, id);
        final long value = total - baselines[id];
        baselines[id] = total;
        latchValid[id] = false;
        return value;
    }

    /** Clears every counter, as a device reset does. */
    void clear() {
        for (int id = 0; id < COUNT; id++) {
            final long total = (long) TOTAL.getOpaque(totals, id);
            baselines[id] = total;
            latchValid[id] = false;
        }
    }
}
