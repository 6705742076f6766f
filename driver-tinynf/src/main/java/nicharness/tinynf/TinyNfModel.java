package nicharness.tinynf;

import java.util.ArrayList;
import java.util.List;
import nicharness.driver.Cores;
import nicharness.driver.Driver;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.driver.DriverSetup;
import nicharness.driver.Outputs;
import nicharness.driver.Parameter;
import nicharness.driver.Parameters;
import nicharness.driver.Port;
import nicharness.ixgbe.DeviceBringUp;

/**
 * The TinyNF driver model (Pirelli and Candea, OSDI 2020), registered as {@value #NAME}: each
 * agent's receive ring is its first output's transmit ring, buffers never leave their slot, the
 * transmit tails are written every flush-period packets and whenever the input is idle, and the
 * receive tail follows the slowest output's written-back head every recycle-period packets.
 */
public final class TinyNfModel implements DriverModel {
    /** The registry name. */
    public static final String NAME = "tinynf";

    /** Descriptors per ring and buffers per agent. */
    public static final Parameter RING_SIZE = new Parameter("ring-size", "1024",
            "descriptors per ring, which is also the number of 2 KiB packet buffers of an agent: a power of two in"
                    + " [8, 8192]; the paper's 1024 buffers fill one 2 MiB hugepage");
    /** Packets between transmit-tail writes, and per agent turn. */
    public static final Parameter FLUSH_PERIOD = new Parameter("flush-period", "8",
            "packets between two writes of the transmit tails (they are also written whenever a receive finds"
                    + " nothing), and the most packets an agent processes per turn: in [1, ring-size - 1]; paper: 8");
    /** Descriptors between RS bits, hence between receive-tail moves. */
    public static final Parameter RECYCLE_PERIOD = new Parameter("recycle-period", "64",
            "descriptors between two RS bits: the NIC writes the transmit heads back, and the agent moves the"
                    + " receive tail, once per period; a power of two in [1, ring-size / 2]; paper: 64");
    /** Outputs per agent when the agents are derived from the ports. */
    public static final Parameter OUTPUTS = new Parameter("outputs", "1",
            "outputs per agent when topology is auto: agent i sends to ports i+1 .. i+outputs (modulo the port"
                    + " count); in [1, 4] (osdi20 IXGBE_AGENT_OUTPUTS_MAX); the paper's set-up has 1");
    /** The agents, by their ports. */
    public static final Parameter TOPOLOGY = new Parameter("topology", Topology.AUTO,
            "the agents: 'auto' (one per port, see outputs), or input>output[+output...] for each agent,"
                    + " separated by commas, e.g. 0>1,1>0 (the paper's two-port set-up) or 0>1+2+3");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TinyNF: one ring shared by receive and transmit, no buffer pool; flush every 8 packets or when"
                + " idle, recycle every 64 through transmit-head write-back";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(RING_SIZE, FLUSH_PERIOD, RECYCLE_PERIOD, OUTPUTS, TOPOLOGY, Cores.PARAMETER_DEFINITION);
    }

    /**
     * Checks every parameter, brings up every port, then builds the agents; nothing touches a
     * device before all parameters are known to be valid.
     */
    @Override
    public Driver open(final DriverSetup setup) {
        final Parameters values = new Parameters(NAME, parameters(), setup.parameters());
        final AgentParameters agentParameters = new AgentParameters(
                values.powerOfTwo(RING_SIZE.name(), AgentParameters.RING_SIZE_MIN, AgentParameters.RING_SIZE_MAX),
                values.intValue(FLUSH_PERIOD.name(), 1, AgentParameters.RING_SIZE_MAX - 1),
                values.powerOfTwo(RECYCLE_PERIOD.name(), 1, AgentParameters.RING_SIZE_MAX / 2));
        final Topology topology = topology(values, setup.ports().size());
        final int cores = Cores.count(values, setup.ports().size());

        for (final Port port : setup.ports()) {
            bringUp(port);
        }
        // One run loop per core, serving the agents whose input the core owns: with two cores, one
        // agent each, as the 2-core policer's thread0 and thread1 (osdi20
        // experiments/baselines/policer/tinynf/main.c:29-40) each call tn_net_run on one agent.
        final List<TinyNfDriver> loops = new ArrayList<>();
        for (int core = 0; core < cores; core++) {
            final List<Agent> agents = new ArrayList<>();
            final List<Outputs> agentOutputs = new ArrayList<>();
            for (final Topology.AgentPorts ports : topology.agents()) {
                if (Cores.ownerOf(ports.input(), cores) != core) {
                    continue;
                }
                final List<Port> outputs = ports.outputs().stream().map(setup.ports()::get).toList();
                agents.add(QueueSetup.createAgent(setup.memory(), agentParameters, setup.ports().get(ports.input()), outputs));
                agentOutputs.add(new Outputs(ports.input(), ports.outputs()));
            }
            if (agents.isEmpty()) {
                throw new IllegalArgumentException("parameter cores of driver " + NAME + ": core " + core + " of " + cores
                        + " would have no agent (topology " + topology + "); give each core an input port");
            }
            loops.add(new TinyNfDriver(agents, agentOutputs, agentParameters.flushPeriod(), setup.nf(), setup.clock(),
                    setup.idle()));
        }
        return Cores.of(loops);
    }

    private static Topology topology(final Parameters values, final int portCount) {
        final int outputs = values.intValue(OUTPUTS.name(), 1, Agent.OUTPUTS_MAX);
        final String text = values.text(TOPOLOGY.name());
        if (!Topology.AUTO.equals(text) && values.isSet(OUTPUTS.name())) {
            throw new IllegalArgumentException("parameters outputs and topology of driver " + NAME + " both choose the"
                    + " outputs; give one: outputs=" + outputs + ", topology=" + text);
        }
        return Topology.parse(text, outputs, portCount);
    }

    /**
     * The shared bring-up of datasheet 4.6.3 (reset, interrupts masked, filters cleared, CRC strip,
     * flow control, promiscuous). TinyNF never waits for the link: frames simply start flowing.
     */
    @DriverPart(Part.INIT)
    private static void bringUp(final Port port) {
        new DeviceBringUp(port.registers()).named("port " + port.index()).waitForLink(false).run();
    }
}
