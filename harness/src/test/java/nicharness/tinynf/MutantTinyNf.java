package nicharness.tinynf;

import static nicharness.ixgbe.Descriptor.DWORD;
import static nicharness.ixgbe.Descriptor.QWORD;
import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.MemorySegment;
import java.util.List;
import nicharness.driver.Port;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;

/**
 * A copy of TinyNF's {@link Agent} data path and of {@link QueueSetup#createAgent}, for the
 * sanitizer's mutation suite, in which {@link Bug} puts back one mistake a driver author makes.
 * With {@link Bug#NONE} it is the agent as it is (one input, one output, no NF: every packet goes
 * to the output), and the suite checks that it runs without a fault.
 */
public final class MutantTinyNf {

    /** One seeded mistake each. */
    public enum Bug {
        /** None: the agent as TinyNF writes it. */
        NONE,
        /** Wrong RDT arithmetic: RDT = the slowest head, without osdi20's one slot kept back. */
        RDT_AT_HEAD,
        /** Recycling before send: RDT follows processedDelimiter, ignoring the written-back heads. */
        RECYCLE_BEFORE_SEND,
        /** The length taken as the low 32 bits of the receive status, not masked to 16. */
        UNMASKED_LENGTH,
        /** The transmit tail flushed before the descriptor it hands over is written. */
        REWRITE_AFTER_DOORBELL,
        /** No flush when receive finds nothing: a partial batch waits for the next packet. */
        SKIPPED_FLUSH_ON_IDLE,
        /** The length read with a plain load before the acquire of the DD bit. */
        LENGTH_BEFORE_DD,
        /** RDT bumped before the receive queue is enabled. */
        TAIL_BEFORE_ENABLE,
        /** The rings allocated at 64 bytes (a cache line) instead of 128. */
        MISALIGNED_RING,
        /** The head write-back word 8 bytes into its cache line (the datasheet's qword alignment). */
        MISALIGNED_HEAD,
        /** The descriptors given the buffers' offsets in their region instead of physical addresses. */
        OFFSET_ADDRESS
    }

    private static final int RING_SIZE = 256;
    private static final int FLUSH_PERIOD = 8;
    private static final int RECYCLE_PERIOD = 64;

    private final Bug bug;
    private final MemorySegment buffers;
    private final MemorySegment ring;
    private final MemorySegment transmitHeads;
    private final RegisterSpace receiveRegisters;
    private final RegisterSpace transmitRegisters;
    private final int transmitTail;
    private final int ringMask = RING_SIZE - 1;
    private int processedDelimiter;
    private int flushCounter;
    private int receiveTail = RING_SIZE - 1;
    private long forwarded;

    private MutantTinyNf(final Bug bug, final MemorySegment buffers, final MemorySegment ring,
                         final MemorySegment transmitHeads, final RegisterSpace receiveRegisters,
                         final RegisterSpace transmitRegisters, final int transmitTail) {
        this.bug = bug;
        this.buffers = buffers;
        this.ring = ring;
        this.transmitHeads = transmitHeads;
        this.receiveRegisters = receiveRegisters;
        this.transmitRegisters = transmitRegisters;
        this.transmitTail = transmitTail;
    }

