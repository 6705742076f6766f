package nicharness.model;

/**
 * What the drivers made the card do, for the per-packet-cost experiment (Table 4's device
 * accesses): register reads and writes, doorbells apart from the rest, descriptors the engines
 * read and wrote, and bytes moved by DMA.
 *
 * <p>Each counter has one writer: register counts are kept on the driver's thread (the caller of
 * {@link NicModel#registers()}), descriptor and DMA counts on the thread that runs the engines.
 * The two groups live in separately padded objects so that the threads do not share a cache line.
 * They are plain fields: read them after the writers stopped, or accept slightly stale values.
 */
public final class ModelCounters {
    /** Kept by the driver's thread. */
    static final class DriverSide {
        long p01, p02, p03, p04, p05, p06, p07, p08;
        long doorbellWrites;
        long otherRegisterWrites;
        long doorbellReads;
        long otherRegisterReads;
        long p11, p12, p13, p14, p15, p16, p17, p18;
    }

    /** Kept by the engine's thread. */
    static final class EngineSide {
        long p01, p02, p03, p04, p05, p06, p07, p08;
        long descriptorsRead;
        long descriptorsWritten;
        long dmaBytesRead;
        long dmaBytesWritten;
        long p11, p12, p13, p14, p15, p16, p17, p18;
    }

    final DriverSide driver = new DriverSide();
    final EngineSide engine = new EngineSide();

    ModelCounters() {
    }

    /** Writes to RDT or TDT, the doorbells. */
    public long doorbellWrites() {
        return driver.doorbellWrites;
    }

    /** Writes to registers other than the doorbells. */
    public long otherRegisterWrites() {
        return driver.otherRegisterWrites;
    }

    /** Every register write (posted on PCIe). */
    public long registerWrites() {
        return driver.doorbellWrites + driver.otherRegisterWrites;
    }

    /** Reads of RDT or TDT (rare: drivers keep their own tails). */
    public long doorbellReads() {
        return driver.doorbellReads;
    }

    /** Reads of registers other than the doorbells (heads, status, statistics, configuration). */
    public long otherRegisterReads() {
        return driver.otherRegisterReads;
    }

    /** Every register read (each one a PCIe round trip on hardware). */
    public long registerReads() {
        return driver.doorbellReads + driver.otherRegisterReads;
    }

    /** Descriptors fetched by the engines. */
    public long descriptorsRead() {
        return engine.descriptorsRead;
    }

    /** Descriptor write-backs and head write-backs performed by the engines. */
    public long descriptorsWritten() {
        return engine.descriptorsWritten;
    }

    /** Bytes read from host memory by DMA (descriptors and transmitted data). */
    public long dmaBytesRead() {
        return engine.dmaBytesRead;
    }

    /** Bytes written to host memory by DMA (received data and write-backs). */
    public long dmaBytesWritten() {
        return engine.dmaBytesWritten;
    }

    /** Sets every counter to 0, between warm-up and measurement (while the writers are quiet). */
    public void clear() {
        driver.doorbellWrites = 0;
        driver.otherRegisterWrites = 0;
        driver.doorbellReads = 0;
        driver.otherRegisterReads = 0;
        engine.descriptorsRead = 0;
        engine.descriptorsWritten = 0;
        engine.dmaBytesRead = 0;
        engine.dmaBytesWritten = 0;
    }

    @Override
    public String toString() {
        return "ModelCounters[doorbellWrites=" + doorbellWrites() + ", otherRegisterWrites=" + otherRegisterWrites()
                + ", doorbellReads=" + doorbellReads() + ", otherRegisterReads=" + otherRegisterReads()
                + ", descriptorsRead=" + descriptorsRead() + ", descriptorsWritten=" + descriptorsWritten()
                + ", dmaBytesRead=" + dmaBytesRead() + ", dmaBytesWritten=" + dmaBytesWritten() + "]";
    }
}
