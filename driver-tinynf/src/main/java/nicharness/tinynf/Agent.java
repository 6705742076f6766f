package nicharness.tinynf;

import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.MemorySegment;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DmaWords;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.nf.Packet;

/**
 * A TinyNF agent: one input (receive queue 0 of one port) and one to {@link #OUTPUTS_MAX} outputs
 * (transmit queues on that port or others), sharing one set of packet buffers that never move.
 *
 * <p>The merged ring (osdi20 {@code code/net/82599/ixgbe.c:1179-1193}, {@code tn_net_agent_add_output}
 * writing buffer n's address into descriptor n of each ring): descriptor n of every ring points at buffer n,
 * forever. {@code rings[0]} is both the input's receive ring and output 0's transmit ring; the other
 * rings are the other outputs' transmit rings. A slot's life: owned by the NIC for receive (between
 * RDH and RDT) &rarr; the NIC writes a packet and sets DD &rarr; software processes it (the slot is
 * before {@link #processedDelimiter}) &rarr; every output owns it for transmit (between its TDH and
 * TDT) &rarr; every output's head has passed it &rarr; software moves RDT past it and the NIC owns it
 * again. Every output gets a descriptor for every packet, a zero-length (null) one when it should not
 * send, so all rings advance together and one delimiter serves them all.
 *
 * <p>Who owns what: the NIC owns the receive head and the transmit heads (it writes them back into
 * {@link #transmitHeads}); this agent owns the receive tail, the transmit tails and
 * {@link #processedDelimiter}.
 *
 * <p>Two ways to drive it, as in the original (osdi20 {@code code/net/network.h:33-47}): the
 * handler style, {@link #run} with a {@link PacketHandler} that {@link TinyNfDriver} makes of the
 * NF, and the low-level pair {@link #receive} / {@link #transmit} for compatibility layers. {@link #transmit} must be called exactly once after
 * every successful {@link #receive}, even for a packet that no output sends.
 *
 * <p>Threading: one thread drives an agent. The data path allocates nothing and never throws.
 */
public final class Agent {
    /**
     * Bytes per packet buffer: SRRCTL.BSIZEPACKET = 2 KiB (datasheet 8.2.3.8.7), room for a
     * 1518-byte frame; 1024 of them fill one 2 MiB hugepage.
     */
    public static final int BUFFER_SIZE = 2048;

    /** The most outputs one agent drives (osdi20 {@code IXGBE_AGENT_OUTPUTS_MAX}). */
    public static final int OUTPUTS_MAX = 4;

    /**
     * Bytes between two outputs' written-back heads: one 64-byte cache line each, so the NICs'
     * write-backs never share a line (TinyNF assumption CACHE); it also gives the 16-byte alignment
     * the 82599 needs in practice (osdi20 {@code code/net/82599/ixgbe.c:1225-1232}: "Empirically, the
     * answer is... 16 bytes").
     */
    static final int TRANSMIT_HEAD_STRIDE = 64;

    private final MemorySegment buffers;
    /** The view {@link #run} hands the handler: always on {@link #buffers}, re-pointed per packet. */
    private final Packet view = new Packet();
    /**
     * The rings' and the written-back heads' addresses: the data path reads and writes them through
     * {@link DmaWords}, every address a base plus a masked index, as osdi20 does with its pointers.
     */
    private final long receiveRing;
    private final long[] rings;
    private final long transmitHeads;
    private final RegisterSpace receiveRegisters;
    private final int receiveTailRegister;
    private final RegisterSpace[] transmitRegisters;
    private final int[] transmitTailRegisters;
    private final int ringMask;
    private final int flushPeriod;
    private final int recyclePeriod;

    /** The next slot to look at: every slot before it has been processed and handed to the outputs. */
    private int processedDelimiter;
    /** Packets given to the outputs since their tails were last written. */
    private int flushCounter;
    /** The receive tail (RDT) as last written: the NIC may fill slots up to, not including, this one. */
    private int receiveTail;

