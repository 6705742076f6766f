package nicharness.model;

import java.util.Map;
import java.util.WeakHashMap;
import nicharness.env.SimulatedDmaMemory;

/**
 * The transmit engines of the ports that share one host memory ({@code nic-model/README.md}): what
 * the cross-engine conflict detector ({@link ConflictDetector}, {@code RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER})
 * looks through, since TinyNF's receive ring on one card is a transmit ring of another.
 */
final class HostBus {
    private static final Map<SimulatedDmaMemory, HostBus> BUSES = new WeakHashMap<>();

    /** The bus of {@code host}, created on first use. */
    static synchronized HostBus of(final SimulatedDmaMemory host) {
        return BUSES.computeIfAbsent(host, h -> new HostBus());
    }

    /** Copy-on-write: read without a lock by the engines. */
    private volatile TransmitEngine[] engines = new TransmitEngine[0];

    synchronized void attach(final TransmitEngine engine) {
        final TransmitEngine[] grown = java.util.Arrays.copyOf(engines, engines.length + 1);
        grown[engines.length] = engine;
        engines = grown;
    }

    synchronized void detach(final TransmitEngine engine) {
        engines = java.util.Arrays.stream(engines).filter(e -> e != engine).toArray(TransmitEngine[]::new);
    }

    TransmitEngine[] engines() {
        return engines;
    }
}
