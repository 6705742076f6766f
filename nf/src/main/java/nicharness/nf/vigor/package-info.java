/**
 * The five Vigor NFs the paper runs on TinyNF (Vigor at commit
 * 4979e590: {@code vignat}, {@code vigbridge}, {@code vigpol}, {@code vigfw}, {@code viglb}): NAT,
 * bridge, policer, firewall and load balancer, each with a configuration
 * record holding every option of the original, validated, and the paper's values as
 * {@code paper()}.
 *
 * <p>Each NF's Javadoc lists its steps in the original's order, the bytes it reads and writes, and
 * where it departs from the C code and why.
 */
package nicharness.nf.vigor;
