package nicharness.harness.tester;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import nicharness.nf.traffic.PaperTraffic;

/**
 * A returning probe's latency, the one rule of both clocks' testers ({@link WireTester} in real
 * time, {@code SimulatedTestbed} in simulated time): the time from its departure, looked up by the
 * sequence number it carries, to its return; not counted for a probe of the discarded heat-up, nor
 * for one that took longer than {@link WireTester#PROBE_TIMEOUT_NANOS} (lost, as MoonGen counts it).
 */
public final class ProbeLatency {
    /** Not a latency to record. */
    public static final long NONE = -1;

    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private ProbeLatency() {
    }

    /**
     * The latency of the probe frame at {@code offset} of {@code data}, back at {@code backNanos}.
     *
     * @param departures each sequence number's departure time, in the clock of {@code backNanos}
     * @return the latency in ns (at least 0), or {@link #NONE}
     */
    public static long of(final TrafficSchedule schedule, final long[] departures, final MemorySegment data, final long offset,
                          final long backNanos) {
        final long departed = departures[data.get(U16_BE, offset + PaperTraffic.PROBE_SEQUENCE_OFFSET) & 0xFFFF];
        if (!schedule.measured(departed)) {
            return NONE; // a probe of the discarded heat-up
        }
        final long nanos = backNanos - departed;
        return nanos <= WireTester.PROBE_TIMEOUT_NANOS ? Math.max(0, nanos) : NONE;
    }
}
