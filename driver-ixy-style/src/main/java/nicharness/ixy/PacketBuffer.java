package nicharness.ixy;

import nicharness.driver.AllocationStep;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The layout of one entry of a {@link BufferPool}: ixy's {@code pkt_buf}. Each entry starts with a
 * 64-byte header that the driver alone reads and writes; the card only ever sees the packet data,
 * whose physical address ({@code entry + DATA_OFFSET}) goes into descriptors.
 *
 * <pre>
 *  0               8               16      20      24                      64                entry size
 * +---------------+---------------+-------+-------+-----------------------+------------------------+
 * | physical addr |    pool id    | index | size  |   headroom (unused)   |  packet data (frame)   |
 * |  of the entry |               |       |       |                       |  starts on a cache line|
 * +---------------+---------------+-------+-------+-----------------------+------------------------+
 * </pre>
 *
 * <ul>
 *   <li>physical address: written once when the pool is created (ixy computes every buffer's
 *       address once, at pool creation, so the data path never translates an address);</li>
 *   <li>pool id: where the buffer returns when transmit is done with it (ixy stores the mempool
 *       pointer here; buffers of one port's pool are freed by the other port's transmit queue);</li>
 *   <li>index: the entry's position in its pool;</li>
 *   <li>size: the frame length, written by receive and by the NF, read by transmit.</li>
 * </ul>
 *
 * <p>All fields are little-endian, like everything else in DMA memory. The entry size is a power
 * of two that divides 2 MiB, so that on real hardware no entry straddles a hugepage.
 */
@AllocationStep
public final class PacketBuffer {
    private PacketBuffer() {
    }

    /** Offset of the entry's own physical address (64 bits). */
    public static final long PHYSICAL_ADDRESS_OFFSET = 0;
    /** Offset of the id of the pool the entry belongs to (64 bits, as ixy's pointer). */
    public static final long POOL_ID_OFFSET = 8;
    /** Offset of the entry's index in its pool (32 bits). */
    public static final long INDEX_OFFSET = 16;
    /** Offset of the frame length in bytes (32 bits). */
    public static final long SIZE_OFFSET = 20;
    /** Bytes of header before the packet data: one cache line, so the frame starts on a fresh line. */
    public static final int HEADER_SIZE = 64;
    /** Offset of the first byte of the frame. */
    public static final long DATA_OFFSET = HEADER_SIZE;

    /** ixy's entry size: 2048 bytes, of which 1984 hold the frame. */
    public static final int DEFAULT_ENTRY_SIZE = 2048;
    /** Entries must divide a 2 MiB hugepage (ixy: "entry size must be a divisor of the huge page size"). */
    public static final int HUGEPAGE_SIZE = 2 << 20;

    /** Little-endian 64-bit header field: coordinates (MemorySegment, long offset). */
    static final VarHandle HEADER_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /** Little-endian 32-bit header field: coordinates (MemorySegment, long offset). */
    static final VarHandle HEADER_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
}
