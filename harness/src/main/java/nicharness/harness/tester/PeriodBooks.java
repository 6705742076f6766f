package nicharness.harness.tester;

import java.util.Locale;
import nicharness.driver.DriverCounters;

/**
 * A period's books: what the tester offered and got back per direction, and where the rest went,
 * as the cards' statistics registers and the driver counted it. Read before and after a period,
 * the difference must balance ({@link #unaccounted()} zero): a frame in neither column is an
 * error, never a footnote. Both clocks keep the same books.
 *
 * @param offered      frames put on the wire per direction, since the testbed opened
 * @param returned     frames back per direction
 * @param missed       frames the cards' packet buffers missed (MPC)
 * @param noDescriptor frames queues with DROP_EN dropped for lack of a descriptor (QPRDC)
 * @param notReceived  frames that arrived while a port was not receiving, or that its filter refused
 * @param nfDropped    frames the NF dropped
 * @param refused      frames a full transmit ring refused
 */
public record PeriodBooks(long[] offered, long[] returned, long missed, long noDescriptor, long notReceived,
                          long nfDropped, long refused) {

    public PeriodBooks {
        offered = offered.clone();
        returned = returned.clone();
    }

    /**
     * The books now, as both clocks keep them: the tester's counts, the cards' statistics registers
     * ({@link CardCounters#read() read}, and so cleared, into their totals) and the driver's
     * counters; {@code missedBeforeTheCards} frames that never reached a card's packet buffer (in
     * simulated time, those the PCIe link was too far behind to take; none in real time) are
     * counted with the cards' misses, where a card would count them.
     */
    public static PeriodBooks read(final long[] offered, final long[] returned, final CardCounters cards,
                                   final DriverCounters driver, final long missedBeforeTheCards) {
        cards.read();
        return new PeriodBooks(offered, returned, cards.missed() + missedBeforeTheCards, cards.noDescriptor(),
                cards.notReceived(), driver.droppedByNf, driver.transmitFailed);
    }

    /** What happened between {@code before} and these books. */
    public PeriodBooks minus(final PeriodBooks before) {
        final long[] o = new long[offered.length];
        final long[] r = new long[returned.length];
        for (int d = 0; d < o.length; d++) {
            o[d] = offered[d] - before.offered[d];
            r[d] = returned[d] - before.returned[d];
        }
        return new PeriodBooks(o, r, missed - before.missed, noDescriptor - before.noDescriptor,
                notReceived - before.notReceived, nfDropped - before.nfDropped, refused - before.refused);
    }

    /** Frames offered in all directions. */
    public long offeredTotal() {
        return java.util.Arrays.stream(offered).sum();
    }

    /** Frames back in all directions. */
    public long returnedTotal() {
        return java.util.Arrays.stream(returned).sum();
    }

    /** Frames the cards dropped. */
    public long cardDropped() {
        return missed + noDescriptor + notReceived;
    }

    /** Frames the driver dropped (NF drops and transmit refusals). */
    public long driverDropped() {
        return nfDropped + refused;
    }

    /** Frames lost that nobody counted; positive while frames are still in flight, zero once the books balance. */
    public long unaccounted() {
        return offeredTotal() - returnedTotal() - cardDropped() - driverDropped();
    }

    /**
     * These books, once the period is over: the verdict both clocks' testbeds give on a period's
     * accounting, before anything is measured from it.
     *
     * @param period what the period was, for the message
     * @throws IllegalStateException when a frame lost is in no loss column (or one is counted twice),
     *                               naming the books and the period
     */
    public PeriodBooks balanced(final Object period) {
        if (unaccounted() != 0) {
            throw new IllegalStateException("loss accounting disagrees: " + this + "; period: " + period);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "the tester offered %d frames and got %d back, so %d were lost, but the cards "
                        + "counted %d (missed=%d, no-descriptor=%d, not receiving or filtered=%d) and the driver %d "
                        + "(dropped by the NF=%d, refused by a full transmit ring=%d), %d in all",
                offeredTotal(), returnedTotal(), offeredTotal() - returnedTotal(), cardDropped(), missed, noDescriptor,
                notReceived, driverDropped(), nfDropped, refused, cardDropped() + driverDropped());
    }
}
