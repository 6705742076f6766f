package nicharness.tinynf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which agents to build: for each, its input port and its output ports.
 *
 * <p>Written as the {@code topology} parameter: agents separated by commas, semicolons or spaces,
 * each {@code input>output[+output...]}. {@code 0>1,1>0} is the paper's two-port set-up (one agent
 * per direction); {@code 0>1+2+3} sends what arrives on port 0 to up to three ports; {@code 0>1+1}
 * uses two transmit queues of port 1. The value {@value #AUTO} builds one agent per port, agent i
 * sending to ports i + 1, ..., i + outputs (modulo the port count): with two ports and one output,
 * the paper's set-up.
 *
 * @param agents the agents, in the order they are served
 */
public record Topology(List<AgentPorts> agents) {
    /** The {@code topology} value that derives the agents from the port count and {@code outputs}. */
    public static final String AUTO = "auto";

    /**
     * One agent's ports.
     *
     * @param input   the port whose receive queue 0 is the agent's input
     * @param outputs the ports of its outputs, in order; a port may appear twice (two transmit queues)
     */
    public record AgentPorts(int input, List<Integer> outputs) {
        public AgentPorts {
            outputs = List.copyOf(outputs);
        }

        @Override
        public String toString() {
            final StringBuilder text = new StringBuilder().append(input).append('>');
            for (int n = 0; n < outputs.size(); n++) {
                text.append(n == 0 ? "" : "+").append(outputs.get(n));
            }
            return text.toString();
        }
    }

    public Topology {
        agents = List.copyOf(agents);
    }

    /**
     * Reads a {@code topology} value.
     *
     * @param text      {@value #AUTO} or agents as {@code input>output[+output...]}
     * @param outputs   outputs per agent for {@value #AUTO}, in [1, {@value Agent#OUTPUTS_MAX}]
     * @param portCount the number of ports the driver was opened on
     * @throws IllegalArgumentException naming the agent and what is wrong with it
     */
    public static Topology parse(final String text, final int outputs, final int portCount) {
        final List<AgentPorts> agents = new ArrayList<>();
        if (AUTO.equals(text.trim())) {
            for (int input = 0; input < portCount; input++) {
                final List<Integer> ports = new ArrayList<>();
                for (int n = 1; n <= outputs; n++) {
                    ports.add((input + n) % portCount);
                }
                agents.add(new AgentPorts(input, ports));
            }
        } else {
            for (final String agent : text.trim().split("[,;\\s]+")) {
                agents.add(parseAgent(agent));
            }
        }
        final Topology topology = new Topology(agents);
        topology.check(portCount);
        return topology;
    }

    private static AgentPorts parseAgent(final String agent) {
        final String[] sides = agent.split(">", -1);
        try {
            if (sides.length != 2) {
                throw new NumberFormatException();
            }
            final List<Integer> outputs = new ArrayList<>();
            for (final String output : sides[1].split("\\+", -1)) {
                outputs.add(Integer.parseInt(output.trim()));
            }
            return new AgentPorts(Integer.parseInt(sides[0].trim()), outputs);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("topology: agent '" + agent + "' is not of the form "
                    + "input>output[+output...], for example 0>1 or 0>1+2; agents are separated by commas");
        }
    }

    private void check(final int portCount) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("topology: no agent given; write for example 0>1,1>0");
        }
        final Set<Integer> inputs = new HashSet<>();
        for (final AgentPorts agent : agents) {
            if (agent.outputs().isEmpty() || agent.outputs().size() > Agent.OUTPUTS_MAX) {
                throw new IllegalArgumentException("topology: agent " + agent + " has " + agent.outputs().size()
                        + " outputs; an agent has 1 to " + Agent.OUTPUTS_MAX + " (osdi20 IXGBE_AGENT_OUTPUTS_MAX)");
            }
            checkPort(agent, agent.input(), portCount);
            for (final int output : agent.outputs()) {
                checkPort(agent, output, portCount);
            }
            if (!inputs.add(agent.input())) {
                throw new IllegalArgumentException("topology: port " + agent.input() + " is the input of two agents;"
                        + " TinyNF receives on queue 0 only, so a port is the input of at most one agent");
            }
        }
    }

    private static void checkPort(final AgentPorts agent, final int port, final int portCount) {
        if (port < 0 || port >= portCount) {
            throw new IllegalArgumentException("topology: agent " + agent + " names port " + port + ", but the driver"
                    + " was opened on " + portCount + " port(s), numbered 0 to " + (portCount - 1));
        }
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder();
        for (final AgentPorts agent : agents) {
            text.append(text.isEmpty() ? "" : ",").append(agent);
        }
        return text.toString();
    }
}
