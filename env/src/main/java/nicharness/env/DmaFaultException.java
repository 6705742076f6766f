package nicharness.env;

/**
 * A physical address range that is not inside allocated DMA memory: on a real card this is the DMA
 * that overwrites arbitrary memory, so it is always an error.
 */
public final class DmaFaultException extends RuntimeException {
    private final long address;
    private final long length;

    public DmaFaultException(final long address, final long length, final String context) {
        super(String.format("DMA fault: physical range [0x%x, 0x%x) (%d bytes) is outside allocated DMA memory; %s",
                address, address + length, length, context));
        this.address = address;
        this.length = length;
    }

    public long address() {
        return address;
    }

    public long length() {
        return length;
    }
}
