package nicharness.harness.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import nicharness.driver.Driver;
import nicharness.driver.DriverRegistry;
import nicharness.driver.DriverSetup;
import nicharness.driver.Port;
import nicharness.env.IdleStrategy;
import nicharness.env.SimulatedDmaMemory;
import nicharness.harness.sanitizer.MistakeAtTheBar.Mistake;
import nicharness.model.DrivingMode;
import nicharness.model.Fault;
import nicharness.model.FaultKind;
import nicharness.model.NicModel;
import nicharness.model.RecordingSink;
import nicharness.nf.Clock;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import nicharness.ixy.MutantIxy;
import nicharness.tinynf.MutantTinyNf;
import nicharness.tinynf.MutantTinyNf.Bug;
import org.junit.jupiter.api.Test;

/**
 * The sanitizer tried as a driver author would: eighteen realistic bugs, each seeded alone into a
 * driver, run against the software 82599 in strict mode with seeded interleaving and exactly
 * aligned DMA memory; the model, not a test of the driver's internals, must report all but two
 * (at least 13 of the first 15 the issue asked for) with the fault that names the mistake. The two it cannot see are listed here, as expected
 * undetected, and in {@code nic-model/README.md} with why.
 *
 * <p>TinyNF's variants are a copy of its agent with one mistake ({@link MutantTinyNf}), the
 * ixy-style ones copies of its receive and transmit batches over the rings its real set-up made
 * ({@link MutantIxy}); the DPDK-style variants run the registered driver unchanged behind
 * {@link MistakeAtTheBar}, which hands the card what the mistaken driver would have written.
 */
class MutationSuiteTest {
    /** The interleaving seed: the run, and so each outcome, is the same every time. */
    private static final long SEED = 18;
    private static final int ROUNDS = 60;
    private static final int BURST = 24;

    /** One seeded bug and the fault that names it (null: the model cannot see it). */
    record Mutant(String name, String driver, FaultKind expected, Scenario scenario, boolean interleaved) {
        Mutant(final String name, final String driver, final FaultKind expected, final Scenario scenario) {
            this(name, driver, expected, scenario, true);
        }
    }

    /**
     * The bugs that show when the card finishes inside the doorbell (SYNCHRONOUS: a tail computed
     * from a head that has caught up), rather than when it lags (interleaved).
     */
    private static final List<String> SYNCHRONOUS = List.of("tinynf " + Bug.RDT_AT_HEAD);

    /** Opens a variant on two ports and returns its poll. */
    interface Scenario {
        IntSupplier open(SimulatedDmaMemory host, NicModel[] ports);
    }

    static List<Mutant> mutants() {
        final List<Mutant> all = new ArrayList<>();
        final Map<Bug, FaultKind> tinynf = new EnumMap<>(Bug.class);
        tinynf.put(Bug.RDT_AT_HEAD, FaultKind.TAIL_PASSED_HEAD);
        tinynf.put(Bug.RECYCLE_BEFORE_SEND, FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER);
        tinynf.put(Bug.UNMASKED_LENGTH, FaultKind.RESERVED_BITS_SET);
        tinynf.put(Bug.REWRITE_AFTER_DOORBELL, FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED);
        tinynf.put(Bug.SKIPPED_FLUSH_ON_IDLE, null);
        tinynf.put(Bug.LENGTH_BEFORE_DD, null);
        tinynf.put(Bug.TAIL_BEFORE_ENABLE, FaultKind.TAIL_BEFORE_ENABLE);
        tinynf.put(Bug.MISALIGNED_RING, FaultKind.BAD_RING_ALIGNMENT);
        tinynf.put(Bug.MISALIGNED_HEAD, FaultKind.HEAD_WRITE_BACK_MISALIGNED);
        tinynf.put(Bug.OFFSET_ADDRESS, FaultKind.DMA_OUT_OF_BOUNDS);
        tinynf.forEach((bug, kind) -> all.add(new Mutant("tinynf " + bug, "tinynf", kind, tinyNf(bug),
                !SYNCHRONOUS.contains("tinynf " + bug))));
        final Map<MutantIxy.Bug, FaultKind> ixy = new EnumMap<>(MutantIxy.Bug.class);
        ixy.put(MutantIxy.Bug.STALE_DD, FaultKind.RECEIVE_DESCRIPTOR_STILL_DONE);
        ixy.put(MutantIxy.Bug.RDT_ONE_TOO_FAR, FaultKind.TAIL_PASSED_HEAD);
        ixy.put(MutantIxy.Bug.DOUBLE_FREE, FaultKind.RECEIVE_BUFFER_GIVEN_TWICE);
        ixy.put(MutantIxy.Bug.VIRTUAL_ADDRESS, FaultKind.DMA_OUT_OF_BOUNDS);
        ixy.put(MutantIxy.Bug.CLEANUP_ON_WRONG_DD, FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER);
        ixy.forEach((bug, kind) -> all.add(new Mutant("ixy " + bug, "ixy", kind, ixy(bug))));
        all.add(new Mutant("dpdk " + Mistake.DOUBLE_FREE, "dpdk", FaultKind.RECEIVE_BUFFER_GIVEN_TWICE,
                registered("dpdk", Mistake.DOUBLE_FREE)));
        all.add(new Mutant("dpdk " + Mistake.VIRTUAL_ADDRESS, "dpdk", FaultKind.DMA_OUT_OF_BOUNDS,
                registered("dpdk", Mistake.VIRTUAL_ADDRESS)));
        all.add(new Mutant("dpdk " + Mistake.UNWRAPPED_TAIL, "dpdk", FaultKind.TAIL_OUT_OF_RING,
                registered("dpdk", Mistake.UNWRAPPED_TAIL)));
        return all;
    }

