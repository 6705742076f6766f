package nicharness.model;

/**
 * The driver bugs strict mode recognises ({@code nic-model/README.md}, "Strict mode"), each with
 * the rule it enforces
 * and what usually breaks it. The model records one {@link Fault} per violation and carries on as
 * hardware would (or as safely as it can); it never throws at the driver.
 */
public enum FaultKind {
    /** A register offset the 82599 does not have (a typo, or a missing alias). */
    UNKNOWN_REGISTER("access to a register offset the model does not know; check the offset against datasheet 8.2.3",
            "a mistyped offset, a per-queue register computed with the wrong stride, or an alias the model lacks"),
    /** An offset that is not a multiple of 4 or lies outside the 128 KiB of BAR0. */
    BAD_REGISTER_OFFSET("register offsets must be 4-byte aligned and below 0x20000",
            "a byte offset used where a register index was meant, or an index past the last queue"),
    /** The datasheet (4.6.7.1, 4.6.8) forbids moving a tail before ENABLE reads back 1. */
    TAIL_BEFORE_ENABLE("RDT/TDT moved before the queue's ENABLE bit was read back as 1",
            "the tail written before RXDCTL/TXDCTL.ENABLE, or without polling ENABLE until it reads 1"),
    /** Ring length zero, not a multiple of 128, or above 128 KiB. */
    BAD_RING_LENGTH("RDLEN/TDLEN must be a non-zero multiple of 128 bytes, at most 128 KiB",
            "the ring size written in descriptors instead of bytes, or a ring size that is not a multiple of 8"),
    /** Ring base address not 128-byte aligned. */
    BAD_RING_ALIGNMENT("RDBAL/TDBAL must be 128-byte aligned",
            "the ring allocated with a smaller alignment (a cache line, 16 bytes) that only happened to suffice"),
    /** A tail at or beyond the ring size. */
    TAIL_OUT_OF_RING("RDT/TDT must be below the ring size N = RDLEN/16",
            "an index not wrapped (i + 1 instead of (i + 1) & (N - 1)), or a tail written as N for a full ring"),
    /** A tail moved backwards or onto its head. */
    TAIL_PASSED_HEAD("a tail may only move forward, and never onto its head: (new - old) mod N <= (head - 1 - old) mod N",
            "an off-by-one in the tail (RDT = head instead of head - 1), or a tail that hands over a full ring"),
    /** A head written while the device owns descriptors. */
    HEAD_WRITE_WHILE_OWNED("RDH/TDH may only be written while head == tail (datasheet 8.2.3.8.4, 8.2.3.9.8)",
            "a queue reset by writing its head while it still had work, instead of disabling it first"),
    /** DMA outside allocated memory, or to physical address zero. */
    DMA_OUT_OF_BOUNDS("a descriptor or write-back address lies outside allocated DMA memory",
            "a virtual address or a region offset written where the card needs a physical address, or a buffer "
                    + "address never written (0)"),
    /** A frame that needs more than one receive buffer. */
    MULTI_DESCRIPTOR_RECEIVE("a received frame needed more than one descriptor; the project's drivers cannot chain",
            "SRRCTL.BSIZEPACKET smaller than the largest frame, or jumbo frames enabled"),
    /** A null transmit descriptor (length 0) without EOP. */
    NULL_DESCRIPTOR_WITHOUT_EOP("a length-0 transmit descriptor must carry EOP (datasheet 7.2.3.2.2)",
            "a descriptor sent with its command bits forgotten, or a length that came out 0"),
    /** An advanced transmit descriptor with a DTYP other than data, or TSE. */
    UNSUPPORTED_TX_DESCRIPTOR("advanced transmit descriptors must be data descriptors (DTYP 0011b) without TSE",
            "DEXT set without DTYP = data, or a context descriptor where a data descriptor was meant"),
    /** SRRCTL.DESCTYPE other than legacy or advanced one-buffer. */
    UNSUPPORTED_RX_DESCRIPTOR_TYPE("SRRCTL.DESCTYPE must be 000b (legacy) or 001b (advanced one buffer)",
            "a field shifted to the wrong bits of SRRCTL"),
    /** SRRCTL.BSIZEPACKET = 0. */
    ZERO_BUFFER_SIZE("SRRCTL.BSIZEPACKET must not be 0",
            "the buffer size written in bytes instead of KiB units, or SRRCTL overwritten with 0"),
    /** Reserved bits set in a transmit descriptor, including a sign-extended length. */
    RESERVED_BITS_SET("reserved bits of a transmit descriptor must be 0 (a sign-extended length sets all of bits 63:32)",
            "a length that is negative or not masked to 16 bits (a receive status word's upper half passed on as "
                    + "length), widened to 64 bits"),
    /** Head write-back address not 16-byte aligned. */
    HEAD_WRITE_BACK_MISALIGNED("the head write-back address (TDWBAH:TDWBAL) must be 16-byte aligned",
            "the write-back word allocated with 4- or 8-byte alignment (the datasheet's dword, which the card does "
                    + "not honour), or an output's slot at a stride that is not a multiple of 16"),
    /** Software changed a descriptor the device owned. */
    DESCRIPTOR_CHANGED_WHILE_OWNED("a descriptor changed between the doorbell that handed it to the device and its use",
            "a descriptor written after the tail that hands it over (the doorbell before the data), or a slot "
                    + "reused before the card was done with it"),
    /**
     * Checked at the RDT write as well as before the receive DMA: a buffer still queued for
     * transmit given back for receive.
     */
    RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER("a buffer or descriptor given to the card for receive must not be one a transmit "
            + "queue still owns (between its TDH and TDT)",
            "a buffer recycled or freed before its transmit completed: RDT computed from the wrong head, or a "
                    + "transmit cleanup that frees on the wrong DD"),
    /** A receive descriptor handed to the card with DD still set from its last use. */
    RECEIVE_DESCRIPTOR_STILL_DONE("a receive descriptor handed to the card (RDT) must have its status cleared: with DD "
            + "still set the driver reads it as a new packet before the card writes it",
            "the status word (qword1) not cleared when the descriptor is re-armed with a buffer"),
    /** Two receive descriptors the card owns point at one buffer. */
    RECEIVE_BUFFER_GIVEN_TWICE("every receive descriptor the card owns must point at a buffer of its own",
            "a buffer freed twice (a double free returns it to the pool twice, and two descriptors get it), or "
                    + "a refill that reuses the last buffer"),
    /** HLREG0.RXCRCSTRP and RDRXCTL.CRCStrip disagree. */
    CRC_STRIP_MISMATCH("HLREG0.RXCRCSTRP and RDRXCTL.CRCStrip must agree (datasheet 8.2.3.8.8)",
            "one of the two CRC strip bits changed without the other"),
    /** A transmitted frame longer than the engine assembles (16 KiB): descriptors without EOP. */
    FRAME_TOO_LONG("a transmitted frame spans more than 16 KiB of descriptors; is EOP missing?",
            "EOP forgotten on the last descriptor of a frame"),
    /**
     * A queue was enabled with a ring the engines cannot use: a length that is not a whole number
     * of descriptors (outside strict mode, which says BAD_RING_LENGTH), or a base not aligned to 16 bytes.
     */
    QUEUE_MISCONFIGURED("a queue was enabled with a ring the engines cannot use (its length, or a base not aligned to 16 bytes)",
            "RDLEN/TDLEN not written before ENABLE, or a ring base that is not the ring's aligned DMA address"),
    /** 4.6.3.2: a register written while the global reset is still in progress; the card ignores it. */
    WRITE_DURING_RESET("a register was written before the software reset completed (CTRL.RST still reads 1); the write is lost",
            "no wait, or too short a wait, after setting CTRL.RST"),
    /** 7.2.3.5.2 and Linux ixgbe: head write-back with DCA_TXCTRL bit 11 (relaxed ordering of descriptor write-back) set. */
    HEAD_WRITE_BACK_RELAXED_ORDERING("head write-back needs DCA_TXCTRL.TX_DESC_WRO_EN (bit 11) cleared, or the written head may pass the data reads it reports",
            "DCA_TXCTRL left at its reset value when head write-back is enabled");

    private final String rule;
    private final String usualCause;

    FaultKind(final String rule, final String usualCause) {
        this.rule = rule;
        this.usualCause = usualCause;
    }

    /** The rule that was broken, in one sentence. */
    public String rule() {
        return rule;
    }

    /** What usually breaks the rule, for a driver author reading the fault. */
    public String usualCause() {
        return usualCause;
    }
}
