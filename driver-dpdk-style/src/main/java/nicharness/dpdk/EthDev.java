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
 * One started port ({@code struct rte_eth_dev}) with its one receive queue and one transmit queue per
 * core, and
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
    /** One transmit queue per core, by core: lcore c transmits on queue c. */
    private final TxQueue[] txQueues;

    private EthDev(final int portId, final RxQueue rxQueue, final TxQueue[] txQueues) {
        this.portId = portId;
        this.rxQueue = rxQueue;
        this.txQueues = txQueues;
    }

    /**
     * Configures and starts {@code port} with one receive queue, armed from {@code rxPool}, and one
     * transmit queue per core, queue c freeing into {@code txPools[c]}: DPDK gives each lcore a
     * transmit queue of its own on every port, since {@code rte_eth_tx_burst} is not safe for two
     * lcores on one queue (DPDK 20.02 {@code lib/librte_ethdev/rte_ethdev.h:25-30}: the PMD's
     * functions are lock-free and "assume to not be invoked in parallel on different logical cores
     * to work on the same target object"). All traffic arrives on receive queue 0 (no RSS), which the core owning
     * the port polls. The paper's 2-core DPDK policer configures one queue each way per device
     * ({@code RX_QUEUES_COUNT} and {@code TX_QUEUES_COUNT} are 1, osdi20
     * experiments/baselines/policer/dpdk/main.c:30-31), which is enough there because each device
     * has one transmitting lcore; here core c uses transmit queue c whatever the NF sends where.
     *
     * @throws IllegalStateException naming the port, the register and its value when the device
     *                               does not answer, or the mempool cannot arm the receive ring
     */
    @DriverPart(Part.INIT)
    public static EthDev start(final Port port, final DmaMemory dma, final Mempool rxPool, final Mempool[] txPools,
                        final DpdkConfig config) {
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
        final TxQueue[] txqs = new TxQueue[txPools.length];
        for (int queue = 0; queue < txqs.length; queue++) {
            txqs[queue] = TxQueue.setup(regs, QUEUE + queue, portId, dma, txPools[queue], config.nbTxd(),
                    config.txRsThreshold(), config.txFreeThreshold());
        }
        final RxQueue rxq = RxQueue.setup(regs, QUEUE, portId, dma, rxPool, config.nbRxd(), config.rxFreeThreshold(),
                config.rxDropEnable());

        // ixgbe_dev_rxtx_start.
        for (final TxQueue txq : txqs) {
            txq.writeThresholds(config.txPthresh(), config.txHthresh(), config.txWthresh());
        }
        setBits(regs, Regs.DMATXCTL, Regs.DMATXCTL_.TE);
        for (final TxQueue txq : txqs) {
            txq.start();
        }
        rxq.start();
        enableRxDma(regs, portId);
        return new EthDev(portId, rxq, txqs);
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

    /** The transmit queue (of core 0). */
    public TxQueue txQueue() {
        return txQueues[0];
    }

    /** The transmit queue of core {@code core}. */
    public TxQueue txQueue(final int core) {
        return txQueues[core];
    }
}
