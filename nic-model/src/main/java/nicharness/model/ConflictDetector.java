package nicharness.model;

/**
 * {@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER} for one port's receive side: a buffer the
 * card is about to receive into, or the receive descriptor itself on a shared ring, must not be
 * owned by any transmit queue of any port on the same host memory ({@link HostBus}). Checked twice:
 * at the RDT write that hands the buffer over (the check a driver author wants: it names the write
 * that was wrong, however long the card then takes to receive) and before each receive DMA.
 *
 * <p>Sound in threaded mode too: transmit heads only move forward, so the heads read here are at
 * least those the driver read before writing RDT. Off unless strict (or
 * {@link NicModel.Builder#conflictDetector}); only the first conflict allocates (its context).
 */
final class ConflictDetector {
    private final int port;
    private final RegisterFile file;
    private final Faults faults;
    private final HostBus bus;
    private final boolean on;

    ConflictDetector(final PortState state, final HostBus bus, final boolean on) {
        this.port = state.port();
        this.file = state.file();
        this.faults = state.faults();
        this.bus = bus;
        this.on = on;
    }

    /** Before the receive engine writes the buffer at {@code address} through descriptor {@code index} of {@code queue}. */
    void beforeReceive(final long address, final RxQueue queue, final int index) {
        if (on) {
            check(address, queue, index, false, 0, 0);
        }
    }

    /**
     * At the RDT write from {@code oldTail} to {@code newTail}, which hands the card descriptor
     * {@code index} of {@code queue}, whose buffer is {@code address}.
     */
    void atReceiveTail(final long address, final RxQueue queue, final int index, final int oldTail,
                       final int newTail) {
        if (on) {
            check(address, queue, index, true, oldTail, newTail);
        }
    }

    private void check(final long address, final RxQueue queue, final int index, final boolean atTail,
                       final int oldTail, final int newTail) {
        final long descriptorAddress = queue.ringAddress + (long) index * 16;
        for (final TransmitEngine engine : bus.engines()) {
            for (final TxQueue txQueue : engine.active()) {
                final int owner = engine.ownerOf(txQueue, address, descriptorAddress);
                if (owner >= 0) {
                    if (faults.occurred(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER)) {
                        final String receive = atTail
                                ? String.format("register=RDT receivePort=%d receiveQueue=%d oldTail=%d newTail=%d "
                                        + "receiveDescriptor=%d bufferAddress=0x%x", port, queue.index, oldTail, newTail,
                                        index, address)
                                : String.format("receivePort=%d receiveQueue=%d receiveDescriptor=%d bufferAddress=0x%x "
                                        + "RDT=%d", port, queue.index, index, address, file.plain(queue.rdt));
                        faults.keep(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER,
                                receive + " " + engine.ownerContext(txQueue, owner));
                    }
                    return;
                }
            }
        }
    }
}
