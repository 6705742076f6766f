package nicharness.ixy;

import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.MemorySegment;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DmaWords;
import nicharness.ixgbe.RegisterWait;
import nicharness.ixgbe.Regs;

/**
 * One receive queue of ixy's model: a ring of advanced receive descriptors in which every
 * descriptor always holds a buffer of this queue's {@link BufferPool}. {@link #rxBatch} hands the
 * filled buffers out and re-arms each descriptor with a fresh buffer from the pool.
 *
 * <p>Ownership (datasheet 7.1.9): we control the tail of the queue, the card the
 * head. The card owns the descriptors from RDH up to but not including RDT; the descriptor at
 * {@link #rxIndex} is the next one the card will write back.
 */
public final class RxQueue {
    private final RegisterSpace registers;
    private final int queue;
    /** RDT of this queue, computed once: the data path writes it and nothing else. */
    private final int tailRegister;
    private final MemorySegment ring;
    /** The ring's address: the data path reads and writes descriptors through {@link DmaWords}. */
    private final long ringAddress;
    private final long ringPhysicalAddress;
    private final int mask;
    private final BufferPool pool;
    /** The buffer each descriptor holds, by descriptor index (ixy's {@code virtual_addresses}). */
    private final int[] buffers;
    /** The next descriptor to look at for a written-back packet. */
    private int rxIndex;
    /** Descriptors that carried part of a frame (EOP clear): dropped, see {@link #rxBatch}. */
    private long multiDescriptorDrops;

    private RxQueue(final RegisterSpace registers, final int queue, final DmaRegion ring, final int ringSize,
                    final BufferPool pool) {
        this.registers = registers;
        this.queue = queue;
        this.tailRegister = Regs.RDT(queue);
        this.ring = ring.segment();
        this.ringAddress = DmaWords.address(this.ring, (long) ringSize * Descriptor.SIZE);
        this.ringPhysicalAddress = ring.physicalAddress();
        this.mask = ringSize - 1;
        this.pool = pool;
        this.buffers = new int[ringSize];
    }

    /**
     * Configures receive queue {@code queue} (datasheet 4.6.7, ixy's {@code init_rx} per queue):
     * advanced one-buffer descriptors with drops when the ring is full, a fresh ring filled with
     * 0xFF, its base and length, and head and tail at 0. The queue stays disabled until
     * {@link #start()}.
     *
     * @param ringSize a power of two (ixy's {@code wrap_ring} relies on it) in [8, 8192]
     */
    @DriverPart(Part.INIT)
    public static RxQueue configure(final RegisterSpace registers, final int queue, final DmaMemory dma,
                                    final int ringSize, final BufferPool pool) {
        if (Integer.bitCount(ringSize) != 1 || ringSize < 8 || ringSize > 8192) {
            throw new IllegalArgumentException("receive ring size must be a power of two in [8, 8192]: ringSize=" + ringSize);
        }
        if (pool.capacity() < ringSize) {
            throw new IllegalArgumentException("the pool of receive queue " + queue + " has fewer buffers than its ring has "
                    + "descriptors: pool entries=" + pool.capacity() + ", ringSize=" + ringSize);
        }
        // 8.2.3.8.7 via its legacy alias, as ixy: advanced descriptors, one buffer; drop when no
        // descriptor is free, so a slow driver loses packets instead of stalling the card.
        // BSIZEPACKET keeps its reset value, 2 KiB (INTERPRETATION: ixy relies on it; frames are at
        // most 1518 bytes since HLREG0.JUMBOEN stays 0, so they fit the 1984 bytes after the header).
        int srrctl = registers.read(Regs.SRRCTL_ALIAS(queue));
        srrctl = Regs.withField(srrctl, Regs.SRRCTL_.DESCTYPE, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER);
        registers.write(Regs.SRRCTL_ALIAS(queue), srrctl | Regs.SRRCTL_.DROP_EN);

        final long ringBytes = (long) ringSize * Descriptor.SIZE;
        final DmaRegion ring = dma.allocate(ringBytes, Descriptor.RING_ALIGNMENT);
        // ixy fills fresh rings with 0xFF: a stale "done" bit anywhere would be read as a packet, so
        // every descriptor must be written before the card is told about it (start()).
        ring.segment().fill((byte) 0xFF);
        registers.write(Regs.RDBAL(queue), (int) ring.physicalAddress());
        registers.write(Regs.RDBAH(queue), (int) (ring.physicalAddress() >>> 32));
        registers.write(Regs.RDLEN(queue), (int) ringBytes);
        // As ixy: head and tail at 0 (their reset values). Rewriting the tail's value moves nothing,
        // so it does not break the rule that the tail may only move once ENABLE reads 1.
        registers.write(Regs.RDH(queue), 0);
        registers.write(Regs.RDT(queue), 0);
        return new RxQueue(registers, queue, ring, ringSize, pool);
    }

