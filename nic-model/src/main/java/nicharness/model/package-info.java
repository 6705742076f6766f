/**
 * The software Intel 82599 ({@code nic-model/README.md}): one {@link nicharness.model.NicModel} per port,
 * whose register file, receive and transmit DMA engines, statistics and link behave as the
 * datasheet says, so that the drivers under test are the code that would drive the card.
 *
 * <p>Reading order: {@link nicharness.model.NicModel} (the API), {@link nicharness.model.ModelRegisters}
 * (what a register access does), {@link nicharness.model.ReceiveEngine} and
 * {@link nicharness.model.TransmitEngine} (the DMA engines, commented with the datasheet sections
 * the drivers cite), {@link nicharness.model.FaultKind} (what strict mode catches).
 */
package nicharness.model;