    /** Brings both ports up and sets up one agent from {@code input} to {@code output}, as {@link QueueSetup#createAgent}. */
    public static MutantTinyNf open(final Bug bug, final DmaMemory memory, final Port input, final Port output) {
        for (final Port port : List.of(input, output)) {
            new DeviceBringUp(port.registers()).named("port " + port.index()).waitForLink(false).run();
        }
        final DmaRegion buffers = memory.allocate((long) RING_SIZE * Agent.BUFFER_SIZE, Agent.BUFFER_SIZE);
        final DmaRegion heads = memory.allocate(Agent.TRANSMIT_HEAD_STRIDE, Agent.TRANSMIT_HEAD_STRIDE);
        final DmaRegion ring = memory.allocate((long) RING_SIZE * Descriptor.SIZE,
                bug == Bug.MISALIGNED_RING ? 64 : Descriptor.RING_ALIGNMENT);
        final int queue = QueueSetup.addOutput(output, ring, buffers, heads.physicalAddress(), RING_SIZE);
        final RegisterSpace out = output.registers();
        if (bug == Bug.MISALIGNED_HEAD) {
            // addOutput without its 16-byte guard, the head word at byte 8 of its line.
            out.write(Regs.TDWBAL(queue), (int) (heads.physicalAddress() + 8) | Regs.TDWBAL_.HEAD_WB_EN);
        }
        if (bug == Bug.OFFSET_ADDRESS) {
            for (int n = 0; n < RING_SIZE; n++) {
                QWORD.set(ring.segment(), Descriptor.offset(n) + QWORD0, (long) n * Agent.BUFFER_SIZE);
            }
        }
        if (bug == Bug.TAIL_BEFORE_ENABLE) {
            input.registers().write(Regs.RDT(QueueSetup.RECEIVE_QUEUE), RING_SIZE - 1);
        }
        QueueSetup.setInput(input, ring, RING_SIZE);
        return new MutantTinyNf(bug, buffers.segment(), ring.segment(), heads.segment(), input.registers(), out,
                Regs.TDT(queue));
    }

    /** Forwards what has been received, up to a flush period's worth; returns how many. */
    public int pollOnce() {
        int processed = 0;
        while (processed < FLUSH_PERIOD) {
            final long offset = Descriptor.offset(processedDelimiter) + QWORD1;
            final int early = bug == Bug.LENGTH_BEFORE_DD ? LegacyRxDescriptor.length((long) QWORD.get(ring, offset)) : 0;
            final long status = (long) QWORD.getAcquire(ring, offset);
            if (!LegacyRxDescriptor.done(status)) {
                if (flushCounter != 0 && bug != Bug.SKIPPED_FLUSH_ON_IDLE) {
                    flush();
                }
                if (processedDelimiter == receiveTail) {
                    recycle();
                }
                break;
            }
            final int length = switch (bug) {
                case UNMASKED_LENGTH -> (int) status;
                case LENGTH_BEFORE_DD -> early;
                default -> LegacyRxDescriptor.length(status);
            };
            buffers.get(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) processedDelimiter * Agent.BUFFER_SIZE);
            transmit(length);
            processed++;
        }
        forwarded += processed;
        return processed;
    }

    private void transmit(final int length) {
        final boolean reportStatus = (processedDelimiter & (RECYCLE_PERIOD - 1)) == RECYCLE_PERIOD - 1;
        final long commandWord = Descriptor.offset(processedDelimiter) + QWORD1;
        final long command = bug == Bug.UNMASKED_LENGTH
                ? length | LegacyTxDescriptor.EOP | LegacyTxDescriptor.IFCS | (reportStatus ? LegacyTxDescriptor.RS : 0)
                : LegacyTxDescriptor.command(length, reportStatus);
        if (bug == Bug.REWRITE_AFTER_DOORBELL) {
            processedDelimiter = (processedDelimiter + 1) & ringMask;
            transmitRegisters.write(transmitTail, processedDelimiter); // the doorbell first...
            QWORD.set(ring, commandWord, command);                      // ...then the descriptor
            flushCounter = 0;
        } else {
            QWORD.set(ring, commandWord, command);
            processedDelimiter = (processedDelimiter + 1) & ringMask;
            if (++flushCounter == FLUSH_PERIOD) {
                flush();
            }
        }
        if (reportStatus) {
            recycle();
        }
    }

    private void flush() {
        transmitRegisters.write(transmitTail, processedDelimiter);
        flushCounter = 0;
    }

    private void recycle() {
        final int head = (int) DWORD.getAcquire(transmitHeads, 0);
        final int lag = bug == Bug.RECYCLE_BEFORE_SEND ? 0 : (processedDelimiter - head) & ringMask;
        receiveTail = bug == Bug.RDT_AT_HEAD ? (processedDelimiter - lag) & ringMask
                : (processedDelimiter - lag - 1) & ringMask;
        receiveRegisters.write(Regs.RDT(QueueSetup.RECEIVE_QUEUE), receiveTail);
    }

    /** Packets forwarded so far. */
    public long forwarded() {
        return forwarded;
    }
}
