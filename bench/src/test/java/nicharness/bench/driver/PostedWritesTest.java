package nicharness.bench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import nicharness.env.RegisterSpace;
import nicharness.model.DrivingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Posted register writes: in order, across ports, delivered before any read, and nothing changed for the card. */
class PostedWritesTest {

    /** Records what reaches it, in one log shared by the ports ("port:offset=value", "port:read offset"). */
    private static RegisterSpace recording(final int port, final List<String> log) {
        return new RegisterSpace() {
            @Override
            public int read(final int offset) {
                log.add(port + ":read " + offset);
                return 7;
            }

            @Override
            public void write(final int offset, final int value) {
                log.add(port + ":" + offset + "=" + value);
            }

            @Override
            public long size() {
                return 1 << 17;
            }
        };
    }

    @Test
    void writesReachThePortsInIssueOrderWhenDeliveredAndNotBefore() {
        final List<String> log = new ArrayList<>();
        final PostedWrites posted = new PostedWrites(new RegisterSpace[] {recording(0, log), recording(1, log)});
        posted.post(true);
        posted.view(1).write(0x6018, 5);
        posted.view(0).write(0x1018, 6);
        posted.view(1).write(0x6018, 8);
        assertEquals(List.of(), log, "nothing reaches a port while posted");
        assertEquals(3, posted.held());
        posted.deliver();
        assertEquals(List.of("1:24600=5", "0:4120=6", "1:24600=8"), log);
        assertEquals(0, posted.held());
    }

    @Test
    void aReadDeliversEveryEarlierWriteFirst() {
        final List<String> log = new ArrayList<>();
        final PostedWrites posted = new PostedWrites(new RegisterSpace[] {recording(0, log), recording(1, log)});
        posted.post(true);
        posted.view(0).write(4, 1);
        assertEquals(7, posted.view(1).read(8));
        assertEquals(List.of("0:4=1", "1:read 8"), log);
    }

    @Test
    void notPostingWritesThroughAndStoppingDeliversWhatIsHeld() {
        final List<String> log = new ArrayList<>();
        final PostedWrites posted = new PostedWrites(new RegisterSpace[] {recording(0, log)});
        posted.view(0).write(4, 1);
        assertEquals(List.of("0:4=1"), log, "not posting: at once");
        posted.post(true);
        posted.view(0).write(4, 2);
        posted.post(false);
        assertEquals(List.of("0:4=1", "0:4=2"), log);
    }

    @Test
    void aFullLogDeliversEarlyInsteadOfGrowing() {
        final List<String> log = new ArrayList<>();
        final PostedWrites posted = new PostedWrites(new RegisterSpace[] {recording(0, log)});
        posted.post(true);
        for (int i = 0; i <= PostedWrites.CAPACITY; i++) {
            posted.view(0).write(4, i);
        }
        assertEquals(PostedWrites.CAPACITY, log.size());
        assertEquals("0:4=" + (PostedWrites.CAPACITY - 1), log.getLast());
        assertEquals(1, posted.held());
    }

    /**
     * The card sees the same thing: a posting rig (deferred, not strict) and one that writes at once
     * (strict) count the same doorbells, descriptor fetches, descriptors and DMA bytes over the same
     * rounds, and the same packets reach the driver (counted after a warm-up round: the number of
     * register reads while the link trains at initialisation depends on timing).
     */
    @ParameterizedTest
    @ValueSource(strings = {"tinynf", "dpdk", "dpdk-batched", "ixy", "ixy-batched"})
    void postingChangesNothingTheCardCounts(final String driver) {
        assertEquals(accesses(DriverRig.Config.deferred(driver, "nop-untouched").withStrict(true)),
                accesses(DriverRig.Config.deferred(driver, "nop-untouched")));
    }

    @Test
    void aDeferredRigPostsTheRoundsDoorbellsAndAStrictOneDoesNot() {
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred("tinynf", "nop-untouched"))) {
            final long before = doorbells(rig);
            rig.round();
            assertEquals(before, doorbells(rig), "no doorbell reaches the card during a round");
            rig.refill();
            assertEquals(before + rig.roundPackets() / 8 + rig.roundPackets() / 64, doorbells(rig),
                    "TinyNF's TDT per 8 packets and RDT per 64, at the refill");
        }
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred("tinynf", "nop-untouched").withStrict(true))) {
            final long before = doorbells(rig);
            rig.round();
            assertEquals(before + rig.roundPackets() / 8 + rig.roundPackets() / 64, doorbells(rig),
                    "strict: at once");
        }
    }

    private static long doorbells(final DriverRig rig) {
        return rig.port(0).counters().doorbellWrites() + rig.port(1).counters().doorbellWrites();
    }

    private static DeviceAccessCounts accesses(final DriverRig.Config config) {
        try (DriverRig rig = DriverRig.open(config)) {
            assertEquals(DrivingMode.DEFERRED, rig.config().mode());
            rig.round();
            rig.refill();
            final DeviceAccessCounts before = rig.deviceAccesses();
            for (int i = 0; i < 40; i++) {
                rig.round();
                rig.refill();
            }
            final DeviceAccessCounts after = rig.deviceAccesses();
            return new DeviceAccessCounts(after.packets() - before.packets(),
                    after.doorbellWrites() - before.doorbellWrites(),
                    after.otherRegisterWrites() - before.otherRegisterWrites(),
                    after.registerReads() - before.registerReads(),
                    after.descriptorsRead() - before.descriptorsRead(),
                    after.descriptorsWritten() - before.descriptorsWritten(),
                    after.dmaBytesRead() - before.dmaBytesRead(), after.dmaBytesWritten() - before.dmaBytesWritten(),
                    after.poolGets() - before.poolGets(), after.poolPuts() - before.poolPuts(),
                    after.descriptorFetches() - before.descriptorFetches(),
                    after.pcieTransactions() - before.pcieTransactions());
        }
    }
}
