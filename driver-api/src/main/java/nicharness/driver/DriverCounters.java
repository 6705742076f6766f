package nicharness.driver;

/**
 * What a driver has done, counted on its own thread with plain increments (one writer). Read from
 * another thread only after the driver's thread has stopped, or accept a slightly stale value.
 *
 * <p>Pool operations count objects moved between a buffer pool and the driver (a bulk get of 32
 * counts 32), so that pool traffic per packet is comparable across models; TinyNF has no pool.
 */
public final class DriverCounters {
    /** Calls to {@link Driver#pollOnce()}. */
    public long polls;
    /** Polls that received nothing (left out of per-packet costs, as the paper did). */
    public long emptyPolls;
    /** Packets taken from receive rings and given to the NF. */
    public long received;
    /** Packets (per output) placed on transmit rings. */
    public long transmitted;
    /** Packets the NF dropped. */
    public long droppedByNf;
    /** Packets the NF wanted sent that a full transmit ring refused (freed by the driver). */
    public long transmitFailed;
    /** Buffers taken from a pool. */
    public long poolGets;
    /** Buffers returned to a pool. */
    public long poolPuts;

    /** A copy, for reporting. */
    public DriverCounters snapshot() {
        final DriverCounters copy = new DriverCounters();
        copy.polls = polls;
        copy.emptyPolls = emptyPolls;
        copy.received = received;
        copy.transmitted = transmitted;
        copy.droppedByNf = droppedByNf;
        copy.transmitFailed = transmitFailed;
        copy.poolGets = poolGets;
        copy.poolPuts = poolPuts;
        return copy;
    }

    @Override
    public String toString() {
        return "polls=" + polls + " emptyPolls=" + emptyPolls + " received=" + received
                + " transmitted=" + transmitted + " droppedByNf=" + droppedByNf
                + " transmitFailed=" + transmitFailed + " poolGets=" + poolGets + " poolPuts=" + poolPuts;
    }
}
