package nicharness.harness.cost;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Marks the start and the end of a measured region for {@code valgrind --tool=callgrind}, which
 * cannot see Java methods (JIT-compiled code has no symbols) but does see calls into libc.
 *
 * <p>The markers are two libc functions the JVM itself never calls: {@code getpgrp()} before the
 * region and {@code getsid(0)} after it. Callgrind is started with {@code --zero-before=getpgrp}
 * (zero this thread's counts on entry) and {@code --dump-before=getsid} (write this thread's counts
 * to a numbered dump file on entry), so the n-th {@link #end()} of a process leaves one file,
 * {@code callgrind.out.<pid>.<n>-<thread>}, holding exactly the instructions the calling thread ran
 * since its last {@link #begin()} ({@code docs/java-platform.md}, "Counting instructions without hardware
 * counters"). Both calls are downcalls
 * through the FFM linker marked {@linkplain Linker.Option#critical critical}: no thread-state
 * transition, so the markers themselves add only a few instructions to each region, the same in
 * every region, and the slope over two region sizes cancels them.
 *
 * <p>The first call of each downcall links its stub and spins method-handle forms (millions of
 * instructions); {@link #warmUp()} does that outside any reported region. Not thread-safe: one
 * measuring thread per process, which is what callgrind's per-thread dumps count.
 */
public final class RegionMarkers {

    private static final MethodHandle GETPGRP;
    private static final MethodHandle GETSID;

    static {
        final Linker linker = Linker.nativeLinker();
        GETPGRP = linker.downcallHandle(libc(linker, "getpgrp"), FunctionDescriptor.of(JAVA_INT),
                Linker.Option.critical(false));
        GETSID = linker.downcallHandle(libc(linker, "getsid"), FunctionDescriptor.of(JAVA_INT, JAVA_INT),
                Linker.Option.critical(false));
    }

    /** Dumps written so far by this process: the number of the last {@link #end()}. */
    private static int dumps;

    private RegionMarkers() {
    }

    private static MemorySegment libc(final Linker linker, final String name) {
        return linker.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException(
                "libc has no function " + name + ": the callgrind region markers need a glibc or musl Linux"));
    }

    /** Starts a region: callgrind zeroes the calling thread's counts here. */
    public static void begin() {
        try {
            final int ignored = (int) GETPGRP.invokeExact();
        } catch (final Throwable t) {
            throw new IllegalStateException("calling getpgrp() through the FFM linker failed", t);
        }
    }

    /**
     * Ends a region: callgrind dumps the calling thread's counts here.
     *
     * @return the dump number callgrind gives this region (1 for the first {@code end()} of the process)
     */
    public static int end() {
        try {
            final int ignored = (int) GETSID.invokeExact(0);
        } catch (final Throwable t) {
            throw new IllegalStateException("calling getsid(0) through the FFM linker failed", t);
        }
        return ++dumps;
    }

    /**
     * Runs two empty regions so that linking the downcalls happens outside the measured ones. The
     * first region of a fresh JVM costs millions of instructions and the second a few tens of
     * thousands (method-handle forms still being resolved); from the third on, an empty region is
     * the same few instructions every time.
     */
    public static void warmUp() {
        for (int i = 0; i < 2; i++) {
            begin();
            end();
        }
    }

    /** The number of dumps written so far (regions ended) by this process. */
    public static int dumps() {
        return dumps;
    }
}
