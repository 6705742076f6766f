package nicharness.ixgbe;

import java.util.Objects;
import nicharness.env.RegisterSpace;

/**
 * Waiting for a register field to read a value, the one way every set-up step of ours waits: the
 * field is read up to {@value #POLLS} + 1 times, a tenth of the timeout apart, and if it never
 * reads the value a {@link DeviceInitException} names the device, the register bit, the value
 * expected and the value last read. The datasheet gives no timeouts (INTERPRETATION-MISSING);
 * TinyNF polls 10 times over 1 s for every wait (osdi20 {@code code/net/82599/ixgbe.c:373-383},
 * {@code IF_AFTER_TIMEOUT}, called with 1,000,000 us), and so do we,
 * for the shared bring-up and for each driver's queue set-up alike.
 */
public final class RegisterWait {
    /** TinyNF's budget for every wait: 1 s. */
    public static final long DEFAULT_TIMEOUT_NANOS = 1_000_000_000L;
    /** How many times a field is read again within the timeout, after the first read. */
    public static final int POLLS = 10;

    private final RegisterSpace regs;
    private final String device;
    private final long timeoutNanos;
    private final DeviceBringUp.Sleeper sleeper;

    /** Waits of {@link #DEFAULT_TIMEOUT_NANOS} with real sleeps, on the device called {@code device}. */
    public RegisterWait(final RegisterSpace regs, final String device) {
        this(regs, device, DEFAULT_TIMEOUT_NANOS, DeviceBringUp.Sleeper.PARK);
    }

    /**
     * @param regs         the device's BAR0
     * @param device       what failures call the device, for example {@code "port 1"}
     * @param timeoutNanos the budget of every wait, at least {@link #POLLS} ns
     * @param sleeper      how to pause between two reads
     */
    public RegisterWait(final RegisterSpace regs, final String device, final long timeoutNanos,
                        final DeviceBringUp.Sleeper sleeper) {
        this.regs = Objects.requireNonNull(regs, "regs");
        this.device = Objects.requireNonNull(device, "device");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (timeoutNanos < POLLS) {
            throw new IllegalArgumentException("timeout must be at least " + POLLS + " ns: timeoutNanos=" + timeoutNanos);
        }
        this.timeoutNanos = timeoutNanos;
    }

    /** Whether the bits {@code mask} of the register at {@code offset} read {@code expected} within the timeout. */
    public boolean poll(final int offset, final int mask, final int expected) {
        for (int i = 0; i < POLLS; i++) {
            if ((regs.read(offset) & mask) == expected) {
                return true;
            }
            sleeper.sleep(timeoutNanos / POLLS);
        }
        return (regs.read(offset) & mask) == expected;
    }

    /**
     * Waits until the bits {@code mask} of the register at {@code offset} read {@code expected}.
     *
     * @param name    the register and field in the datasheet's words, for example {@code "TXDCTL(0).ENABLE"}
     * @param meaning what it means if they never do, and what to check
     * @throws DeviceInitException naming the device, the register bit and the values
     */
    public void until(final String name, final int offset, final int mask, final int expected, final String meaning) {
        if (!poll(offset, mask, expected)) {
            throw new DeviceInitException(name, offset, mask, String.format(
                    "%s: %s (register offset 0x%05x, mask 0x%08x) never read 0x%08x within %d ms (%d reads); last"
                            + " value 0x%08x: %s", device, name, offset, mask, expected, timeoutNanos / 1_000_000,
                    POLLS + 1, regs.read(offset) & mask, meaning));
        }
    }

    /** Waits until every bit of {@code mask} reads 1; see {@link #until}. */
    public void untilSet(final String name, final int offset, final int mask, final String meaning) {
        until(name, offset, mask, mask, meaning);
    }

    /**
     * Fails at once unless the bits {@code mask} of the register at {@code offset} read {@code expected}.
     *
     * @throws DeviceInitException naming the device, the register bit and the values
     */
    public void expect(final String name, final int offset, final int mask, final int expected, final String meaning) {
        final int value = regs.read(offset) & mask;
        if (value != expected) {
            throw new DeviceInitException(name, offset, mask, String.format(
                    "%s: %s (register offset 0x%05x, mask 0x%08x) reads 0x%08x, expected 0x%08x: %s",
                    device, name, offset, mask, value, expected, meaning));
        }
    }
}
