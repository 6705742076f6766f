package nicharness.tinynf;

import java.util.List;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.Outputs;
import nicharness.env.IdleStrategy;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;

/**
 * TinyNF's handler-style run loop (osdi20 {@code tn_net_run}): the agents are served in turn, each
 * for up to flush-period packets, and the NF processes each packet in place in its buffer.
 *
 * <p>The NF is one call from the agent, and the agent one call from the descriptor.
 *
 * <p>The clock is read where TinyNF reads it: for an NF that {@linkplain NetworkFunction#needsTime()
 * needs time} (the Vigor NFs), once per packet, just before the NF runs, as TinyNF's Vigor shim
 * calls {@code current_time()} in its packet handler; for a no-op, never, as {@code tinynf.c}'s
 * no-op handler reads no clock. An NF that needs no time is passed the last time read, 0.
 */
public final class TinyNfDriver implements Driver {
    private final Agent[] agents;
    private final Outputs[] outputs;
    private final int batch;
    private final NetworkFunction nf;
    private final Clock clock;
    /** {@code nf.needsTime()}, asked once: whether the packet path reads the clock at all. */
    private final boolean readsClock;
    /** The time last read, passed to the NF. */
    private long now;
    private final IdleStrategy idle;
    private final Packet packet = new Packet();
    private final DriverCounters counters = new DriverCounters();

    TinyNfDriver(final List<Agent> agents, final List<Outputs> outputs, final int batch,
                 final NetworkFunction nf, final Clock clock, final IdleStrategy idle) {
        this.agents = agents.toArray(new Agent[0]);
        this.outputs = outputs.toArray(new Outputs[0]);
        this.batch = batch;
        this.nf = nf;
        this.clock = clock;
        this.readsClock = nf.needsTime();
        this.idle = idle;
    }

    @Override
    public int pollOnce() {
        int received = 0;
        for (int a = 0; a < agents.length; a++) {
            received += serve(agents[a], outputs[a]);
        }
        counters.polls++;
        if (received == 0) {
            counters.emptyPolls++;
        }
        return received;
    }

    /** One turn of one agent: receive, process, transmit, up to {@link #batch} packets. */
    private int serve(final Agent agent, final Outputs outputs) {
        int processed = 0;
        while (processed < batch && agent.receive(packet)) {
            if (readsClock) {
                now = clock.nanoTime(); // per packet, as TinyNF's Vigor shim
            }
            final int answer = nf.process(packet, outputs.inputPort(), now);
            final int route = outputs.route(answer, counters);
            agent.transmit(packet.length(), outputs.flags(answer));
            counters.transmitted += route >= 0 ? 1 : route == Outputs.SEVERAL ? outputs.ports(answer).length : 0;
            processed++;
        }
        counters.received += processed;
        return processed;
    }

    /**
     * The agents, in the order they are served: for compatibility layers that use the low-level
     * {@link Agent#receive} / {@link Agent#transmit} pair instead of {@link #pollOnce()}, and for
     * diagnostics.
     */
    public List<Agent> agents() {
        return List.of(agents);
    }

    @Override
    public IdleStrategy idleStrategy() {
        return idle;
    }

    @Override
    public DriverCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "tinynf" + List.of(agents);
    }
}
