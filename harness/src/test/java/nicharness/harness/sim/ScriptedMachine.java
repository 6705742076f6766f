package nicharness.harness.sim;

/** A clock the test moves, a canary the test sets, a JIT that compiles nothing. */
final class ScriptedMachine implements MeasuredCpuTime.Machine {
    long now;
    boolean free = true;
    int canaries;
    double slowdown = 1;
    long compiledMillis;

    @Override
    public long nanoTime() {
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
}
