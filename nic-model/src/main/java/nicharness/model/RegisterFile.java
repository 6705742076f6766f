package nicharness.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import nicharness.ixgbe.Regs;

/**
 * The storage behind the model's BAR0: 128 KiB of little-endian 32-bit words in a
 * {@link MemorySegment}, the single source of truth for every register, so that the engine thread
 * and the driver (or, file-backed, another process) see the same bytes.
 *
 * <p>Access modes are named at each call: the engines read doorbells with {@link #acquire} (paired
 * with the driver's release store of the tail, so the descriptors written before it are visible)
 * and publish heads with {@link #release}; configuration is read {@link #plain}.
 *
 * <p>By address ({@link RawMemory}): the engines read a dozen registers per frame, and through the
 * segment each read cost C2 its checks. Every offset comes from the register map (the driver's
 * through {@code RegisterMap.inRange} and {@code canonical}, the engines' from {@code Regs}), so it
 * is inside BAR0 and a multiple of four; the segment stays in a field, which keeps automatic
 * memory alive.
 */
final class RegisterFile {
    private final MemorySegment words;
    /** The address of register offset 0. */
    private final long base;
    /**
     * Changes after every register write of the driver's other than a doorbell
     * ({@link #settingsWritten}), so that an engine can keep what it derives from the settings
     * (SRRCTL, HLREG0, FCTRL and the like) and read them again only when this has moved, rather
     * than reading them per frame. One writer: the thread that writes the registers.
     */
    private volatile int settingsVersion;

    /** A register file in fresh native memory. */
    RegisterFile() {
        this(Arena.ofAuto().allocate(Regs.BAR0_SIZE, 4096));
    }

    /** A register file over {@code words} (for example a mapped file), which must be 128 KiB. */
    RegisterFile(final MemorySegment words) {
        if (words.byteSize() != Regs.BAR0_SIZE) {
            throw new IllegalArgumentException("a BAR0 segment must be exactly " + Regs.BAR0_SIZE
                    + " bytes: size=" + words.byteSize());
        }
        this.words = words;
        this.base = RawMemory.base(words, Regs.BAR0_SIZE);
    }

    /**
     * The settings' version: read before the settings, so that a write after it is seen next time.
     * A volatile read per frame, which on x86 is a plain load; it keeps the settings' reads after
     * it, pairing with the volatile write that follows the writer's store of a register.
     */
    int settingsVersion() {
        return settingsVersion;
    }

    /** After a write of the driver's that is not a doorbell: the value is in the file, the version moves. */
    void settingsWritten() {
        settingsVersion = settingsVersion + 1;
    }

    int plain(final int offset) {
        return RawMemory.dword(base + offset);
    }

    int acquire(final int offset) {
        return RawMemory.dwordAcquire(base + offset);
    }

    int opaque(final int offset) {
        return RawMemory.dwordOpaque(base + offset);
    }

    void release(final int offset, final int value) {
        RawMemory.setDwordRelease(base + offset, value);
    }

    /** The bytes, for file-backed sharing. */
    MemorySegment segment() {
        return words;
    }

    /** Zeroes every word (the first step of a reset). */
    void zero() {
        words.fill((byte) 0);
        VarHandle.releaseFence();
    }
}
