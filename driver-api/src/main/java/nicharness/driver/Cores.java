package nicharness.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * A driver run on several cores as independent pollers, each owning a set of inputs, as the
 * paper's 2-core configurations run: one core per direction, the NF instance shared.
 *
 * <p>The {@value #PARAMETER} parameter, which every model declares ({@link #PARAMETER_DEFINITION}),
 * chooses the number of cores; core {@code c} of {@code n} owns the input ports {@code p} with
 * {@code p % n == c}, so with two ports and two cores each core owns one input, as TinyNF's 2-core
 * policer gives one agent to each of its threads (osdi20
 * {@code experiments/baselines/policer/tinynf/main.c:29-40}) and the 2-core DPDK policer gives each
 * lcore one receive device ({@code experiments/baselines/policer/dpdk/main.c:103-105}).
 *
 * <p>{@link #pollOnce()} polls every core in turn, for a host that has one thread; a host with a
 * thread, or a simulated core, per core polls each of {@link #cores()} on its own. The counters are
 * the sum of the cores'. The cores share the NF without locks, as the paper's 2-core runs do.
 */
public final class Cores implements Driver {
    /** The parameter's name. */
    public static final String PARAMETER = "cores";
    /** The parameter every driver model declares. */
    public static final Parameter PARAMETER_DEFINITION = new Parameter(PARAMETER, "1",
            "cores, each an independent poller owning the input ports p with p % cores == its index (with two ports"
                    + " and two cores, one direction each, as the paper's 2-core configurations), the NF shared"
                    + " between them without locks; in [1, number of ports]; paper: 1, and 2 for the '2 cores' lines"
                    + " of Figures 6-8");

    /** What a variant's registry name adds to its model's: {@code tinynf-2cores} is {@code tinynf} on two cores. */
    public static final String SUFFIX = "cores";
    private static final java.util.regex.Pattern VARIANT = java.util.regex.Pattern.compile("(.+)-([0-9]+)" + SUFFIX);

    private final Driver[] cores;
    private final DriverCounters counters = new DriverCounters();

    private Cores(final List<? extends Driver> cores) {
        this.cores = cores.toArray(new Driver[0]);
    }

    /**
     * The number of cores {@code values} asks for.
     *
     * @throws IllegalArgumentException when it is not in [1, {@code portCount}], naming the value
     */
    public static int count(final Parameters values, final int portCount) {
        return values.intValue(PARAMETER, 1, portCount);
    }

    /** The index of the core that owns input port {@code port} among {@code cores}. */
    public static int ownerOf(final int port, final int cores) {
        return port % cores;
    }

    /** The input ports core {@code core} of {@code cores} owns, of {@code portCount} ports. */
    public static int[] inputsOf(final int core, final int cores, final int portCount) {
        final List<Integer> inputs = new ArrayList<>();
        for (int port = 0; port < portCount; port++) {
            if (ownerOf(port, cores) == core) {
                inputs.add(port);
            }
        }
        return inputs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The driver of {@code cores}: the one core itself when there is one. */
    public static Driver of(final List<? extends Driver> cores) {
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("a driver runs on at least one core");
        }
        return cores.size() == 1 ? cores.get(0) : new Cores(cores);
    }

    /** The registry name of {@code model} on {@code cores} cores: the model's own name on one. */
    public static String variantName(final String model, final int cores) {
        return cores == 1 ? model : model + "-" + cores + SUFFIX;
    }

    /** The model name of a registry name ({@code tinynf} for {@code tinynf-2cores}), or the name itself. */
    public static String modelName(final String name) {
        final java.util.regex.Matcher m = VARIANT.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /** The cores a registry name asks for: 2 for {@code tinynf-2cores}, 1 for a model's own name. */
    public static int coresOf(final String name) {
        final java.util.regex.Matcher m = VARIANT.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(2)) : 1;
    }

    /**
     * {@code model} on {@code cores} cores, as a model of its own, registered as
     * {@code <model>-<cores>cores}: it opens the model with {@value #PARAMETER} set.
     */
    public static DriverModel variant(final DriverModel model, final int cores) {
        if (cores < 2) {
            throw new IllegalArgumentException("a variant on several cores has at least 2: cores=" + cores);
        }
        return new DriverModel() {
            @Override
            public String name() {
                return variantName(model.name(), cores);
            }

            @Override
            public String description() {
                return model.description() + "; on " + cores + " cores, one per input port";
            }

            @Override
            public List<Parameter> parameters() {
                return model.parameters();
            }

            @Override
            public Driver open(final DriverSetup setup) {
                if (setup.parameters().containsKey(PARAMETER)) {
                    throw new IllegalArgumentException("driver " + name() + " runs on " + cores + " cores; give the"
                            + " parameter cores to driver " + model.name() + " instead: cores=" + setup.parameters().get(PARAMETER));
                }
                return model.open(setup.with(PARAMETER, Integer.toString(cores)));
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    @Override
    public int pollOnce() {
        int received = 0;
        for (final Driver core : cores) {
            received += core.pollOnce();
        }
        return received;
    }

    @Override
    public List<Driver> cores() {
        return List.of(cores);
    }

    @Override
    public nicharness.env.IdleStrategy idleStrategy() {
        return cores[0].idleStrategy();
    }

    /** The sum of the cores' counters (a poll of this driver counts once per core). */
    @Override
    public DriverCounters counters() {
        final DriverCounters sum = counters;
        sum.polls = 0;
        sum.emptyPolls = 0;
        sum.received = 0;
        sum.transmitted = 0;
        sum.droppedByNf = 0;
        sum.transmitFailed = 0;
        sum.poolGets = 0;
        sum.poolPuts = 0;
        for (final Driver core : cores) {
            final DriverCounters c = core.counters();
            sum.polls += c.polls;
            sum.emptyPolls += c.emptyPolls;
            sum.received += c.received;
            sum.transmitted += c.transmitted;
            sum.droppedByNf += c.droppedByNf;
            sum.transmitFailed += c.transmitFailed;
            sum.poolGets += c.poolGets;
            sum.poolPuts += c.poolPuts;
        }
        return sum;
    }

    @Override
    public void close() {
        for (final Driver core : cores) {
            core.close();
        }
    }

    @Override
    public String toString() {
        return "Cores" + List.of(cores);
    }
}
