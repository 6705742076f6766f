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
        /** Descriptor fetches from the on-chip caches: one PCIe read request each. */
        long descriptorFetches;
        /** Write-back transactions: a group of descriptors, or a head (one posted write each). */
        long writeBackTransactions;
        /** Packet data moved: read requests (transmit) and posted writes (receive). */
        long dataTransactions;
        long p11, p12, p13, p14, p15, p16, p17, p18;
    }

    /** The largest payload of one posted write the model assumes (PCIe Max_Payload_Size 256 B, a common setting). */
    public static final int MAX_PAYLOAD = 256;
    /** The largest read request the model assumes (PCIe Max_Read_Request_Size 512 B, Linux's usual setting). */
    public static final int MAX_READ_REQUEST = 512;

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

    /** Descriptors the engines read (each one of a fetch). */
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

    /**
     * Descriptor fetches: each a PCIe read request the card makes to fill a descriptor cache,
     * governed by PTHRESH/HTHRESH on transmit (datasheet 7.2.3.4) and by the free room of the
     * receive cache (7.1.9). A doorbell per packet costs a fetch per packet.
     */
    public long descriptorFetches() {
        return engine.descriptorFetches;
    }

    /** Write-back transactions: descriptor groups (WTHRESH, RS) and head write-backs on transmit, one per frame on receive. */
    public long writeBackTransactions() {
        return engine.writeBackTransactions;
    }

    /** Packet data transactions: receive posted writes of up to {@value #MAX_PAYLOAD} bytes, transmit reads of up to {@value #MAX_READ_REQUEST}. */
    public long dataTransactions() {
        return engine.dataTransactions;
    }

    /**
     * Every PCIe transaction the drivers caused: register reads and writes, descriptor fetches,
     * write-backs and packet data. This is the hook simulated time reads (as differences between
     * two steps) to charge each fetch and write-back its DMA latency and the link's bandwidth;
     * bytes are in {@link #dmaBytesRead()} and {@link #dmaBytesWritten()}.
     */
    public long pcieTransactions() {
        return registerReads() + registerWrites() + engine.descriptorFetches + engine.writeBackTransactions
                + engine.dataTransactions;
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
        engine.descriptorFetches = 0;
        engine.writeBackTransactions = 0;
        engine.dataTransactions = 0;
    }

    @Override
    public String toString() {
        return "ModelCounters[doorbellWrites=" + doorbellWrites() + ", otherRegisterWrites=" + otherRegisterWrites()
                + ", doorbellReads=" + doorbellReads() + ", otherRegisterReads=" + otherRegisterReads()
                + ", descriptorsRead=" + descriptorsRead() + ", descriptorsWritten=" + descriptorsWritten()
                + ", dmaBytesRead=" + dmaBytesRead() + ", dmaBytesWritten=" + dmaBytesWritten()
                + ", descriptorFetches=" + descriptorFetches() + ", writeBackTransactions=" + writeBackTransactions()
                + ", dataTransactions=" + dataTransactions() + "]";
    }
}
