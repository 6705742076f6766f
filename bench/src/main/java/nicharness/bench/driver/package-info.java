/**
 * The per-packet cost of the driver variants: {@link nicharness.bench.driver.DriverRig}, the
 * workload every cost measurement runs on (two software ports on a cable, circulating frames,
 * deferred or threaded engines), its device-access totals
 * ({@link nicharness.bench.driver.DeviceAccessCounts}), and the JMH benchmark
 * {@link nicharness.bench.driver.DriverCostBenchmark}.
 */
package nicharness.bench.driver;
