package nicharness.model;

import java.util.Map;
import java.util.WeakHashMap;
import nicharness.env.SimulatedDmaMemory;

/**
 * The ports that share one host memory ({@code nic-model/README.md}): what the cross-engine conflict
 * detector ({@code RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER}, {@code nic-model/README.md}, "Strict mode")
 * looks through, since TinyNF's receive ring on one card is a transmit ring of
 * another.
 */
final class HostBus {
    private static final Map<SimulatedDmaMemory, HostBus> BUSES = new WeakHashMap<>();

    /** The bus of {@code host}, created on first use. */
    static synchronized HostBus of(final SimulatedDmaMemory host) {
        return BUSES.computeIfAbsent(host, h -> new HostBus());
    }

    /** Copy-on-write: read without a lock by the engines. */
    private volatile NicModel[] ports = new NicModel[0];

    synchronized void attach(final NicModel port) {
        final NicModel[] grown = java.util.Arrays.copyOf(ports, ports.length + 1);
        grown[ports.length] = port;
        ports = grown;
    }

    synchronized void detach(final NicModel port) {
        ports = java.util.Arrays.stream(ports).filter(p -> p != port).toArray(NicModel[]::new);
    }

    NicModel[] ports() {
        return ports;
    }
}