    /**
     * Starts the queue (datasheet 4.6.7, ixy's {@code start_rx_queue}): gives every descriptor a
     * buffer, enables the queue, and hands all descriptors but one to the card.
     *
     * @param wait how to wait for ENABLE to read back, and what to call the port if it does not
     * @throws nicharness.ixgbe.DeviceInitException if the card does not report the queue enabled
     */
    @DriverPart(Part.INIT)
    public void start(final RegisterWait wait) {
        for (int index = 0; index <= mask; index++) {
            final int buffer = pool.alloc(); // cannot fail: configure() checked the pool holds a ringful
            arm(index, buffer);
        }
        Regs.set(registers, Regs.RXDCTL(queue), Regs.RXDCTL_.ENABLE);
        wait.untilSet("RXDCTL(" + queue + ").ENABLE", Regs.RXDCTL(queue), Regs.RXDCTL_.ENABLE, IxyDevice.QUEUE_NOT_ENABLED);
        registers.write(Regs.RDH(queue), 0);
        // The tail is one behind the head: RDT == RDH would mean the card owns nothing (2.6).
        registers.write(Regs.RDT(queue), mask);
        rxIndex = 0;
    }

    /**
     * Receives up to {@code max} packets (datasheet 7.1.6 advanced write-back, 7.1.9 tail; ixy's
     * {@code ixgbe_rx_batch}): for each descriptor the card has written back, hands its buffer out
     * in {@code out} with the frame length in the buffer's header, and re-arms the descriptor with
     * a new buffer. The card owns the head (RDH) and writes descriptors back; we own the tail (RDT)
     * and write it once per batch. Never throws: when the pool is empty the packet stays in the
     * ring until a later call.
     *
     * @param out receives the buffers, from index 0; at least {@code max} long
     * @return how many buffers were placed in {@code out}
     */
    @DriverPart(Part.RECEIVE)
    public int rxBatch(final int[] out, final int max) {
        final long ring = this.ringAddress;
        int index = rxIndex;
        int last = index;
        int received = 0;
        while (received < max) {
            // Bounded (a no-op mask), so C2 proves the address in range and tests nothing.
            final long descriptor = DmaWords.base(ring + Descriptor.offset(index));
            // Acquire: the card writes the frame, then the status word; once DD reads 1, the
            // length and the frame bytes read after it are the card's.
            final long status = DmaWords.qwordAcquire(descriptor + QWORD1);
            if (!AdvancedRxDescriptor.done(status)) {
                break;
            }
            final int buffer = buffers[index];
            if (AdvancedRxDescriptor.endOfPacket(status)) {
                final int replacement = pool.alloc();
                if (replacement == BufferPool.NONE) {
                    break; // try again on the next call; meanwhile the card drops (SRRCTL.DROP_EN)
                }
                pool.setSize(buffer, AdvancedRxDescriptor.length(status));
                out[received++] = buffer;
                arm(index, replacement);
            } else {
                // Cannot happen with our set-up (frames <= 1518 bytes, buffers of 1984); ixy aborts
                // here ("multi-segment packets are not supported"); the data path never throws, so
                // we drop the piece and give the descriptor its own buffer back.
                multiDescriptorDrops++;
                arm(index, buffer);
            }
            last = index;
            index = (index + 1) & mask;
        }
        if (index != rxIndex) {
            // Release (RegisterSpace.write): the re-armed descriptors are visible before the tail.
            // Intentionally the last processed descriptor, not the next one: RDT == RDH would mean
            // "the card owns nothing", so one descriptor always stays with us (2.6).
            registers.write(tailRegister, last);
            rxIndex = index;
        }
        return received;
    }

    /**
     * Advanced read format (7.1.6.1): the packet buffer address, and 0 as the header address, whose
     * bit 0 is where DD is written back, so this also clears DD. Advanced write-back overwrote both
     * words, hence the address must be written again every time.
     */
    private void arm(final int index, final int buffer) {
        final long descriptor = DmaWords.base(ringAddress + Descriptor.offset(index)); // bounded: no test per store
        DmaWords.setQword(descriptor + QWORD0, pool.physicalAddress(buffer) + PacketBuffer.DATA_OFFSET);
        DmaWords.setQword(descriptor + QWORD1, 0L);
        buffers[index] = buffer;
    }

    /** The pool this queue's descriptors take their buffers from. */
    public BufferPool pool() {
        return pool;
    }

    /** Descriptors in the ring. */
    public int ringSize() {
        return mask + 1;
    }

    /** Buffers the ring holds: one per descriptor, always. */
    public int buffersHeld() {
        return mask + 1;
    }

    /** The physical address of the ring. */
    public long ringPhysicalAddress() {
        return ringPhysicalAddress;
    }

    /** Descriptors dropped because they held only part of a frame (0 with this driver's set-up). */
    public long multiDescriptorDrops() {
        return multiDescriptorDrops;
    }

    /** The next descriptor {@link #rxBatch} will look at. */
    int rxIndex() {
        return rxIndex;
    }

    /** The buffer descriptor {@code index} holds. */
    int bufferAt(final int index) {
        return buffers[index];
    }
}