    /**
     * Wires an agent whose queues {@link QueueSetup} has set up: the receive tail is at
     * {@code ringSize - 1}, every transmit tail at 0.
     */
    Agent(final MemorySegment buffers, final MemorySegment[] rings, final MemorySegment transmitHeads,
          final RegisterSpace receiveRegisters, final int receiveTailRegister,
          final RegisterSpace[] transmitRegisters, final int[] transmitTailRegisters,
          final AgentParameters parameters) {
        this.buffers = buffers;
        this.view.wrap(buffers, 0, 0, BUFFER_SIZE);
        final long ringBytes = (long) parameters.ringSize() * Descriptor.SIZE;
        this.rings = new long[rings.length];
        for (int n = 0; n < rings.length; n++) {
            this.rings[n] = DmaWords.address(rings[n], ringBytes);
        }
        this.receiveRing = this.rings[0];
        this.transmitHeads = DmaWords.address(transmitHeads, (long) transmitRegisters.length * TRANSMIT_HEAD_STRIDE);
        this.receiveRegisters = receiveRegisters;
        this.receiveTailRegister = receiveTailRegister;
        this.transmitRegisters = transmitRegisters.clone();
        this.transmitTailRegisters = transmitTailRegisters.clone();
        this.ringMask = parameters.ringSize() - 1;
        this.flushPeriod = parameters.flushPeriod();
        this.recyclePeriod = parameters.recyclePeriod();
        this.receiveTail = ringMask;
    }

    /**
     * TinyNF's packet handler (osdi20 {@code code/net/network.h:33-34}, {@code tn_net_packet_handler}):
     * processes the packet in place, may change its length, and answers the outputs to send it on,
     * bit n for output n in the order the outputs were added (osdi20 fills {@code bool outputs[]}).
     */
    public interface PacketHandler {
        /** @return the outputs that send the packet, bit n for output n; 0 sends it nowhere */
        int handle(Packet packet);
    }

    /**
     * Receives, handles and transmits up to {@code budget} packets: the inner loop of osdi20's
     * {@code tn_net_run} ({@code code/net/82599/ixgbe.c:1392-1402}) for this agent, running the
     * receive and transmit steps that {@link #receive} and {@link #transmit} run ({@link #received},
     * {@link #transmitted}), inlined as the C compiler inlines them. One code for each step: Table 2
     * counts the lines the data path runs, and the instruction account tells the steps apart in
     * this loop's compiled code by the method each instruction came from.
     *
     * <p>Why the loop is here, beside the agent's state, and not in the caller as in osdi20: the
     * status word is read with acquire, after which C2 reloads every field it reads again and
     * stores every field it writes, once per packet; C keeps them in registers. So the loop holds
     * the slot, the rings and the periods in locals and writes the fields back when it stops;
     * flush and recycle take the slot as an argument. Measured with callgrind on TinyNF's no-op,
     * this loop against the {@link #receive} / {@link #transmit} pair: {@code docs/java-platform.md},
     * "TinyNF's loop, instruction by instruction".
     *
     * <p>Not a Table 2 part: the paper measures {@code tn_net_agent_receive} and
     * {@code tn_net_agent_transmit}, whose code is {@link #receive} and {@link #transmit} with the
     * helpers this loop shares with them.
     *
     * @param budget the most packets to process; more than ring size - 1 counts as that, less
     *               than 0 as 0
     * @return the packets processed; fewer than {@code budget} when a receive found nothing, or
     *         when the budget was more than ring size - 1
     */
    public int run(final PacketHandler handler, final int budget) {
        final Packet packet = view;
        // The same values, bounded for C2 (DmaWords.base, a non-negative mask): every descriptor
        // address is then provably below 2^63 - 8, so no access tests it.
        final long ring = DmaWords.base(receiveRing);
        final long[] outputRings = rings;
        final int mask = ringMask & Integer.MAX_VALUE;
        final int statusPeriodMask = recyclePeriod - 1;
        final int flushAt = flushPeriod;
        final int start = processedDelimiter;
        // The loop stops at the slot where the budget ends (below the ring size), so the slot is
        // also the budget's counter; the flush period counts down to the next flush (a compare
        // with a flush slot made C2 compute the next flush slot for every packet: 3.5 instructions
        // per packet more, callgrind-cost, TinyNF's no-op).
        final int end = (start + Math.min(Math.max(budget, 0), mask)) & mask;
        int untilFlush = flushAt - flushCounter;
        int slot = start & mask;
        boolean nothingReceived = false;
        try {
            while (slot != end) {
                if (!received(ring, slot, packet)) {
                    nothingReceived = true;
                    break;
                }
                final int outputs = handler.handle(packet);
                untilFlush = transmitted(ring, outputRings, slot, packet.length(), outputs, untilFlush, flushAt, mask,
                        statusPeriodMask);
                slot = (slot + 1) & mask;
            }
        } finally {
            // Also if the handler throws: the slots already sent stay sent, the one that threw
            // keeps its DD and is received again.
            stop(slot, untilFlush);
        }
        if (nothingReceived) {
            idle();
        }
        return (slot - start) & mask;
    }

