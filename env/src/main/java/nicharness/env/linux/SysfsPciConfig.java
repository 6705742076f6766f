package nicharness.env.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Configuration space through {@code /sys/bus/pci/devices/<address>/config}: a file whose byte
 * {@code k} is config register byte {@code k}, read and written with positional I/O, little-endian
 * (as ixy's {@code src/pci.c} at emmericp/ixy 2359e5b; no port I/O as TinyNF's C code does).
 *
 * <p>The kernel lets a process without {@code CAP_SYS_ADMIN} read only the first 64 bytes, and
 * write nothing; each failure says so.
 */
public final class SysfsPciConfig implements PciConfig {
    private final Path file;
    private final FileChannel channel;
    private final boolean writable;

    /**
     * Opens {@code file} for reading and writing, or for reading only when writing is not
     * permitted (then every write fails, saying so).
     *
     * @throws IllegalStateException when it cannot be opened at all, naming the file and the fix
     */
    public SysfsPciConfig(final Path file) {
        this.file = file;
        FileChannel opened;
        boolean canWrite = true;
        try {
            try {
                opened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (final AccessDeniedException e) {
                opened = FileChannel.open(file, StandardOpenOption.READ);
                canWrite = false;
            }
        } catch (final AccessDeniedException e) {
            throw new IllegalStateException("cannot open PCI configuration space " + file
                    + ": permission denied; run as root", e);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot open PCI configuration space " + file + ": " + e, e);
        }
        this.channel = opened;
        this.writable = canWrite;
    }

    /** Whether writes are possible (the file could be opened for writing). */
    public boolean writable() {
        return writable;
    }

    /** The {@code config} file. */
    public Path file() {
        return file;
    }

    @Override
    public int read8(final int offset) {
        return read(offset, 1).get(0) & 0xFF;
    }

    @Override
    public int read16(final int offset) {
        return read(offset, 2).getShort(0) & 0xFFFF;
    }

    @Override
    public int read32(final int offset) {
        return read(offset, 4).getInt(0);
    }

    @Override
    public void write16(final int offset, final int value) {
        write(offset, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) value));
    }

    @Override
    public void write32(final int offset, final int value) {
        write(offset, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    private ByteBuffer read(final int offset, final int width) {
        checkOffset(offset, width);
        final ByteBuffer buffer = ByteBuffer.allocate(width).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) <= 0) {
                    throw new IllegalStateException(String.format(
                            "PCI configuration space %s ends before offset 0x%x (it has %d bytes): without "
                                    + "CAP_SYS_ADMIN the kernel shows only the first 64 bytes; run as root",
                            file, offset + width - 1, channel.size()));
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(String.format("cannot read %d bytes at 0x%x of %s", width, offset, file), e);
        }
        return buffer;
    }

    private void write(final int offset, final ByteBuffer buffer) {
        checkOffset(offset, buffer.capacity());
        if (!writable) {
            throw new IllegalStateException(String.format("cannot write PCI configuration space %s at 0x%x: "
                    + "it is open read-only because writing was not permitted; run as root", file, offset));
        }
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(String.format("cannot write %d bytes at 0x%x of %s (writing config "
                    + "space needs root)", buffer.capacity(), offset, file), e);
        }
    }

    private static void checkOffset(final int offset, final int width) {
        if (offset < 0 || offset % width != 0 || offset + width > 4096) {
            throw new IllegalArgumentException(String.format(
                    "PCI config access must be aligned to its width and inside 4096 bytes: offset=0x%x width=%d",
                    offset, width));
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    @Override
    public String toString() {
        return "SysfsPciConfig[" + file + "]";
    }
}
