/**
 * Per-packet cost, the paper's Table 4: time, instructions and device accesses per packet of each
 * driver variant running each Table 4 NF, on the thread that runs the driver and the NF, with the
 * model's work and empty polls left out (TinyNF osdi20 {@code code/util/perf.h} and
 * {@code code/tinynf.c:89-109}).
 *
 * <p>Every figure runs on a {@link nicharness.testbed.DriverRig}: two software 82599 ports on a
 * cable, 64 frames of the paper's traffic circulating into each, both directions loaded.
 *
 * <table>
 * <caption>What is measured, how, and by which class</caption>
 * <tr><th>figure</th><th>method</th><th>class</th><th>time</th></tr>
 * <tr><td>device accesses per packet (doorbells, other writes, reads, descriptors, DMA bytes, pool
 * gets and puts)</td><td>the model's counters and the drivers' pool counters over 4096 packets per
 * port after warm-up, deferred engines: exact</td><td>{@link nicharness.harness.cost.DeviceAccesses}</td>
 * <td>milliseconds</td></tr>
 * <tr><td>time per packet, median and p99</td><td>{@code System.nanoTime} around each deferred
 * round, empty timing subtracted</td><td>{@link nicharness.harness.cost.RoundTiming}</td><td>a second</td></tr>
 * <tr><td>time per packet at saturation</td><td>driver thread CPU time in a threaded run, empty polls
 * calibrated and taken out</td><td>{@link nicharness.harness.cost.ThreadedCost}</td><td>a second</td></tr>
 * <tr><td>instructions, cycles, IPC, cache events per packet</td><td>{@code perf_event_open} on the
 * driver thread during the threaded run, where the machine has a PMU; otherwise a row saying why
 * not</td><td>{@link nicharness.harness.cost.ThreadedCost}</td><td>(same run)</td></tr>
 * <tr><td>instructions per packet without a PMU</td><td>{@code valgrind --tool=callgrind}, one
 * region per deferred round</td><td>{@link nicharness.harness.cost.CallgrindCost}</td><td>1.5 to 4.5
 * minutes per configuration</td></tr>
 * <tr><td>where those instructions go: per compiled method and group (driver receive, driver
 * transmit, driver receive or transmit, driver loop, NF, loop, clock, model, JDK, JVM), each
 * instruction of an inlined loop by its inlining chain; the receive and transmit part alone
 * ({@code rx_tx_instructions_per_packet}, what the slides' 35 and 100 count)</td><td>the same
 * callgrind run with {@code --dump-instr=yes}, the JVM's code map ({@code -XX:+DumpPerfMapAtExit})
 * and C2's printed code with its debug information ({@code -XX:+DebugNonSafepoints}, disassembled
 * by {@code objdump})</td>
 * <td>{@link nicharness.harness.cost.CallgrindAccount} ({@code callgrind-cost --account})</td>
 * <td>(same run)</td></tr>
 * <tr><td>time per packet with error bars, allocation per packet</td><td>JMH,
 * {@code nicharness.bench.driver.DriverCostBenchmark}, {@code -prof gc}</td>
 * <td>{@link nicharness.harness.cost.CostBenchmarks}</td><td>4 s per configuration</td></tr>
 * </table>
 *
 * <p>Commands, subcommands of the harness's one command line (after {@code mvn -B -q install -DskipTests}):
 * <pre>
 * mvn -B -pl harness exec:java -Dexec.args="cost"     # as in the default run: results/cost.csv
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --every-driver --merge --out results/cost.csv"   # instructions on the nop, into the table
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --every-driver --merge --out results/cost.csv --account results/cost-account.csv"   # and where they go
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --all --merge --out results/cost.csv"            # all 20 configurations
 * mvn -B -pl harness exec:java -Dexec.args="cost-jmh --merge --out results/cost.csv"                        # JMH times, into the table
 * mvn -B -pl harness exec:java -Dexec.args="device-accesses"   # prints the exact accesses of every configuration
 * mvn -B -pl harness exec:java -Dexec.args="contention-trace --cpu 1 tinynf nop-untouched 40000 40"
 * </pre>
 * Each takes {@code --driver} and {@code --nf} as registered names or selections ({@code +NAME} adds one
 * to Table 4's). Every measuring JVM they start is a {@link nicharness.harness.trial.MeasuredJvm}, and
 * every warm-up waits for {@link nicharness.harness.trial.JitQuiet}'s quiet JIT, as the trials do.
 * All write the same CSV format ({@link nicharness.harness.cost.CostCsv}), and {@code --merge} adds
 * a command's rows to the default run's file (replacing, for instance, the "hardware counters
 * unavailable" instruction rows by callgrind's), which the Table 4 charts read: one row per
 * configuration and metric, with the method and, where the presentation slides give one (35
 * instructions for TinyNF, 100 for DPDK, on the nop), the slide value beside ours.
 */
package nicharness.harness.cost;
