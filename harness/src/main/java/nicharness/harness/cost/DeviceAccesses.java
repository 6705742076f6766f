package nicharness.harness.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import nicharness.testbed.DeviceAccessCounts;
import nicharness.testbed.DriverRig;

/**
 * Device accesses per packet, exactly: register writes (doorbells apart) and reads counted by the
 * software 82599 on the driver's side of BAR0, descriptors and bytes its engines moved by DMA, and
 * the buffers the driver took from and returned to its pools. These are what each driver model
 * asks of the card and the memory system per packet; unlike times, they are the same on every
 * machine and every run.
 *
 * <p>The workload is a {@link DriverRig} in deferred mode: 64 frames circulating into each of the
 * two ports (both directions loaded, as in the paper's Table 4 runs), {@value #WARM_UP_ROUNDS}
 * rounds of warm-up so that every ring has wrapped and every lazy clean-up runs at its steady
 * period, then {@value #ROUNDS} measured rounds: 4096 packets per port, a multiple of every
 * batching period of every variant, so that the per-packet figures are exact ratios such as
 * 1/8 + 1/64.
 */
public final class DeviceAccesses {
    /** Rounds before counting: 2048 packets per port, twice the largest ring (TinyNF's 1024). */
    public static final int WARM_UP_ROUNDS = 32;
    /** Rounds counted: 4096 packets per port. */
    public static final int ROUNDS = 64;

    private DeviceAccesses() {
    }

    /**
     * Counts the accesses of {@code config}'s driver over {@code rounds} rounds after
     * {@code warmUpRounds}; with strict checks on, fails if the driver broke any rule of the card.
     */
    public static DeviceAccessCounts measure(final DriverRig.Config config, final int warmUpRounds, final int rounds) {
        try (DriverRig rig = DriverRig.open(config)) {
            return measure(rig, warmUpRounds, rounds);
        }
    }

    /** Counts on an open deferred rig (which it leaves open, ready for more rounds). */
    public static DeviceAccessCounts measure(final DriverRig rig, final int warmUpRounds, final int rounds) {
        for (int i = 0; i < warmUpRounds; i++) {
            rig.round();
            rig.refill();
        }
        final DeviceAccessCounts before = rig.deviceAccesses();
        for (int i = 0; i < rounds; i++) {
            rig.round();
            rig.refill();
        }
        final DeviceAccessCounts counts = rig.deviceAccesses().minus(before);
        if (rig.config().strict()) {
            for (int port = 0; port < DriverRig.PORTS; port++) {
                rig.port(port).faults().assertNone(); // counts of a driver that broke a rule mean nothing
            }
        }
        return counts;
    }

    /** Counts the accesses of {@code driver} running {@code nf} with the standard workload. */
    public static DeviceAccessCounts measure(final String driver, final String nf) {
        return measure(DriverRig.Config.deferred(driver, nf), WARM_UP_ROUNDS, ROUNDS);
    }

    /** One row per metric. */
    public static List<CostRow> rows(final String driver, final String nf, final DeviceAccessCounts c) {
        final String method = "software 82599 counters, deferred engines, " + DriverRig.DEFAULT_FRAMES_PER_PORT
                + " frames circulating into each of 2 ports, " + c.packets() + " packets after "
                + WARM_UP_ROUNDS * DriverRig.DEFAULT_FRAMES_PER_PORT * DriverRig.PORTS + " of warm-up; exact";
        final List<CostRow> rows = new ArrayList<>();
        rows.add(CostRow.of(driver, nf, "doorbell_writes_per_packet", c.perPacket(c.doorbellWrites()), "writes", method));
        rows.add(CostRow.of(driver, nf, "other_register_writes_per_packet", c.perPacket(c.otherRegisterWrites()),
                "writes", method));
        rows.add(CostRow.of(driver, nf, "register_reads_per_packet", c.perPacket(c.registerReads()), "reads", method));
        rows.add(CostRow.of(driver, nf, "descriptors_read_per_packet", c.perPacket(c.descriptorsRead()), "descriptors",
                method));
        rows.add(CostRow.of(driver, nf, "descriptors_written_per_packet", c.perPacket(c.descriptorsWritten()),
                "descriptors", method));
        rows.add(CostRow.of(driver, nf, "dma_bytes_read_per_packet", c.perPacket(c.dmaBytesRead()), "bytes", method));
        rows.add(CostRow.of(driver, nf, "dma_bytes_written_per_packet", c.perPacket(c.dmaBytesWritten()), "bytes",
                method));
        rows.add(CostRow.of(driver, nf, "descriptor_fetches_per_packet", c.perPacket(c.descriptorFetches()),
                "fetches", method + "; read requests filling the card's descriptor caches (PTHRESH/HTHRESH), a doorbell "
                        + "fetching when it arrives; the engines process only after each round, so a cache holding "
                        + "PTHRESH descriptors stops fetching: a lower bound for a card that keeps up"));
        rows.add(CostRow.of(driver, nf, "pcie_transactions_per_packet", c.perPacket(c.pcieTransactions()),
                "transactions", method + "; register reads and writes, descriptor fetches, write-backs and "
                        + "packet data (posted writes of up to 256 bytes, read requests of up to 512)"));
        rows.add(CostRow.of(driver, nf, "pool_gets_per_packet", c.perPacket(c.poolGets()), "buffers", method));
        rows.add(CostRow.of(driver, nf, "pool_puts_per_packet", c.perPacket(c.poolPuts()), "buffers", method));
        return rows;
    }

    /** Every Table 4 configuration's rows. */
    public static List<CostRow> table4Rows() {
        final List<CostRow> rows = new ArrayList<>();
        for (final String driver : Table4.DRIVERS) {
            for (final Table4.Variant variant : Table4.VARIANTS) {
                rows.addAll(rows(driver, variant.nf(), measure(driver, variant.nf())));
            }
        }
        return rows;
    }

    /** {@code device-accesses}: prints the exact device accesses per packet of the chosen configurations. */
    @Command(name = "device-accesses", mixinStandardHelpOptions = true,
            description = "Exact device accesses per packet (doorbells, reads, descriptors, DMA, pool) of driver + NF, printed.")
    public static final class Print implements Callable<Integer> {
        @Mixin
        private Configurations configurations = new Configurations();

        @Override
        public Integer call() {
            for (final String driver : configurations.drivers()) {
                for (final String nf : configurations.nfs()) {
                    System.out.println(driver + " " + Table4.label(nf) + ": " + measure(driver, nf));
                }
            }
            return 0;
        }
    }
}