    /**
     * The receive step, shared by {@link #receive} and {@link #run}: whether {@code slot}'s
     * descriptor is done, and if so {@code packet}, a view of {@link #buffers}, re-pointed at its
     * packet (osdi20 {@code tn_net_agent_receive}; datasheet 7.1.5 legacy receive write-back).
     */
    private static boolean received(final long ring, final int slot, final Packet packet) {
        final long status = receiveStatus(ring, slot);
        if (!LegacyRxDescriptor.done(status)) {
            return false;
        }
        packet.moveTo((long) slot * BUFFER_SIZE, LegacyRxDescriptor.length(status));
        return true;
    }

    /**
     * The transmit step, shared by {@link #transmit} and {@link #run}: {@code slot}'s descriptor on
     * every output ({@link #send}), the tails written when the flush period ends with it, and
     * after an RS slot the receive tail moved up ({@link #recycle}) (osdi20
     * {@code tn_net_agent_transmit}). The periods come as arguments, not fields: {@link #run} holds
     * them in locals, which C2 keeps across the acquire of the next status word.
     *
     * @param untilFlush packets until the tails are written, this one included (1 to flushAt)
     * @return packets until the tails are written after this one
     */
    private int transmitted(final long ring0, final long[] rings, final int slot, final int length,
                            final int outputs, final int untilFlush, final int flushAt, final int mask,
                            final int statusPeriodMask) {
        final int next = (slot + 1) & mask;
        // One test for RS, and the RS slot (one in recyclePeriod) on a path of its own, so the
        // other slots' command word is a constant or'ed with the length: 3.6 instructions per
        // packet fewer than one path with a reportStatus flag (callgrind-cost, TinyNF's no-op).
        if ((slot & statusPeriodMask) != statusPeriodMask) {
            send(ring0, rings, slot, length, outputs, false);
            return flushIfDue(next, untilFlush, flushAt);
        }
        send(ring0, rings, slot, length, outputs, true);
        final int nextUntilFlush = flushIfDue(next, untilFlush, flushAt);
        recycle(next);
        return nextUntilFlush;
    }

    /** When the flush period ends, the tails and a new period; else one packet fewer to go. */
    private int flushIfDue(final int slot, final int untilFlush, final int flushAt) {
        if (untilFlush != 1) {
            return untilFlush - 1;
        }
        flush(slot);
        return flushAt;
    }

    /** {@link #run}'s slot and flush count, back into the fields the other methods read. */
    private void stop(final int slot, final int untilFlush) {
        processedDelimiter = slot;
        flushCounter = flushPeriod - untilFlush;
    }

