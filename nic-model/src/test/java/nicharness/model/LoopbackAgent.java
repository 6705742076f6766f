package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;

/**
 * A TinyNF-shaped test driver on one port: receive queue 0 and transmit queue 0 share one ring,
 * transmit completion by head write-back, tail written after each batch of up to 8, receive tail
 * moved to the transmit head - 1 (osdi20's form). Allocation-free, so the allocation tests can run
 * it on their own thread.
 */
final class LoopbackAgent {
    static final int BATCH = 8;

    private final RegisterSpace regs;
    private final Fixture.Ring ring;
    private final MemorySegment descriptors;
    private final MemorySegment head;
    private final int size;
    private final int rdt;
    private final int tdt;
    private int processed;

    LoopbackAgent(final Fixture fixture, final NicModel nic, final int size) {
        this.regs = nic.registers();
        this.ring = fixture.new Ring(size);
        this.size = size;
        this.descriptors = ring.descriptors.segment();
        final DmaRegion headRegion = fixture.host.allocate(64, 64);
        this.head = headRegion.segment();
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        Fixture.setUpTransmit(regs, 0, ring, 0, headRegion.physicalAddress());
        this.rdt = Regs.RDT(0);
        this.tdt = Regs.TDT(0);
    }

    /** Forwards up to {@link #BATCH} received frames back out; returns how many. */
    int poll() {
        int count = 0;
        while (count < BATCH) {
            final long offset = Descriptor.offset(processed) + Descriptor.QWORD1;
            final long status = (long) Descriptor.QWORD.getAcquire(descriptors, offset);
            if (!LegacyRxDescriptor.done(status)) {
                break;
            }
            final boolean reportStatus = (processed & (BATCH - 1)) == BATCH - 1;
            Descriptor.QWORD.set(descriptors, offset,
                    LegacyTxDescriptor.command(LegacyRxDescriptor.length(status), reportStatus));
            processed = processed + 1 == size ? 0 : processed + 1;
            count++;
        }
        if (count > 0) {
            regs.write(tdt, processed);
        }
        final int transmitted = (int) Descriptor.DWORD.getAcquire(head, 0L);
        final int tail = transmitted == 0 ? size - 1 : transmitted - 1;
        regs.write(rdt, tail);
        return count;
    }

    Fixture.Ring ring() {
        return ring;
    }
}
