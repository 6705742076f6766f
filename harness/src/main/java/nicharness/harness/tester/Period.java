package nicharness.harness.tester;

/**
 * One stretch of paced traffic, as the control thread hands it to the {@link WireTester}.
 *
 * @param sequence         increases with every period, so the tester can tell a new request from an old one
 * @param gbpsPerDirection the background's wire rate on each direction of {@code directionMask}
 * @param directionMask    bit d set: direction d (into port d) is offered traffic
 * @param nanos            how long frames are generated
 * @param probesPerSecond  latency probes in direction 0 (0: none)
 * @param probeHeatupNanos probes at the start that are sent but not measured
 * @param flowRuns         consecutive frames per flow (8 in the heat-up, 1 otherwise)
 */
record Period(long sequence, double gbpsPerDirection, int directionMask, long nanos, int probesPerSecond,
              long probeHeatupNanos, int flowRuns) {
}
