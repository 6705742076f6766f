package nicharness.nf.vigor;

import nicharness.nf.NfOptions;
import nicharness.nf.libvig.IndexMap;

/** The checks the NF configurations share; each failure names the NF, the option, the value and the accepted values. */
final class ConfigChecks {

    /** The largest expiration in microseconds whose product by 1000 fits in 32 bits (see {@link #expirationMicros32}). */
    static final long MAX_EXPIRATION_MICROS_32 = 0xFFFF_FFFFL / 1000;

    private ConfigChecks() {
    }

    static void range(final String nf, final String option, final long value, final long min, final long max) {
        if (value < min || value > max) {
            throw NfOptions.invalid(nf, option, value, "a whole number in [" + min + ", " + max + "]");
        }
    }

    /**
     * An expiration whose conversion to nanoseconds the C code computes in 32-bit arithmetic
     * ({@code expire_us * 1000} with a {@code uint32_t}): above 4294967 µs it silently wraps. We
     * refuse those values rather than reproduce the wrap, so every accepted value behaves as in C.
     */
    static void expirationMicros32(final String nf, final String option, final long micros) {
        if (micros < 1 || micros > MAX_EXPIRATION_MICROS_32) {
            throw NfOptions.invalid(nf, option, micros, "microseconds in [1, " + MAX_EXPIRATION_MICROS_32
                    + "] (the C code converts to ns in 32 bits, which wraps above that; 0 is refused as in C)");
        }
    }

    /** An expiration the C code converts to nanoseconds in 64 bits, from a 32-bit option. */
    static void expirationMicros64(final String nf, final String option, final long micros) {
        if (micros < 1 || micros > 0xFFFF_FFFFL) {
            throw NfOptions.invalid(nf, option, micros, "microseconds in [1, 4294967295] (0 is refused as in C)");
        }
    }

    static void tableCapacity(final String nf, final String option, final long capacity) {
        try {
            IndexMap.checkCapacity(option, capacity);
        } catch (final IllegalArgumentException e) {
            throw NfOptions.invalid(nf, option, capacity, "a power of two in [1, " + IndexMap.MAX_CAPACITY
                    + "] (libVig's map-impl-pow2, as the paper's builds use it, needs a power of two below "
                    + IndexMap.CAPACITY_UPPER_LIMIT + ")");
        }
    }

    /**
     * A port option checked against the ports of the set-up the NF runs in.
     *
     * @return {@code device}
     */
    static int device(final String nf, final String option, final int device, final int portCount) {
        if (device < 0 || device >= portCount) {
            throw NfOptions.invalid(nf, option, device, "a port index in [0, " + (portCount - 1) + "] (this set-up has "
                    + portCount + " port" + (1 == portCount ? "" : "s") + ")");
        }
        return device;
    }
}