    /**
     * Looks for the next received packet (osdi20 {@code tn_net_agent_receive}; datasheet 7.1.5
     * legacy receive write-back), for compatibility layers: {@link #run} is the data path. The NIC
     * owns the receive head, this agent the tail.
     *
     * @param packet re-pointed at the packet in its buffer when there is one
     * @return whether a packet was received; if so, call {@link #transmit} exactly once next
     */
    @DriverPart(Part.RECEIVE)
    public boolean receive(final Packet packet) {
        packet.wrap(buffers, 0, 0, BUFFER_SIZE);
        if (!received(receiveRing, processedDelimiter, packet)) {
            idle();
            return false;
        }
        return true;
    }

    /**
     * The status word of {@code slot}'s receive descriptor. The NIC writes the packet bytes, then
     * qword1 with DD set, with release; this acquire pairs with it, so the length and the bytes
     * read after it are the packet's.
     */
    private static long receiveStatus(final long ring, final int slot) {
        return DmaWords.qwordAcquire(ring + Descriptor.offset(slot) + QWORD1);
    }

    /**
     * Nothing received, so now is a good time to send what is pending ("flush on idle"): without it
     * a partial batch would wait for the next packet.
     */
    private void idle() {
        if (flushCounter != 0) {
            flush(processedDelimiter);
            flushCounter = 0;
        }
        if (processedDelimiter == receiveTail) {
            recycle(processedDelimiter); // the NIC owns no descriptor: see recycle() for why we cannot wait for RS
        }
    }

    /**
     * Sends the packet last received on the outputs whose bit is set in {@code outputs}, and a
     * null descriptor on the others (osdi20 {@code tn_net_agent_transmit}, which takes
     * {@code bool outputs[]}; datasheet 7.2.3.2.2 legacy transmit descriptor, 7.2.3.5.2 head
     * write-back), for compatibility layers: {@link #run} is the data path. The NIC owns the
     * transmit heads, this agent the tails.
     *
     * @param length  the packet's length in bytes, at most {@link #BUFFER_SIZE}
     * @param outputs bit n set to send on output n, in the order the outputs were added
     */
    @DriverPart(Part.TRANSMIT)
    public void transmit(final int length, final int outputs) {
        final int slot = processedDelimiter;
        final int untilFlush = transmitted(receiveRing, rings, slot, length, outputs, flushPeriod - flushCounter,
                flushPeriod, ringMask, recyclePeriod - 1);
        stop((slot + 1) & ringMask, untilFlush);
    }

    /**
     * Writes {@code slot}'s descriptor on every output ring: the packet's length where the output
     * sends it, 0 (a null descriptor) where it does not, so all rings advance together. RS on one
     * descriptor in recyclePeriod: with head write-back on, the NIC writes the heads back only
     * then, and we look at them only then; RS on every descriptor costs a few Gb/s (osdi20
     * {@code code/net/82599/ixgbe.c:1345-1349}). {@code ring0} is {@code rings[0]}, the receive
     * ring, as the caller holds it.
     */
    private static void send(final long ring0, final long[] rings, final int slot, final int length,
                             final int outputs, final boolean reportStatus) {
        // qword0 keeps the buffer address for good: legacy write-back leaves it alone. Bit 32 of
        // the command word is 0, so writing rings[0] also clears the receive DD bit: the slot is
        // ready to be received into again once the tail passes it. Plain stores: the tail write
        // that hands the descriptor to the NIC is a release. Output 0 (the receive ring) outside
        // the loop: an agent always has it, and most have no other, so most packets run no loop.
        final long commandWord = Descriptor.offset(slot) + QWORD1;
        DmaWords.setQword(ring0 + commandWord, LegacyTxDescriptor.command((outputs & 1) * length, reportStatus));
        for (int n = 1; n < rings.length; n++) {
            final int sent = (outputs >>> n & 1) * length; // osdi20: outputs[n] * packet_length
            DmaWords.setQword(DmaWords.base(rings[n]) + commandWord, LegacyTxDescriptor.command(sent, reportStatus));
        }
    }

