/**
 * Vigor's libVig data structures with their exact semantics ({@code libvig/verified/} at
 * vigor-nf/vigor 4979e590): the power-of-two map with chain counters
 * ({@link nicharness.nf.libvig.IndexMap}), the key
 * vector, the double-chain index allocator with timestamps (ascending fresh indices, last-in
 * first-out reuse, strict expiry), the expirator, the "emap" composition the NFs use, the raw
 * CRC32C the load balancer hashes with, and the consistent-hashing table.
 *
 * <p>Everything is allocated once, at construction; nothing grows; no operation allocates. Keys of
 * up to 128 bits are two {@code long}s in flat arrays; each NF documents its packing.
 */
package nicharness.nf.libvig;
