package nicharness.model;

import nicharness.ixgbe.Regs;

/**
 * A global reset of one port (datasheet 4.2.1.6.1): every register to its reset value, with the
 * port's number in STATUS.LAN_ID and its MAC address in RAL0/RAH0 as the EEPROM loads them, the
 * engines' queues and the statistics cleared, frames waiting for the engines discarded; host memory
 * untouched. Run once when the port is built and at each CTRL.RST or LNK_RST, with the engines
 * stopped ({@link Scheduler#resetDevice}).
 */
final class DeviceReset {
    private final int port;
    private final long mac;
    private final RegisterFile file;
    private final ResetAndLink link;
    private final Statistics stats;
    private final ReceiveEngine rx;
    private final TransmitEngine tx;
    /** The file-backed registers, whose aliases need their reset values too; null unless file-backed. */
    private final FileBackedRegisters fileBacked;
    /** Frames injected and not yet received; null in synchronous mode. */
    private final FrameRing injection;

    DeviceReset(final PortState state, final long mac, final ReceiveEngine rx, final TransmitEngine tx,
                final FileBackedRegisters fileBacked, final FrameRing injection) {
        this.port = state.port();
        this.mac = mac;
        this.file = state.file();
        this.link = state.link();
        this.stats = state.stats();
        this.rx = rx;
        this.tx = tx;
        this.fileBacked = fileBacked;
        this.injection = injection;
    }

    void run() {
        file.zero();
        RegisterMap.applyResetValues(file);
        file.release(Regs.STATUS, file.plain(Regs.STATUS) | (port << 2));
        // 8.2.3.7.9/10: RAL0/RAH0 are loaded from the EEPROM; the first byte is bits 7:0 of RAL.
        int low = 0;
        for (int i = 0; i < 4; i++) {
            low |= (int) ((mac >>> (40 - 8 * i)) & 0xFF) << (8 * i);
        }
        final int high = (int) ((mac >>> 8) & 0xFF) | (int) ((mac & 0xFF) << 8);
        file.release(Regs.RAL(0), low);
        file.release(Regs.RAH(0), high | Regs.RAH_.AV);
        file.release(Regs.LINKS, link.linksAfterReset());
        if (fileBacked != null) {
            fileBacked.afterReset();
        }
        rx.reset();
        tx.reset();
        stats.clear();
        if (injection != null) {
            injection.discardAll();
        }
    }
}
