package nicharness.ixgbe;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import nicharness.env.RegisterSpace;

/**
 * The device bring-up every driver of ours shares: datasheet 4.6.3 (general initialisation and
 * reset), with the device-wide parts of 4.6.7 (receive) and 4.6.8 (transmit), as TinyNF's
 * {@code ixgbe_device_init} does it (osdi20's {@code tn_net_device_init},
 * {@code code/net/82599/ixgbe.c:504-965}). Queue set-up stays in each driver.
 *
 * <p>Each step quotes the datasheet in our own words, then does it. Where the datasheet is
 * silent, wrong or does not apply, a tag says what we did, greppable as in TinyNF:
 * <ul>
 *   <li>{@code INTERPRETATION-MISSING}: the datasheet leaves something out (usually a timeout);
 *   <li>{@code INTERPRETATION-POINTLESS}: a step that cannot matter for our drivers;
 *   <li>{@code INTERPRETATION-CHOICE}: several readings are possible; we name ours.
 * </ul>
 *
 * <p>Named assumptions, cited below by name:
 * <ul>
 *   <li>NOWANT: no interrupts, DCB, virtualisation, RSS, RSC, IPsec or offloads are wanted;
 *   <li>CRC: the card strips the FCS of received frames and appends it to transmitted ones;
 *   <li>PROMISC: every frame on the wire is wanted (a network function sees all traffic);
 *   <li>TXPAD: the card pads short transmitted frames (HLREG0.TXPADEN, on after reset).
 * </ul>
 *
 * <p>Waits are bounded as in TinyNF ({@link RegisterWait}: 10 polls over 1 s by default); if a
 * condition never holds, a {@link DeviceInitException} names the device, the register and the bit.
 * PCI configuration (bus mastering, power state) is the environment's job and happens before this.
 */
public final class DeviceBringUp {
    /** What every failure adds: the usual reasons a card does not answer at all. */
    private static final String CHECK = "; check that the card is an 82599 in D0 with bus mastering enabled,"
            + " and that no other driver is bound to it";

    /** How the bring-up waits; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps at least {@code nanos} nanoseconds. */
        void sleep(long nanos);

