/**
 * Frame access for NFs: the Ethernet, IPv4 and TCP/UDP layouts as offsets from the frame's start,
 * header validation as Vigor's {@code nf-util.h} does it ({@link nicharness.nf.frame.FrameParser})
 * and the checksum recomputation of {@code nf_set_ipv4_udptcp_checksum}
 * ({@link nicharness.nf.frame.Checksums}), quirks included ({@code nf-util.h} and
 * {@code nf-util.c} at vigor-nf/vigor 4979e590).
 */
package nicharness.nf.frame;
