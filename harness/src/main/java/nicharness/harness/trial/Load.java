package nicharness.harness.trial;

/**
 * One period of traffic the tester offers.
 *
 * @param gbpsPerDirection  the background's wire rate on each active direction (0: none)
 * @param seconds           how long the measured part lasts
 * @param probesPerSecond   latency probes per second in direction 0 (0: no probes)
 * @param probeHeatupSeconds probes sent, and discarded, before the measured part
 * @param flowRuns          how many consecutive frames share a flow: 1 normally, 8 in the heat-up
 */
public record Load(double gbpsPerDirection, double seconds, int probesPerSecond, double probeHeatupSeconds, int flowRuns) {

    public Load {
        if (!(gbpsPerDirection >= 0) || !(seconds > 0) || probesPerSecond < 0 || !(probeHeatupSeconds >= 0) || flowRuns < 1) {
            throw new IllegalArgumentException("invalid load: gbpsPerDirection=" + gbpsPerDirection + " seconds=" + seconds
                    + " probesPerSecond=" + probesPerSecond + " probeHeatupSeconds=" + probeHeatupSeconds + " flowRuns=" + flowRuns);
        }
    }

    /** Throughput traffic: no probes, a new flow every frame. */
    public static Load throughput(final double gbpsPerDirection, final double seconds) {
        return new Load(gbpsPerDirection, seconds, 0, 0, 1);
    }
}
