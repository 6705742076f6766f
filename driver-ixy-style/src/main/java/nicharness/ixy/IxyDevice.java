package nicharness.ixy;

import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.env.DmaMemory;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.RegisterWait;
import nicharness.ixgbe.Regs;

/**
 * ixy's set-up of one 82599 port after the common bring-up ({@link nicharness.ixgbe.DeviceBringUp}:
 * reset, EEPROM and DMA init, filters, CRC, link, promiscuous mode): queue 0 for receive and queue
 * 0 for transmit, started, then the wait for link. Each step follows ixy's {@code reset_and_init}
 * and names the datasheet section it implements; where we depart from ixy, an INTERPRETATION note
 * says why.
 *
 * <p>INTERPRETATION: ixy also shrinks the packet buffers (RXPBSIZE(0) = 128 KiB, TXPBSIZE(0) =
 * 40 KiB) and writes DTXMXSZRQ = 0xFFFF. We keep the shared bring-up's device-wide values (the
 * full 512 KiB and 160 KiB, which its flow-control thresholds assume) so that the three driver
 * models differ only in their queues and data paths, which is what the comparison is about.
 */
public final class IxyDevice {
    /** The one queue ixy's forwarder uses on each port. */
    public static final int QUEUE = 0;
    /** What a queue whose ENABLE bit never reads back means. */
    static final String QUEUE_NOT_ENABLED = "the card did not enable the queue; check that the ring base and"
            + " length are valid and that the device was reset";
    /**
     * ixy's polling interval while it waits for the link: {@code wait_for_link} sleeps 100,000 us
     * between reads of LINKS (its comment says 10 ms; the code says 100).
     */
    private static final long LINK_POLL_INTERVAL_MILLIS = 100;

    private final RxQueue rx;
    private final TxQueue tx;
    private final boolean linkUp;

    private IxyDevice(final RxQueue rx, final TxQueue tx, final boolean linkUp) {
        this.rx = rx;
        this.tx = tx;
        this.linkUp = linkUp;
    }

    /**
     * Sets up a port whose common bring-up is done: queue 0 for receive, with buffers from
     * {@code rxPool}, and queue 0 for transmit, able to send buffers of any of {@code pools}.
     *
     * @param name what failures call the port, for example {@code "port 1"}
     * @throws nicharness.ixgbe.DeviceInitException if a queue's ENABLE bit does not read back
     */
    @DriverPart(Part.INIT)
    public static IxyDevice open(final String name, final RegisterSpace registers, final DmaMemory dma,
                                 final IxyParameters parameters, final BufferPool rxPool, final BufferPool[] pools) {
        return open(name, registers, dma, parameters, rxPool, pools, 1)[0];
    }

    /**
     * Sets up a port for a forwarder on {@code cores} cores: receive queue 0 as above, and one
     * transmit queue per core, queue c for core c, so that no two cores share a transmit ring.
     * [DEPARTURE] ixy has no multi-core forwarder; this gives each core a transmit queue of its
     * own, as DPDK does per lcore.
     *
     * @return one view of the port per core, core c's with transmit queue c; all share the receive queue
     */
    @DriverPart(Part.INIT)
    public static IxyDevice[] open(final String name, final RegisterSpace registers, final DmaMemory dma,
                                   final IxyParameters parameters, final BufferPool rxPool, final BufferPool[] pools,
                                   final int cores) {
        final RxQueue rx = initRx(registers, dma, parameters, rxPool);
        final TxQueue[] tx = new TxQueue[cores];
        for (int queue = 0; queue < cores; queue++) {
            tx[queue] = initTx(registers, dma, parameters, pools, QUEUE + queue);
        }
        // ixy's wait_set_reg32 polls forever; we give up after TinyNF's second, like every set-up wait here.
        final RegisterWait wait = new RegisterWait(registers, name);
        rx.start(wait);
        for (final TxQueue queue : tx) {
            queue.start(wait);
        }
        final boolean linkUp = waitForLink(registers, parameters.linkWaitMillis());
        final IxyDevice[] views = new IxyDevice[cores];
        for (int core = 0; core < cores; core++) {
            views[core] = new IxyDevice(rx, tx[core], linkUp);
        }
        return views;
    }

    /**
     * Section 4.6.7, ixy's {@code init_rx}: receive off while configuring, queue 0 configured, then
     * receive on. (CRC stripping and broadcast acceptance, which ixy also sets here, are the
     * bring-up's.)
     */
    private static RxQueue initRx(final RegisterSpace registers, final DmaMemory dma, final IxyParameters parameters,
                                  final BufferPool rxPool) {
        Regs.clear(registers, Regs.RXCTRL, Regs.RXCTRL_.RXEN);

        final RxQueue rx = RxQueue.configure(registers, QUEUE, dma, parameters.rxRingSize(), rxPool);

        // 8.2.3.1.3: "no snoop" off, as the datasheet asks for when no DCA is used.
        Regs.set(registers, Regs.CTRL_EXT, Regs.CTRL_EXT_.NS_DIS);
        // 8.2.3.11.1 via its legacy alias, as ixy: bit 12 resets to 1 and must be written 0.
        Regs.clear(registers, Regs.DCA_RXCTRL_ALIAS(QUEUE), Regs.DCA_RXCTRL_.RESERVED_12);
        // INTERPRETATION: ixy sets RXEN before any queue is enabled, without the SECRXCTRL dance of
        // 4.6.7 (which is only needed while receive queues are running); we do the same.
        Regs.set(registers, Regs.RXCTRL, Regs.RXCTRL_.RXEN);
        return rx;
    }

    /**
     * Section 4.6.8, ixy's {@code init_tx}: queue 0 configured, then transmit on. (CRC insertion,
     * padding and the DCB arbiter, which ixy also sets here, are the bring-up's.)
     */
    private static TxQueue initTx(final RegisterSpace registers, final DmaMemory dma, final IxyParameters parameters,
                                  final BufferPool[] pools, final int queue) {
        final TxQueue tx = TxQueue.configure(registers, queue, dma, parameters.txRingSize(), parameters.txCleanBatch(),
                parameters.txPthresh(), parameters.txHthresh(), parameters.txWthresh(), pools);

        // 8.2.3.9.2: DMATXCTL.TE is device-global; ixy sets it after configuring its rings, a plain write.
        registers.write(Regs.DMATXCTL, Regs.DMATXCTL_.TE);
        return tx;
    }

    /**
     * Section 8.2.3.22.20: waits up to {@code timeoutMillis} for LINKS.LINK_UP, as ixy's
     * {@code wait_for_link}. A link that stays down is not an error (ixy carries on too): the card
     * keeps transmit descriptors until the link comes up.
     *
     * @return whether the link was up
     */
    private static boolean waitForLink(final RegisterSpace registers, final long timeoutMillis) {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while ((registers.read(Regs.LINKS) & Regs.LINKS_.LINK_UP) == 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            sleepMillis(LINK_POLL_INTERVAL_MILLIS);
        }
        return true;
    }

    private static void sleepMillis(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the device", e);
        }
    }

    /** The receive queue. */
    public RxQueue rx() {
        return rx;
    }

    /** The transmit queue. */
    public TxQueue tx() {
        return tx;
    }

    /** Whether the link was up when set-up finished. */
    public boolean linkUp() {
        return linkUp;
    }
}
