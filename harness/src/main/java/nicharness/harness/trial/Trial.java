package nicharness.harness.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.measure.LatencySummary;
import nicharness.harness.measure.StepResult;
import nicharness.harness.measure.ThroughputSearch;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.sim.PollCostTable;
import nicharness.nf.traffic.PaperTraffic;

/**
 * One trial's method, as the paper's {@code bench.sh} runs it (TinyNF osdi20
 * {@code benchmarking/bench-moongen.lua:272-391}): warm the JIT
 * up, heat the NF up, search for the maximum throughput, then measure latency at each load level;
 * every measurement becomes a row of the run's tables.
 */
public final class Trial {

    /**
     * How many times a search step is offered while the tester or the machine, not the driver,
     * spoils it by taking the driver's CPU away: on a 2-CPU machine the driver's thread is sometimes preempted for longer than its
     * receive ring lasts, and one such step would otherwise end the search below the driver's rate.
     */
    public static final int STEP_ATTEMPTS = 3;

    /** The heat-up is fatal above this loss ({@code bench-moongen.lua:261}). */
    public static final double HEATUP_MAX_LOSS = 0.01;
    /** Wire bits of one 64-byte frame: 60 bytes, 4 bytes of FCS, 8 of preamble and 12 of gap. */
    public static final double WIRE_BITS_PER_FRAME = 84 * 8;

    private final TrialSpec trial;
    private final Profile profile;
    private final Testbed testbed;
    private final java.io.PrintStream log;
    private final BiFunction<Testbed, Profile, JitWarmUp.Outcome> warmUp;
    private final long startedNanos = System.nanoTime();
    private final List<Row> rows = new ArrayList<>();
    private double ceilingGbps = Double.NaN;
    private final ClockBooks clock = new ClockBooks();
    private double ceilingBusy;

    /**
     * @param trial   what to measure
     * @param profile how long
     * @param testbed the driver under test with its tester
     * @param log     where each step is reported as it ends (the trial JVM's log)
     */
    public Trial(final TrialSpec trial, final Profile profile, final Testbed testbed, final java.io.PrintStream log) {
        this(trial, profile, testbed, log, JitWarmUp::run);
    }

    /** A trial whose warm-up is {@code warmUp} instead of {@link JitWarmUp}'s watch on this JVM's compiler. */
    Trial(final TrialSpec trial, final Profile profile, final Testbed testbed, final java.io.PrintStream log,
          final BiFunction<Testbed, Profile, JitWarmUp.Outcome> warmUp) {
        this.trial = trial;
        this.profile = profile;
        this.testbed = testbed;
        this.log = log;
        this.warmUp = warmUp;
    }

    private void log(final String what, final Measurement m) {
        log.printf(java.util.Locale.ROOT, "%7.2f s  %-26s offered %.3f Gb/s, loss %.5f (card %d, driver %d), lag %d ns, busy %.2f, "
                        + "on-CPU driver %.2f wire %.2f%s%n",
                (System.nanoTime() - startedNanos) / 1e9, what, m.offeredGbps(), m.lossFraction(), m.cardDropped(), m.nfDropped(),
                m.scheduleLagMaxNs(), m.engineBusyFraction(), m.driverCpuShare(), m.wireCpuShare(),
                (m.testerLimited() ? ", tester-limited" : m.driverPreempted() ? ", driver preempted" : "")
                        + (m.simulated() == null ? "" : String.format(java.util.Locale.ROOT,
                        "; simulated %.3f s in %.2f s (x%.1f), %d polls, %.1f %% replaced (%d on a shared core, %d outliers;"
                                + " canary %.0f ns)%s",
                        m.simulated().virtualNanos() / 1e9, m.simulated().realNanos() / 1e9, m.simulated().slowdown(),
                        m.simulated().polls().polls(), 100 * m.simulated().polls().replacedShare(),
                        m.simulated().polls().contended(), m.simulated().polls().outliers(),
                        m.simulated().polls().canaryBaselineNanos(),
                        m.disturbed() ? ", DISTURBED" : "")));
    }

