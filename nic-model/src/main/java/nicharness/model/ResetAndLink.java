package nicharness.model;

import nicharness.ixgbe.Regs;

/**
 * The port's link and the global reset that takes it down, in time ({@code nic-model/README.md},
 * "reset and link take time"): after CTRL.RST or LNK_RST the reset is in progress for
 * {@code resetNanos} (4.6.3.2), then the link trains for {@code linkUpNanos} (4.6.4), as it does
 * after AUTOC.AN_RESTART; LINKS reads 0 while it trains and while the cable is pulled.
 *
 * <p>Read by the register view (CTRL, EEC, RDRXCTL and LINKS reads) and by both engines (no frame
 * is received or sent while the link is down), on any thread: the state is volatile.
 */
final class ResetAndLink {
    private final RegisterFile file;
    private final long resetNanos;
    private final long linkUpNanos;
    /** The cable: whether the link partner is there ({@link NicModel#setLinkUp}). */
    private volatile boolean cable = true;
    /** {@link System#nanoTime()} at which the reset in progress completes; meaningful while {@link #resetting}. */
    private volatile long resetDoneAt;
    private volatile boolean resetting;
    /** {@link System#nanoTime()} at which link training completes; meaningful while {@link #training}. */
    private volatile long linkTrainedAt;
    private volatile boolean training;

    ResetAndLink(final RegisterFile file, final long resetNanos, final long linkUpNanos) {
        this.file = file;
        this.resetNanos = resetNanos;
        this.linkUpNanos = linkUpNanos;
    }

    /** Plugs or pulls the cable. */
    void cable(final boolean in) {
        cable = in;
        file.release(Regs.LINKS, up() ? LINKS_UP : 0);
    }

    /** Whether the cable is in, trained or not. */
    boolean cableIn() {
        return cable;
    }

    /** Whether the link is up: the cable is in and training after the last reset or AN restart has finished. */
    boolean up() {
        if (training) {
            if (System.nanoTime() - linkTrainedAt < 0) {
                return false;
            }
            training = false;
            file.release(Regs.LINKS, cable ? LINKS_UP : 0);
        }
        return cable;
    }

    /** Whether a global reset is still in progress: CTRL.RST reads 1 and writes are lost (4.6.3.2). */
    boolean resetInProgress() {
        if (resetting) {
            if (System.nanoTime() - resetDoneAt < 0) {
                return true;
            }
            resetting = false;
        }
        return false;
    }

    /** A global reset has just cleared the registers: it takes {@code resetNanos}, then the link trains. */
    void resetStarted() {
        if (resetNanos > 0) {
            resetDoneAt = System.nanoTime() + resetNanos;
            resetting = true;
        }
        startTraining();
    }

    /** AUTOC.AN_RESTART: the link goes down and trains again (4.6.4). */
    void restartAutoNegotiation() {
        startTraining();
    }

    private void startTraining() {
        if (linkUpNanos > 0) {
            linkTrainedAt = System.nanoTime() + resetNanos + linkUpNanos;
            training = true;
            file.release(Regs.LINKS, 0);
        }
    }

    /** LINKS after a reset: up at 10 Gb/s if the cable is in (training, if any, then clears it). */
    int linksAfterReset() {
        return cable ? LINKS_UP : 0;
    }

    private static final int LINKS_UP = Regs.LINKS_.LINK_UP | (Regs.LINKS_.LINK_SPEED_10G << 28);
}
