package nicharness.tinynf;

/**
 * The tunables of a TinyNF agent, checked together when they are made. Their defaults are the
 * paper's (osdi20 {@code code/net/82599/ixgbe.c:345-360}: {@code IXGBE_RING_SIZE},
 * {@code IXGBE_AGENT_OUTPUTS_MAX}, {@code IXGBE_AGENT_FLUSH_PERIOD}, {@code IXGBE_AGENT_RECYCLE_PERIOD}).
 *
 * @param ringSize      descriptors per ring, which is also the number of packet buffers: a power of
 *                      two in [{@value #RING_SIZE_MIN}, {@value #RING_SIZE_MAX}]; the paper's is 1024
 * @param flushPeriod   packets between two writes of the transmit tails, and the most packets an
 *                      agent processes per turn: in [1, ringSize - 1]; the paper's is 8
 * @param recyclePeriod descriptors between two RS bits, hence between two looks at the transmit
 *                      heads and two receive-tail moves: a power of two in [1, ringSize / 2]; the
 *                      paper's is 64
 */
public record AgentParameters(int ringSize, int flushPeriod, int recyclePeriod) {
    /** The smallest ring: RDLEN and TDLEN must be multiples of 128 bytes, 8 descriptors (datasheet 8.2.3.8.3). */
    public static final int RING_SIZE_MIN = 8;
    /** The largest ring the datasheet validates: 128 KiB of descriptors (8.2.3.8.3, 8.2.3.9.7). */
    public static final int RING_SIZE_MAX = 8192;

    /** The paper's values: a ring of 1024, a flush every 8 packets, a recycle every 64. */
    public static final AgentParameters PAPER = new AgentParameters(1024, 8, 64);

    /**
     * @throws IllegalArgumentException naming the parameter, its value and the accepted range
     */
    public AgentParameters {
        if (ringSize < RING_SIZE_MIN || ringSize > RING_SIZE_MAX || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring-size must be a power of two in [" + RING_SIZE_MIN + ", "
                    + RING_SIZE_MAX + "] (ring indices wrap with a mask; RDLEN is a multiple of 128 bytes): ring-size="
                    + ringSize);
        }
        if (flushPeriod < 1 || flushPeriod >= ringSize) {
            throw new IllegalArgumentException("flush-period must be in [1, ring-size - 1] = [1, " + (ringSize - 1)
                    + "] (a transmit tail can hand at most ring-size - 1 descriptors to the NIC): flush-period="
                    + flushPeriod + ", ring-size=" + ringSize);
        }
        if (recyclePeriod < 1 || recyclePeriod > ringSize / 2 || Integer.bitCount(recyclePeriod) != 1) {
            throw new IllegalArgumentException("recycle-period must be a power of two in [1, ring-size / 2] = [1, "
                    + ringSize / 2 + "] (RS is set where the slot index modulo the period is period - 1, and the NIC "
                    + "owns at most ring-size - 1 descriptors, so a longer period could leave no RS slot the NIC can "
                    + "receive into): recycle-period=" + recyclePeriod + ", ring-size=" + ringSize);
        }
    }
}
