package nicharness.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import nicharness.env.DmaFaultException;
import nicharness.env.SimulatedDmaMemory;

/**
 * The faults one model has recorded: every occurrence is counted by kind, and the first of each
 * kind is kept with its context. A broken driver repeats its bug on every packet, so only the
 * first occurrence of a kind allocates (its {@link Fault} and formatted context); the rest take a
 * lock and add to a counter, and a steady-state allocation test does not blame the driver for the
 * model's bookkeeping.
 */
public final class Faults {
    private static final FaultKind[] KINDS = FaultKind.values();

    /** The first fault of each kind, in the order the kinds first occurred. */
    private final List<Fault> first = new ArrayList<>();
    private final long[] counts = new long[KINDS.length];
    private long count;
    /** The port whose faults these are, named in each. */
    private final int port;

    Faults(final int port) {
        this.port = port;
    }

    /** Counts one fault of {@code kind}; true if it is the first of its kind, whose context the caller then gives {@link #keep}. */
    synchronized boolean occurred(final FaultKind kind) {
        count++;
        return counts[kind.ordinal()]++ == 0;
    }

    /** Keeps the first fault of {@code kind}, with its context (after {@link #occurred} returned true for it). */
    synchronized void keep(final FaultKind kind, final String context) {
        first.add(new Fault(kind, port, context));
    }

    /**
     * Why [address, address + length) is not DMA memory, in the host memory's words: the context of
     * a {@link FaultKind#DMA_OUT_OF_BOUNDS}, formatted for the first fault of the kind only.
     */
    static String notDmaMemory(final SimulatedDmaMemory host, final long address, final long length) {
        try {
            host.checkedOffset(address, length);
            return "allocated";
        } catch (final DmaFaultException e) {
            return e.getMessage();
        }
    }

    /** The first fault of each kind seen so far, in the order the kinds first occurred. */
    public synchronized List<Fault> all() {
        return List.copyOf(first);
    }

    /** The first fault of {@code kind}, as a list of at most one (empty if none occurred). */
    public synchronized List<Fault> of(final FaultKind kind) {
        return first.stream().filter(f -> f.kind() == kind).toList();
    }

    /** How many faults were recorded, of every kind. */
    public synchronized long count() {
        return count;
    }

    /** How many faults of {@code kind} were recorded. */
    public synchronized long count(final FaultKind kind) {
        return counts[kind.ordinal()];
    }

    /** Forgets every fault, for a test that provokes one on purpose and then goes on. */
    public synchronized void clear() {
        first.clear();
        Arrays.fill(counts, 0);
        count = 0;
    }

    /**
     * Passes if no fault was recorded.
     *
     * @throws AssertionError listing the first fault of each kind with the kind's count otherwise
     */
    public synchronized void assertNone() {
        if (count != 0) {
            throw new AssertionError(report(), null);
        }
    }

    /**
     * Passes if no fault was recorded; otherwise throws the faults with {@code cause}, a failure
     * that followed from them (a frame not delivered, a timeout), as the cause: a test that fails
     * because the driver broke a rule reports the rule first.
     */
    public synchronized void assertNone(final Throwable cause) {
        if (count != 0) {
            throw new AssertionError(report() + "\n(the test's own failure, probably a consequence, is the cause below)",
                    cause);
        }
    }

    /**
     * The faults as a driver author reads them: the count, then for each kind its count and its
     * first occurrence (port, rule, context). Empty when there is none.
     */
    public synchronized String report() {
        if (count == 0) {
            return "";
        }
        final StringBuilder message = new StringBuilder()
                .append(count).append(" strict-mode fault(s) recorded by the software 82599:");
        for (final Fault fault : first) {
            message.append("\n  ").append(fault);
            final long n = counts[fault.kind().ordinal()];
            if (n > 1) {
                message.append(" (and ").append(n - 1).append(" more of this kind)");
            }
            message.append("\n    usual cause: ").append(fault.kind().usualCause());
        }
        return message.toString();
    }

    @Override
    public synchronized String toString() {
        return "Faults[count=" + count + "]";
    }
}
