package nicharness.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import nicharness.env.MemoryRegisterSpace;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Regs;

/**
 * The model's BAR0s and host memory in one file (for example under {@code /dev/shm}), so that a
 * driver in another process, or another language, can attach to the software 82599 by mapping
 * it. Every number in the file is little-endian.
 *
 * <pre>
 *  0            4096                  4096 + 128 KiB       4096 + P x 128 KiB
 * +------------+---------------------+---------------------+-----+--------------------------+
 * |  header    |  BAR0 of port 0     |  BAR0 of port 1     | ... |  host memory             |
 * |  (4 KiB)   |  (131072 bytes)     |                     |     |  (hostSize bytes)        |
 * +------------+---------------------+---------------------+-----+--------------------------+
 *
 * header:
 *   0  magic          8 bytes, ASCII "NICMODL1"
 *   8  version        int, 1
 *  12  ports          int, P
 *  16  bar0Size       long, 131072
 *  24  bar0Offset     long, 4096: BAR0 of port p starts at bar0Offset + p * bar0Size
 *  32  hostOffset     long, 4096 + P * 131072 (a multiple of 4096)
 *  40  hostSize       long
 *  48  physicalBase   long: byte k of host memory has physical address physicalBase + k
 * </pre>
 *
 * <p>Finding a doorbell: the RDT of receive queue q of port p is the 32-bit word at file offset
 * {@code bar0Offset + p * bar0Size + Regs.RDT(q)} (0x01018 + 0x40q for q &lt; 64), the TDT of
 * transmit queue q at {@code ... + Regs.TDT(q)} (0x06018 + 0x40q). Every register sits at its
 * datasheet offset inside its port's BAR0. Write registers with release stores (or plain stores
 * followed by a store fence) and read them with acquire loads; the model's engine thread does the
 * same on its side.
 *
 * <p>What an outside driver must know: registers in the file are plain memory, so the model
 * cannot see individual accesses. Its engine (THREADED, or DEFERRED on {@link NicModel#step()})
 * observes the file once per pass instead: a set CTRL.RST or LNK_RST resets the port, RXDCTL and
 * TXDCTL ENABLE bits start and stop queues (ENABLE reads back at once), moved tails are checked
 * and served, CTRL's master disable drives STATUS, AUTOC.AN_RESTART self-clears, and an SRRCTL or
 * DCA_RXCTRL alias (0x02100 + 4q, 0x02200 + 4q) written is copied to its per-queue form.
 * Clear-on-read statistics and interrupt mask set/clear semantics need intercepted accesses and
 * are not available through the file; read statistics with {@link NicModel#readStatistic} in
 * the model's process. Host memory is one allocated region as far as the model's DMA checks
 * go: the driver allocates inside it as it likes (see {@link #driverHost()}).
 */
public final class ModelFiles implements AutoCloseable {
    /** "NICMODL1" as a little-endian long. */
    public static final long MAGIC = 0x314C444F4D43494EL;
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 4096;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena;
    private final MemorySegment file;
    private final int ports;
    private final long hostOffset;
    private final long hostSize;
    private final long physicalBase;
    private SimulatedDmaMemory host;

    private ModelFiles(final Arena arena, final MemorySegment file) {
        this.arena = arena;
        this.file = file;
        if (file.get(LONG, 0) != MAGIC || file.get(INT, 8) != VERSION) {
            throw new IllegalArgumentException(String.format(
                    "not a model file: magic=0x%016x version=%d (expected magic=0x%016x version=%d)",
                    file.get(LONG, 0), file.get(INT, 8), MAGIC, VERSION));
        }
        this.ports = file.get(INT, 12);
        this.hostOffset = file.get(LONG, 32);
        this.hostSize = file.get(LONG, 40);
        this.physicalBase = file.get(LONG, 48);
    }

