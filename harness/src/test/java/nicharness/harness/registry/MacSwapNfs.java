package nicharness.harness.registry;

import java.util.List;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;
import nicharness.nf.registry.NfDescriptor;
import nicharness.nf.registry.NfProvider;

/**
 * An NF beyond the paper's, registered in this test scope only ({@code META-INF/services}): swaps
 * the destination and source MACs and sends the frame to the other port; a frame shorter than an
 * Ethernet header is dropped.
 */
public final class MacSwapNfs implements NfProvider {
    /** The registry name. */
    public static final String NAME = "mac-swap";

    @Override
    public List<NfDescriptor> nfs() {
        return List.of(new NfDescriptor(NAME, "swaps the destination and source MACs, to the other port (a test-scope NF)", 2,
                false, List.of(), (ports, options) -> new MacSwap()));
    }

    /** The NF. */
    static final class MacSwap implements NetworkFunction {
        private static final int ETHERNET_HEADER = 14;

        @Override
        public boolean needsTime() {
            return false;
        }

        @Override
        public int process(final Packet packet, final int inputPort, final long nowNanos) {
            if (packet.length() < ETHERNET_HEADER) {
                return DROP;
            }
            final long destination = packet.getU48(0);
            packet.setU48(0, packet.getU48(6));
            packet.setU48(6, destination);
            return inputPort ^ 1;
        }
    }
}
