package nicharness.ixy;

import java.lang.foreign.MemorySegment;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.Outputs;
import nicharness.env.IdleStrategy;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;

/**
 * The NF run loop of ixy's model, shaped like the paper's {@code ixy-fwd} baseline: for each port
 * in turn, receive a batch, run the NF on each packet, transmit to the outputs it chose, and free
 * what was dropped or could not be sent ("better to drop them, otherwise we accumulate latency").
 *
 * <p>Every port has its own pool, receive queue and transmit queue. A buffer travels from the
 * input's pool through the input's receive ring to the NF, then to an output's transmit ring, and
 * back to the input's pool when that ring is cleaned. {@link NetworkFunction#FLOOD} to more than
 * one output copies the frame into a new buffer of the input's pool for every output but the last,
 * since one buffer cannot sit in two rings (ixy has no reference counts).
 *
 * <p>The clock: ixy-fwd reads none, so for a no-op the loop reads none either. ixy has no original
 * that runs an NF needing time; for one that {@linkplain NetworkFunction#needsTime() does} (the
 * Vigor NFs, an extra column beside the paper's), the loop reads it once per round over the ports,
 * at its start, as Vigor's {@code nf.c} loop does on DPDK, the loop this one has the shape of. An NF
 * that needs no time is passed the last time read, 0.
 *
 * <p>ixy-fwd increments a byte of every packet so that the workload is not "completely
 * unrealistic"; here the NF is the workload, and the loop itself touches no frame byte.
 */
public final class IxyForwarder implements Driver {
    private final NetworkFunction nf;
    private final Clock clock;
    /** {@code nf.needsTime()}, asked once: whether the loop reads the clock at all. */
    private final boolean readsClock;
    /** The time last read, passed to the NF. */
    private long now;
    private final IdleStrategy idle;
    private final int batchSize;
    private final IxyDevice[] devices;
    /** The ports this loop receives from: all on one core, the ports its core owns on several. */
    private final int[] inputs;
    private final BufferPool[] pools;
    private final DriverCounters counters = new DriverCounters();
    private final Packet packet = new Packet();
    /** The buffers of the current receive batch. */
    private final int[] received;
    /** Per output port, the buffers of the current batch going there. */
    private final int[][] outgoing;
    private final int[] outgoingCount;
    /** Per input port, where the NF's answers send its packets. */
    private final Outputs[] outputs;

    /**
     * A loop over ports that are set up: {@code devices[p]} is port p, and receives into
     * {@code pools[p]}.
     */
    public IxyForwarder(final NetworkFunction nf, final Clock clock, final IdleStrategy idle, final int batchSize,
                        final IxyDevice[] devices, final BufferPool[] pools) {
        this(nf, clock, idle, batchSize, devices, pools, nicharness.driver.Cores.inputsOf(0, 1, devices.length));
    }

    /**
     * The loop of one core of several ({@link nicharness.driver.Cores}): it receives from the ports
     * {@code inputs} only, and transmits on the transmit queues {@code devices} give it.
     */
    public IxyForwarder(final NetworkFunction nf, final Clock clock, final IdleStrategy idle, final int batchSize,
                        final IxyDevice[] devices, final BufferPool[] pools, final int[] inputs) {
        if (devices.length != pools.length) {
            throw new IllegalArgumentException("one pool per port: ports=" + devices.length + ", pools=" + pools.length);
        }
        this.nf = nf;
        this.clock = clock;
        this.readsClock = nf.needsTime();
        this.idle = idle;
        this.batchSize = batchSize;
        this.devices = devices.clone();
        this.inputs = inputs.clone();
        this.pools = pools.clone();
        this.received = new int[batchSize];
        this.outgoing = new int[devices.length][batchSize];
        this.outgoingCount = new int[devices.length];
        this.outputs = Outputs.everyPortByInput(devices.length);
    }

