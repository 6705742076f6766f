package nicharness.ixy;

import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.MemorySegment;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DmaWords;
import nicharness.ixgbe.RegisterWait;
import nicharness.ixgbe.Regs;

/**
 * One transmit queue of ixy's model: a ring of advanced transmit descriptors, each remembering the
 * buffer it sends until the card reports it done, when the buffer goes back to the pool it came
 * from (for a forwarder, the receive pool of the other port).
 *
 * <p>Ownership (datasheet 7.2.3.3): we control the tail of the queue, the card the
 * head. Descriptors in [{@link #cleanIndex}, {@link #txIndex}) hold buffers: the card owns those
 * from TDH to TDT, and the ones before TDH are sent but not yet cleaned.
 *
 * <p>Completion is reported by descriptor write-back: RS on every descriptor, with TXDCTL.WTHRESH
 * (4 by default) making the card write DD in groups (7.2.3.5.1). Cleaning looks only at the DD
 * bit of the last descriptor of each batch of {@code cleanBatch} (32), and frees the whole batch
 * or nothing, so the buffers of a last incomplete batch stay in the ring until more traffic comes.
 */
public final class TxQueue {
    private final RegisterSpace registers;
    private final int queue;
    /** TDT of this queue, computed once: the data path writes it and nothing else. */
    private final int tailRegister;
    private final MemorySegment ring;
    /** The ring's address: the data path reads and writes descriptors through {@link DmaWords}. */
    private final long ringAddress;
    private final long ringPhysicalAddress;
    private final int mask;
    private final int cleanBatch;
    /** Every pool whose buffers this queue may send, by pool id. */
    private final BufferPool[] pools;
    /** The buffer each descriptor sends, by descriptor index (ixy's {@code virtual_addresses}). */
    private final int[] buffers;
    /** The first descriptor whose buffer has not been freed yet. */
    private int cleanIndex;
    /** The next descriptor to fill; the value of TDT after each call. */
    private int txIndex;

    private TxQueue(final RegisterSpace registers, final int queue, final DmaRegion ring, final int ringSize,
                    final int cleanBatch, final BufferPool[] pools) {
        this.registers = registers;
        this.queue = queue;
        this.tailRegister = Regs.TDT(queue);
        this.ring = ring.segment();
        this.ringAddress = DmaWords.address(this.ring, (long) ringSize * Descriptor.SIZE);
        this.ringPhysicalAddress = ring.physicalAddress();
        this.mask = ringSize - 1;
        this.cleanBatch = cleanBatch;
        this.pools = pools.clone();
        this.buffers = new int[ringSize];
    }

    /**
     * Configures transmit queue {@code queue} (datasheet 4.6.8, ixy's {@code init_tx} per queue): a
     * fresh ring filled with 0xFF, its base and length, and the prefetch, host and write-back
     * thresholds. The queue stays disabled until {@link #start()}.
     *
     * @param ringSize   a power of two in [8, 8192]
     * @param cleanBatch descriptors freed at once, in [1, ringSize - 1]; ixy's TX_CLEAN_BATCH is 32
     * @param pthresh    TXDCTL.PTHRESH, prefetch threshold, in [0, 127]; ixy: 36
     * @param hthresh    TXDCTL.HTHRESH, host threshold, in [0, 127]; ixy: 8
     * @param wthresh    TXDCTL.WTHRESH, write-back threshold, in [0, 127]; ixy: 4
     * @param pools      every pool whose buffers may be sent, indexed by pool id
     */
    @DriverPart(Part.INIT)
    public static TxQueue configure(final RegisterSpace registers, final int queue, final DmaMemory dma,
                                    final int ringSize, final int cleanBatch, final int pthresh, final int hthresh,
                                    final int wthresh, final BufferPool[] pools) {
        if (Integer.bitCount(ringSize) != 1 || ringSize < 8 || ringSize > 8192) {
            throw new IllegalArgumentException("transmit ring size must be a power of two in [8, 8192]: ringSize=" + ringSize);
        }
        if (cleanBatch < 1 || cleanBatch >= ringSize) {
            throw new IllegalArgumentException("transmit clean batch must be in [1, ringSize - 1]: cleanBatch="
                    + cleanBatch + ", ringSize=" + ringSize);
        }
        for (int id = 0; id < pools.length; id++) {
            if (pools[id] == null || pools[id].id() != id) {
                throw new IllegalArgumentException("pools must be indexed by their id: pools[" + id + "]=" + pools[id]);
            }
        }
        final long ringBytes = (long) ringSize * Descriptor.SIZE;
        final DmaRegion ring = dma.allocate(ringBytes, Descriptor.RING_ALIGNMENT);
        // As ixy: a fresh ring is all 0xFF. The card only reads descriptors the tail hands over, and
        // txBatch writes both words of each before that, so the stale bytes are never seen.
        ring.segment().fill((byte) 0xFF);
        registers.write(Regs.TDBAL(queue), (int) ring.physicalAddress());
        registers.write(Regs.TDBAH(queue), (int) (ring.physicalAddress() >>> 32));
        registers.write(Regs.TDLEN(queue), (int) ringBytes);
        // 8.2.3.9.10: ixy takes DPDK's old defaults (36 / 8 / 4); WTHRESH > 0 makes the card write
        // DD back in groups regardless of RS (7.2.3.5.1).
        int txdctl = registers.read(Regs.TXDCTL(queue));
        txdctl = Regs.withField(txdctl, Regs.TXDCTL_.PTHRESH, pthresh);
        txdctl = Regs.withField(txdctl, Regs.TXDCTL_.HTHRESH, hthresh);
        txdctl = Regs.withField(txdctl, Regs.TXDCTL_.WTHRESH, wthresh);
        registers.write(Regs.TXDCTL(queue), txdctl);
        return new TxQueue(registers, queue, ring, ringSize, cleanBatch, pools);
    }

