package nicharness.env.linux;

/**
 * A PCI function's configuration space: little-endian reads and writes at byte offsets (TinyNF's
 * {@code pci_read}/{@code pci_write} seam). Implementations: {@link SysfsPciConfig} over the sysfs
 * {@code config} file; a model of the 82599's could be another.
 *
 * <p>The offsets and bits the drivers need are named here (PCI Local Bus 3.0, section 6.2).
 */
public interface PciConfig extends AutoCloseable {
    /** 16-bit vendor ID. */
    int VENDOR_ID = 0x00;
    /** 16-bit device ID. */
    int DEVICE_ID = 0x02;
    /** 16-bit COMMAND register. */
    int COMMAND = 0x04;
    /** 8-bit revision ID; the 24-bit class code is the three bytes above it. */
    int REVISION_ID = 0x08;
    /** 32-bit base address register 0. */
    int BAR0 = 0x10;

    /** COMMAND bit 1: the device answers memory accesses to its BARs. */
    int COMMAND_MEMORY_SPACE = 1 << 1;
    /** COMMAND bit 2: the device may master the bus, that is, do DMA. */
    int COMMAND_BUS_MASTER = 1 << 2;
    /** COMMAND bit 10: legacy INTx interrupts are disabled (we poll, as TinyNF does). */
    int COMMAND_INTERRUPT_DISABLE = 1 << 10;
    /** BAR bit 0: 1 for an I/O space BAR, 0 for a memory BAR (the only kind that can be mapped). */
    int BAR_IO_SPACE = 1;

    /** Reads the byte at {@code offset}. */
    int read8(int offset);

    /** Reads the 16-bit word at {@code offset} (even). */
    int read16(int offset);

    /** Reads the 32-bit word at {@code offset} (a multiple of 4). */
    int read32(int offset);

    /** Writes the low 16 bits of {@code value} at {@code offset} (even). */
    void write16(int offset, int value);

    /** Writes {@code value} at {@code offset} (a multiple of 4). */
    void write32(int offset, int value);

    /** The vendor ID, such as 0x8086 for Intel. */
    default int vendorId() {
        return read16(VENDOR_ID);
    }

    /** The device ID, such as 0x10FB for an 82599 SFP+ port. */
    default int deviceId() {
        return read16(DEVICE_ID);
    }

    /** The 24-bit class code: base class, sub-class, programming interface (0x020000 for Ethernet). */
    default int classCode() {
        return read32(REVISION_ID) >>> 8;
    }

    /** Releases the file or other resource behind the space. */
    @Override
    void close();
}
