/**
 * The paper's benchmark traffic as a frame builder ({@link nicharness.nf.traffic.PaperTraffic}):
 * the 60-byte throughput frames and the 84-byte latency probes of the TinyNF tester, byte for byte,
 * written allocation-free into a caller's segment. Source: TinyNF osdi20
 * {@code benchmarking/bench-moongen.lua}.
 */
package nicharness.nf.traffic;