    /**
     * Starts the queue (datasheet 4.6.8, ixy's {@code start_tx_queue}): head at 0, enabled. The
     * ring is empty (TDH == TDT == 0, both their reset values).
     *
     * @param wait how to wait for ENABLE to read back, and what to call the port if it does not
     * @throws nicharness.ixgbe.DeviceInitException if the card does not report the queue enabled
     */
    @DriverPart(Part.INIT)
    public void start(final RegisterWait wait) {
        // As ixy: head and tail at 0 before enabling (set-up is the one time software may write the
        // head; the tail keeps its value, so nothing moves before ENABLE reads 1).
        registers.write(Regs.TDH(queue), 0);
        registers.write(Regs.TDT(queue), 0);
        Regs.set(registers, Regs.TXDCTL(queue), Regs.TXDCTL_.ENABLE);
        wait.untilSet("TXDCTL(" + queue + ").ENABLE", Regs.TXDCTL(queue), Regs.TXDCTL_.ENABLE, IxyDevice.QUEUE_NOT_ENABLED);
        cleanIndex = 0;
        txIndex = 0;
    }

    /**
     * Sends up to {@code count} buffers (datasheet 7.2.3.2.4 advanced data descriptor, 7.2.3.5.1
     * write-back; ixy's {@code ixgbe_tx_batch}); each buffer's frame length is in its header. The
     * card owns the head (TDH) and writes DD back; we own the tail (TDT). Step 1 frees the buffers
     * of completed descriptors; step 2 places the buffers, RS on every descriptor; the tail is
     * written once, on every call. Never throws.
     *
     * @param bufs buffers to send, from index 0
     * @return how many were placed, from the front of {@code bufs}; the caller still owns the rest
     *         (the ring was full) and must free or retry them
     */
    @DriverPart(Part.TRANSMIT)
    public int txBatch(final int[] bufs, final int count) {
        cleanCompleted();
        final long ring = this.ringAddress;
        final int clean = cleanIndex;
        int index = txIndex;
        int sent = 0;
        while (sent < count) {
            final int next = (index + 1) & mask;
            if (next == clean) {
                break; // full: one descriptor stays empty, or TDT == TDH would read as "nothing to send"
            }
            final int buffer = bufs[sent];
            final BufferPool pool = pools[BufferPool.poolId(buffer)];
            pool.checkInUse(buffer, "txBatch");
            buffers[index] = buffer;
            // Advanced data descriptor (7.2.3.2.4): EOP, IFCS, RS, DEXT, DTYP = data, length, and
            // PAYLEN = length; both words plain, the tail write below publishes them.
            final long descriptor = DmaWords.base(ring + Descriptor.offset(index)); // bounded: no test per store
            DmaWords.setQword(descriptor + QWORD0, pool.physicalAddress(buffer) + PacketBuffer.DATA_OFFSET);
            DmaWords.setQword(descriptor + QWORD1, AdvancedTxDescriptor.command(pool.size(buffer), true));
            index = next;
            sent++;
        }
        txIndex = index;
        // Release (RegisterSpace.write): the descriptors above are visible before the doorbell.
        registers.write(tailRegister, index);
        return sent;
    }

    /**
     * Step 1 of {@link #txBatch}: frees the buffers of whole batches of {@code cleanBatch} sent
     * descriptors, checking only the DD bit of each batch's last descriptor. The card writes back
     * in ring order, so that one bit covers the whole batch.
     */
    private void cleanCompleted() {
        int clean = cleanIndex;
        while (((txIndex - clean) & mask) >= cleanBatch) {
            final int last = (clean + cleanBatch - 1) & mask;
            // Acquire: once DD reads 1, the card has finished reading every buffer of the batch.
            final long status = DmaWords.qwordAcquire(ringAddress + Descriptor.offset(last) + QWORD1);
            if (!AdvancedTxDescriptor.done(status)) {
                break; // clean the whole batch or nothing
            }
            for (int i = 0; i < cleanBatch; i++) {
                final int buffer = buffers[clean];
                pools[BufferPool.poolId(buffer)].free(buffer);
                clean = (clean + 1) & mask;
            }
        }
        cleanIndex = clean;
    }

    /** Descriptors in the ring. */
    public int ringSize() {
        return mask + 1;
    }

    /** Buffers the ring holds: placed by {@link #txBatch} and not yet freed. */
    public int buffersHeld() {
        return (txIndex - cleanIndex) & mask;
    }

    /** The physical address of the ring. */
    public long ringPhysicalAddress() {
        return ringPhysicalAddress;
    }

    /** The first descriptor whose buffer has not been freed. */
    int cleanIndex() {
        return cleanIndex;
    }

    /** The next descriptor to fill. */
    int txIndex() {
        return txIndex;
    }
}
