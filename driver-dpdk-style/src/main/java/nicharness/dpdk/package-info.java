/**
 * The DPDK driver model for the 82599 (paper section 2.1; DPDK v20.02
 * {@code drivers/net/ixgbe/ixgbe_ethdev.c} and
 * {@code ixgbe_rxtx.c}, the functions each class names): the
 * paper's main baseline, written the way DPDK 20.02's ixgbe PMD and {@code rte_mempool} do it, so
 * that every cost the paper attributes to the model is paid here too.
 *
 * <p>Ownership moves, per packet: receive ring ({@link nicharness.dpdk.RxQueue}) to the
 * application ({@link nicharness.dpdk.DpdkDriver}, which runs the NF), to a transmit ring
 * ({@link nicharness.dpdk.TxQueue}), back to the pool ({@link nicharness.dpdk.Mempool}, with its
 * {@link nicharness.dpdk.MempoolCache} and {@link nicharness.dpdk.Ring}). The costs that follow:
 * <ul>
 *   <li>pool operations: a bulk get of {@code rx_free_thresh} mbufs per receive re-arm group and a
 *       bulk put of {@code tx_rs_thresh} per transmit reclaim, through the per-core cache, the
 *       ring behind it when the cache runs dry or overflows, and single puts for dropped
 *       packets;</li>
 *   <li>buffer pointer changes: every received descriptor is re-armed with another mbuf's
 *       address (advanced descriptors are overwritten by write-back), and every transmit
 *       descriptor is written with the address of the mbuf it sends;</li>
 *   <li>separate rings: a receive ring and a transmit ring per port, each with its own software
 *       ring of mbuf ids, tail register and bookkeeping;</li>
 *   <li>per-burst bookkeeping: the receive stage, {@code rx_free_trigger}, {@code nb_tx_free},
 *       {@code tx_next_rs}, {@code tx_next_dd}, and mbuf metadata written on receive and read on
 *       transmit and free.</li>
 * </ul>
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>Mbufs are int ids, never objects; their metadata lives in DMA memory in front of each
 *       buffer, as in DPDK ({@link nicharness.dpdk.Mbuf} says why that matters for the measured
 *       cache behaviour).</li>
 *   <li>One receive path and one transmit path: scalar bulk-allocation receive, which DPDK picks
 *       for the non-batched runs' ring of 160, and the simple transmit path, which the paper's
 *       path analysis used. For the batched runs' power-of-two ring of 128 DPDK would pick its
 *       SSE vector receive path, and with {@code tx_rs_thresh} 32 its vector transmit path; both
 *       keep the scalar paths' ring contract (re-arm and reclaim in groups of 32, RDT one group
 *       behind, RS every 32), and Java has no stable equivalent of their intrinsics, so the scalar
 *       paths stand in for them. Parameters that would make DPDK leave these paths for the
 *       full-featured ones are refused at start-up ({@link nicharness.dpdk.DpdkConfig}).</li>
 *   <li>One mempool for all ports, sized per port as testpmd does, with one per-core cache: the
 *       driver runs on one core.</li>
 *   <li>The ring is DPDK's default multi-producer, multi-consumer one; the mbuf reference count
 *       is updated atomically when shared. Both cost what they cost DPDK, although one core uses
 *       them.</li>
 * </ul>
 */
package nicharness.dpdk;
