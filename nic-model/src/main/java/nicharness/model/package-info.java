/**
 * The software Intel 82599 ({@code nic-model/README.md}): one {@link nicharness.model.NicModel} per port,
 * whose register file, receive and transmit DMA engines, statistics and link behave as the
 * datasheet says, so that the drivers under test are the code that would drive the card.
 *
 * <p>Reading order: {@link nicharness.model.NicModel} (the API, and where a port is assembled),
 * {@link nicharness.model.ModelRegisters} (what a register access does) and
 * {@link nicharness.model.RingRules} (what enabling a queue and moving its tail do),
 * {@link nicharness.model.ReceiveEngine} and {@link nicharness.model.TransmitEngine} (the DMA
 * engines, commented with the datasheet sections the drivers cite), {@link nicharness.model.Scheduler}
 * (when the engines run: one implementation per {@link nicharness.model.DrivingMode}),
 * {@link nicharness.model.FaultKind} (what strict mode catches). The parts share the port's state
 * through {@link nicharness.model.PortState} and never call back into {@code NicModel}.
 */
package nicharness.model;
