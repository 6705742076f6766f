package nicharness.model;

import nicharness.ixgbe.Regs;

/**
 * The receive engine's view of one receive queue: its register offsets, computed once, and the
 * ring state every queue has ({@link DescriptorQueue}).
 */
final class RxQueue extends DescriptorQueue {
    final int rdbal;
    final int rdbah;
    final int rdlen;
    final int rdh;
    final int rdt;
    final int srrctl;
    final int rxdctl;

    RxQueue(final int index) {
        super(index);
        this.rdbal = Regs.RDBAL(index);
        this.rdbah = Regs.RDBAH(index);
        this.rdlen = Regs.RDLEN(index);
        this.rdh = Regs.RDH(index);
        this.rdt = Regs.RDT(index);
        this.srrctl = Regs.SRRCTL(index);
        this.rxdctl = Regs.RXDCTL(index);
    }
}
