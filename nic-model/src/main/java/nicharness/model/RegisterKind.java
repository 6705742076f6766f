package nicharness.model;

/**
 * How one register of the model's BAR0 behaves (the register classes of datasheet 8.2.2, plus the
 * registers whose writes have side effects). Plain storage needs no code; every other kind is one case of
 * {@link ModelRegisters}.
 */
enum RegisterKind {
    /** Not in the model's table: stored, and a fault in strict mode ({@link FaultKind#UNKNOWN_REGISTER}). */
    UNKNOWN,
    /** Storage: reads return the last value written. */
    RW,
    /** Read-only: writes are ignored. */
    RO,
    /** A 32-bit clear-on-read statistics counter (8.2.3.23). */
    STATISTIC,
    /** The low half of a 64-bit statistics counter: read without clearing. */
    STATISTIC_LOW,
    /** The high half of a 64-bit statistics counter: reading it clears the counter. */
    STATISTIC_HIGH,
    /** EICR: clear on read, write one to clear. */
    INTERRUPT_CAUSE,
    /** EIMS, EIMS_EX: read the mask, write one to set. */
    INTERRUPT_MASK_SET,
    /** EIMC, EIMC_EX: write one to clear the mask; read 0. */
    INTERRUPT_MASK_CLEAR,
    /** CTRL: RST and LNK_RST self-clear and reset the device; master disable drives STATUS. */
    CTRL,
    /** RDRXCTL: storage except DMAIDONE, which reads 1. */
    RDRXCTL,
    /** AUTOC: storage except AN_RESTART, which self-clears. */
    AUTOC,
    /** DMATXCTL: TE 0 to 1 starts every transmit queue with work. */
    DMATXCTL,
    /** RXDCTL(q): ENABLE starts or stops receive queue q. */
    RXDCTL,
    /** TXDCTL(q): ENABLE starts or stops transmit queue q. */
    TXDCTL,
    /** RDH(q). */
    RDH,
    /** RDT(q): the receive doorbell. */
    RDT,
    /** TDH(q). */
    TDH,
    /** TDT(q): the transmit doorbell. */
    TDT
}
