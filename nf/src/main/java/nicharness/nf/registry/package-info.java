/**
 * The NFs by name for the harness ({@link nicharness.nf.registry.NfRegistry}): how to make each
 * with the paper's configuration and option overrides, and the traffic layer it is measured with.
 */
package nicharness.nf.registry;