    @Override
    public int pollOnce() {
        final IxyDevice[] devices = this.devices;
        if (readsClock) {
            now = clock.nanoTime(); // once per round, as Vigor's nf.c
        }
        int total = 0;
        for (final int input : inputs) {
            total += forward(input);
        }
        counters.polls++;
        if (total == 0) {
            counters.emptyPolls++;
        }
        return total;
    }

    /** One batch from one input: ixy-fwd's {@code forward}. */
    private int forward(final int input) {
        final int count = devices[input].rx().rxBatch(received, batchSize);
        if (count == 0) {
            return 0;
        }
        counters.received += count;
        final BufferPool pool = pools[input];
        final long now = this.now;
        for (int i = 0; i < count; i++) {
            final int buffer = received[i];
            packet.wrap(pool.memory(buffer), pool.dataOffset(buffer), pool.size(buffer), pool.dataCapacity());
            final int output = nf.process(packet, input, now);
            pool.setSize(buffer, packet.length()); // the NF may have changed it; transmit reads the header
            route(buffer, input, output);
        }
        for (int output = 0; output < outgoingCount.length; output++) {
            if (outgoingCount[output] > 0) {
                transmit(output);
            }
        }
        return count;
    }

    private void route(final int buffer, final int input, final int answer) {
        final Outputs outputs = this.outputs[input];
        final int route = outputs.route(answer, counters);
        if (route >= 0) {
            outgoing[route][outgoingCount[route]++] = buffer;
        } else if (route == Outputs.SEVERAL) {
            flood(buffer, input, outputs.ports(answer));
        } else {
            // DROP, an output that does not exist, or a flood with nowhere to go.
            pools[input].free(buffer);
        }
    }

    /** Sends {@code buffer} to every port of {@code toPorts}: copies for all but the last. */
    private void flood(final int buffer, final int input, final int[] toPorts) {
        final BufferPool pool = pools[input];
        final int last = toPorts[toPorts.length - 1];
        for (int i = 0; i < toPorts.length - 1; i++) {
            final int output = toPorts[i];
            final int copy = pool.alloc();
            if (copy == BufferPool.NONE) {
                counters.transmitFailed++;
                continue;
            }
            final int length = pool.size(buffer);
            MemorySegment.copy(pool.memory(buffer), pool.dataOffset(buffer), pool.memory(copy), pool.dataOffset(copy), length);
            pool.setSize(copy, length);
            outgoing[output][outgoingCount[output]++] = copy;
        }
        outgoing[last][outgoingCount[last]++] = buffer;
    }

    /** Hands an output its share of the batch; frees what its full ring refused. */
    private void transmit(final int output) {
        final int[] buffers = outgoing[output];
        final int count = outgoingCount[output];
        final int sent = devices[output].tx().txBatch(buffers, count);
        counters.transmitted += sent;
        for (int i = sent; i < count; i++) {
            final int buffer = buffers[i];
            pools[BufferPool.poolId(buffer)].free(buffer);
            counters.transmitFailed++;
        }
        outgoingCount[output] = 0;
    }

    @Override
    public IdleStrategy idleStrategy() {
        return idle;
    }

    /** The counters, with the pool traffic summed over every port's pool. */
    @Override
    public DriverCounters counters() {
        long gets = 0;
        long puts = 0;
        for (final int input : inputs) { // the pools this loop receives into, which no other core touches
            gets += pools[input].gets();
            puts += pools[input].puts();
        }
        counters.poolGets = gets;
        counters.poolPuts = puts;
        return counters;
    }

    /** Port {@code port}'s device: its queues. */
    public IxyDevice device(final int port) {
        return devices[port];
    }

    /** Port {@code port}'s receive pool. */
    public BufferPool pool(final int port) {
        return pools[port];
    }

    /** How many ports this loop serves. */
    public int ports() {
        return devices.length;
    }

    /** The most packets one receive call takes. */
    public int batchSize() {
        return batchSize;
    }
}
