package nicharness.model;

/**
 * The driver bugs strict mode recognises (reference section 6.11), each with the rule it enforces.
 * The model records one {@link Fault} per violation and carries on as hardware would (or as safely
 * as it can); it never throws at the driver.
 */
public enum FaultKind {
    /** 6.11 item 1: a register offset the 82599 does not have (a typo, or a missing alias). */
    UNKNOWN_REGISTER("access to a register offset the model does not know; check the offset against datasheet 8.2.3"),
    /** An offset that is not a multiple of 4 or lies outside the 128 KiB of BAR0. */
    BAD_REGISTER_OFFSET("register offsets must be 4-byte aligned and below 0x20000"),
    /** 6.11 item 2: the datasheet (4.6.7.1, 4.6.8) forbids moving a tail before ENABLE reads back 1. */
    TAIL_BEFORE_ENABLE("RDT/TDT moved before the queue's ENABLE bit was read back as 1"),
    /** 6.11 item 3: ring length zero, not a multiple of 128, or above 128 KiB. */
    BAD_RING_LENGTH("RDLEN/TDLEN must be a non-zero multiple of 128 bytes, at most 128 KiB"),
    /** 6.11 item 3: ring base address not 128-byte aligned. */
    BAD_RING_ALIGNMENT("RDBAL/TDBAL must be 128-byte aligned"),
    /** 6.11 item 3: a tail at or beyond the ring size. */
    TAIL_OUT_OF_RING("RDT/TDT must be below the ring size N = RDLEN/16"),
    /** 6.11 item 4: a tail moved backwards or onto its head. */
    TAIL_PASSED_HEAD("a tail may only move forward, and never onto its head: (new - old) mod N <= (head - 1 - old) mod N"),
    /** 6.11 item 5: a head written while the device owns descriptors. */
    HEAD_WRITE_WHILE_OWNED("RDH/TDH may only be written while head == tail (datasheet 8.2.3.8.4, 8.2.3.9.8)"),
    /** 6.11 item 6: DMA outside allocated memory, or to physical address zero. */
    DMA_OUT_OF_BOUNDS("a descriptor or write-back address lies outside allocated DMA memory"),
    /** 6.11 item 7: a frame that needs more than one receive buffer. */
    MULTI_DESCRIPTOR_RECEIVE("a received frame needed more than one descriptor; the project's drivers cannot chain"),
    /** 6.11 item 8: a null transmit descriptor (length 0) without EOP. */
    NULL_DESCRIPTOR_WITHOUT_EOP("a length-0 transmit descriptor must carry EOP (datasheet 7.2.3.2.2)"),
    /** 6.11 item 8: an advanced transmit descriptor with a DTYP other than data, or TSE. */
    UNSUPPORTED_TX_DESCRIPTOR("advanced transmit descriptors must be data descriptors (DTYP 0011b) without TSE"),
    /** 6.11 item 8: SRRCTL.DESCTYPE other than legacy or advanced one-buffer. */
    UNSUPPORTED_RX_DESCRIPTOR_TYPE("SRRCTL.DESCTYPE must be 000b (legacy) or 001b (advanced one buffer)"),
    /** 6.11 item 8: SRRCTL.BSIZEPACKET = 0. */
    ZERO_BUFFER_SIZE("SRRCTL.BSIZEPACKET must not be 0"),
    /** 6.12 item 12: reserved bits set in a transmit descriptor (often a sign-extended length). */
    RESERVED_BITS_SET("reserved bits of a transmit descriptor must be 0 (a sign-extended length sets them)"),
    /** 6.11 item 9: head write-back address not 16-byte aligned. */
    HEAD_WRITE_BACK_MISALIGNED("the head write-back address (TDWBAH:TDWBAL) must be 16-byte aligned"),
    /** 6.11 item 10: software changed a descriptor the device owned. */
    DESCRIPTOR_CHANGED_WHILE_OWNED("a descriptor changed between the doorbell that handed it to the device and its use"),
    /** 6.11 item 11: the receive engine was about to overwrite a buffer still queued for transmit. */
    RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER("the receive engine would overwrite a buffer a transmit queue still owns (RDT passed a transmit head)"),
    /** 6.12 item 11: HLREG0.RXCRCSTRP and RDRXCTL.CRCStrip disagree. */
    CRC_STRIP_MISMATCH("HLREG0.RXCRCSTRP and RDRXCTL.CRCStrip must agree (datasheet 8.2.3.8.8)"),
    /** A transmitted frame longer than the engine assembles (16 KiB): descriptors without EOP. */
    FRAME_TOO_LONG("a transmitted frame spans more than 16 KiB of descriptors; is EOP missing?"),
    /** Outside strict mode: a queue was enabled with a ring length the engines cannot use. */
    QUEUE_MISCONFIGURED("a queue was enabled with a ring length the engines cannot use"),
    /** 4.6.3.2: a register written while the global reset is still in progress; the card ignores it. */
    WRITE_DURING_RESET("a register was written before the software reset completed (CTRL.RST still reads 1); the write is lost"),
    /** 7.2.3.5.2 and Linux ixgbe: head write-back with DCA_TXCTRL bit 11 (relaxed ordering of descriptor write-back) set. */
    HEAD_WRITE_BACK_RELAXED_ORDERING("head write-back needs DCA_TXCTRL.TX_DESC_WRO_EN (bit 11) cleared, or the written head may pass the data reads it reports");

    private final String rule;

    FaultKind(final String rule) {
        this.rule = rule;
    }

    /** The rule that was broken, in one sentence. */
    public String rule() {
        return rule;
    }
}
