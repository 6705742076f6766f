/**
 * The ixy driver model (Emmerich et al., "Demystifying network cards... ixy", ANCS'19), the
 * paper's second baseline, for the Intel 82599: the educational driver that still keeps buffers
 * in a pool and receive and transmit rings apart.
 *
 * <p>Read in this order: {@link nicharness.ixy.IxyForwarder} (the run loop, ixy-fwd),
 * {@link nicharness.ixy.RxQueue#rxBatch} and {@link nicharness.ixy.TxQueue#txBatch} (the data path),
 * {@link nicharness.ixy.BufferPool} and {@link nicharness.ixy.PacketBuffer} (the mempool), then
 * {@link nicharness.ixy.IxyDevice} (set-up) and {@link nicharness.ixy.IxyParameters} (every knob
 * with ixy's value).
 *
 * <p>Set-up notes are tagged as in TinyNF: INTERPRETATION where the code departs from ixy or reads
 * the datasheet in a particular way, with the reason next to it.
 */
package nicharness.ixy;
