/**
 * The no-op forwarders (TinyNF osdi20 {@code code/tinynf.c}, the artifact's
 * {@code experiments/baselines/dpdk/measurable-nop/main.c} and ixy 2359e5b
 * {@code src/app/ixy-fwd.c}): TinyNF's no-op, which the paper's
 * throughput and latency figures use; the measurable no-op of Table 4 in its three variants
 * (untouched, write, lookup); and ixy's forwarder. All pair ports 0-1, 2-3, ... and keep no state;
 * {@link nicharness.nf.nop.NopForwarder} does that for each, around what the no-op does to the frame.
 */
package nicharness.nf.nop;
