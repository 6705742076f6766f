package nicharness.dpdk;

import nicharness.driver.DebugOnly;
import java.util.List;
import nicharness.driver.Cores;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.Outputs;
import nicharness.env.IdleStrategy;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;

/**
 * The NF run loop of the DPDK model, as the paper's baselines run Vigor's NFs on DPDK
 * ({@code nf.c}'s main loop, generalised to any number of ports): for each port in turn, receive a
 * burst, call the NF on each packet, collect the packets per output, transmit each output's burst,
 * and free what the NF dropped and what a full ring refused.
 *
 * <p>The NF sees the mbuf's frame in place ({@code rte_pktmbuf_mtod}) through one reusable
 * {@link Packet}. The clock is read where the originals read it: for an NF that
 * {@linkplain NetworkFunction#needsTime() needs time} (the Vigor NFs), once per round over the
 * ports, at its start and whether or not anything arrives, as Vigor's {@code nf.c} loop reads
 * {@code VIGOR_NOW} at the top of each iteration of its {@code while (1)}; for a no-op, never, as
 * testpmd's forwarding and the measurable no-op read no clock on the packet path. An NF that needs
 * no time is passed the last time read, 0. A frame
 * the NF floods is not copied: as Vigor's {@code flood} does, its reference count is set to the
 * number of other ports. Unlike Vigor, which sends it at once with a burst of one per port, the
 * same mbuf joins every other output's burst; each transmit completion, and each refusal, drops
 * one reference, and the last returns it to the pool (Vigor frees it once if any port refused,
 * whatever the count). An output outside the ports is treated as a drop.
 *
 * <p>Allocation: none per packet. Mbufs are int ids in preallocated arrays: one receive burst and
 * one transmit burst per output, each of {@code burst} entries, which is enough because a burst
 * adds at most one entry per packet to each output.
 */
public final class DpdkDriver implements Driver {
    private final EthDev[] ports;
    /** The ports this loop receives from: every port on one core, the ports its core owns on several. */
    private final int[] inputs;
    private final RxQueue[] rxQueues;
    private final TxQueue[] txQueues;
    private final Mempool pool;
    @DebugOnly // mempool_debug: set by tests, never for measurements
    private final boolean debug;
    private final NetworkFunction nf;
    private final Clock clock;
    /** {@code nf.needsTime()}, asked once: whether the loop reads the clock at all. */
    private final boolean readsClock;
    /** The time last read, passed to the NF. */
    private long now;
    private final IdleStrategy idle;
    private final int burst;
    private final Packet packet = new Packet();
    private final int[] rxPkts;
    private final int[][] txPkts;
    private final int[] txCount;
    private final DriverCounters counters = new DriverCounters();
    /** Per input port, where the NF's answers send its packets. */
    private final Outputs[] outputs;

    /**
     * The run loop of lcore {@code core}: it receives from the ports {@code inputs} and transmits on
     * its own transmit queue of every port.
     */
    DpdkDriver(final List<EthDev> ports, final int core, final int[] inputs, final Mempool pool,
               final NetworkFunction nf, final Clock clock, final IdleStrategy idle, final int burst) {
        this.ports = ports.toArray(new EthDev[0]);
        this.inputs = inputs.clone();
        this.rxQueues = new RxQueue[this.ports.length];
        this.txQueues = new TxQueue[this.ports.length];
        for (int i = 0; i < this.ports.length; i++) {
            rxQueues[i] = this.ports[i].rxQueue();
            txQueues[i] = this.ports[i].txQueue(core);
        }
        this.pool = pool;
        this.debug = pool.debug();
        this.nf = nf;
        this.clock = clock;
        this.readsClock = nf.needsTime();
        this.idle = idle;
        this.burst = burst;
        this.rxPkts = new int[burst];
        this.txPkts = new int[this.ports.length][burst];
        this.txCount = new int[this.ports.length];
        this.outputs = Outputs.everyPortByInput(this.ports.length);
    }

    @Override
    public int pollOnce() {
        counters.polls++;
        if (readsClock) {
            now = clock.nanoTime(); // once per round, as Vigor's nf.c
        }
        int received = 0;
        for (final int input : inputs) {
            received += forward(input);
        }
        if (received == 0) {
            counters.emptyPolls++;
        }
        return received;
    }

    /** One burst from {@code input}: receive, process, transmit per output, free the rest. */
    private int forward(final int input) {
        final int nbRx = rxQueues[input].receiveBurst(rxPkts, burst);
        if (nbRx == 0) {
            return 0;
        }
        counters.received += nbRx;
        final int portCount = txQueues.length;
        final Outputs outputs = this.outputs[input];
        final long now = this.now;
        for (int i = 0; i < nbRx; i++) {
            final int mbuf = rxPkts[i];
            final long mb = pool.header(mbuf);
            final int length = Mbuf.dataLen(mb);
            packet.wrap(pool.segment(mbuf), Mbuf.dataStart(mb), length, Mbuf.BUF_LEN - Mbuf.dataOff(mb));
            final int output = nf.process(packet, input, now);
            if (packet.length() != length) {
                Mbuf.setDataLen(mb, packet.length());
                Mbuf.setPktLen(mb, packet.length());
            }
            final int route = outputs.route(output, counters);
            if (route >= 0) {
                txPkts[route][txCount[route]++] = mbuf;
            } else if (route == Outputs.SEVERAL) {
                flood(mbuf, outputs.ports(output));
            } else {
                pool.free(mbuf);
            }
        }
        for (int output = 0; output < portCount; output++) {
            final int count = txCount[output];
            if (count > 0) {
                transmit(output, count);
                txCount[output] = 0;
            }
        }
        return nbRx;
    }

    /** Vigor's {@code flood}: one mbuf, one reference per other port, on every other output. */
    private void flood(final int mbuf, final int[] toPorts) {
        Mbuf.setRefcnt(pool.header(mbuf), toPorts.length);
        for (final int output : toPorts) {
            txPkts[output][txCount[output]++] = mbuf;
        }
    }

    /** {@code rte_eth_tx_burst} on one output, then {@code rte_pktmbuf_free} on what it refused. */
    private void transmit(final int output, final int count) {
        final int[] pkts = txPkts[output];
        final int sent = txQueues[output].transmitBurst(pkts, 0, count);
        counters.transmitted += sent;
        if (sent < count) {
            counters.transmitFailed += count - sent;
            for (int k = sent; k < count; k++) {
                pool.free(pkts[k]);
            }
        }
    }

    @Override
    public IdleStrategy idleStrategy() {
        return idle;
    }

    /** The counters, with the pool's get and put totals brought up to date. */
    @Override
    public DriverCounters counters() {
        counters.poolGets = pool.gets();
        counters.poolPuts = pool.puts();
        return counters;
    }

    /** The mempool every port shares. */
    public Mempool mempool() {
        return pool;
    }

    /** The started ports, by index. */
    public List<EthDev> ports() {
        return List.of(ports);
    }

    /** Whether the mempool checks every mbuf it handles (debug mode). */
    public boolean debug() {
        return debug;
    }

    @Override
    public String toString() {
        return "DpdkDriver[ports=" + ports.length + ", burst=" + burst + ", " + pool + "]";
    }
}
