package nicharness.nf.vigor;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.NfPorts;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.FrameParser;
import nicharness.nf.frame.Ipv4;
import nicharness.nf.libvig.Emap;

/**
 * VigPol, a per-destination token-bucket policer for traffic from the WAN ({@code vigpol/policer_main.c} at
 * vigor-nf/vigor 4979e590). Traffic from the LAN is not policed; traffic from any other port
 * is dropped. This is the correct vigpol behaviour, not TinyNF's own baseline copy, which reads its
 * "IPv4 header" at the wrong offset (TinyNF osdi20 {@code experiments/baselines/policer/policer_main.c}).
 *
 * <p>Per frame, in the original's order:
 * <ol>
 *   <li>validate Ethernet and IPv4 ({@code nf-util.h}; no L4 is needed, ICMP is fine), else drop;</li>
 *   <li>only then expire entries idle for longer than {@link PolicerConfig#expiryNanos()};</li>
 *   <li>LAN: forward to the WAN, unmodified;</li>
 *   <li>WAN, known destination: refresh; refill the bucket by {@code dt * rate / 10^9} bytes
 *       (integer division) if {@code dt} is below the expiry, capped at the burst, else fill it to
 *       the burst; set its time to now (even if the frame is then dropped); forward iff the bucket
 *       holds <b>more</b> than the frame's length, taking the length out;</li>
 *   <li>WAN, unknown destination: drop if the frame is longer than the burst or the table is
 *       full, else start the bucket at {@code burst - length} and forward. The first frame passes
 *       even when its length equals the burst.</li>
 * </ol>
 *
 * <p>All bucket arithmetic is unsigned 64-bit, with the C code's wrap-arounds. The frame's length
 * is the whole frame without FCS (60 for the paper's traffic).
 *
 * <p>Reads: Ethernet, the IPv4 header (checks and the destination address). Writes: nothing. Key
 * layout: word 0 = destination address, word 1 = 0.
 */
public final class Policer implements NetworkFunction {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PolicerConfig config;
    private final int lan;
    private final int wan;
    private final long rate;
    private final long burst;
    private final long expiryNanos;
    private final Emap buckets;
    /** Tokens in each bucket, in bytes (unsigned). */
    private final long[] bucketSize;
    /** When each bucket was last updated, in ns. */
    private final long[] bucketTime;
    private final RejectCounters counters = new RejectCounters();

    /**
     * Allocates the table.
     *
     * @throws IllegalArgumentException if the LAN or WAN port is not one of {@code ports}
     */
    public Policer(final PolicerConfig config, final NfPorts ports) {
        this.config = config;
        this.lan = ConfigChecks.device(PolicerConfig.NF, "lan", config.lanDevice(), ports.count());
        this.wan = ConfigChecks.device(PolicerConfig.NF, "wan", config.wanDevice(), ports.count());
        this.rate = config.rate();
        this.burst = config.burst();
        this.expiryNanos = config.expiryNanos();
        this.buckets = new Emap(config.capacity());
        this.bucketSize = new long[config.capacity()];
        this.bucketTime = new long[config.capacity()];
    }

    @Override
    public int process(final Packet packet, final int inputPort, final long nowNanos) {
        final int ipv4End = FrameParser.ipv4End(packet);
        if (ipv4End < 0) {
            counters.countRejected(ipv4End);
            return DROP;
        }
        // vigpol expires after validation, unlike the other NFs. The subtraction wraps as in C.
        buckets.expireAll(nowNanos - expiryNanos);

        if (inputPort == lan) {
            return wan;
        }
        if (inputPort != wan) {
            return DROP;
        }

        final long size = packet.length();
        final long destination = packet.getU32(Ipv4.DST_ADDR);
        int index = buckets.get(destination, 0);
        if (index >= 0) {
            buckets.refresh(index, nowNanos);
            final long elapsed = nowNanos - bucketTime[index];
            if (Long.compareUnsigned(elapsed, expiryNanos) < 0) {
                long tokens = bucketSize[index] + Long.divideUnsigned(elapsed * rate, NANOS_PER_SECOND);
                if (Long.compareUnsigned(tokens, burst) > 0) {
                    tokens = burst;
                }
                bucketSize[index] = tokens;
            } else {
                bucketSize[index] = burst;
            }
            bucketTime[index] = nowNanos;
            if (Long.compareUnsigned(bucketSize[index], size) > 0) {
                bucketSize[index] -= size;
                return lan;
            }
            return DROP;
        }

        if (Long.compareUnsigned(size, burst) > 0) {
            return DROP;
        }
        index = buckets.add(destination, 0, nowNanos);
        if (index < 0) {
            return DROP;
        }
        bucketSize[index] = burst - size;
        bucketTime[index] = nowNanos;
        return lan;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    /** The configuration. */
    public PolicerConfig config() {
        return config;
    }

    /** The number of tracked destinations. */
    public int destinationCount() {
        return buckets.size();
    }

    /**
     * The tokens left for a destination, or -1 if it is not tracked (for tests).
     *
     * @param destination the IPv4 address as a 32-bit value
     */
    public long tokens(final long destination) {
        final int index = buckets.get(destination, 0);
        return index < 0 ? -1 : bucketSize[index];
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
