package nicharness.tinynf;

import java.util.List;
import nicharness.nf.NetworkFunction;

/**
 * The per-output flags of one agent (the {@code bool outputs[]} a TinyNF handler fills), derived
 * from the NF's answer: a port sends on every output on that port; {@link NetworkFunction#FLOOD}
 * sends on every output not on the input's port; {@link NetworkFunction#DROP}, or a port that is
 * no output of this agent, sends nowhere.
 *
 * <p>One array, rewritten for every packet: nothing is allocated per packet.
 */
final class OutputFlags {
    private final int inputPort;
    private final int[] outputPorts;
    private final boolean[] flags;

    OutputFlags(final int inputPort, final List<Integer> outputPorts) {
        this.inputPort = inputPort;
        this.outputPorts = outputPorts.stream().mapToInt(Integer::intValue).toArray();
        this.flags = new boolean[this.outputPorts.length];
    }

    /**
     * Sets the flags for the NF's answer {@code answer}.
     *
     * @return how many outputs send the packet; 0 means the NF dropped it
     */
    int select(final int answer) {
        final boolean flood = answer == NetworkFunction.FLOOD;
        int sending = 0;
        for (int n = 0; n < outputPorts.length; n++) {
            final boolean send = answer == outputPorts[n] || (flood && outputPorts[n] != inputPort);
            flags[n] = send;
            sending += send ? 1 : 0;
        }
        return sending;
    }

    /** The flags the last {@link #select} set, one per output, for {@link Agent#transmit}. */
    boolean[] flags() {
        return flags;
    }

    /** The port the agent receives on, which the NF is told. */
    int inputPort() {
        return inputPort;
    }
}
