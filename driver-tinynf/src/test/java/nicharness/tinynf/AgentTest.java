package nicharness.tinynf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.List;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.nf.Packet;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's rules, one by one, on scripted cards (no NIC model): what the queue set-up programs,
 * which descriptor words the data path writes, and when it writes each tail.
 */
class AgentTest {
    /** Output 0 sends. */
    private static final int SEND = 1;
    private final SimulatedDmaMemory memory = new SimulatedDmaMemory(8L << 20);
    private final ScriptedNic input = new ScriptedNic(memory, 0, Transmit.ON_TAIL_WRITE);
    private final ScriptedNic output = new ScriptedNic(memory, 1, Transmit.ON_TAIL_WRITE);
    private final ScriptedNic other = new ScriptedNic(memory, 2, Transmit.ON_TAIL_WRITE);
    private final Packet packet = new Packet();

    @AfterEach
    void close() {
        memory.close();
    }

    private static byte[] frame(final int sequence) {
        final byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[20] = (byte) (sequence >> 8);
        frame[21] = (byte) sequence;
        return frame;
    }

    /** Receives and sends on every output whatever the card delivered; returns how many. */
    private int forwardAll(final Agent agent, final int outputs) {
        int count = 0;
        while (agent.receive(packet)) {
            agent.transmit(packet.length(), outputs);
            count++;
        }
        return count;
    }