    /** Hands every descriptor before {@code delimiter} to every output (the TDT doorbells). */
    private void flush(final int delimiter) {
        for (int n = 0; n < transmitRegisters.length; n++) {
            transmitRegisters[n].write(transmitTailRegisters[n], delimiter);
        }
    }

    /**
     * Gives the NIC back, for receive, every slot that all outputs have sent: the receive tail
     * follows the slowest output's written-back head.
     *
     * <p>Which ordering, and why (osdi20 {@code code/net/82599/ixgbe.c:1355-1379}; icse23
     * {@code c/ixgbe/agent.h:88-128}). TinyNF exists in two forms. osdi20
     * flushes the transmit tails before it recycles, so a head that has caught up may equal
     * {@code processedDelimiter}; it keeps one descriptor back and writes RDT = head - 1. icse23
     * recycles before its end-of-batch flush, so no head can equal {@code processedDelimiter}, and
     * writes RDT = head. We keep osdi20's order and its off-by-one: it bounds the packets in flight
     * to ring size - 1, so a head equal to {@code processedDelimiter} always means "caught up",
     * never "a whole ring behind", and recycling is then correct at any moment, which the
     * exhausted-ring case below needs.
     *
     * <p>What we do not keep is osdi20's choice of the slowest head: it minimises
     * (head - processedDelimiter) as an unsigned number, so a caught-up head (distance 0) beats an
     * output that lags, and RDT moves past slots that output has not sent. Synchronous transmit
     * makes caught-up heads equal {@code processedDelimiter} whenever flush and recycle coincide,
     * every 64th packet under load, so with one output held back or its link down the NIC is given
     * buffers still queued on it. {@code StalledOutputTest} fails with osdi20's selection after 64
     * packets: the receive range [RDH, RDT) overlaps the stalled queue's [TDH, TDT), and the model
     * reports that queue's tail running onto its head. We take the largest lag
     * (processedDelimiter - head) mod ring size instead.
     *
     * <p>When it runs: after each RS descriptor, as in both originals, and also when a receive
     * finds nothing while the NIC owns no descriptor at all (receive tail == processedDelimiter).
     * Neither original does the latter, and without it an output stalled for a whole ring stalls
     * the agent forever: the NIC fills every descriptor it owns before the next RS slot, and since
     * nothing more can be received, no RS descriptor is ever sent again and the heads are never
     * read again, even after the output comes back. That state never occurs while every output
     * keeps up, so the steady-state path is the paper's.
     */
    private void recycle(final int delimiter) {
        int slowestLag = 0;
        for (int n = 0; n < transmitRegisters.length; n++) {
            // A head can be written back just after we read it; we then recycle a little less than
            // we could, which is safe (osdi20 makes the same remark).
            final int head = DmaWords.dwordAcquire(transmitHeads + (long) n * TRANSMIT_HEAD_STRIDE);
            slowestLag = Math.max(slowestLag, (delimiter - head) & ringMask);
        }
        // One slot before the slowest head (osdi20's off-by-one): RDT == RDH would mean the NIC owns
        // nothing (7.1.9), so one slot stays back and at most ring size - 1 packets are in flight.
        receiveTail = (delimiter - slowestLag - 1) & ringMask;
        receiveRegisters.write(receiveTailRegister, receiveTail);
    }

    /** How many outputs this agent sends to. */
    public int outputCount() {
        return rings.length;
    }

    /** The next slot this agent will look at, for tests and diagnostics. */
    public int processedDelimiter() {
        return processedDelimiter;
    }

    /** The receive tail (RDT) this agent last wrote, for tests and diagnostics. */
    public int receiveTail() {
        return receiveTail;
    }

    @Override
    public String toString() {
        return "Agent[outputs=" + rings.length + ", ringSize=" + (ringMask + 1) + ", flushPeriod=" + flushPeriod
                + ", recyclePeriod=" + recyclePeriod + ", processedDelimiter=" + processedDelimiter
                + ", receiveTail=" + receiveTail + "]";
    }
}
