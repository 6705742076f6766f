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
 * <p>The NF is one call from the agent's loop ({@link Agent#run}), through the agent's
 * {@linkplain Agent.PacketHandler packet handler}.
 *
 * <p>The clock is read where TinyNF reads it: for an NF that {@linkplain NetworkFunction#needsTime()
 * needs time} (the Vigor NFs), once per packet, just before the NF runs, as TinyNF's Vigor shim
 * calls {@code current_time()} in its packet handler; for a no-op, never, as {@code tinynf.c}'s
 * no-op handler reads no clock. An NF that needs no time is passed 0.
 */
public final class TinyNfDriver implements Driver {
    private final Agent[] agents;
    private final Handler[] handlers;
    private final int batch;
    private final IdleStrategy idle;
    private final DriverCounters counters = new DriverCounters();

    TinyNfDriver(final List<Agent> agents, final List<Outputs> outputs, final int batch,
                 final NetworkFunction nf, final Clock clock, final IdleStrategy idle) {
        this.agents = agents.toArray(new Agent[0]);
        this.handlers = new Handler[this.agents.length];
        for (int a = 0; a < handlers.length; a++) {
            handlers[a] = nf.needsTime() ? new ClockedHandler(nf, outputs.get(a), counters, clock)
                    : new Handler(nf, outputs.get(a), counters);
        }
        this.batch = batch;
        this.idle = idle;
    }

    @Override
    public int pollOnce() {
        int received = 0;
        for (int a = 0; a < agents.length; a++) {
            received += agents[a].run(handlers[a], batch);
        }
        counters.received += received;
        counters.polls++;
        if (received == 0) {
            counters.emptyPolls++;
        }
        return received;
    }

    /**
     * The NF as one agent's packet handler (osdi20 {@code code/tinynf.c}'s handlers): the NF's
     * answer becomes the agent's outputs by the rule every driver follows ({@link Outputs}), and
     * what is sent and dropped is counted. This one for an NF that needs no time, which is passed
     * 0, as {@code tinynf.c}'s no-op handler reads no clock; one class per kind, so a run's call
     * site sees one class and the choice costs no test per packet.
     */
    private static class Handler implements Agent.PacketHandler {
        final NetworkFunction nf;
        final int inputPort;
        private final Outputs outputs;
        private final DriverCounters counters;

        Handler(final NetworkFunction nf, final Outputs outputs, final DriverCounters counters) {
            this.nf = nf;
            this.inputPort = outputs.inputPort();
            this.outputs = outputs;
            this.counters = counters;
        }

        @Override
        public int handle(final Packet packet) {
            return send(nf.process(packet, inputPort, 0));
        }

        final int send(final int answer) {
            final int sends = outputs.mask(answer, counters);
            counters.transmitted += Integer.bitCount(sends);
            return sends;
        }
    }

    /** The handler of an NF that needs time: the clock read per packet, as TinyNF's Vigor shim. */
    private static final class ClockedHandler extends Handler {
        private final Clock clock;

        ClockedHandler(final NetworkFunction nf, final Outputs outputs, final DriverCounters counters, final Clock clock) {
            super(nf, outputs, counters);
            this.clock = clock;
        }

        @Override
        public int handle(final Packet packet) {
            return send(nf.process(packet, inputPort, clock.nanoTime()));
        }
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
