/**
 * The network-function layer: the one per-packet contract every driver runs
 * ({@link nicharness.nf.NetworkFunction} over a reusable {@link nicharness.nf.Packet} view), the
 * clock, the ports an NF serves ({@link nicharness.nf.NfPorts}) and the checked option overrides
 * ({@link nicharness.nf.NfOptions}).
 *
 * <p>Sub-packages: {@code frame} (header layouts, validation, checksums), {@code libvig} (Vigor's
 * fixed-capacity tables with expiry), {@code nop} and {@code vigor} (the paper's NFs),
 * {@code registry} (the NFs by name, for the harness) and {@code traffic} (the paper's frames, for
 * the tester and the benchmarks).
 *
 * <p>Rules every NF here keeps: nothing is allocated once frames flow (tables are sized at
 * construction and keys live in flat primitive arrays); nothing is thrown on the data path (a
 * malformed frame is dropped and counted in {@link nicharness.nf.NfCounters}); no byte outside the
 * frame's length is read or written; set-up errors name the NF, the option, the value and what is
 * accepted. Where the original C code has a quirk, it is kept and documented unless it would
 * touch memory outside the frame or is a byte-order slip we fix on purpose (the NAT's), and each
 * such place says so.
 */
package nicharness.nf;
