package nicharness.ixgbe;

/**
 * A device did not answer its set-up as the datasheet says, in the shared bring-up or in a
 * driver's queue set-up ({@link RegisterWait}): a register bit never reached the value it must,
 * or the device reported an error. The message names the device (when the bring-up was given a
 * name), the register, its offset, the bit, the value expected and the value last read, and what
 * to check.
 *
 * <p>Unchecked, and an {@link IllegalStateException}, like every other set-up failure of the
 * drivers (a queue whose ENABLE never reads back, for instance): a card that does not answer as the
 * datasheet says is an environment in the wrong state, which no caller can repair on the spot. A
 * driver's {@code open} lets it propagate, so the harness sees which register of which port failed.
 */
public final class DeviceInitException extends IllegalStateException {
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
