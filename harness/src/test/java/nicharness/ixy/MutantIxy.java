package nicharness.ixy;

import static nicharness.ixgbe.Descriptor.QWORD;
import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import nicharness.driver.Port;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.Regs;

/**
 * ixy's model from port 0 to port 1 for the sanitizer's mutation suite: the real set-up
 * ({@link IxyDevice#open}), then copies of {@link RxQueue#rxBatch} and {@link TxQueue#txBatch} with
 * its cleanup, over the rings the set-up made, in which {@link Bug} puts back one mistake. With
 * {@link Bug#NONE} it forwards as ixy-batched does (batches of 32, no NF).
 */
public final class MutantIxy {

    /** One seeded mistake each. */
    public enum Bug {
        /** None: ixy's data path. */
        NONE,
        /** The receive descriptor re-armed with its buffer address only: the status word, DD included, left as written back. */
        STALE_DD,
        /** RDT written as the next descriptor to look at instead of the last one processed. */
        RDT_ONE_TOO_FAR,
        /** Transmit cleanup frees each buffer of the batch twice (with the pool's debug flag off, as by default). */
        DOUBLE_FREE,
        /** Transmit descriptors given the buffer's virtual address instead of its physical one. */
        VIRTUAL_ADDRESS,
        /** Transmit cleanup looks at DD on the first descriptor of the batch instead of the last. */
        CLEANUP_ON_WRONG_DD
    }

    private static final int BATCH = 32;

    private final Bug bug;
    private final RegisterSpace rxRegisters;
    private final RegisterSpace txRegisters;
    private final MemorySegment rxRing;
    private final MemorySegment txRing;
    private final int rxMask;
    private final int txMask;
    private final BufferPool rxPool;
    private final BufferPool[] pools;
    private final int[] rxBuffers;
    private final int[] txBuffers;
    private final int cleanBatch;
    private int rxIndex;
    private int txIndex;
    private int cleanIndex;
    private final int[] batch = new int[BATCH];

    private MutantIxy(final Bug bug, final SimulatedDmaMemory host, final IxyDevice in, final IxyDevice out,
                      final RegisterSpace rxRegisters, final RegisterSpace txRegisters, final BufferPool[] pools,
                      final int cleanBatch) {
        this.bug = bug;
        this.rxRegisters = rxRegisters;
        this.txRegisters = txRegisters;
        this.rxMask = in.rx().ringSize() - 1;
        this.txMask = out.tx().ringSize() - 1;
        this.rxRing = ring(host, in.rx().ringPhysicalAddress(), rxMask + 1);
        this.txRing = ring(host, out.tx().ringPhysicalAddress(), txMask + 1);
        this.rxPool = in.rx().pool();
        this.pools = pools;
        this.rxBuffers = new int[rxMask + 1];
        for (int i = 0; i <= rxMask; i++) {
            rxBuffers[i] = in.rx().bufferAt(i);
        }
        this.txBuffers = new int[txMask + 1];
        this.cleanBatch = cleanBatch;
    }

    private static MemorySegment ring(final SimulatedDmaMemory host, final long address, final int size) {
        return host.segment().asSlice(host.checkedOffset(address, (long) size * Descriptor.SIZE),
                (long) size * Descriptor.SIZE);
    }

    /** Brings both ports up as ixy-batched does and returns the variant, ready to poll. */
    public static MutantIxy open(final Bug bug, final SimulatedDmaMemory host, final Port in, final Port out) {
        final IxyParameters parameters = IxyParameters.parse("ixy-batched", BATCH, Map.of(), 2);
        final BufferPool[] pools = new BufferPool[2];
        final IxyDevice[] devices = new IxyDevice[2];
        final Port[] ports = {in, out};
        for (int p = 0; p < 2; p++) {
            pools[p] = BufferPool.allocate(host, p, parameters.poolEntries(), parameters.bufferSize(), false);
        }
        for (int p = 0; p < 2; p++) {
            new DeviceBringUp(ports[p].registers()).named("port " + p).waitForLink(false).run();
            devices[p] = IxyDevice.open("port " + p, ports[p].registers(), host, parameters, pools[p], pools);
        }
        return new MutantIxy(bug, host, devices[0], devices[1], in.registers(), out.registers(), pools,
                parameters.txCleanBatch());
    }

