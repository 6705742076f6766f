package nicharness.env.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Zeroed memory from an anonymous mapping: the kernel hands out zero pages as they are first
 * touched, where {@code Arena.allocate} writes zeros over the whole segment before returning.
 * For the software 82599's 64 MiB of host memory that is about 200 ms at every trial's start, of
 * which a driver touches a few megabytes.
 */
public final class ZeroPages {

    private ZeroPages() {
    }

    /**
     * {@code bytes} of zeroed, page-aligned memory, unmapped when {@code arena} closes; empty where
     * there is no {@code mmap} (not Linux, no JNA) or it fails.
     */
    public static Optional<MemorySegment> map(final long bytes, final Arena arena) {
        final Pointer address;
        try {
            address = LibC.INSTANCE.mmap(null, bytes, LibC.PROT_READ | LibC.PROT_WRITE,
                    LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        } catch (final LastErrorException | LinkageError e) {
            return Optional.empty();
        }
        return Optional.of(MemorySegment.ofAddress(Pointer.nativeValue(address))
                .reinterpret(bytes, arena, unused -> unmap(address, bytes)));
    }

    private static void unmap(final Pointer address, final long bytes) {
        try {
            LibC.INSTANCE.munmap(address, bytes);
        } catch (final LastErrorException ignored) {
            // nothing to do at release time: the mapping goes when the process exits
        }
    }
}