    /**
     * Creates (or overwrites) {@code path} for {@code ports} ports and {@code hostSize} bytes of
     * host memory, and maps it: the model's side.
     *
     * @throws UncheckedIOException naming the file if it cannot be created
     */
    public static ModelFiles create(final Path path, final int ports, final long hostSize) {
        if (ports < 1 || hostSize < 4096 || hostSize % 4096 != 0) {
            throw new IllegalArgumentException("need at least one port and a host size that is a positive multiple of"
                    + " 4096: ports=" + ports + " hostSize=" + hostSize);
        }
        final long hostOffset = HEADER_SIZE + (long) ports * Regs.BAR0_SIZE;
        final ModelFiles files = map(path, hostOffset + hostSize, true, header -> {
            header.set(LONG, 0, MAGIC);
            header.set(INT, 8, VERSION);
            header.set(INT, 12, ports);
            header.set(LONG, 16, Regs.BAR0_SIZE);
            header.set(LONG, 24, HEADER_SIZE);
            header.set(LONG, 32, hostOffset);
            header.set(LONG, 40, hostSize);
            header.set(LONG, 48, SimulatedDmaMemory.DEFAULT_PHYSICAL_BASE);
        });
        // The model's IOMMU: all of host memory is one allocated region, since the driver that
        // sub-allocates it may live in another process. The driver's allocator (driverHost) keeps
        // the hugepage rule; the model's single region is not a driver's and is exempt from it.
        files.host = new SimulatedDmaMemory(files.hostSegment(), files.physicalBase).withoutHugepageRule();
        files.host.allocate(files.hostSize, 4096);
        return files;
    }

    /** Maps an existing model file: the driver's side (or a second look from the model's). */
    public static ModelFiles attach(final Path path) {
        final long size;
        try {
            size = java.nio.file.Files.size(path);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the model file " + path + ": " + e.getMessage()
                    + "; the model's process creates it with ModelFiles.create", e);
        }
        return map(path, size, false, header -> { });
    }

    private static ModelFiles map(final Path path, final long size, final boolean create,
                                  final java.util.function.Consumer<MemorySegment> initialise) {
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = create
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (create) {
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {0}), size - 1); // size the file
            }
            final MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            initialise.accept(file);
            return new ModelFiles(arena, file);
        } catch (final IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot map the model file " + path + " (" + size + " bytes): "
                    + e.getMessage() + "; check the folder exists, is writable and has room (/dev/shm is RAM)", e);
        }
    }

    /** Ports in the file. */
    public int ports() {
        return ports;
    }

    /** The fake physical address of the first byte of host memory. */
    public long physicalBase() {
        return physicalBase;
    }

    /** The BAR0 of {@code port}, for {@code NicModel.builder(host()).registerMemory(bar0(port))}. */
    public MemorySegment bar0(final int port) {
        if (port < 0 || port >= ports) {
            throw new IllegalArgumentException("port must be in [0, " + ports + "): port=" + port);
        }
        return file.asSlice(HEADER_SIZE + (long) port * Regs.BAR0_SIZE, Regs.BAR0_SIZE);
    }

    /** The driver's view of {@code port}'s registers: plain acquire/release words in the file. */
    public RegisterSpace driverRegisters(final int port) {
        return new MemoryRegisterSpace(bar0(port));
    }

    /** All of host memory. */
    public MemorySegment hostSegment() {
        return file.asSlice(hostOffset, hostSize);
    }

    /**
     * The model's host memory (created by {@link #create} only): one region covering it all.
     *
     * @throws IllegalStateException on an attached mapping
     */
    public SimulatedDmaMemory host() {
        if (host == null) {
            throw new IllegalStateException("host() is the model's side; a driver attached to the file allocates "
                    + "with driverHost()");
        }
        return host;
    }

    /**
     * A fresh allocator over host memory for a driver, with the file's physical base: it hands out
     * regions from the start of host memory, which the model accepts since it sees all of host
     * memory as allocated. One driver allocator per file.
     */
    public SimulatedDmaMemory driverHost() {
        return new SimulatedDmaMemory(hostSegment(), physicalBase);
    }

    /** Unmaps the file (the file stays; delete it when done). */
    @Override
    public void close() {
        arena.close();
    }
}
