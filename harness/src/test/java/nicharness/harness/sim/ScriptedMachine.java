package nicharness.harness.sim;

/** A clock the test moves, a canary the test sets, a JIT that compiles nothing. */
final class ScriptedMachine implements MeasuredCpuTime.Machine {
    long now;
    boolean free = true;
    int canaries;
    double slowdown = 1;
    long compiledMillis;
    /** How long each reading of the clock takes. */
    long tick;

    @Override
    public long nanoTime() {
        now += tick;
        return now;
    }

    @Override
    public boolean canaryFree() {
        canaries++;
        return free;
    }

    @Override
    public double canarySlowdown() {
        return slowdown;
    }

    @Override
    public long canaryBaselineNanos() {
        return 200;
    }

    @Override
    public long compiledMillis() {
        return compiledMillis;
    }

    /** Runs {@code n} polls of {@code packets} packets on {@code cpu}, each taking {@code nanos} of this clock; the last charge. */
    long polls(final CpuTime cpu, final int n, final int packets, final long nanos) {
        long charged = -1;
        for (int i = 0; i < n; i++) {
            cpu.start();
            now += nanos;
            charged = cpu.stop(packets);
        }
        return charged;
    }
}
