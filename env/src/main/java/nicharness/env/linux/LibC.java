package nicharness.env.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls the Linux environment needs, through JNA interface mapping. Every method
 * throws {@link LastErrorException} carrying errno when the call fails, so callers can say what
 * went wrong ({@link Errno#describe}). None of these is on a data path: they run at set-up, and
 * the hardware counters' reads run once per measured trial.
 *
 * <p>Constants are the x86-64 Linux values ({@code docs/java-platform.md}, "System calls", which says how to
 * check them).
 */
public interface LibC extends Library {

    /** The process's libc, loaded once. */
    LibC INSTANCE = Native.load("c", LibC.class);

    /** {@code PROT_READ}: pages may be read. */
    int PROT_READ = 0x1;
    /** {@code PROT_WRITE}: pages may be written. */
    int PROT_WRITE = 0x2;
    /** {@code MAP_SHARED}: not copied on fork, so a child never gets a private copy of DMA memory. */
    int MAP_SHARED = 0x1;
    /** {@code MAP_PRIVATE}: copy-on-write, the usual anonymous memory (transparent huge pages allowed). */
    int MAP_PRIVATE = 0x2;
    /** {@code MAP_ANONYMOUS}: no file behind the mapping. */
    int MAP_ANONYMOUS = 0x20;
    /** {@code MAP_POPULATE}: fault every page in now, so pagemap finds them present. */
    int MAP_POPULATE = 0x8000;
    /** {@code MAP_HUGETLB}: take the pages from the reserved hugepage pool. */
    int MAP_HUGETLB = 0x40000;
    /** The hugepage size goes into the flags as log2(size) shifted by this ({@code MAP_HUGE_SHIFT}). */
    int MAP_HUGE_SHIFT = 26;

    /** {@code SYS_gettid} on x86-64. */
    long SYS_GETTID = 186;
    /** {@code SYS_perf_event_open} on x86-64. */
    long SYS_PERF_EVENT_OPEN = 298;

    /** {@code mmap(2)}; returns the mapping's address. */
    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) throws LastErrorException;

    /** {@code munmap(2)}. */
    int munmap(Pointer address, long length) throws LastErrorException;

    /** {@code mlock(2)}: keep the pages in memory (hugepages are also never migrated). */
    int mlock(Pointer address, long length) throws LastErrorException;

    /** {@code sched_setaffinity(2)}; pid 0 is the calling thread, the mask is a bit set of CPUs. */
    int sched_setaffinity(int pid, long maskBytes, long[] mask) throws LastErrorException;

    /** {@code sched_getaffinity(2)}; pid 0 is the calling thread. */
    int sched_getaffinity(int pid, long maskBytes, long[] mask) throws LastErrorException;

    /** {@code sched_getcpu(3)}: the CPU the calling thread runs on now. */
    int sched_getcpu() throws LastErrorException;

    /** {@code setpriority(2)}; with {@code PRIO_PROCESS} (0), {@code who} is a thread id on Linux, 0 the calling thread. */
    int setpriority(int which, int who, int priority) throws LastErrorException;

    /** {@code getpid(2)}. */
    int getpid();

    /** {@code syscall(2)}; pass every argument as a {@code long} (or a pointer), never an {@code int}. */
    long syscall(long number, Object... arguments) throws LastErrorException;

    /** {@code ioctl(2)}; pass the argument as a {@code long}. */
    int ioctl(int fd, long request, Object... arguments) throws LastErrorException;

    /** {@code read(2)}. */
    long read(int fd, Pointer buffer, long count) throws LastErrorException;

    /** {@code close(2)}. */
    int close(int fd) throws LastErrorException;
}
