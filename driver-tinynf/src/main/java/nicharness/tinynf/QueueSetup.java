package nicharness.tinynf;

import static nicharness.ixgbe.Descriptor.QWORD;
import static nicharness.ixgbe.Descriptor.QWORD0;

import java.lang.foreign.MemorySegment;
import java.util.List;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.driver.Port;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.RegisterWait;
import nicharness.ixgbe.Regs;

/**
 * TinyNF's own queue set-up, on ports the shared device bring-up has initialised: the memory of an
 * agent, its outputs' transmit queues (datasheet 4.6.8) and its input's receive queue (4.6.7), as
 * osdi20's {@code tn_net_agent_init}, {@code tn_net_agent_add_output} and
 * {@code tn_net_agent_set_input} do it (osdi20 {@code code/net/82599/ixgbe.c:1022-1269}).
 *
 * <p>The outputs come first, as in icse23: adding output 0 writes the buffer addresses into
 * {@code rings[0]}, which is also the receive ring, so by the time the receive tail hands
 * descriptors to the NIC they point at buffers. osdi20 set the input up first and left the NIC, for
 * a moment, owning descriptors whose address was 0.
 *
 * <p>Errors are thrown at once and name the port, the register and what to check.
 */
final class QueueSetup {
    private QueueSetup() {
    }

    /** TinyNF receives on queue 0 only (no RSS, no filters: every packet goes there). */
    static final int RECEIVE_QUEUE = 0;

    /** TXDCTL.PTHRESH; TinyNF: needed to forward 10 Gb/s on one NIC (PERFORMANCE). */
    static final int TRANSMIT_PREFETCH_THRESHOLD = 60;

    /** TXDCTL.HTHRESH: cache line size / descriptor size (TinyNF assumption CACHE). */
    static final int TRANSMIT_HOST_THRESHOLD = 4;

    private static final String NOT_ACCEPTED = "the card did not accept the queue set-up; check the ring's"
            + " base address and length";

    /**
     * Allocates an agent's buffers, rings and transmit heads, sets up a transmit queue for each
     * output and then receive queue 0 of the input, and returns the agent, ready to receive.
     *
     * @throws IllegalStateException naming the port and register when a queue cannot be set up (a
     *         {@link nicharness.ixgbe.DeviceInitException} when a bit never reads back)
     */
    @DriverPart(Part.INIT)
    static Agent createAgent(final DmaMemory memory, final AgentParameters parameters, final Port input,
                             final List<Port> outputs) {
        final int ringSize = parameters.ringSize();
        // Buffer n is descriptor n of every ring. Aligned on its size, no buffer crosses a page;
        // with the paper's sizes the whole area is one 2 MiB hugepage.
        final DmaRegion buffers = memory.allocate((long) ringSize * Agent.BUFFER_SIZE, Agent.BUFFER_SIZE);
        // One written-back head per output, each on its own cache line (16-byte alignment needed).
        final DmaRegion transmitHeads = memory.allocate((long) outputs.size() * Agent.TRANSMIT_HEAD_STRIDE,
                Agent.TRANSMIT_HEAD_STRIDE);
        final DmaRegion[] rings = new DmaRegion[outputs.size()];
        final RegisterSpace[] transmitRegisters = new RegisterSpace[outputs.size()];
        final int[] transmitTailRegisters = new int[outputs.size()];
        for (int n = 0; n < outputs.size(); n++) {
            rings[n] = memory.allocate((long) ringSize * Descriptor.SIZE, Descriptor.RING_ALIGNMENT);
            final int queue = addOutput(outputs.get(n), rings[n], buffers, transmitHeads.physicalAddress(
                    (long) n * Agent.TRANSMIT_HEAD_STRIDE), ringSize);
            transmitRegisters[n] = outputs.get(n).registers();
            transmitTailRegisters[n] = Regs.TDT(queue);
        }
        setInput(input, rings[0], ringSize);
        final MemorySegment[] ringSegments = new MemorySegment[rings.length];
        for (int n = 0; n < rings.length; n++) {
            ringSegments[n] = rings[n].segment();
        }
        return new Agent(buffers.segment(), ringSegments, transmitHeads.segment(), input.registers(),
                Regs.RDT(RECEIVE_QUEUE), transmitRegisters, transmitTailRegisters, parameters);
    }

