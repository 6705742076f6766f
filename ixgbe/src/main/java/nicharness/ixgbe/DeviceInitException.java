package nicharness.ixgbe;

/**
 * The device bring-up failed: a register bit never reached the value the datasheet says it must,
 * or the device reported an error. The message names the register, its offset, the bit, the value
 * expected and the value last read, and what to check.
 */
public final class DeviceInitException extends Exception {
    private final String register;
    private final int offset;
    private final int mask;

    public DeviceInitException(final String register, final int offset, final int mask, final String message) {
        super(message);
        this.register = register;
        this.offset = offset;
        this.mask = mask;
    }

    /** The register's datasheet name with the field, for example {@code "CTRL.RST"}. */
    public String register() {
        return register;
    }

    /** The register's byte offset in BAR0. */
    public int offset() {
        return offset;
    }

    /** The bits that did not reach their value. */
    public int mask() {
        return mask;
    }
}
