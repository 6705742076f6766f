/**
 * What the testbeds, the benchmarks and the drivers' tests share: the software 82599's ports wired
 * to a driver and an NF, and the scripted card the drivers' unit tests play by hand.
 *
 * <p>{@link nicharness.testbed.ModelPorts} is the assembly: ports on one host memory and a driver
 * opened on them, as both testbeds, the benchmarks and the end-to-end driver tests build them.
 * {@link nicharness.testbed.DriverRig} is the per-packet cost rig on it (the paper's Table 4): two
 * ports on a cable with frames circulating, driven in exact deferred rounds whose register writes
 * are posted ({@link nicharness.testbed.PostedWrites}), or threaded; its device-access totals are
 * {@link nicharness.testbed.DeviceAccessCounts}. The shared end-to-end contract every driver
 * variant meets, {@code DriverContractTest}, is in this module's test jar.
 */
package nicharness.testbed;
