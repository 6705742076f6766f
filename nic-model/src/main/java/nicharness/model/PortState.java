package nicharness.model;

import nicharness.env.SimulatedDmaMemory;

/**
 * What the parts of one port share, built once by {@link NicModel}: its register file, the host
 * memory its DMA reaches, its statistics, counters and faults, its link, and which checks are on.
 * The register view and the engines take this instead of the model, copy what they use into
 * fields of their own, and call nothing back; each is handed its other collaborators by name.
 *
 * @param port              the port index (STATUS.LAN_ID), named in faults
 * @param strict            record driver protocol violations ({@link NicModel.Builder#strict})
 * @param audit             snapshot descriptors at each doorbell ({@link NicModel.Builder#ownershipAudit})
 * @param observesDoorbells the registers are a file an outside driver writes, looked at once per
 *                          pass ({@link FileBackedRegisters}): the engines serve up to the tails
 *                          that look saw, never one the driver wrote since
 */
record PortState(int port, RegisterFile file, SimulatedDmaMemory host, Statistics stats, ModelCounters counters,
                 Faults faults, ResetAndLink link, boolean strict, boolean audit, boolean observesDoorbells) {
}