    /**
     * Section 4.6.8 Transmit Initialization, for the first free transmit queue of {@code port}.
     *
     * @return the transmit queue index
     */
    @DriverPart(Part.INIT)
    static int addOutput(final Port port, final DmaRegion ring, final DmaRegion buffers, final long headAddress,
                         final int ringSize) {
        final RegisterSpace regs = port.registers();
        // INTERPRETATION-INCORRECT (TinyNF): the datasheet asks for dword or qword alignment of the
        // head write-back address (7.2.3.5.2); the card needs 16 bytes. Checked before any write.
        if ((headAddress & 15) != 0) {
            throw new IllegalStateException(String.format("port %d: transmit head write-back address 0x%x is not"
                    + " 16-byte aligned; the 82599 ignores it then", port.index(), headAddress));
        }
        // The first queue whose TXDCTL.ENABLE is clear: after reset all are, and each output takes one.
        int queue = 0;
        while (queue < Regs.QUEUE_COUNT && (regs.read(Regs.TXDCTL(queue)) & Regs.TXDCTL_.ENABLE) != 0) {
            queue++;
        }
        if (queue == Regs.QUEUE_COUNT) {
            throw new IllegalStateException("port " + port.index() + ": all " + Regs.QUEUE_COUNT
                    + " transmit queues are enabled already; no queue is left for another TinyNF output");
        }
        // "Allocate a region of memory for the transmit descriptor list": descriptor n points at
        // buffer n, written once here and never again (legacy write-back keeps qword0, 7.2.3.2.2).
        for (int n = 0; n < ringSize; n++) {
            QWORD.set(ring.segment(), Descriptor.offset(n) + QWORD0, buffers.physicalAddress((long) n * Agent.BUFFER_SIZE));
        }
        // "Program the descriptor base address (TDBAL, TDBAH)": 128-byte aligned (8.2.3.9.5).
        regs.write(Regs.TDBAH(queue), (int) (ring.physicalAddress() >>> 32));
        regs.write(Regs.TDBAL(queue), (int) ring.physicalAddress());
        // "Set the length register to the size of the descriptor ring (TDLEN)", in bytes.
        regs.write(Regs.TDLEN(queue), ringSize * Descriptor.SIZE);
        // "Program the TXDCTL register with the desired TX descriptor write back policy": WTHRESH
        // stays 0, so only RS descriptors trigger a write-back (7.2.3.5.1).
        Regs.writeField(regs, Regs.TXDCTL(queue), Regs.TXDCTL_.PTHRESH, TRANSMIT_PREFETCH_THRESHOLD);
        Regs.writeField(regs, Regs.TXDCTL(queue), Regs.TXDCTL_.HTHRESH, TRANSMIT_HOST_THRESHOLD);
        // "If needed, set TDWBAL/TDWBAH to enable head write-back" (7.2.3.5.2): the NIC then writes
        // the head there instead of setting DD, which TinyNF's shared ring depends on (a DD set by
        // transmit would read as a received packet).
        regs.write(Regs.TDWBAH(queue), (int) (headAddress >>> 32));
        regs.write(Regs.TDWBAL(queue), (int) headAddress | Regs.TDWBAL_.HEAD_WB_EN);
        // INTERPRETATION-MISSING (TinyNF): relaxed ordering of the write-back could let the head
        // appear to move backwards; turn it off (8.2.3.11.2).
        Regs.clear(regs, Regs.DCA_TXCTRL(queue), Regs.DCA_TXCTRL_.TX_DESC_WRO_EN);
        // "Enable transmit path by setting DMATXCTL.TE. This step should be executed only for the
        // first enabled transmit queue": TE is device-global, and reset clears it.
        if ((regs.read(Regs.DMATXCTL) & Regs.DMATXCTL_.TE) == 0) {
            Regs.set(regs, Regs.DMATXCTL, Regs.DMATXCTL_.TE);
        }
        // "Enable the queue using TXDCTL.ENABLE. Poll the TXDCTL register until the Enable bit is
        // set." TDT stays 0: nothing to send yet.
        Regs.set(regs, Regs.TXDCTL(queue), Regs.TXDCTL_.ENABLE);
        waitFor(port).untilSet("TXDCTL(" + queue + ").ENABLE", Regs.TXDCTL(queue), Regs.TXDCTL_.ENABLE, NOT_ACCEPTED);
        return queue;
    }