        /** A real sleep. */
        Sleeper PARK = nanos -> {
            final long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        };
    }

    private final RegisterSpace regs;
    private final long timeoutNanos;
    private final Sleeper sleeper;
    private boolean waitForLink = true;
    private String device = "82599";
    /** Made by {@link #run()}, once the device's name is known. */
    private RegisterWait wait;

    /** A bring-up with TinyNF's 1 s timeouts and real sleeps. */
    public DeviceBringUp(final RegisterSpace regs) {
        this(regs, RegisterWait.DEFAULT_TIMEOUT_NANOS, Sleeper.PARK);
    }

    /**
     * @param regs         the device's BAR0
     * @param timeoutNanos the budget of every wait, at least {@link RegisterWait#POLLS} ns
     * @param sleeper      how to wait
     */
    public DeviceBringUp(final RegisterSpace regs, final long timeoutNanos, final Sleeper sleeper) {
        this.regs = Objects.requireNonNull(regs, "regs");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (timeoutNanos < RegisterWait.POLLS) {
            throw new IllegalArgumentException("timeout must be at least " + RegisterWait.POLLS
                    + " ns: timeoutNanos=" + timeoutNanos);
        }
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Whether {@link #run()} waits for LINKS.LINK_UP at the end (default true). TinyNF does not
     * wait; ixy does, for up to 10 s.
     */
    public DeviceBringUp waitForLink(final boolean wait) {
        this.waitForLink = wait;
        return this;
    }

    /**
     * The name failures give the device, for example {@code "port 1"}, so that with several cards
     * the message says which one did not come up (default {@code "82599"}).
     */
    public DeviceBringUp named(final String name) {
        this.device = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Brings the device from any state to: reset, interrupts masked, filters cleared, CRC strip
     * on, flow control set, promiscuous, link up, every queue disabled and ready for the driver's
     * queue set-up.
     *
     * @throws DeviceInitException naming the register bit that never reached its value
     */
    public void run() {
        wait = new RegisterWait(regs, device, timeoutNanos, sleeper);
        masterDisable();
        globalReset();
        maskInterrupts();
        generalConfiguration();
        receiveConfiguration();
        transmitConfiguration();
        setPromiscuous();
        link();
    }

    // 5.2.5.3.2 Master Disable, which 4.6.3.2 asks for before a global reset.
    private void masterDisable() {
        // "The device driver disables any reception to the Rx queues as described in 4.6.7.1":
        // for each queue, clear RXDCTL.ENABLE and poll until it reads 0.
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            clear(Regs.RXDCTL(q), Regs.RXDCTL_.ENABLE);
            waitUntil("RXDCTL(" + q + ").ENABLE", Regs.RXDCTL(q), Regs.RXDCTL_.ENABLE, 0,
                    "the receive queue did not stop; is a DMA transfer stuck?");
        }
        // "Then wait 100 us" (4.6.7.1, after the queue disable is seen).
        sleeper.sleep(100_000);
        // "Then the device driver sets the PCIe Master Disable bit [CTRL.2] ... and waits until
        // the PCIe Master Enable Status bit [STATUS.19] is cleared."
        set(Regs.CTRL, Regs.CTRL_.MASTER_DISABLE);
        if (!wait.poll(Regs.STATUS, Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS, 0)) {
            // "If the Master Enable Status bit is not cleared within a reasonable time, ... the
            // driver sets HLREG0.LPBK, clears RXCTRL.RXEN, sets GCR_EXT.Buffers_Clear_Func for
            // 20 us, clears both, and then issues the reset anyway."
            // INTERPRETATION-CHOICE: TinyNF first checks the PCI Device Status (Transactions
            // Pending); that lives in PCI configuration space, outside BAR0, so we go straight to
            // the register part of the fallback, which is harmless if nothing is pending.
            set(Regs.HLREG0, Regs.HLREG0_.LPBK);
            clear(Regs.RXCTRL, Regs.RXCTRL_.RXEN);
            set(Regs.GCR_EXT, Regs.GCR_EXT_.BUFFERS_CLEAR_FUNC);
            sleeper.sleep(20_000);
            clear(Regs.HLREG0, Regs.HLREG0_.LPBK);
            clear(Regs.GCR_EXT, Regs.GCR_EXT_.BUFFERS_CLEAR_FUNC);
        }
    }

    // 4.6.3.2 Global Reset and General Configuration.
    private void globalReset() {
        // "Device initialization typically starts with a software reset [CTRL.RST] that puts the
        // device into a known state."
        // INTERPRETATION-CHOICE: like ixy we also set CTRL.LNK_RST, since we configure the link
        // ourselves below; the reset clears both bits when done.
        set(Regs.CTRL, Regs.CTRL_.RST | Regs.CTRL_.LNK_RST);
        // "Following a global reset the software driver should wait at least 10 ms."
        // INTERPRETATION-MISSING: the reset itself takes up to 1 ms (8.2.3.1.1) and is not said to
        // be observable; TinyNF only sleeps. We sleep 1 ms and then also poll the self-clearing
        // bits, so that a card that never leaves reset is reported rather than configured.
        sleeper.sleep(1_000_000);
        waitUntil("CTRL.RST", Regs.CTRL, Regs.CTRL_.RST | Regs.CTRL_.LNK_RST, 0,
                "the device did not finish its software reset");
        sleeper.sleep(10_000_000);
    }

    // 4.6.3.1 Interrupts During Initialization.
    private void maskInterrupts() {
        // "Most drivers disable interrupts during initialization to prevent re-entrance ...
        // interrupts also need to be disabled after issuing a global reset": write the EIMC
        // registers. By assumption NOWANT we never enable them again.
        // INTERPRETATION-CHOICE: EIMC bit 31 is reserved, hence 0x7FFFFFFF (as TinyNF writes).
        regs.write(Regs.EIMC, 0x7FFFFFFF);
        regs.write(Regs.EIMC_EX(0), 0xFFFFFFFF);
        regs.write(Regs.EIMC_EX(1), 0xFFFFFFFF);
    }

    private void generalConfiguration() {
        // 4.6.3.2: "To enable flow control, program the FCTTV, FCRTL, FCRTH, FCRTV and FCCFG
        // registers." The receive threshold high is "the packet buffer size minus the maximum
        // frame the device may still receive" (4.6.11.3.1): 512 KiB - 0x6000, in 32-byte units.
        // INTERPRETATION-CHOICE: as TinyNF, only buffer 0 (the one we keep, see RXPBSIZE) and only
        // the high threshold; the low one and the timers keep their reset values.
        regs.write(Regs.FCRTH(0), Regs.withField(0, Regs.FCRTH_.RTH, (512 * 1024 - 0x6000) / 32));
        // 4.6.3.2: "Wait for EEPROM auto read completion" [EEC.AUTO_RD] ...
        waitUntil("EEC.AUTO_RD", Regs.EEC, Regs.EEC_.AUTO_RD, Regs.EEC_.AUTO_RD,
                "the EEPROM auto-read did not complete");
        // INTERPRETATION-MISSING: the datasheet does not say what to do without an EEPROM; the
        // MAC address and the link settings come from it, so we refuse to go on (as TinyNF).
        expect("EEC.EE_PRES", Regs.EEC, Regs.EEC_.EE_PRES, Regs.EEC_.EE_PRES,
                "no EEPROM is present, so the card has no MAC address or link settings");
        // INTERPRETATION-MISSING: a bad EEPROM checksum is reported in FWSM.EXT_ERR_IND (8.2.3.4.10).
        expect("FWSM.EXT_ERR_IND", Regs.FWSM, Regs.FWSM_.EXT_ERR_IND, 0,
                "the firmware reports an EEPROM error (bad checksum?)");
        // ... "and for DMA initialization done" [RDRXCTL.DMAIDONE].
        waitUntil("RDRXCTL.DMAIDONE", Regs.RDRXCTL, Regs.RDRXCTL_.DMAIDONE, Regs.RDRXCTL_.DMAIDONE,
                "the DMA engines did not finish initialising");
        // 4.6.3.2: "Initialize all statistical counters (4.6.5)."
        // INTERPRETATION-POINTLESS: the global reset has just cleared them (they are clear-on-read
        // and 0 after reset), so there is nothing to do.
    }

    // 4.6.7 Receive Initialization, the device-wide part.
    private void receiveConfiguration() {
        // "Program the Receive Address registers (RAL/RAH) per the station address": RAL0/RAH0
        // come from the EEPROM. "Clear the PF Unicast Table Array (PFUTA)."
        for (int n = 0; n < 128; n++) {
            regs.write(Regs.PFUTA(n), 0);
        }
        // "Clear the VLAN filters (PFVLVF, PFVLVFB)."
        for (int n = 0; n < 64; n++) {
            regs.write(Regs.PFVLVF(n), 0);
        }
        // "Set up the MAC pool select (MPSAR): the default pool for RAL0/RAH0, none for the others."
        regs.write(Regs.MPSAR(0), 1);
        for (int n = 1; n < 256; n++) {
            regs.write(Regs.MPSAR(n), 0);
        }
        for (int n = 0; n < 128; n++) {
            regs.write(Regs.PFVLVFB(n), 0);
        }
        // "Zero the Multicast Table Array (MTA)."
        for (int n = 0; n < 128; n++) {
            regs.write(Regs.MTA(n), 0);
        }
        // "Initialize the 5-tuple filters (FTQF) as disabled" (by assumption NOWANT).
        for (int n = 0; n < 128; n++) {
            clear(Regs.FTQF(n), Regs.FTQF_.QUEUE_ENABLE);
        }
        // "Set RDRXCTL.CRCStrip to the same value as HLREG0.RXCRCSTRP" (8.2.3.8.8): by assumption
        // CRC both are on (HLREG0 resets with RXCRCSTRP set; we set it anyway, as ixy does).
        set(Regs.HLREG0, Regs.HLREG0_.RXCRCSTRP);
        set(Regs.RDRXCTL, Regs.RDRXCTL_.CRC_STRIP);
        // 8.2.3.8.8: "RSCFRSTSIZE should be 0", "RSCACKC should be 1", "FCOE_WRFIX should be 1".
        clear(Regs.RDRXCTL, Regs.RDRXCTL_.RSCFRSTSIZE);
        set(Regs.RDRXCTL, Regs.RDRXCTL_.RSCACKC);
        set(Regs.RDRXCTL, Regs.RDRXCTL_.FCOE_WRFIX);
        // 4.6.11.3.1: without DCB, one packet buffer of 512 KiB: RXPBSIZE(0) keeps its reset
        // value and the other seven get nothing.
        for (int n = 1; n < 8; n++) {
            regs.write(Regs.RXPBSIZE(n), 0);
        }
        // 4.6.11.3.1 flow control: "MFLCN.RFCE = 1" (honour pause frames) and link-level
        // transmit flow control "FCCFG.TFCE = 01b".
        set(Regs.MFLCN, Regs.MFLCN_.RFCE);
        Regs.writeField(regs, Regs.FCCFG, Regs.FCCFG_.TFCE, 0b01);
    }

    // 4.6.8 Transmit Initialization, the device-wide part (DCB off, 4.6.11.3.1).
    private void transmitConfiguration() {
        // "Clear the transmit rate limiters of every queue: for each queue, select it in RTTDQSEL
        // and write RTTDT1C = 0", with the descriptor arbiter disabled meanwhile (RTTDCS.ARBDIS).
        set(Regs.RTTDCS, Regs.RTTDCS_.ARBDIS);
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            regs.write(Regs.RTTDQSEL, q);
            regs.write(Regs.RTTDT1C, 0);
        }
        // "TXPBSIZE(0) = 160 KiB (reset value), TXPBSIZE(1..7) = 0."
        for (int n = 1; n < 8; n++) {
            regs.write(Regs.TXPBSIZE(n), 0);
        }
        // "TXPBTHRESH(0) = packet buffer size in KiB minus the largest packet in KiB": 0xA0 - 2.
        Regs.writeField(regs, Regs.TXPBTHRESH(0), Regs.TXPBTHRESH_.THRESH, 0xA0 - 2);
        // "DTXMXSZRQ.Max_bytes_num_req = 0xFFF" (no limit on outstanding transmit DMA requests).
        Regs.writeField(regs, Regs.DTXMXSZRQ, Regs.DTXMXSZRQ_.MAX_BYTES_NUM_REQ, 0xFFF);
        // "Re-enable the descriptor arbiter: clear RTTDCS.ARBDIS."
        clear(Regs.RTTDCS, Regs.RTTDCS_.ARBDIS);
        // By assumption TXPAD and CRC, HLREG0.TXPADEN and TXCRCEN keep their reset value 1; we
        // set them anyway so that a card left in another state by firmware is right too.
        set(Regs.HLREG0, Regs.HLREG0_.TXCRCEN | Regs.HLREG0_.TXPADEN);
    }

    /**
     * By assumption PROMISC: accept every unicast and multicast frame (FCTRL.UPE, FCTRL.MPE) and
     * broadcasts (FCTRL.BAM). 8.2.3.7.1: "Before receive filters are updated, RXCTRL.RXEN should
     * be 0", so RXEN is cleared around the change if it was set.
     */
    public void setPromiscuous() {
        final boolean receiving = (regs.read(Regs.RXCTRL) & Regs.RXCTRL_.RXEN) != 0;
        if (receiving) {
            clear(Regs.RXCTRL, Regs.RXCTRL_.RXEN);
        }
        set(Regs.FCTRL, Regs.FCTRL_.UPE | Regs.FCTRL_.MPE | Regs.FCTRL_.BAM);
        if (receiving) {
            set(Regs.RXCTRL, Regs.RXCTRL_.RXEN);
        }
    }

    // 4.6.4 Link Setup.
    private void link() {
        // "AUTOC.LMS selects the link mode; for 10 GbE serial (SFI), LMS = 011b and
        // 10G_PMA_PMD_PARALLEL = 00b; then restart auto-negotiation (AUTOC.Restart_AN)."
        // INTERPRETATION-CHOICE: TinyNF trusts the EEPROM's AUTOC; we write it as ixy does, so a
        // card whose EEPROM says otherwise still comes up at 10 Gb/s.
        int autoc = regs.read(Regs.AUTOC);
        autoc = Regs.withField(autoc, Regs.AUTOC_.LMS, Regs.AUTOC_.LMS_10G_SERIAL);
        autoc = Regs.withField(autoc, Regs.AUTOC_.PMA_PMD_10G, 0b00);
        regs.write(Regs.AUTOC, autoc);
        set(Regs.AUTOC, Regs.AUTOC_.AN_RESTART);
        if (waitForLink) {
            // INTERPRETATION-MISSING: no timeout is given; ixy waits 10 s, we use the same budget
            // as every other wait.
            wait.untilSet("LINKS.LINK_UP", Regs.LINKS, Regs.LINKS_.LINK_UP,
                    "the link did not come up; check the cable or the other end");
        }
    }

    private void set(final int offset, final int bits) {
        Regs.set(regs, offset, bits);
    }

    private void clear(final int offset, final int bits) {
        Regs.clear(regs, offset, bits);
    }

    private void waitUntil(final String name, final int offset, final int mask, final int expected,
                           final String meaning) {
        wait.until(name, offset, mask, expected, meaning + CHECK);
    }

    private void expect(final String name, final int offset, final int mask, final int expected,
                        final String meaning) {
        wait.expect(name, offset, mask, expected, meaning + CHECK);
    }
}
