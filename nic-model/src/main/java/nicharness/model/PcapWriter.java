package nicharness.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;

/**
 * Records a port's wire to a file in the classic libpcap format, which Wireshark, tshark and
 * tcpdump read: link type Ethernet, microsecond or nanosecond timestamps, frames without FCS.
 *
 * <pre>
 * file header (24 bytes, little-endian):
 *   0 magic 0xA1B2C3D4 (microseconds) or 0xA1B23C4D (nanoseconds)
 *   4 version 2.4   8 time zone 0   12 accuracy 0   16 snap length   20 link type 1 (Ethernet)
 * per frame (16-byte header, then the bytes):
 *   0 seconds   4 microseconds or nanoseconds   8 captured length   12 length on the wire
 * </pre>
 *
 * <p>Timestamps are wall-clock time: the {@link System#nanoTime()} of each frame, shifted by the
 * difference between the two clocks measured when the file is opened. Frames are gathered in a
 * 1 MiB direct buffer and written when it fills or on {@link #close()}; a record never allocates.
 * Methods are synchronised because in synchronous mode the two directions may come from two
 * threads. I/O errors surface as {@link UncheckedIOException} (a diagnostic tool, not a data path).
 */
public final class PcapWriter implements WireTap {
    /** Which frames to record. */
    public enum Direction {
        /** Frames arriving from the wire. */
        RECEIVED,
        /** Frames the port sends. */
        TRANSMITTED,
        /** Both, interleaved in time order of the calls. */
        BOTH
    }

    /** Timestamp resolution. */
    public enum Precision {
        MICROSECONDS(0xA1B2C3D4, 1000),
        NANOSECONDS(0xA1B23C4D, 1);

        final int magic;
        final long nanosPerUnit;

        Precision(final int magic, final long nanosPerUnit) {
            this.magic = magic;
            this.nanosPerUnit = nanosPerUnit;
        }
    }

    /** Link type 1: Ethernet (IEEE 802.3) in the tcpdump.org registry. */
    static final int LINKTYPE_ETHERNET = 1;
    /** The largest frame recorded whole. */
    static final int SNAP_LENGTH = 65535;
    private static final int BUFFER_SIZE = 1 << 20;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final FileChannel channel;
    private final Direction direction;
    private final Precision precision;
    private final long epochMinusNano;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final MemorySegment bytes = MemorySegment.ofBuffer(buffer);
    private int position;
    private long frames;
    private boolean closed;

    private PcapWriter(final FileChannel channel, final Direction direction, final Precision precision) {
        this.channel = channel;
        this.direction = direction;
        this.precision = precision;
        final Instant now = Instant.now();
        this.epochMinusNano = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    /**
     * Creates (or truncates) {@code file} and writes the pcap header.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static PcapWriter open(final Path file, final Direction direction, final Precision precision) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(precision, "precision");
        final FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create the pcap file " + file + ": " + e.getMessage()
                    + "; check that its folder exists and is writable", e);
        }
        final PcapWriter writer = new PcapWriter(channel, direction, precision);
        writer.header();
        return writer;
    }

    private void header() {
        bytes.set(INT, 0, precision.magic);
        bytes.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4, (short) 2);
        bytes.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 6, (short) 4);
        bytes.set(INT, 8, 0);
        bytes.set(INT, 12, 0);
        bytes.set(INT, 16, SNAP_LENGTH);
        bytes.set(INT, 20, LINKTYPE_ETHERNET);
        position = 24;
    }

    @Override
    public void received(final MemorySegment data, final long offset, final int length, final long nanoTime) {
        if (direction != Direction.TRANSMITTED) {
            record(data, offset, length, nanoTime);
        }
    }

    @Override
    public void transmitted(final MemorySegment data, final long offset, final int length, final long nanoTime) {
        if (direction != Direction.RECEIVED) {
            record(data, offset, length, nanoTime);
        }
    }

    private synchronized void record(final MemorySegment data, final long offset, final int length,
                                     final long nanoTime) {
        if (closed) {
            return;
        }
        final int captured = Math.min(length, SNAP_LENGTH);
        if (position + 16 + captured > BUFFER_SIZE) {
            flush();
        }
        final long wallNanos = nanoTime + epochMinusNano;
        bytes.set(INT, position, (int) (wallNanos / 1_000_000_000L));
        bytes.set(INT, position + 4, (int) ((wallNanos % 1_000_000_000L) / precision.nanosPerUnit));
        bytes.set(INT, position + 8, captured);
        bytes.set(INT, position + 12, length);
        MemorySegment.copy(data, offset, bytes, position + 16, captured);
        position += 16 + captured;
        frames++;
    }

    /** Writes what is buffered to the file. */
    public synchronized void flush() {
        buffer.limit(position).position(0);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the pcap file: " + e.getMessage(), e);
        }
        buffer.clear();
        position = 0;
    }

    /** Frames recorded so far. */
    public synchronized long frames() {
        return frames;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            channel.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close the pcap file: " + e.getMessage(), e);
        }
    }
}
