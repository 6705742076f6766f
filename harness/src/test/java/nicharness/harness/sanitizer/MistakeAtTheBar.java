package nicharness.harness.sanitizer;

import static nicharness.ixgbe.Descriptor.QWORD;

import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.Regs;

/**
 * A driver's BAR0 with one of the driver's mistakes put back where the card first sees it: the
 * registers and the descriptors a doorbell hands over are changed as the mistaken driver would
 * have written them, before the write reaches the model. Used for the mutation suite's ixy-style
 * and DPDK-style variants, whose queues are final classes: the driver's code runs unchanged and
 * the card receives what the buggy variant would send it. Queue 0 only, as both drivers use.
 */
final class MistakeAtTheBar implements RegisterSpace {

    /** The mistakes, each as the card sees it. */
    enum Mistake {
        /** A buffer freed twice: the refill gives the previous descriptor's buffer again. */
        DOUBLE_FREE,
        /** Transmit descriptors given the buffer's virtual address instead of its physical one. */
        VIRTUAL_ADDRESS,
        /** The start's RDT computed as index - 1 without wrapping at 0: -1, 0xFFFF in the 16-bit register. */
        UNWRAPPED_TAIL
    }

    private final RegisterSpace card;
    private final SimulatedDmaMemory host;
    private final Mistake mistake;
    private long rxRing;
    private long txRing;
    private int rxSize;
    private int rxTail;
    private int txTail;

    MistakeAtTheBar(final RegisterSpace card, final SimulatedDmaMemory host, final Mistake mistake) {
        this.card = card;
        this.host = host;
        this.mistake = mistake;
    }

    @Override
    public long size() {
        return card.size();
    }

    @Override
    public int read(final int offset) {
        return card.read(offset);
    }

    @Override
    public void write(final int offset, final int value) {
        if (offset == Regs.RDBAL(0)) {
            rxRing = (rxRing & ~0xFFFF_FFFFL) | (value & 0xFFFF_FFFFL);
        } else if (offset == Regs.RDBAH(0)) {
            rxRing = (rxRing & 0xFFFF_FFFFL) | ((long) value << 32);
        } else if (offset == Regs.RDLEN(0)) {
            rxSize = value / Descriptor.SIZE;
        } else if (offset == Regs.TDBAL(0)) {
            txRing = (txRing & ~0xFFFF_FFFFL) | (value & 0xFFFF_FFFFL);
        } else if (offset == Regs.TDBAH(0)) {
            txRing = (txRing & 0xFFFF_FFFFL) | ((long) value << 32);
        } else if (offset == Regs.RDT(0)) {
            card.write(offset, receiveTail(value));
            rxTail = value;
            return;
        } else if (offset == Regs.TDT(0)) {
            transmitTail(value);
            txTail = value;
        }
        card.write(offset, value);
    }

    private int receiveTail(final int tail) {
        if (mistake == null || rxSize == 0 || tail == rxTail || (card.read(Regs.RXDCTL(0)) & Regs.RXDCTL_.ENABLE) == 0) {
            return tail;
        }
        final var memory = host.segment();
        final long ring = host.checkedOffset(rxRing, (long) rxSize * Descriptor.SIZE);
        final int last = Math.floorMod(tail - 1, rxSize);
        switch (mistake) {
            case DOUBLE_FREE -> {
                final int before = Math.floorMod(last - 1, rxSize);
                if (before != Math.floorMod(rxTail - 1, rxSize)) { // two descriptors handed over by this write
                    QWORD.set(memory, ring + Descriptor.offset(last) + Descriptor.QWORD0,
                            (long) QWORD.get(memory, ring + Descriptor.offset(before) + Descriptor.QWORD0));
                }
            }
            case UNWRAPPED_TAIL -> {
                if (tail == rxSize - 1) {
                    return -1;
                }
            }
            default -> { }
        }
        return tail;
    }

    private void transmitTail(final int tail) {
        if (mistake == null || mistake != Mistake.VIRTUAL_ADDRESS || txRing == 0 || tail == txTail) {
            return;
        }
        final var memory = host.segment();
        final long ring = txRing - host.physicalBase();
        final int size = card.read(Regs.TDLEN(0)) / Descriptor.SIZE;
        for (int i = txTail; i != tail; i = (i + 1) % size) {
            final long word = ring + Descriptor.offset(i) + Descriptor.QWORD0;
            final long physical = (long) QWORD.get(memory, word);
            QWORD.set(memory, word, memory.address() + (physical - host.physicalBase()));
        }
    }
}