    /** Section 4.6.7 Receive Initialization, for receive queue 0 of {@code port}. */
    @DriverPart(Part.INIT)
    static void setInput(final Port port, final DmaRegion ring, final int ringSize) {
        final RegisterSpace regs = port.registers();
        final int queue = RECEIVE_QUEUE;
        if ((regs.read(Regs.RXDCTL(queue)) & Regs.RXDCTL_.ENABLE) != 0) {
            throw new IllegalStateException("port " + port.index() + ": receive queue 0 is enabled already; "
                    + "is the port the input of another agent, or was it not reset?");
        }
        // The descriptors already point at the buffers (addOutput wrote rings[0]); qword1 is zero,
        // so DD is clear, as the read format requires (7.1.5).
        final long ringAddress = ring.physicalAddress();
        // "Program the descriptor base address with the address of the region (RDBAL, RDBAH)".
        regs.write(Regs.RDBAH(queue), (int) (ringAddress >>> 32));
        regs.write(Regs.RDBAL(queue), (int) ringAddress);
        // "Set the length register to the size of the descriptor ring (RDLEN)", in bytes.
        regs.write(Regs.RDLEN(queue), ringSize * Descriptor.SIZE);
        // "Program SRRCTL": 2 KiB buffers, legacy descriptors (the reset value; written so the
        // format is stated, not assumed) and DROP_EN, so that a full ring drops packets (counted in
        // QPRDC) instead of backing them up into the card (TinyNF assumption DROP).
        int srrctl = regs.read(Regs.SRRCTL(queue));
        srrctl = Regs.withField(srrctl, Regs.SRRCTL_.BSIZEPACKET, Agent.BUFFER_SIZE / 1024);
        srrctl = Regs.withField(srrctl, Regs.SRRCTL_.DESCTYPE, Regs.SRRCTL_.DESCTYPE_LEGACY);
        regs.write(Regs.SRRCTL(queue), srrctl | Regs.SRRCTL_.DROP_EN);
        // "Program RXDCTL with appropriate values including the queue Enable bit. Poll the RXDCTL
        // register until the Enable bit is set. The tail should not be bumped before this bit was
        // read as 1b."
        Regs.set(regs, Regs.RXDCTL(queue), Regs.RXDCTL_.ENABLE);
        waitFor(port).untilSet("RXDCTL(0).ENABLE", Regs.RXDCTL(queue), Regs.RXDCTL_.ENABLE, NOT_ACCEPTED);
        // "Bump the tail pointer (RDT) ... by setting it to the ring length minus one": the NIC now
        // owns descriptors 0 to ringSize - 2; RDT == RDH would mean it owns none (7.1.9).
        regs.write(Regs.RDT(queue), ringSize - 1);
        // "Enable the receive path by setting RXCTRL.RXEN", once per device, within the security
        // block's halt: set SECRXCTRL.RX_DIS, wait for SECRXSTAT.SECRX_RDY, set RXEN, clear RX_DIS.
        if ((regs.read(Regs.RXCTRL) & Regs.RXCTRL_.RXEN) == 0) {
            Regs.set(regs, Regs.SECRXCTRL, Regs.SECRXCTRL_.RX_DIS);
            waitFor(port).untilSet("SECRXSTAT.SECRX_RDY", Regs.SECRXSTAT, Regs.SECRXSTAT_.SECRX_RDY,
                    "the security block did not halt the receive path");
            Regs.set(regs, Regs.RXCTRL, Regs.RXCTRL_.RXEN);
            Regs.clear(regs, Regs.SECRXCTRL, Regs.SECRXCTRL_.RX_DIS);
            // "Set bit 16 of the CTRL_EXT register (NS_DIS) and clear bit 12 of DCA_RXCTRL[n]."
            Regs.set(regs, Regs.CTRL_EXT, Regs.CTRL_EXT_.NS_DIS);
        }
        // DCA_RXCTRL bit 12: "Default 1b; Reserved. Must be set to 0." (8.2.3.11.1)
        Regs.clear(regs, Regs.DCA_RXCTRL(queue), Regs.DCA_RXCTRL_.RESERVED_12);
    }

    /** TinyNF's waits: 10 polls over 1 s (INTERPRETATION-MISSING, the datasheet gives no timeout). */
    private static RegisterWait waitFor(final Port port) {
        return new RegisterWait(port.registers(), "port " + port.index());
    }
}