    /**
     * Runs the trial.
     *
     * @throws IllegalStateException when the heat-up loses more than 1 %, or the tester's loss
     *                               disagrees with the cards' counters
     */
    public TrialProtocol.Result run() {
        final int directions = trial.workload().directions();
        final JitWarmUp.Outcome warmUp = this.warmUp.apply(testbed, profile);
        log.printf(java.util.Locale.ROOT, "%7.2f s  warm-up done after %.2f s in %d chunks; JIT %s (%d ms of compilation)%n",
                (System.nanoTime() - startedNanos) / 1e9, warmUp.seconds(), warmUp.chunks(),
                warmUp.quiet() ? "quiet" : "still compiling at the profile's maximum", warmUp.compilationMillis());
        rows.add(Row.of(Table.WARMUP)
                .put("warmup_s", warmUp.seconds())
                .put("warmup_chunks", warmUp.chunks())
                .put("jit_compilation_ms", warmUp.compilationMillis())
                .put("jit_quiet", warmUp.quiet())
                .build());
        final Measurement heatup = testbed.heatUp(profile.heatupSeconds(), profile.heatupGbps());
        log("heat-up", heatup);
        // bench-moongen.lua:261: a heat-up that loses more than 1 % is fatal, unless the tester was the
        // limit, in which case the loss says nothing about the driver and the steps will say so.
        if (heatup.lossFraction() > HEATUP_MAX_LOSS && !heatup.testerLimited() && !heatup.driverPreempted()) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "the heat-up lost %.2f %% of its frames (offered=%d returned=%d; dropped by the cards %d, by the driver %d), "
                            + "more than the paper's 1 %%: the driver or the NF is not forwarding this traffic",
                    100 * heatup.lossFraction(), heatup.offeredTotal(), heatup.returnedTotal(), heatup.cardDropped(),
                    heatup.nfDropped()));
        }
        double maximumGbps = 0;
        if (trial.needs().search()) {
            final boolean calibrated = calibrate();
            final List<Measurement> searchMeasurements = new ArrayList<>();
            final ThroughputSearch search = new ThroughputSearch(ThroughputSearch.LINE_RATE_MBPS, profile.searchSteps(),
                    trial.workload().lossThreshold());
            final ThroughputSearch.Result result = search.run(directions, (index, rateMbps) -> {
                Measurement m;
                boolean passed;
                boolean limited;
                int attempt = 0;
                do { // a step the machine spoiled says nothing about the driver: offer it again
                    attempt++;
                    testbed.warmUp(leadIn(rateMbps / 1000, profile));
                    final long jit0 = JitQuiet.compiledMillisOfThisJvm();
                    m = testbed.offer(Load.throughput(rateMbps / 1000, profile.searchStepSeconds()));
                    final long jitMs = jit0 < 0 ? -1 : JitQuiet.compiledMillisOfThisJvm() - jit0;
                    searchMeasurements.add(m);
                    passed = !m.testerLimited() && m.lossFraction() <= trial.workload().lossThreshold();
                    // A loss within the threshold passes, preempted or not; a larger one the
                    // driver's lost CPU could explain is the machine's, not the driver's.
                    limited = m.testerLimited() || (!passed && m.driverPreempted());
                    rows.add(stepRow(index, attempt, rateMbps, m, passed, limited, jitMs));
                    log(String.format(java.util.Locale.ROOT, "step %d at %.3f Gb/s/dir%s", index + 1, rateMbps / 1000,
                            attempt > 1 ? " (attempt " + attempt + ")" : ""), m);
                    noteCeiling(m);
                    clock.add(m);
                } while (!passed && m.driverPreempted() && attempt < STEP_ATTEMPTS);
                return new StepResult(m.lossFraction(), limited);
            });
            testbed.chargeMeasured();
            maximumGbps = result.throughputMbps() / 1000;
            rows.add(Row.of(Table.THROUGHPUT)
                    .put("throughput_gbps", maximumGbps)
                    .put("throughput_mpps", maximumGbps * 1e3 / WIRE_BITS_PER_FRAME)
                    .put("best_gbps_per_direction", result.bestMbpsPerDirection() / 1000)
                    .put("steps", result.probes().size())
                    .put("limited_by", result.limitedBy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .put("clock", clockOf(searchMeasurements))
                    .put("polls_replaced_share_max", searchMeasurements.stream().filter(x -> x.simulated() != null)
                            .mapToDouble(x -> x.simulated().polls().replacedShare()).max().orElse(Double.NaN))
                    .put("cpu_cost_calibrated", calibrated)
                    .build());
        }
        for (final TrialSpec.ResolvedLevel level : trial.levels(profile, maximumGbps)) {
            final double background = level.gbps() == 0 ? 0
                    : Math.max(0, level.gbps() / directions - profile.latencyPaddingGbps());
            final Measurement m = testbed.offer(new Load(background, profile.latencySeconds(), profile.probesPerSecond(),
                    profile.latencyHeatupSeconds(), 1));
            noteCeiling(m);
            clock.add(m);
            log(String.format(java.util.Locale.ROOT, "latency at %s (%.3f Gb/s)", level.label(), level.gbps()), m);
            rows.add(latencyRow(level, m, overloaded(level, maximumGbps)));
            if (level.ccdf() && m.latency() != null && m.latency().getTotalCount() > 0) {
                for (final LatencyStatistics.CcdfPoint p : LatencyStatistics.ccdf(m.latency())) {
                    rows.add(Row.of(Table.CCDF).put("level", level.label()).put("load_gbps", level.gbps())
                            .put("latency_ns", p.latencyNs()).put("ccdf_fraction", p.fractionAbove()).build());
                }
            }
        }
        rows.add(clock.row());
        return new TrialProtocol.Result(true, "", ceilingGbps, rows);
    }

    /**
     * Before a search in simulated time with a calibrated CPU: the trial's traffic at 1/16, 1/8,
     * 1/4, 1/2 and all of line rate per direction, a search step's length each, so that polls of
     * every size, from empty to the driver's largest, are learnt (the search's steps near the
     * driver's capacity see a mixture of them); the table each core learnt becomes rows of
     * {@link Table#POLL_COSTS}. Nothing for another testbed.
     *
     * @return whether any core's search polls are charged from a table
     */
    private boolean calibrate() {
        final List<Load> loads = new ArrayList<>();
        for (final double share : CALIBRATION_SHARES) {
            loads.add(Load.throughput(share * ThroughputSearch.LINE_RATE_MBPS / 1000, profile.searchStepSeconds()));
        }
        final nicharness.harness.sim.Calibration calibration = testbed.calibrate(loads);
        for (final nicharness.harness.sim.Calibration.CoreTable learnt : calibration.tables()) {
            final int core = learnt.core();
            final PollCostTable table = learnt.table();
            log.printf(java.util.Locale.ROOT, "%7.2f s  calibrated core %d (%d attempt%s): %s%n",
                    (System.nanoTime() - startedNanos) / 1e9, core, calibration.attempts(),
                    calibration.attempts() == 1 ? "" : "s", table);
            for (int packets = 0; packets < table.nanos().length; packets++) {
                rows.add(Row.of(Table.POLL_COSTS)
                        .put("core", core)
                        .put("packets", packets)
                        .put("undisturbed_polls", table.samples()[packets])
                        .put("cost_ns", table.nanos()[packets])
                        .put("p10_ns", table.p10()[packets])
                        .put("p25_ns", table.p25()[packets])
                        .put("interpolated", table.samples()[packets] < PollCostTable.MIN_SAMPLES)
                        .build());
            }
        }
        return !calibration.tables().isEmpty();
    }

    /** The calibration's rates, as shares of line rate per direction. */
    static final double[] CALIBRATION_SHARES = {1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1};

    /** What the measured periods' clocks add up to: the trial's {@link Table#SIMULATION} row. */
    private static final class ClockBooks {
        private int periods;
        private boolean virtual;
        private long simulatedNanos;
        private long realNanos;
        private long driverNanos;
        private long polls;
        private long replaced;
        private int disturbed;
        private double canaryBaseline = Double.NaN;

        void add(final Measurement m) {
            periods++;
            final Measurement.Simulated s = m.simulated();
            if (s == null) {
                return;
            }
            virtual = true;
            simulatedNanos += s.virtualNanos();
            realNanos += s.realNanos();
            driverNanos += s.polls().cpuNanos();
            polls += s.polls().polls();
            replaced += s.polls().contended() + s.polls().outliers();
            disturbed += m.disturbed() ? 1 : 0;
            canaryBaseline = s.polls().canaryBaselineNanos();
        }

        Row row() {
            return Row.of(Table.SIMULATION)
                    .put("clock", virtual ? "virtual" : "real")
                    .put("periods", periods)
                    .put("simulated_s", virtual ? simulatedNanos / 1e9 : Double.NaN)
                    .put("real_s", virtual ? realNanos / 1e9 : Double.NaN)
                    .put("slowdown", virtual && simulatedNanos > 0 ? (double) realNanos / simulatedNanos : Double.NaN)
                    .put("polls", virtual ? polls : -1)
                    .put("polls_replaced", virtual ? replaced : -1)
                    .put("polls_replaced_share", virtual && polls > 0 ? (double) replaced / polls : Double.NaN)
                    .put("disturbed_periods", virtual ? disturbed : -1)
                    .put("core_canary_baseline_ns", canaryBaseline)
                    // The rest of the real time is the model's, the tester's and the event loop's.
                    .put("driver_real_share", virtual && realNanos > 0 ? (double) driverNanos / realNanos : Double.NaN)
                    .build();
        }
    }

    private static String clockOf(final List<Measurement> measurements) {
        return measurements.isEmpty() || measurements.get(0).simulated() == null ? "real" : "virtual";
    }

    /** Keeps the ceiling extrapolated from the busiest period: the least extrapolation. */
    private void noteCeiling(final Measurement m) {
        if (m.engineBusyFraction() > ceilingBusy && !Double.isNaN(m.testerCeilingGbps())) {
            ceilingBusy = m.engineBusyFraction();
            ceilingGbps = m.testerCeilingGbps();
        }
    }

    private static Row stepRow(final int index, final int attempt, final double rateMbps, final Measurement m,
                               final boolean passed, final boolean limited, final long jitMs) {
        return withClock(Row.of(Table.SEARCH_STEPS)
                .put("step", index + 1)
                .put("attempt", attempt)
                .put("rate_gbps_per_direction", rateMbps / 1000)
                .put("offered_gbps", m.offeredGbps())
                .put("offered_packets", m.offeredTotal())
                .put("returned_packets", m.returnedTotal())
                .put("lost_packets", m.offeredTotal() - m.returnedTotal())
                .put("loss_fraction", m.lossFraction())
                .put("passed", passed)
                .put("card_dropped_packets", m.cardDropped())
                .put("nf_dropped_packets", m.nfDropped())
                .put("schedule_lag_max_ns", m.scheduleLagMaxNs())
                .put("engine_busy_fraction", m.engineBusyFraction())
                .put("driver_cpu_share", m.driverCpuShare())
                .put("driver_run_queue_wait_ns", m.driverRunQueueWaitNs())
                .put("wire_cpu_share", m.wireCpuShare())
                .put("tester_limited", limited)
                .put("gc_count", m.gcCount())
                .put("step_jit_compilation_ms", jitMs), m)
                .build();
    }

    /**
     * The unmeasured traffic before a search step: one pass over the flows at half the step's rate
     * (or the step's length, if shorter). Between two of the paper's steps the NF's core polls an
     * empty ring and its tables stay in the cache; here, the periods' bookkeeping and the machine's
     * other tenants evict them, and a step that began cold ran TinyNF's bridge at 335, 212, ... ns
     * per packet for its first 2 ms against 121 for the rest, behind by thousands of frames before it
     * had warmed: a loss of 0.1 % to 0.7 % of a step at any rate above about 70 % of the driver's
     * capacity, which set the search's result apart by up to 1.6x between repetitions. Half the
     * step's rate, so that a driver that can forward the step starts it with an empty ring.
     */
    static Load leadIn(final double gbpsPerDirection, final Profile profile) {
        final double gbps = gbpsPerDirection / 2;
        final double onePass = PaperTraffic.DEFAULT_FLOWS * WIRE_BITS_PER_FRAME / (gbps * 1e9);
        return Load.throughput(gbps, Math.min(onePass, profile.searchStepSeconds()));
    }

    /** Adds how the period kept its time: the clock and, in simulated time, what happened to the driver's polls. */
    private static Row.Builder withClock(final Row.Builder row, final Measurement m) {
        final Measurement.Simulated s = m.simulated();
        return row.put("clock", s == null ? "real" : "virtual")
                .put("polls", s == null ? -1 : s.polls().polls())
                .put("polls_replaced_share", s == null ? Double.NaN : s.polls().replacedShare())
                .put("skipped_empty_polls", s == null ? -1 : s.polls().skippedEmptyPolls());
    }

    /**
     * Whether a level offers more than this trial's search found the configuration forwards: then
     * the receive queue grows for the whole level, and its latency is the queue's length (hundreds
     * of microseconds), not the driver's. "true", "false", or empty when the trial ran no search
     * and so has no maximum to compare with.
     */
    private String overloaded(final TrialSpec.ResolvedLevel level, final double maximumGbps) {
        if (!trial.needs().search()) {
            return "";
        }
        return Boolean.toString(level.gbps() > maximumGbps);
    }

    private static Row latencyRow(final TrialSpec.ResolvedLevel level, final Measurement m, final String overloaded) {
        final LatencySummary s = m.latency() == null ? LatencyStatistics.summarize(LatencyStatistics.newHistogram())
                : LatencyStatistics.summarize(m.latency());
        if (s.samples() == 0) {
            // No probe came back in time: the latency columns stay empty rather than read as 0 ns.
            return latencyRow(level, m, s, Double.NaN, overloaded);
        }
        return latencyRow(level, m, s, 1, overloaded);
    }

    /** {@code scale} is 1, or NaN to leave the latency columns empty. */
    private static Row latencyRow(final TrialSpec.ResolvedLevel level, final Measurement m, final LatencySummary s, final double scale,
                                  final String overloaded) {
        return withClock(Row.of(Table.LATENCY)
                .put("level", level.label())
                .put("load_gbps", level.gbps())
                .put("offered_gbps", m.offeredGbps())
                .put("maximum", level.maximum())
                .put("probes_sent", m.probesSent())
                .put("samples", s.samples())
                .put("probes_lost", m.probesLost())
                .put("loss_fraction", m.lossFraction())
                .put("latency_min_ns", s.minNs() * scale)
                .put("latency_p50_ns", s.p50Ns() * scale)
                .put("latency_p99_ns", s.p99Ns() * scale)
                .put("latency_p999_ns", s.p999Ns() * scale)
                .put("latency_p9999_ns", s.p9999Ns() * scale)
                .put("latency_max_ns", s.maxNs() * scale)
                .put("latency_mean_ns", s.meanNs() * scale)
                .put("schedule_lag_max_ns", m.scheduleLagMaxNs())
                .put("driver_cpu_share", m.driverCpuShare())
                .put("driver_run_queue_wait_ns", m.driverRunQueueWaitNs())
                .put("wire_cpu_share", m.wireCpuShare())
                .put("tester_limited", m.testerLimited() || m.driverPreempted())
                .put("overloaded", overloaded)
                .put("gc_count", m.gcCount()), m)
                .build();
    }
}