    /** One batch from port 0 to port 1; returns the packets received. */
    public int pollOnce() {
        final int received = rxBatch(batch, BATCH);
        final int sent = txBatch(batch, received);
        for (int i = sent; i < received; i++) {
            rxPool.free(batch[i]);
        }
        return received;
    }

    /** {@link RxQueue#rxBatch}, copied. */
    private int rxBatch(final int[] out, final int max) {
        int index = rxIndex;
        int last = index;
        int received = 0;
        while (received < max) {
            final long status = (long) QWORD.getAcquire(rxRing, Descriptor.offset(index) + QWORD1);
            if (!AdvancedRxDescriptor.done(status)) {
                break;
            }
            final int replacement = rxPool.alloc();
            if (replacement == BufferPool.NONE) {
                break;
            }
            final int buffer = rxBuffers[index];
            rxPool.setSize(buffer, AdvancedRxDescriptor.length(status));
            out[received++] = buffer;
            QWORD.set(rxRing, Descriptor.offset(index) + QWORD0,
                    rxPool.physicalAddress(replacement) + PacketBuffer.DATA_OFFSET);
            if (bug != Bug.STALE_DD) {
                QWORD.set(rxRing, Descriptor.offset(index) + QWORD1, 0L);
            }
            rxBuffers[index] = replacement;
            last = index;
            index = (index + 1) & rxMask;
        }
        if (index != rxIndex) {
            rxRegisters.write(Regs.RDT(IxyDevice.QUEUE), bug == Bug.RDT_ONE_TOO_FAR ? index : last);
            rxIndex = index;
        }
        return received;
    }

    /** {@link TxQueue#txBatch} and its cleanup, copied. */
    private int txBatch(final int[] bufs, final int count) {
        cleanCompleted();
        int index = txIndex;
        int sent = 0;
        while (sent < count) {
            final int next = (index + 1) & txMask;
            if (next == cleanIndex) {
                break;
            }
            final int buffer = bufs[sent];
            final BufferPool pool = pools[BufferPool.poolId(buffer)];
            txBuffers[index] = buffer;
            final long address = bug == Bug.VIRTUAL_ADDRESS
                    ? pool.memory(buffer).address() + pool.dataOffset(buffer)
                    : pool.physicalAddress(buffer) + PacketBuffer.DATA_OFFSET;
            QWORD.set(txRing, Descriptor.offset(index) + QWORD0, address);
            QWORD.set(txRing, Descriptor.offset(index) + QWORD1, AdvancedTxDescriptor.command(pool.size(buffer), true));
            index = next;
            sent++;
        }
        txIndex = index;
        txRegisters.write(Regs.TDT(IxyDevice.QUEUE), index);
        return sent;
    }

    private void cleanCompleted() {
        int clean = cleanIndex;
        while (((txIndex - clean) & txMask) >= cleanBatch) {
            final int looked = bug == Bug.CLEANUP_ON_WRONG_DD ? clean : (clean + cleanBatch - 1) & txMask;
            if (!AdvancedTxDescriptor.done((long) QWORD.getAcquire(txRing, Descriptor.offset(looked) + QWORD1))) {
                break;
            }
            for (int i = 0; i < cleanBatch; i++) {
                final int buffer = txBuffers[clean];
                pools[BufferPool.poolId(buffer)].free(buffer);
                if (bug == Bug.DOUBLE_FREE) {
                    pools[BufferPool.poolId(buffer)].free(buffer);
                }
                clean = (clean + 1) & txMask;
            }
        }
        cleanIndex = clean;
    }
}
