package nicharness.dpdk;

import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.driver.Port;
import nicharness.env.DmaMemory;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.Regs;

/**
 * One started port ({@code struct rte_eth_dev}) with its one receive and one transmit queue, and
 * the start sequence of DPDK 20.02's {@code ixgbe_dev_start} as far as the data path depends on it
 * ({@code drivers/net/ixgbe/ixgbe_ethdev.c:2579} at v20.02): after the device bring-up every driver
 * shares ({@link DeviceBringUp}:
 * reset, link, filters, CRC, promiscuous mode), the queue parts of {@code ixgbe_dev_tx_init} and
 * {@code ixgbe_dev_rx_init}, then {@code ixgbe_dev_rxtx_start}: transmit thresholds, DMATXCTL.TE,
 * start the transmit queue, start the receive queue (which arms it with mbufs), and enable
 * reception last. DPDK's own device-wide settings that the bring-up already makes (CRC strip and
 * insertion, padding, broadcast and promiscuous filters) are not repeated.
 */
public final class EthDev {
    /** Receive and transmit queue 0: everything arrives on queue 0 (no RSS), as in every baseline. */
    static final int QUEUE = 0;

    private final int portId;
    private final RxQueue rxQueue;
    private final TxQueue txQueue;

    private EthDev(final int portId, final RxQueue rxQueue, final TxQueue txQueue) {
        this.portId = portId;
        this.rxQueue = rxQueue;
        this.txQueue = txQueue;
    }

    /**
     * Configures and starts {@code port} with one queue each way.
     *
     * @throws IllegalStateException naming the port, the register and its value when the device
     *                               does not answer, or the mempool cannot arm the receive ring
     */
    @DriverPart(Part.INIT)
    public static EthDev start(final Port port, final DmaMemory dma, final Mempool pool, final DpdkConfig config) {
        final RegisterSpace regs = port.registers();
        final int portId = port.index();
        try {
            // Reset, link, filters, CRC stripping and insertion, promiscuous mode (which testpmd
            // turns on by default): the datasheet's bring-up, shared by every driver of ours; it
            // leaves every queue disabled and reception off.
            new DeviceBringUp(regs).run();
        } catch (final DeviceInitException e) {
            throw new IllegalStateException("port " + portId + ": " + e.getMessage(), e);
        }

        // ixgbe_dev_tx_init and ixgbe_dev_rx_init: the rings' registers, queues still disabled.
        final TxQueue txq = TxQueue.setup(regs, QUEUE, portId, dma, pool, config.nbTxd(), config.txRsThreshold(),
                config.txFreeThreshold());
        final RxQueue rxq = RxQueue.setup(regs, QUEUE, portId, dma, pool, config.nbRxd(), config.rxFreeThreshold(),
                config.rxDropEnable());

        // ixgbe_dev_rxtx_start.
        txq.writeThresholds(config.txPthresh(), config.txHthresh(), config.txWthresh());
        setBits(regs, Regs.DMATXCTL, Regs.DMATXCTL_.TE);
        txq.start();
        rxq.start();
        enableRxDma(regs, portId);
        return new EthDev(portId, rxq, txq);
    }

    /**
     * {@code ixgbe_enable_rx_dma_82599}: RXCTRL.RXEN may only change while the security block's
     * receive path is idle (datasheet 8.2.3.8.10): stop it, wait until it reports ready, enable
     * reception, restart it.
     */
    private static void enableRxDma(final RegisterSpace regs, final int portId) {
        setBits(regs, Regs.SECRXCTRL, Regs.SECRXCTRL_.RX_DIS);
        pollUntilSet(regs, Regs.SECRXSTAT, Regs.SECRXSTAT_.SECRX_RDY, 10,
                "port " + portId + " SECRXSTAT.SECRX_RDY");
        setBits(regs, Regs.RXCTRL, Regs.RXCTRL_.RXEN);
        regs.write(Regs.SECRXCTRL, regs.read(Regs.SECRXCTRL) & ~Regs.SECRXCTRL_.RX_DIS);
    }

    private static void setBits(final RegisterSpace regs, final int offset, final int bits) {
        regs.write(offset, regs.read(offset) | bits);
    }

    /**
     * Reads {@code offset} up to {@code polls} times, 1 ms apart, until every bit of {@code mask}
     * is set; DPDK only logs when this fails, we stop.
     *
     * @throws IllegalStateException naming {@code what}, the register and its last value
     */
    static void pollUntilSet(final RegisterSpace regs, final int offset, final int mask, final int polls,
                             final String what) {
        int value = regs.read(offset);
        for (int i = 1; i < polls && (value & mask) != mask; i++) {
            try {
                Thread.sleep(1);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
            value = regs.read(offset);
        }
        if ((value & mask) != mask) {
            throw new IllegalStateException(String.format("%s did not read back as set after %d reads 1 ms apart: "
                    + "register 0x%05x = 0x%08x, expected bits 0x%08x; is the device up and the queue configured?",
                    what, polls, offset, value, mask));
        }
    }

    /** The port number. */
    public int portId() {
        return portId;
    }

    /** The receive queue. */
    public RxQueue rxQueue() {
        return rxQueue;
    }

    /** The transmit queue. */
    public TxQueue txQueue() {
        return txQueue;
    }
}
