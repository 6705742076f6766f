/**
 * The no-op forwarders (reference: network-functions section 8): TinyNF's no-op, which the paper's
 * throughput and latency figures use; the measurable no-op of Table 4 in its three variants
 * (untouched, write, lookup); and ixy's forwarder. All pair ports 0-1, 2-3, ... and keep no state.
 */
package nicharness.nf.nop;
