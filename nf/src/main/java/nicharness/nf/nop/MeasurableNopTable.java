package nicharness.nf.nop;

/**
 * The table of the measurable no-op's write and lookup variants: {@code T[n] = (n * 123) & 0xFF}
 * for {@code n} in [0, 65536) (TinyNF osdi20 {@code code/tinynf.c:79}). 64 KiB, so that a lookup
 * indexed by packet bytes costs what a real table lookup costs in cache.
 */
final class MeasurableNopTable {

    /** The number of entries. */
    static final int SIZE = 65_536;

    private MeasurableNopTable() {
    }

    /** A fresh copy of the table. */
    static byte[] create() {
        final byte[] table = new byte[SIZE];
        for (int n = 0; n < SIZE; n++) {
            table[n] = (byte) (n * 123);
        }
        return table;
    }
}