    @Test
    void setUpProgramsTheMergedRingAsTheDatasheetAndThePaperSay() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(),
                List.of(output.port(), output.port()));
        final var in = input.registers();
        final var out = output.registers();
        // Receive queue 0: legacy descriptors, 2 KiB buffers, DROP_EN, enabled, tail at N - 1.
        assertEquals(1024 * 16, in.read(Regs.RDLEN(0)));
        final int srrctl = in.read(Regs.SRRCTL(0));
        assertEquals(2, Regs.field(srrctl, Regs.SRRCTL_.BSIZEPACKET));
        assertEquals(Regs.SRRCTL_.DESCTYPE_LEGACY, Regs.field(srrctl, Regs.SRRCTL_.DESCTYPE));
        assertNotEquals(0, srrctl & Regs.SRRCTL_.DROP_EN);
        assertNotEquals(0, in.read(Regs.RXDCTL(0)) & Regs.RXDCTL_.ENABLE);
        assertNotEquals(0, in.read(Regs.RXCTRL) & Regs.RXCTRL_.RXEN);
        assertEquals(0, in.read(Regs.SECRXCTRL) & Regs.SECRXCTRL_.RX_DIS);
        assertNotEquals(0, in.read(Regs.CTRL_EXT) & Regs.CTRL_EXT_.NS_DIS);
        assertEquals(0, in.read(Regs.DCA_RXCTRL(0)) & Regs.DCA_RXCTRL_.RESERVED_12);
        assertEquals(1023, input.receiveTail());
        assertEquals(1023, agent.receiveTail());
        // Two outputs on one card: transmit queues 0 and 1, PTHRESH 60, HTHRESH 4, WTHRESH 0, head
        // write-back on, 16-byte aligned, one cache line apart; relaxed ordering off; tails at 0.
        for (int q = 0; q < 2; q++) {
            final int txdctl = out.read(Regs.TXDCTL(q));
            assertEquals(60, Regs.field(txdctl, Regs.TXDCTL_.PTHRESH));
            assertEquals(4, Regs.field(txdctl, Regs.TXDCTL_.HTHRESH));
            assertEquals(0, Regs.field(txdctl, Regs.TXDCTL_.WTHRESH));
            assertNotEquals(0, txdctl & Regs.TXDCTL_.ENABLE);
            assertEquals(Regs.TDWBAL_.HEAD_WB_EN, out.read(Regs.TDWBAL(q)) & 0xF, "enabled and 16-byte aligned");
            assertEquals(0, out.read(Regs.DCA_TXCTRL(q)) & Regs.DCA_TXCTRL_.TX_DESC_WRO_EN);
            assertEquals(0, output.transmitTail(q));
        }
        assertEquals(64, out.read(Regs.TDWBAL(1)) - out.read(Regs.TDWBAL(0)));
        assertNotEquals(0, out.read(Regs.DMATXCTL) & Regs.DMATXCTL_.TE);
        // The receive ring is output 0's transmit ring; descriptor n of every ring points at buffer n.
        assertEquals(input.receiveRing().address(), output.transmitRing(0).address());
        assertNotEquals(output.transmitRing(0).address(), output.transmitRing(1).address());
        final long buffer0 = output.transmitRing(0).get(ValueLayout.JAVA_LONG, 0);
        for (int n = 0; n < 1024; n++) {
            for (int q = 0; q < 2; q++) {
                assertEquals(buffer0 + n * 2048L, output.transmitRing(q).get(ValueLayout.JAVA_LONG, Descriptor.offset(n)));
            }
            assertEquals(0, input.receiveRing().get(ValueLayout.JAVA_LONG, Descriptor.offset(n) + 8), "DD clear");
        }
    }

    @Test
    void receiveSeesAPacketOnlyOnceTheCardHasSetDd() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(), List.of(output.port()));
        assertFalse(agent.receive(packet));
        assertTrue(input.receive(frame(7)));
        assertTrue(agent.receive(packet));
        assertEquals(60, packet.length());
        assertEquals(2048, packet.capacity());
        assertEquals(7, packet.getU16(20));
        assertEquals(0, agent.processedDelimiter(), "receive does not move the delimiter; transmit does");
    }

    @Test
    void transmitWritesLengthEopIfcsOnEveryOutputAndANullDescriptorWhereItDoesNotSend() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(),
                List.of(output.port(), output.port(), other.port()));
        input.receive(frame(1));
        assertTrue(agent.receive(packet));
        agent.transmit(60, 0b101); // outputs 0 and 2
        final long sent = 60 | LegacyTxDescriptor.EOP | LegacyTxDescriptor.IFCS;
        final long skipped = LegacyTxDescriptor.EOP | LegacyTxDescriptor.IFCS;
        assertEquals(sent, output.transmitQword(0, 0, Descriptor.QWORD1), "also clears the receive DD bit of the shared ring");
        assertEquals(skipped, output.transmitQword(1, 0, Descriptor.QWORD1));
        assertEquals(sent, other.transmitQword(0, 0, Descriptor.QWORD1));
        assertEquals(1, agent.processedDelimiter());
        assertFalse(agent.receive(packet), "DD is clear again in slot 1");
    }

    @Test
    void tailsAreWrittenEveryFlushPeriodPacketsAndWhenAReceiveFindsNothing() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(),
                List.of(output.port(), other.port()));
        for (int i = 0; i < 20; i++) {
            input.receive(frame(i));
        }
        for (int i = 1; i <= 20; i++) {
            assertTrue(agent.receive(packet));
            agent.transmit(packet.length(), 0b11);
            final int expected = i / 8 * 8;
            assertEquals(expected, output.transmitTail(0), "after packet " + i);
            assertEquals(expected, other.transmitTail(0), "after packet " + i);
        }
        assertFalse(agent.receive(packet));
        assertEquals(20, output.transmitTail(0), "the partial batch leaves when the input is idle");
        assertEquals(20, other.transmitTail(0));
        assertEquals(20, output.sent(0).size());
    }

    @Test
    void reportStatusIsSetOnTheLastDescriptorOfEveryRecyclePeriod() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(), List.of(output.port()));
        for (int i = 0; i < 130; i++) {
            input.receive(frame(i));
            assertTrue(agent.receive(packet));
            agent.transmit(packet.length(), SEND);
        }
        for (int slot = 0; slot < 130; slot++) {
            final boolean rs = (output.transmitQword(0, slot, Descriptor.QWORD1) & LegacyTxDescriptor.RS) != 0;
            assertEquals(slot == 63 || slot == 127, rs, "slot " + slot);
        }
    }

    @Test
    void receiveTailFollowsTheWrittenBackHeadMinusOne() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(), List.of(output.port()));
        for (int i = 0; i < 64; i++) {
            assertTrue(input.receive(frame(i)));
        }
        assertEquals(64, forwardAll(agent, SEND));
        // Slot 63 carried RS; the flush just before the recycle sent it, so the head is back at 64.
        assertEquals(63, input.receiveTail());
        assertEquals(63, agent.receiveTail());

        // Now an idle flush after 3 packets shifts the flush counter: at the next RS slot (127) the
        // tails have not been written yet, so the head still reads 64, and the tail stays at 63.
        for (int i = 64; i < 67; i++) {
            assertTrue(input.receive(frame(i)));
        }
        assertEquals(3, forwardAll(agent, SEND));
        for (int i = 67; i < 128; i++) {
            assertTrue(input.receive(frame(i)));
        }
        assertEquals(61, forwardAll(agent, SEND));
        assertEquals(63, input.receiveTail(), "RDT lags by up to one period, as in both originals");
    }

    /**
     * The osdi20 corner case ({@code code/net/82599/ixgbe.c:1366-1379}): when flush and recycle coincide, the
     * output that keeps up has head == processedDelimiter. osdi20's "minimise head - delimiter"
     * picks it over the stalled output and would write RDT = 63 here, giving the card slots 0 to
     * 62 that the stalled output still has to send.
     */
    @Test
    void aCaughtUpHeadNeverHidesAStalledOutput() {
        final Agent agent = QueueSetup.createAgent(memory, AgentParameters.PAPER, input.port(),
                List.of(output.port(), other.port()));
        other.hold(0);
        final int both = 0b11;
        for (int i = 0; i < 64; i++) {
            input.receive(frame(i));
            assertTrue(agent.receive(packet));
            agent.transmit(packet.length(), both);
        }
        assertEquals(64, output.sent(0).size());
        assertEquals(0, other.sent(0).size());
        assertEquals(1023, input.receiveTail(), "the stalled output's head (0) decides");

        other.release(0); // it sends 0..63 and writes its head back: 64
        for (int i = 64; i < 128; i++) {
            input.receive(frame(i));
            assertTrue(agent.receive(packet));
            agent.transmit(packet.length(), both);
        }
        assertEquals(127, input.receiveTail());
        assertEquals(128, other.sent(0).size());
    }

    /**
     * An output stalled for a whole ring: the card fills every descriptor it owns, and the next RS
     * slot can never be received. The original would stop there for good; this agent recycles when
     * a receive finds nothing and the card owns no descriptor, so forwarding resumes.
     */
    @Test
    void forwardingResumesAfterAnOutputStalledForAWholeRing() {
        final Agent agent = QueueSetup.createAgent(memory, new AgentParameters(64, 8, 16), input.port(),
                List.of(output.port(), other.port()));
        other.hold(0);
        final int both = 0b11;
        int offered = 0;
        int accepted = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 16; i++) {
                accepted += input.receive(frame(offered++)) ? 1 : 0;
            }
            forwardAll(agent, both);
        }
        assertEquals(63, accepted, "the card had 63 descriptors, and got none back");
        assertEquals(agent.processedDelimiter(), agent.receiveTail(), "exhausted: the card owns nothing");
        assertFalse(agent.receive(packet));
        assertEquals(63, input.receiveTail(), "idle recycling does not move past the stalled output");
        assertEquals(63, output.sent(0).size());
        assertEquals(0, other.sent(0).size());

        other.release(0);
        assertEquals(63, other.sent(0).size(), "everything it owed leaves");
        assertFalse(agent.receive(packet)); // idle and exhausted: recycle
        assertEquals(47, input.receiveTail(), "head written back after RS slot 47, minus one");

        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 16; i++) {
                assertTrue(input.receive(frame(offered++)));
            }
            assertEquals(16, forwardAll(agent, both));
        }
        assertEquals(63 + 320, output.sent(0).size());
        assertEquals(63 + 320, other.sent(0).size());
        final int[] lengths = other.sent(0).stream().mapToInt(frame -> frame.length).toArray();
        final int[] expected = new int[lengths.length];
        java.util.Arrays.fill(expected, 60);
        assertArrayEquals(expected, lengths);
    }
}
