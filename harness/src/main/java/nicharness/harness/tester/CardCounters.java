package nicharness.harness.tester;

import nicharness.ixgbe.Regs;
import nicharness.model.NicModel;

/**
 * What the cards themselves counted as dropped, read the way a driver reads it: the
 * clear-on-read statistics registers (datasheet 8.2.3.23), accumulated here.
 * Missed packets (MPC) are frames the receive packet buffer could not take; QPRDC counts frames a
 * queue with DROP_EN dropped for lack of descriptors. The model also counts frames that arrived
 * while a port was not receiving and frames its L2 filter refused, which a real card would count
 * nowhere a driver reads.
 */
public final class CardCounters {

    private final NicModel[] ports;
    private long missed;
    private long noDescriptor;
    private final long[] notReceivingBase;
    private final long[] filteredBase;

    public CardCounters(final NicModel[] ports) {
        this.ports = ports.clone();
        this.notReceivingBase = new long[ports.length];
        this.filteredBase = new long[ports.length];
        for (int p = 0; p < ports.length; p++) {
            notReceivingBase[p] = ports[p].droppedNotReceiving();
            filteredBase[p] = ports[p].droppedByFilter();
        }
        read();
        missed = 0;
        noDescriptor = 0;
    }

    /** Reads (and so clears) the statistics registers, adding them to the totals. */
    public void read() {
        for (final NicModel port : ports) {
            for (int n = 0; n < 8; n++) {
                missed += port.readStatistic(Regs.MPC(n));
            }
            for (int n = 0; n < 16; n++) {
                noDescriptor += port.readStatistic(Regs.QPRDC(n));
            }
        }
    }

    /** Frames missed for a full packet buffer, since construction. */
    public long missed() {
        return missed;
    }

    /** Frames dropped for lack of descriptors, since construction. */
    public long noDescriptor() {
        return noDescriptor;
    }

    /** Frames that arrived while a port was not receiving, or that its filter refused, since construction. */
    public long notReceived() {
        long sum = 0;
        for (int p = 0; p < ports.length; p++) {
            sum += ports[p].droppedNotReceiving() - notReceivingBase[p] + ports[p].droppedByFilter() - filteredBase[p];
        }
        return sum;
    }

    /** Everything the cards dropped, after a {@link #read()}. */
    public long dropped() {
        return missed + noDescriptor + notReceived();
    }
}
