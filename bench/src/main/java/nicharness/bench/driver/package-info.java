/**
 * The per-packet cost of the driver variants as JMH measures it:
 * {@link nicharness.bench.driver.DriverCostBenchmark}, one deferred round of the shared rig
 * ({@link nicharness.testbed.DriverRig}: two software ports on a cable, circulating frames) per
 * invocation.
 */
package nicharness.bench.driver;