    private static Scenario tinyNf(final Bug bug) {
        return (host, ports) -> {
            final MutantTinyNf agent = MutantTinyNf.open(bug, host, new Port(0, ports[0].registers()),
                    new Port(1, ports[1].registers()));
            return agent::pollOnce;
        };
    }

    private static Scenario ixy(final MutantIxy.Bug bug) {
        return (host, ports) -> {
            final MutantIxy driver = MutantIxy.open(bug, host, new Port(0, ports[0].registers()),
                    new Port(1, ports[1].registers()));
            return driver::pollOnce;
        };
    }

    private static Scenario registered(final String name, final Mistake mistake) {
        return (host, ports) -> {
            final List<Port> driverPorts = List.of(
                    new Port(0, new MistakeAtTheBar(ports[0].registers(), host, mistake)),
                    new Port(1, new MistakeAtTheBar(ports[1].registers(), host, mistake)));
            final Driver driver = DriverRegistry.byName(name).open(new DriverSetup(driverPorts, host,
                    NfRegistry.create("nop", NfPorts.paper(2), Map.of()), Clock.SYSTEM, IdleStrategy.NONE, Map.of()));
            return driver::pollOnce;
        };
    }

    /** Runs one variant: bursts from port 0's wire, polls and engines interleaved, port 1 held for a while. */
    static List<Fault> run(final Scenario scenario, final RecordingSink sink) {
        return run(scenario, sink, true);
    }

    static List<Fault> run(final Scenario scenario, final RecordingSink sink, final boolean interleaved) {
        try (SimulatedDmaMemory host = new SimulatedDmaMemory(64L << 20).exactAlignment()) {
            final NicModel[] ports = new NicModel[2];
            for (int p = 0; p < 2; p++) {
                final NicModel.Builder builder = NicModel.builder(host).port(p).instantResetAndLink().strict(true);
                ports[p] = (interleaved ? builder.mode(DrivingMode.DEFERRED).interleave(SEED + p)
                        : builder.mode(DrivingMode.SYNCHRONOUS)).build();
            }
            ports[1].connect(sink);
            try {
                final IntSupplier poll;
                try {
                    poll = scenario.open(host, ports);
                } catch (final RuntimeException e) {
                    if (faults(ports).isEmpty()) {
                        throw e;
                    }
                    return faults(ports); // the card refused the set-up; the fault says why
                }
                final byte[] frame = PaperTraffic.frame(0, 2, 1);
                final MemorySegment bytes = MemorySegment.ofArray(frame);
                for (int round = 0; round < ROUNDS && faults(ports).isEmpty(); round++) {
                    ports[1].holdTransmit(round >= 10 && round < 30); // a slow output: transmit lags
                    for (int i = 0; i < BURST; i++) {
                        ports[0].receiveFromWire(bytes, 0, frame.length);
                    }
                    int idlePolls = 0; // until the driver finds nothing four times: it has caught up with the card
                    for (int polls = 0; idlePolls < 4 && polls < 4096; polls++) {
                        ports[0].step();
                        idlePolls = poll.getAsInt() == 0 ? idlePolls + 1 : 0;
                        ports[1].step();
                    }
                }
                return faults(ports);
            } finally {
                for (final NicModel port : ports) {
                    port.close();
                }
            }
        }
    }

    private static List<Fault> faults(final NicModel[] ports) {
        final List<Fault> all = new ArrayList<>();
        for (final NicModel port : ports) {
            all.addAll(port.faults().all());
        }
        return all;
    }

    @Test
    void theUnmutatedDriversRunThisScenarioWithoutAFault() {
        for (final Scenario scenario : List.of(tinyNf(Bug.NONE), ixy(MutantIxy.Bug.NONE), registered("ixy", null),
                registered("dpdk", null))) {
            final RecordingSink sink = new RecordingSink();
            assertEquals(List.of(), run(scenario, sink));
            assertTrue(sink.count() > ROUNDS * BURST / 4, "the scenario forwards: " + sink.count());
        }
    }

    @Test
    void atLeastThirteenOfFifteenSeededBugsAreReportedWithTheFaultThatNamesThem() {
        final List<Mutant> mutants = mutants();
        assertTrue(mutants.size() >= 15, mutants.size() + " mutants");
        int reported = 0;
        final StringBuilder table = new StringBuilder();
        final List<FaultKind> firsts = new ArrayList<>();
        for (final Mutant mutant : mutants) {
            final List<Fault> faults = run(mutant.scenario(), new RecordingSink(), mutant.interleaved());
            final FaultKind first = faults.isEmpty() ? null : faults.get(0).kind();
            firsts.add(first);
            table.append(String.format("%n  %-40s expected %-36s first reported %s", mutant.name(), mutant.expected(),
                    faults.isEmpty() ? "nothing" : faults.get(0)));
            if (mutant.expected() != null && first == mutant.expected()) {
                reported++;
            }
        }
        final String report = table.toString();
        System.out.println("mutation suite:" + report);
        for (int m = 0; m < mutants.size(); m++) {
            assertEquals(mutants.get(m).expected(), firsts.get(m), mutants.get(m).name() + report);
        }
        assertTrue(reported >= 13 && reported >= mutants.size() - 2, reported + " of " + mutants.size() + " reported:" + report);
    }
}
