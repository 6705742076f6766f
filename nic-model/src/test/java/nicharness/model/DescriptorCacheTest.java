package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The on-chip descriptor caches (datasheet 7.2.3.4 transmit, 7.1.9 receive): descriptors are
 * fetched in read requests governed by PTHRESH/HTHRESH, read when fetched, and written back per
 * WTHRESH and RS, each fetch and write-back counted as a PCIe transaction.
 */
class DescriptorCacheTest {
    private static final int N = 128;
    private final Fixture fixture = new Fixture();
    private final NicModel nic = fixture.nic(0);
    private final RegisterSpace regs = nic.registers();
    private final Fixture.Ring ring = fixture.new Ring(N);
    private final RecordingSink sink = new RecordingSink();

    DescriptorCacheTest() {
        Fixture.bringUp(regs);
        nic.connect(sink);
    }

    @AfterEach
    void noFaults() {
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    private void thresholds(final int pthresh, final int hthresh) {
        int txdctl = regs.read(Regs.TXDCTL(0));
        txdctl = Regs.withField(txdctl, Regs.TXDCTL_.PTHRESH, pthresh);
        txdctl = Regs.withField(txdctl, Regs.TXDCTL_.HTHRESH, hthresh);
        regs.write(Regs.TXDCTL(0), txdctl);
    }

    private void fill(final int from, final int count, final int rsEvery) {
        for (int i = from; i < from + count; i++) {
            ring.fill(i % N, Fixture.frame(60, i));
            ring.setQword1(i % N, AdvancedTxDescriptor.command(60, rsEvery > 0 && i % rsEvery == rsEvery - 1));
        }
    }

    @Test
    void aDoorbellPerPacketCostsADescriptorFetchPerPacketAndADoorbellPerEightOneFetchPerEight() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        thresholds(32, 0); // DPDK's defaults
        fill(0, 64, 32);
        nic.counters().clear();
        for (int i = 1; i <= 32; i++) {
            regs.write(Regs.TDT(0), i); // burst 1: one descriptor per doorbell
        }
        assertEquals(32, nic.counters().descriptorFetches());
        nic.counters().clear();
        for (int i = 40; i <= 64; i += 8) {
            regs.write(Regs.TDT(0), i); // TinyNF: a doorbell every 8
        }
        assertEquals(4, nic.counters().descriptorFetches());
        assertEquals(64, sink.count());
    }

    @Test
    void anEmptyCacheFetchesAtMostFortyAndPthreshAndHthreshGovernPrefetching() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        thresholds(0, 0); // no prefetch: fetch only when the cache is empty
        fill(0, 100, 0);
        nic.counters().clear();
        regs.write(Regs.TDT(0), 100);
        assertEquals(3, nic.counters().descriptorFetches(), "40 + 40 + 20");
        assertEquals(100, nic.counters().descriptorsRead());
        thresholds(32, 8); // refill once fewer than 32 are cached and at least 8 wait in memory
        fill(100, 100, 0);
        nic.counters().clear();
        regs.write(Regs.TDT(0), 200 % N);
        final long prefetching = nic.counters().descriptorFetches();
        assertTrue(prefetching > 3, "prefetches top the cache up: " + prefetching);
        assertEquals(1 + (60 + 8) / 9 + 1, prefetching, "40, then 9 at a time while at least 8 wait, then the rest");
        assertEquals(200, sink.count());
    }

    @Test
    void theCardSendsTheDescriptorAsItFetchedIt() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        nic.holdTransmit(true);
        fill(0, 1, 0);
        regs.write(Regs.TDT(0), 1); // held: nothing fetched yet
        assertEquals(0, nic.counters().descriptorFetches());
        nic.holdTransmit(false);
        assertEquals(1, nic.counters().descriptorFetches());
        assertEquals(1, sink.count());
    }

    @Test
    void writeBacksAreOneTransactionPerRsDescriptorOrWthreshGroup() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        fill(0, 64, 32);
        nic.counters().clear();
        regs.write(Regs.TDT(0), 64);
        assertEquals(2, nic.counters().writeBackTransactions(), "RS every 32 with WTHRESH 0 (DPDK)");
        assertEquals(64, nic.counters().dataTransactions(), "one read request per 60-byte frame");
        assertEquals(nic.counters().registerReads() + nic.counters().registerWrites() + nic.counters().descriptorFetches()
                + 2 + 64, nic.counters().pcieTransactions());
    }

    @Test
    void receiveFetchesUpToThirtyTwoDescriptorsPerRequest() {
        final Fixture.Ring rx = fixture.new Ring(N);
        Fixture.setUpReceive(regs, 1 - 1, rx, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        nic.counters().clear();
        for (int i = 0; i < 100; i++) {
            nic.receiveFromWire(Fixture.frame(60, i));
        }
        assertEquals(4, nic.counters().descriptorFetches(), "32 + 32 + 32 + 4 of the 127 owned");
        assertEquals(100, nic.counters().writeBackTransactions(), "one descriptor write-back per frame");
    }
}
