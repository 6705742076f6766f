package nicharness.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults one model has recorded. Recording takes a lock and allocates, which is acceptable
 * because a fault is a driver bug, never the steady state; the data path only pays for the
 * {@code strict} test that guards each check.
 *
 * <p>At most {@link #LIMIT} faults are kept (a broken driver repeats its bug on every packet); the
 * rest are only counted.
 */
public final class Faults {
    /** How many faults are kept with their context. */
    public static final int LIMIT = 1000;

    private final List<Fault> faults = new ArrayList<>();
    private long count;

    Faults() {
    }

    synchronized void record(final Fault fault) {
        count++;
        if (faults.size() < LIMIT) {
            faults.add(fault);
        }
    }

    /** The faults kept so far, oldest first. */
    public synchronized List<Fault> all() {
        return List.copyOf(faults);
    }

    /** The kept faults of one kind. */
    public synchronized List<Fault> of(final FaultKind kind) {
        return faults.stream().filter(f -> f.kind() == kind).toList();
    }

    /** How many faults were recorded, including those beyond {@link #LIMIT}. */
    public synchronized long count() {
        return count;
    }

    /** Forgets every fault, for a test that provokes one on purpose and then goes on. */
    public synchronized void clear() {
        faults.clear();
        count = 0;
    }

    /**
     * Passes if no fault was recorded.
     *
     * @throws AssertionError listing every kept fault otherwise
     */
    public synchronized void assertNone() {
        if (count == 0) {
            return;
        }
        final StringBuilder message = new StringBuilder()
                .append(count).append(" strict-mode fault(s) recorded by the software 82599:");
        for (final Fault fault : faults) {
            message.append("\n  ").append(fault);
        }
        if (count > faults.size()) {
            message.append("\n  ... and ").append(count - faults.size()).append(" more");
        }
        throw new AssertionError(message.toString());
    }

    @Override
    public synchronized String toString() {
        return "Faults[count=" + count + "]";
    }
}
