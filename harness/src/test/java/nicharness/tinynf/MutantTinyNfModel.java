package nicharness.tinynf;

import java.util.List;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverSetup;
import nicharness.driver.Parameter;
import nicharness.env.IdleStrategy;

/**
 * A bad driver for the command line's sanitizer test: TinyNF's agent from port 0 to port 1 with one
 * seeded bug ({@link MutantTinyNf}). Known only to the test's catalog, never to the registry.
 */
public final class MutantTinyNfModel implements DriverModel {
    private final MutantTinyNf.Bug bug;

    public MutantTinyNfModel(final MutantTinyNf.Bug bug) {
        this.bug = bug;
    }

    @Override
    public String name() {
        return "tinynf-" + bug.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public String description() {
        return "TinyNF's agent, port 0 to port 1, with the seeded bug " + bug;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Driver open(final DriverSetup setup) {
        final MutantTinyNf agent = MutantTinyNf.open(bug, setup.memory(), setup.ports().get(0), setup.ports().get(1));
        final DriverCounters counters = new DriverCounters();
        final IdleStrategy idle = setup.idle();
        return new Driver() {
            @Override
            public int pollOnce() {
                final int received = agent.pollOnce();
                counters.received += received;
                return received;
            }

            @Override
            public IdleStrategy idleStrategy() {
                return idle;
            }

            @Override
            public DriverCounters counters() {
                return counters;
            }
        };
    }
}
