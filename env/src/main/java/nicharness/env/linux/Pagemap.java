package nicharness.env.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import nicharness.env.DmaException;

/**
 * Virtual to physical translation through {@code /proc/self/pagemap} (as ixy's
 * {@code virt_to_phys}, {@code src/memory.c:23} at emmericp/ixy 2359e5b; the kernel's
 * {@code Documentation/admin-guide/mm/pagemap.rst}).
 *
 * <p>The file holds one little-endian 64-bit entry per base page (4 KiB, even inside a hugepage
 * mapping), at byte offset {@code (virtual / 4096) * 8}:
 *
 * <pre>
 *  63  62  61  60..57  56  55  54                                0
 * +---+---+---+-------+---+---+-----------------------------------+
 * | P | S | F |   0   | X | D |  page frame number (if P, not S)  |
 * +---+---+---+-------+---+---+-----------------------------------+
 * P present, S swapped, F file-backed or shared anonymous, X exclusively mapped, D soft-dirty
 * </pre>
 *
 * <p>Physical = PFN * 4096 + virtual % 4096. Two checks that ixy skips and TinyNF makes: the page
 * must be present (bit 63; map with {@code MAP_POPULATE} or touch it first), and the PFN must be
 * non-zero, because since Linux 4.0 the kernel reports PFN 0 to processes without
 * {@code CAP_SYS_ADMIN}; writing such an address into a descriptor would make the card DMA over
 * physical page 0.
 *
 * <p>The file is a parameter so tests can give a synthetic pagemap.
 */
public final class Pagemap {
    /** The calling process's pagemap. */
    public static final Path SELF = Path.of("/proc/self/pagemap");
    /** The base page size that indexes the pagemap on x86-64. */
    public static final long PAGE_SIZE = 4096;
    /** Bit 63: the page is present in RAM. */
    public static final long PRESENT = 1L << 63;
    /** Bit 62: the page is swapped out. */
    public static final long SWAPPED = 1L << 62;
    /** Bits 0-54: the page frame number. */
    public static final long PFN_MASK = (1L << 55) - 1;
    /** Bytes per entry. */
    public static final int ENTRY_SIZE = 8;

    private final Path file;

    /** A reader of {@code file}, laid out as {@code /proc/self/pagemap}. */
    public Pagemap(final Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** A reader of this process's own pagemap. */
    public static Pagemap self() {
        return new Pagemap(SELF);
    }

    /** The pagemap file read. */
    public Path file() {
        return file;
    }

    /**
     * The physical address of {@code virtualAddress}.
     *
     * @throws DmaException when the file cannot be read, has no entry there, the page is not
     *                      present, or the PFN is hidden; the message names the address and the fix
     */
    public long physicalAddress(final long virtualAddress) {
        return physicalAddress(entry(virtualAddress), virtualAddress);
    }

    /** The raw 64-bit entry for the page holding {@code virtualAddress}. */
    public long entry(final long virtualAddress) {
        final long position = Long.divideUnsigned(virtualAddress, PAGE_SIZE) * ENTRY_SIZE;
        final ByteBuffer buffer = ByteBuffer.allocate(ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new DmaException(String.format(
                            "pagemap %s has no entry for virtual address 0x%x (entry offset %d is past its end)",
                            file, virtualAddress, position));
                }
            }
        } catch (final NoSuchFileException e) {
            throw new DmaException("cannot translate virtual addresses: " + file + " does not exist "
                    + "(physical addresses come from the Linux pagemap; the software 82599 needs none)", e);
        } catch (final AccessDeniedException e) {
            throw new DmaException("cannot read " + file + ": permission denied; run as root", e);
        } catch (final IOException e) {
            throw new DmaException(String.format("cannot read the pagemap entry of virtual address 0x%x from %s: %s",
                    virtualAddress, file, e.getMessage()), e);
        }
        return buffer.getLong(0);
    }

    /**
     * The physical address that pagemap {@code entry} gives for {@code virtualAddress}, after the
     * present and non-zero-PFN checks.
     */
    public static long physicalAddress(final long entry, final long virtualAddress) {
        if ((entry & PRESENT) == 0) {
            throw new DmaException(String.format(
                    "virtual address 0x%x is not in RAM (pagemap entry 0x%016x: present bit 63 clear%s); "
                            + "touch the page or map it with MAP_POPULATE before asking for its physical address",
                    virtualAddress, entry, (entry & SWAPPED) != 0 ? ", swapped out" : ""));
        }
        final long pfn = entry & PFN_MASK;
        if (pfn == 0) {
            throw new DmaException(String.format(
                    "pagemap gives page frame number 0 for virtual address 0x%x (entry 0x%016x): since Linux 4.0 "
                            + "the kernel hides physical addresses from processes without CAP_SYS_ADMIN; run as root",
                    virtualAddress, entry));
        }
        return pfn * PAGE_SIZE + (virtualAddress & (PAGE_SIZE - 1));
    }
}
